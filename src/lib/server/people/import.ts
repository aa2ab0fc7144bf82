import type { Grid } from '$lib/core/import/grid';
import { isEmail, isImportable, readPeopleList, type MeetingUnitRef, type PeopleList } from '$lib/core/import/people-list';
import type { DB } from '../db/open';
import { readTableFile, type TableFileRefusal } from '../files/spreadsheet';
import { listParticipants, type ParticipantRecord } from './participants';

// Importing a meeting's people from a list (see the core's people-list): checked as a whole, stored all at once or
// not at all. Callable without a request: the host's page, the admin command line and tests use the same functions.

/** The member units of a meeting (those with a sheet in it), as the list names them. */
export async function meetingUnitRefs(db: DB, meetingId: number): Promise<MeetingUnitRef[]> {
	return db
		.selectFrom('sheets')
		.innerJoin('units', 'units.id', 'sheets.unit_id')
		.select(['units.id', 'units.slug', 'units.name', 'units.short_name as shortName'])
		.where('sheets.meeting_id', '=', meetingId)
		.orderBy('units.position')
		.execute();
}

function existingPeople(participants: readonly ParticipantRecord[]) {
	return participants.map((p) => ({ name: p.displayName, role: p.role, unitId: p.unitId, email: p.email }));
}

/** Reads and checks a list against the meeting as it is now, storing nothing. */
export async function previewPeople(db: DB, meetingId: number, grid: Grid): Promise<PeopleList> {
	const [units, participants] = await Promise.all([meetingUnitRefs(db, meetingId), listParticipants(db, meetingId)]);
	return readPeopleList(grid, units, existingPeople(participants));
}

export type ImportPeopleResult = { ok: true; added: number; list: PeopleList } | { ok: false; list: PeopleList };

/**
 * Stores every person of a valid list as a participant, in one transaction; a list with any problem stores nothing.
 * The list is checked again inside the transaction, so that a participant added meanwhile cannot slip a second
 * delegate in. A person whose e-mail already belongs to an account (an official of last year's meeting) keeps that
 * account, with the list's position and phone.
 */
export async function importPeople(db: DB, meetingId: number, grid: Grid, now = new Date()): Promise<ImportPeopleResult> {
	return db.transaction().execute(async (trx) => {
		const list = await previewPeople(trx, meetingId, grid);
		if (!isImportable(list)) return { ok: false, list };
		const at = now.toISOString();
		for (const person of list.rows) {
			const known = person.email
				? await trx.selectFrom('users').select('id').where('email', '=', person.email).limit(2).execute()
				: [];
			let userId: number;
			if (known.length === 1) {
				userId = known[0]!.id;
				await trx
					.updateTable('users')
					.set({ position: person.position, ...(person.phone ? { phone: person.phone } : {}) })
					.where('id', '=', userId)
					.execute();
			} else {
				const inserted = await trx
					.insertInto('users')
					.values({
						display_name: person.name,
						unit_id: person.unitId,
						created_at: at,
						position: person.position,
						email: person.email,
						phone: person.phone
					})
					.returning('id')
					.executeTakeFirstOrThrow();
				userId = inserted.id;
			}
			await trx
				.insertInto('participants')
				.values({ meeting_id: meetingId, user_id: userId, role: person.role!, unit_id: person.unitId, created_at: at })
				.execute();
		}
		return { ok: true, added: list.rows.length, list };
	});
}

export type ContactProblem = 'bad_email' | 'too_long';

/** A participant's position, e-mail and phone, as the host corrects them; blank fields are cleared. */
export async function updateContact(
	db: DB,
	meetingId: number,
	participantId: number,
	input: { position: string; email: string; phone: string }
): Promise<{ ok: true } | { ok: false; reason: ContactProblem | 'unknown' }> {
	const position = input.position.replace(/\s+/g, ' ').trim();
	const email = input.email.trim().toLowerCase();
	const phone = input.phone.replace(/\s+/g, ' ').trim();
	if (email && !isEmail(email)) return { ok: false, reason: 'bad_email' };
	if (position.length > 300 || phone.length > 40) return { ok: false, reason: 'too_long' };
	const participant = await db
		.selectFrom('participants')
		.select('user_id')
		.where('id', '=', participantId)
		.where('meeting_id', '=', meetingId)
		.executeTakeFirst();
	if (!participant) return { ok: false, reason: 'unknown' };
	await db
		.updateTable('users')
		.set({ position: position || null, email: email || null, phone: phone || null })
		.where('id', '=', participant.user_id)
		.execute();
	return { ok: true };
}

/**
 * The admin command line's entry: a file's bytes (.xlsx or CSV) straight to the meeting, all or nothing. A file
 * that is not a readable table is refused before any row is looked at.
 */
export async function importPeopleFile(
	db: DB,
	meetingId: number,
	bytes: Uint8Array
): Promise<ImportPeopleResult | { ok: false; refused: TableFileRefusal }> {
	const read = await readTableFile(bytes);
	if (!read.ok) return { ok: false, refused: read.reason };
	return importPeople(db, meetingId, read.grid);
}
