import type { Grid } from '$lib/core/import/grid';
import {
	isEmail,
	isImportable,
	readPeopleList,
	type MeetingUnitRef,
	type PeopleList
} from '$lib/core/import/people-list';
import type { DB } from '../db/open';
import { readTableFile, type TableFileRefusal } from '../files/spreadsheet';
import { accountIsClusters } from './ownership';
import { listParticipants, type ParticipantRecord } from './participants';
import { serializable } from '../db/serializable';

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
	return participants.map((p) => ({ id: p.id, name: p.displayName, role: p.role, unitId: p.unitId, email: p.email }));
}

/** Reads and checks a list against the meeting as it is now, storing nothing. */
export async function previewPeople(db: DB, meetingId: number, grid: Grid): Promise<PeopleList> {
	const [units, participants] = await Promise.all([meetingUnitRefs(db, meetingId), listParticipants(db, meetingId)]);
	return readPeopleList(grid, units, existingPeople(participants));
}

export interface ImportedPeople {
	ok: true;
	/** New participations, pending ones included. */
	added: number;
	/** People already in the meeting whose role, unit or position the list changed. */
	updated: number;
	/** Participations waiting for their person's consent: the list named an account that is not the cluster's alone. */
	pending: number;
	list: PeopleList;
}
export type ImportPeopleResult = ImportedPeople | { ok: false; list: PeopleList };

/**
 * Stores a valid list, in one transaction; a list with any problem stores nothing. The list is checked again inside
 * the transaction, so that a participant added meanwhile cannot slip a second delegate in.
 * - A row naming someone already in the meeting (see readPeopleList) updates their role, unit and position.
 * - A new person gets a new account, unless their e-mail is already an account's: an administrator's import then
 *   adds that account, and so does a host's when the account is of this cluster's meetings alone (see
 *   ownership.ts); any other it adds as pending, until its person accepts from their own session (see consent.ts):
 *   a host may not take over an account that is not theirs to give out.
 */
export async function importPeople(
	db: DB,
	meetingId: number,
	grid: Grid,
	now = new Date(),
	options: { byAdministrator?: boolean } = {}
): Promise<ImportPeopleResult> {
	return serializable(db, async (trx) => {
		const list = await previewPeople(trx, meetingId, grid);
		if (!isImportable(list)) return { ok: false, list } as const;
		const at = now.toISOString();
		let added = 0;
		let updated = 0;
		let pending = 0;
		// Updates first, so that a delegate moved off a unit frees it before a new delegate takes it.
		for (const person of list.rows.filter((r) => r.matches !== null)) {
			const participation = await trx
				.selectFrom('participants')
				.select(['user_id'])
				.where('id', '=', person.matches!)
				.where('meeting_id', '=', meetingId)
				.executeTakeFirstOrThrow();
			await trx
				.updateTable('participants')
				.set({ role: person.role!, unit_id: person.unitId })
				.where('id', '=', person.matches!)
				.execute();
			// The account's own details change only where the account is this meeting's (or by an administrator).
			const details = {
				...(person.position ? { position: person.position } : {}),
				...(person.phone ? { phone: person.phone } : {}),
				...(person.email ? { email: person.email } : {})
			};
			if (
				Object.keys(details).length > 0 &&
				(options.byAdministrator || (await accountIsClusters(trx, participation.user_id, meetingId)))
			) {
				await trx.updateTable('users').set(details).where('id', '=', participation.user_id).execute();
			}
			updated += 1;
		}
		for (const person of list.rows.filter((r) => r.matches === null)) {
			const known = person.email
				? await trx.selectFrom('users').select('id').where('email', '=', person.email).limit(2).execute()
				: [];
			let userId: number;
			let awaitsConsent = false;
			if (known.length === 1) {
				userId = known[0]!.id;
				// Someone of this cluster's earlier meetings is the host's to add; anyone else waits for their consent.
				awaitsConsent = !options.byAdministrator && !(await accountIsClusters(trx, userId, meetingId));
				if (!awaitsConsent) {
					await trx
						.updateTable('users')
						.set({ position: person.position, ...(person.phone ? { phone: person.phone } : {}) })
						.where('id', '=', userId)
						.execute();
				}
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
				.values({
					meeting_id: meetingId,
					user_id: userId,
					role: person.role!,
					unit_id: person.unitId,
					created_at: at,
					pending: awaitsConsent ? 1 : 0
				})
				.execute();
			added += 1;
			if (awaitsConsent) pending += 1;
		}
		return { ok: true, added, updated, pending, list } as const;
	});
}

export type ContactProblem = 'bad_email' | 'too_long' | 'not_own_account';

/**
 * A participant's position, e-mail and phone, as the host corrects them; blank fields are cleared. The details are
 * the account's: a host changes them only for an account of their cluster's meetings alone (an administrator for any).
 */
export async function updateContact(
	db: DB,
	meetingId: number,
	participantId: number,
	input: { position: string; email: string; phone: string },
	options: { byAdministrator?: boolean } = {}
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
	if (!options.byAdministrator && !(await accountIsClusters(db, participant.user_id, meetingId)))
		return { ok: false, reason: 'not_own_account' };
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
	// The command line is the administrator's.
	return importPeople(db, meetingId, read.grid, new Date(), { byAdministrator: true });
}
