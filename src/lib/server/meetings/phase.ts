import { canMovePhase, type Phase } from '$lib/core/rights';
import { reviewStartedAt } from '$lib/core/setup/schedule';
import type { DB } from '../db/open';

export async function meetingPhase(db: DB, meetingId: number): Promise<Phase | undefined> {
	const row = await db.selectFrom('meetings').select('phase').where('id', '=', meetingId).executeTakeFirst();
	return row?.phase;
}

export type SetPhaseResult = { ok: true; from: Phase } | { ok: false; from: Phase | undefined; reason?: 'no_criteria' | 'no_units' };

/** Whether any ballot of the meeting has been opened (open or closed): then the meeting cannot go back to review. */
export async function ballotOpened(db: DB, meetingId: number): Promise<boolean> {
	const row = await db.selectFrom('ballots').select('id').where('meeting_id', '=', meetingId).where('status', '!=', 'draft').limit(1).executeTakeFirst();
	return row !== undefined;
}

/** Moves a meeting to another phase if the move is allowed from where it is now and what its ballots have done (checked inside the transaction). */
export async function setPhase(db: DB, meetingId: number, to: Phase, now = Date.now()): Promise<SetPhaseResult> {
	return db.transaction().execute(async (trx) => {
		const row = await trx.selectFrom('meetings').select(['phase', 'review_started_at']).where('id', '=', meetingId).executeTakeFirst();
		if (!row) return { ok: false, from: undefined };
		if (!canMovePhase(row.phase, to, { ballotOpened: await ballotOpened(trx, meetingId) })) return { ok: false, from: row.phase };
		if (row.phase === 'preparation' && to === 'review') {
			// Nothing to review without a criteria table and member units.
			const counts = await trx
				.selectFrom('meetings')
				.select((eb) => [
					eb.selectFrom('criteria').select(eb.fn.countAll<number>().as('n')).whereRef('criteria.template_id', '=', 'meetings.template_id').as('criteria'),
					eb.selectFrom('sheets').select(eb.fn.countAll<number>().as('n')).whereRef('sheets.meeting_id', '=', 'meetings.id').as('units')
				])
				.where('id', '=', meetingId)
				.executeTakeFirstOrThrow();
			if (!Number(counts.criteria)) return { ok: false, from: row.phase, reason: 'no_criteria' };
			if (!Number(counts.units)) return { ok: false, from: row.phase, reason: 'no_units' };
		}
		// The minutes state when the review really began: recorded at the move, not taken from the schedule.
		const started = row.phase === 'preparation' && to === 'review' ? { review_started_at: reviewStartedAt(row.review_started_at, now) } : {};
		await trx.updateTable('meetings').set({ phase: to, ...started }).where('id', '=', meetingId).execute();
		return { ok: true, from: row.phase };
	});
}
