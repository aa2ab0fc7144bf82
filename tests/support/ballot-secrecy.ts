// Reading a database as an attacker would, to tie secret papers to their voters: shared by the SQLite and the
// PostgreSQL tests. Each round is a secret ballot in which the 8 units vote, one after another in a known order,
// each for a different unit, so that a paper's choice names its voter; an attack is a way of ordering the stored
// papers, and it links them when that order follows the order of the votes.
import { expect } from 'vitest';
import type { DB } from '$lib/server/db/open';
import { castVote, closeBallot, createDraft, openBallot } from '$lib/server/ballots/store';
import { loadDemoIfEmpty } from '$lib/server/demo/load-demo';
import { ensureDemoParticipants } from '$lib/server/demo/demo-participants';
import { listParticipants } from '$lib/server/people/participants';

export interface DemoMeeting {
	meetingId: number;
	headUserId: number;
	units: string[];
}

export async function demoMeetingInVoting(db: DB): Promise<DemoMeeting> {
	const meetingId = (await loadDemoIfEmpty(db))!;
	await ensureDemoParticipants(db, meetingId);
	await db.updateTable('meetings').set({ phase: 'voting' }).where('id', '=', meetingId).execute();
	const head = (await listParticipants(db, meetingId)).find((p) => p.role === 'head')!;
	const units = (
		await db
			.selectFrom('sheets')
			.innerJoin('units', 'units.id', 'sheets.unit_id')
			.select('units.slug')
			.where('sheets.meeting_id', '=', meetingId)
			.orderBy('units.position')
			.execute()
	).map((u) => u.slug);
	expect(units).toHaveLength(8);
	return { meetingId, headUserId: head.userId!, units };
}

export interface VotedRound {
	ballotId: number;
	/** The units in the order they voted. */
	voters: string[];
	/** What each of them chose, in the same order: all different, so a paper's choice names its voter. */
	choices: string[];
	/** The receipts handed to the voters, in the same order. */
	receipts: string[];
}

/** A secret ballot over all 8 units, each free to choose any (itself too), opened. */
export async function openRound(db: DB, meeting: DemoMeeting, title: string): Promise<number> {
	const { meetingId, headUserId, units } = meeting;
	const created = await createDraft(db, meetingId, {
		title,
		purpose: 'other',
		candidates: units,
		rules: { secret: true, maxChoices: 1, seats: 1, allowSelfVote: true, quorum: 1 }
	});
	if (!created.ok) throw new Error('draft');
	expect(await openBallot(db, meetingId, created.id, headUserId)).toEqual({ ok: true });
	return created.id;
}

/**
 * Opens a secret ballot over all 8 units and has every unit vote, one after another, each for another unit;
 * `beforeVotes` runs once the ballot is open.
 */
export async function voteRound(
	db: DB,
	meeting: DemoMeeting,
	round: number,
	beforeVotes: () => Promise<void> = async () => {}
): Promise<VotedRound> {
	const { meetingId, units } = meeting;
	const ballotId = await openRound(db, meeting, `Biểu quyết thử ${round}`);
	await beforeVotes();
	// The same voters in a different order each round, each choosing the unit `round` places after itself.
	const voters = units.map((_, i) => units[(i * 3 + round) % units.length]!);
	const choices = voters.map((v) => units[(units.indexOf(v) + 1 + (round % 7)) % units.length]!);
	expect(new Set(voters).size).toBe(8);
	expect(new Set(choices).size).toBe(8);
	const receipts: string[] = [];
	for (const [i, voter] of voters.entries()) {
		const cast = await castVote(db, meetingId, ballotId, voter, [choices[i]!]);
		if (!cast.ok) throw new Error(`vote of ${voter}: ${JSON.stringify(cast.error)}`);
		receipts.push(cast.receipt);
	}
	return { ballotId, voters, choices, receipts };
}

export async function closeRound(db: DB, meeting: DemoMeeting, round: VotedRound): Promise<void> {
	const closed = await closeBallot(db, meeting.meetingId, round.ballotId, meeting.headUserId);
	expect(closed.ok).toBe(true);
}

/**
 * How well an order of the stored papers (each paper named by its receipt or its choice) follows the order of the
 * votes: how many papers it puts at their vote's place, read forwards or backwards (the better of the two), and
 * the rank correlation (Spearman) between the two orders.
 */
export function linkage(stored: readonly string[], inVoteOrder: readonly string[]): { hits: number; rho: number } {
	expect([...stored].sort()).toEqual([...inVoteOrder].sort());
	const n = stored.length;
	const forwards = stored.filter((s, i) => inVoteOrder[i] === s).length;
	const backwards = stored.filter((s, i) => inVoteOrder[n - 1 - i] === s).length;
	const squares = stored.reduce((sum, s, i) => sum + (inVoteOrder.indexOf(s) - i) ** 2, 0);
	return { hits: Math.max(forwards, backwards), rho: 1 - (6 * squares) / (n * (n * n - 1)) };
}

/**
 * An attack's results over the rounds, held to chance. With 8 rounds of 8 papers in a uniformly random order,
 * 32 or more papers at their vote's place (forwards or backwards) happens with a probability of 2·10⁻⁸, and a mean
 * |rho| of 0.75 or more with 2·10⁻⁸; an order that follows the votes gives 64 and 1.
 */
export function expectChance(name: string, results: { hits: number; rho: number }[]): void {
	expect(results.length, name).toBe(8);
	const hits = results.reduce((n, r) => n + r.hits, 0);
	const meanRho = results.reduce((n, r) => n + Math.abs(r.rho), 0) / results.length;
	expect(hits, `${name}: papers at their vote's place`).toBeLessThan(32);
	expect(meanRho, `${name}: mean |rank correlation| with the order of the votes`).toBeLessThan(0.75);
}

/** The same measure on an order that does follow the votes (the voters' own rows): shows the attack can see. */
export function expectLinked(name: string, results: { hits: number; rho: number }[]): void {
	for (const r of results) expect(r, name).toEqual({ hits: 8, rho: expect.closeTo(1, 6) });
}

/** Where each needle first occurs in a byte buffer (-1 when absent). */
export const offsetsIn = (bytes: Buffer, needles: readonly string[]) => needles.map((n) => bytes.indexOf(n));

/** Orders needles by where they sit in the bytes (every needle must be there). */
export function orderIn(bytes: Buffer, needles: readonly string[]): string[] {
	const at = offsetsIn(bytes, needles);
	expect(at.every((o) => o >= 0)).toBe(true);
	return needles
		.map((n, i) => ({ n, at: at[i]! }))
		.sort((a, b) => a.at - b.at)
		.map((x) => x.n);
}
