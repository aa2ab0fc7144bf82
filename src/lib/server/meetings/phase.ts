import { canMovePhase, type Phase } from '$lib/core/rights';
import { reviewStartedAt } from '$lib/core/setup/schedule';
import type { DB } from '../db/open';
import type { SyncHub } from '../sync';
import { liveExcesses, settleExcesses, type SubmittedNote, type UnitExcess } from './excesses';
import { serializable } from '../db/serializable';

export async function meetingPhase(db: DB, meetingId: number): Promise<Phase | undefined> {
	const row = await db.selectFrom('meetings').select('phase').where('id', '=', meetingId).executeTakeFirst();
	return row?.phase;
}

export type SetPhaseResult =
	| { ok: true; from: Phase }
	| { ok: false; from: Phase | undefined; reason?: 'no_criteria' | 'no_units' }
	| { ok: false; from: Phase; reason: 'excess'; excesses: UnitExcess[] };

/** What the move to voting checks: the live deductions, and the notes the head wrote to keep an excess as listed. */
export interface ExcessCheck {
	sync: SyncHub | undefined;
	notes: readonly SubmittedNote[];
	/** Who decides: the signed-in user, named as the users table names them. */
	userId: number;
}

/** Whether any ballot of the meeting has been opened (open or closed): then the meeting cannot go back to review. */
export async function ballotOpened(db: DB, meetingId: number): Promise<boolean> {
	const row = await db
		.selectFrom('ballots')
		.select('id')
		.where('meeting_id', '=', meetingId)
		.where('status', '!=', 'draft')
		.limit(1)
		.executeTakeFirst();
	return row !== undefined;
}

/** Moves a meeting to another phase if the move is allowed from where it is now and what its ballots have done (checked inside the transaction). */
export async function setPhase(
	db: DB,
	meetingId: number,
	to: Phase,
	now = Date.now(),
	check?: ExcessCheck
): Promise<SetPhaseResult> {
	// The live document is read before the transaction (async); the sheets are still being scored, so what the
	// transaction decides on is what the head was shown at most a moment ago, and the close checks again.
	const excesses = to === 'voting' && check ? await liveExcesses(db, check.sync, meetingId) : [];
	return serializable(db, async (trx): Promise<SetPhaseResult> => {
		const row = await trx
			.selectFrom('meetings')
			.select(['phase', 'review_started_at'])
			.where('id', '=', meetingId)
			.executeTakeFirst();
		if (!row) return { ok: false, from: undefined };
		if (!canMovePhase(row.phase, to, { ballotOpened: await ballotOpened(trx, meetingId) }))
			return { ok: false, from: row.phase };
		if (row.phase === 'preparation' && to === 'review') {
			// Nothing to review without a criteria table and member units.
			const counts = await trx
				.selectFrom('meetings')
				.select((eb) => [
					eb
						.selectFrom('criteria')
						.select(eb.fn.countAll<number>().as('n'))
						.whereRef('criteria.template_id', '=', 'meetings.template_id')
						.as('criteria'),
					eb
						.selectFrom('sheets')
						.select(eb.fn.countAll<number>().as('n'))
						.whereRef('sheets.meeting_id', '=', 'meetings.id')
						.as('units')
				])
				.where('id', '=', meetingId)
				.executeTakeFirstOrThrow();
			if (!Number(counts.criteria)) return { ok: false, from: row.phase, reason: 'no_criteria' };
			if (!Number(counts.units)) return { ok: false, from: row.phase, reason: 'no_units' };
		}
		if (row.phase === 'review' && to === 'voting') {
			// Deductions listed beyond what an item can lose: resolved, or kept as listed with a note, before voting.
			const by = check
				? ((
						await trx
							.selectFrom('users')
							.select('display_name')
							.where('id', '=', check.userId)
							.executeTakeFirst()
					)?.display_name ?? '')
				: '';
			const left = await settleExcesses(trx, meetingId, excesses, check?.notes ?? [], by, new Date(now));
			if (left.length > 0) return { ok: false, from: row.phase, reason: 'excess', excesses: left };
		}
		// The minutes state when the review really began: recorded at the move, not taken from the schedule.
		const started =
			row.phase === 'preparation' && to === 'review'
				? { review_started_at: reviewStartedAt(row.review_started_at, now) }
				: {};
		await trx
			.updateTable('meetings')
			.set({ phase: to, ...started })
			.where('id', '=', meetingId)
			.execute();
		return { ok: true, from: row.phase };
	});
}
