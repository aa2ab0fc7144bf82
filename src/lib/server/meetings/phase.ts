import { canMovePhase, type Phase } from '$lib/core/rights';
import type { DB } from '../db/open';

export async function meetingPhase(db: DB, meetingId: number): Promise<Phase | undefined> {
	const row = await db.selectFrom('meetings').select('phase').where('id', '=', meetingId).executeTakeFirst();
	return row?.phase;
}

export type SetPhaseResult = { ok: true; from: Phase } | { ok: false; from: Phase | undefined };

/** Whether any ballot of the meeting has been opened (open or closed): then the meeting cannot go back to review. */
export async function ballotOpened(db: DB, meetingId: number): Promise<boolean> {
	const row = await db.selectFrom('ballots').select('id').where('meeting_id', '=', meetingId).where('status', '!=', 'draft').limit(1).executeTakeFirst();
	return row !== undefined;
}

/** Moves a meeting to another phase if the move is allowed from where it is now and what its ballots have done (checked inside the transaction). */
export async function setPhase(db: DB, meetingId: number, to: Phase): Promise<SetPhaseResult> {
	return db.transaction().execute(async (trx) => {
		const row = await trx.selectFrom('meetings').select('phase').where('id', '=', meetingId).executeTakeFirst();
		if (!row) return { ok: false, from: undefined };
		if (!canMovePhase(row.phase, to, { ballotOpened: await ballotOpened(trx, meetingId) })) return { ok: false, from: row.phase };
		await trx.updateTable('meetings').set({ phase: to }).where('id', '=', meetingId).execute();
		return { ok: true, from: row.phase };
	});
}
