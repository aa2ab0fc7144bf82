import { sql } from 'kysely';
import type { DB } from '../db/open';
import { serializable } from '../db/serializable';

// Who is there: the host removes someone named by mistake while they have done nothing in the meeting, and marks
// someone absent once they have (a delegate who cannot come, a scorer who left). Absence is a mark, never a deletion:
// what an absent person did stays theirs in the record. An absent person does not cast their unit's vote; the
// unit's next seat does (see the rights core's representative.ts), and with nobody present the unit's paper is not returned.

/** Whether a participant has done anything in the meeting that the record or the log keeps under their name. */
export async function hasActed(db: DB, meetingId: number, participantId: number): Promise<boolean> {
	const p = await db
		.selectFrom('participants')
		.select(['user_id', 'role', 'unit_id'])
		.where('id', '=', participantId)
		.where('meeting_id', '=', meetingId)
		.executeTakeFirst();
	if (!p) return false;
	const userId = p.user_id;
	// A deduction, comment or answer: any write of theirs to one of the meeting's live documents.
	const wrote = await db
		.selectFrom('sync_updates')
		.select('id')
		.where('user_id', '=', userId)
		.where('document', 'like', `meeting/${meetingId}/%`)
		.executeTakeFirst();
	if (wrote) return true;
	const submitted = await db
		.selectFrom('sheets')
		.select('id')
		.where('meeting_id', '=', meetingId)
		.where('submitted_by', '=', userId)
		.executeTakeFirst();
	if (submitted) return true;
	const ran = await db
		.selectFrom('ballots')
		.select('id')
		.where('meeting_id', '=', meetingId)
		.where((eb) => eb.or([eb('opened_by', '=', userId), eb('closed_by', '=', userId)]))
		.executeTakeFirst();
	if (ran) return true;
	const documents = await db
		.selectFrom('meeting_documents')
		.select('meeting_id')
		.where('meeting_id', '=', meetingId)
		.where('updated_by', '=', userId)
		.executeTakeFirst();
	if (documents) return true;
	// A vote names no person (a secret one must not): anyone who may have cast their unit's vote counts as having acted.
	if (p.unit_id !== null && p.role !== 'observer' && p.role !== 'host') {
		const voted = await db
			.selectFrom('ballot_voters')
			.innerJoin('ballots', 'ballots.id', 'ballot_voters.ballot_id')
			.select('ballot_voters.unit_id')
			.where('ballots.meeting_id', '=', meetingId)
			.where('ballot_voters.unit_id', '=', p.unit_id)
			.executeTakeFirst();
		if (voted) return true;
	}
	return false;
}

export type RemoveResult = { ok: true } | { ok: false; reason: 'unknown' | 'acted' };

/**
 * Takes a participant out of the meeting, with their links, while they have not acted; an account that was this
 * meeting's alone and was never given a password goes with them.
 */
export async function removeParticipant(db: DB, meetingId: number, participantId: number): Promise<RemoveResult> {
	return serializable(db, async (trx) => {
		const p = await trx
			.selectFrom('participants')
			.select(['user_id'])
			.where('id', '=', participantId)
			.where('meeting_id', '=', meetingId)
			.executeTakeFirst();
		if (!p) return { ok: false, reason: 'unknown' } as const;
		if (await hasActed(trx, meetingId, participantId)) return { ok: false, reason: 'acted' } as const;
		await trx.deleteFrom('join_links').where('participant_id', '=', participantId).execute();
		await trx.deleteFrom('participants').where('id', '=', participantId).execute();
		const user = await trx
			.selectFrom('users')
			.select(['is_admin', 'username'])
			.where('id', '=', p.user_id)
			.executeTakeFirst();
		const elsewhere = await trx
			.selectFrom('participants')
			.select('id')
			.where('user_id', '=', p.user_id)
			.executeTakeFirst();
		const logged = await trx
			.selectFrom('sync_updates')
			.select('id')
			.where('user_id', '=', p.user_id)
			.executeTakeFirst();
		if (user && user.is_admin === 0 && user.username === null && !elsewhere && !logged) {
			await trx.deleteFrom('sessions').where('user_id', '=', p.user_id).execute();
			// Anything else that still names the account (a set-up link, a sheet) keeps it: then it stays, unused.
			await sql`delete from users where id = ${p.user_id}
				and not exists (select 1 from sheets where submitted_by = ${p.user_id})
				and not exists (select 1 from admin_setup_links where user_id = ${p.user_id} or used_by = ${p.user_id})
				and not exists (select 1 from ballots where opened_by = ${p.user_id} or closed_by = ${p.user_id})
				and not exists (select 1 from meeting_records where closed_by = ${p.user_id})
				and not exists (select 1 from meeting_documents where updated_by = ${p.user_id})`.execute(trx);
		}
		return { ok: true } as const;
	});
}

/** Marks a participant absent (with the time) or present again. */
export async function setAbsent(
	db: DB,
	meetingId: number,
	participantId: number,
	absent: boolean,
	now = new Date()
): Promise<boolean> {
	const result = await db
		.updateTable('participants')
		.set({ absent_since: absent ? now.toISOString() : null })
		.where('id', '=', participantId)
		.where('meeting_id', '=', meetingId)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}
