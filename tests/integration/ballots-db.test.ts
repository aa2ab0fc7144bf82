// Ballots in SQL on both engines: every decision is exact when the people voting do it at the same moment. On
// SQLite transactions run one at a time; on PostgreSQL they run side by side, SERIALIZABLE, and run again when
// PostgreSQL aborts one: either way a unit has exactly one vote, and no vote is lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, loadDemoIfEmpty } from '$lib/server/demo/load-demo';
import { ensureDemoParticipants } from '$lib/server/demo/demo-participants';
import {
	ballotTally,
	ballotTurnout,
	castVote,
	castVoteAs,
	closeBallot,
	createDraft,
	openBallot,
	publishedPapers,
	voterCount,
	type CastResult
} from '$lib/server/ballots/store';
import { setPhase } from '$lib/server/meetings/phase';
import { DIALECTS, temporaryDatabase, type TemporaryDatabase } from '../support/database';

const units = demo.units.map((u) => u.slug);

describe.each(DIALECTS)('on %s', (dialect) => {
	let database: TemporaryDatabase;
	let meetingId: number;
	let head: number;
	/** Every participant who may try to vote: user id, role and unit slug. */
	let people: { userId: number; role: string; unit: string | null }[];

	beforeAll(async () => {
		database = await temporaryDatabase(dialect);
		meetingId = (await loadDemoIfEmpty(database.db))!;
		await ensureDemoParticipants(database.db, meetingId);
		expect(await setPhase(database.db, meetingId, 'voting')).toMatchObject({ ok: true });
		people = await database.db
			.selectFrom('participants')
			.leftJoin('units', 'units.id', 'participants.unit_id')
			.select(['participants.user_id as userId', 'participants.role', 'units.slug as unit'])
			.where('participants.meeting_id', '=', meetingId)
			.execute();
		head = people.find((p) => p.role === 'head')!.userId;
	}, 120_000);
	afterAll(() => database.close());

	async function openedBallot(candidates: string[], secret = true): Promise<number> {
		const draft = await createDraft(database.db, meetingId, {
			title: 'Đề nghị tặng Cờ thi đua',
			purpose: 'flag',
			candidates,
			rules: { secret, allowSelfVote: true }
		});
		if (!draft.ok) throw new Error(`draft refused: ${JSON.stringify(draft)}`);
		expect(await openBallot(database.db, meetingId, draft.id, head)).toEqual({ ok: true });
		return draft.id;
	}

	it('opens, takes one vote per unit, refuses a second, closes and counts every paper', async () => {
		const ballot = await openedBallot(['son-la', 'lai-chau']);
		for (const [i, unit] of units.entries())
			expect(await castVote(database.db, meetingId, ballot, unit, [i < 5 ? 'son-la' : 'lai-chau'])).toMatchObject(
				{
					ok: true
				}
			);
		expect(await castVote(database.db, meetingId, ballot, 'son-la', ['lai-chau'])).toEqual({
			ok: false,
			error: { code: 'already_voted', unit: 'son-la' }
		});
		expect(await voterCount(database.db, ballot)).toBe(8);
		expect(typeof (await voterCount(database.db, ballot))).toBe('number');
		const closed = await closeBallot(database.db, meetingId, ballot, head);
		if (!closed.ok) throw new Error(JSON.stringify(closed));
		expect(closed.tally).toMatchObject({ members: 8, cast: 8, valid: 8, elected: ['son-la'] });
		expect(closed.tally.results.map((r) => r.votes)).toEqual([5, 3]);
		expect(await ballotTally(database.db, meetingId, ballot)).toEqual(closed.tally);
		expect((await publishedPapers(database.db, meetingId, ballot))!.every((p) => p.voter === null)).toBe(true);
		// A vote after the close is refused.
		expect(await castVote(database.db, meetingId, ballot, 'ha-giang', [])).toMatchObject({
			ok: false,
			error: { code: 'ballot_not_open' }
		});
	});

	it('8 delegates of 8 units and everyone else of the meeting vote at the same moment: exactly one vote per unit, none lost', async () => {
		const ballot = await openedBallot(['quang-ninh', 'lao-cai']);
		// Every participant asks to vote for their unit (only each unit's representative may), and Sơn La's vote is
		// also sent four more times at once, as several people of one unit pressing the button together.
		const attempts = [
			...people.map((p) => ({
				unit: p.unit,
				role: p.role,
				run: () => castVoteAs(database.db, meetingId, ballot, p.userId, ['quang-ninh'])
			})),
			...[1, 2, 3, 4].map(() => ({
				unit: 'son-la',
				role: 'delegate',
				run: () => castVote(database.db, meetingId, ballot, 'son-la', ['lao-cai'])
			}))
		];
		const results: CastResult[] = await Promise.all(attempts.map((a) => a.run()));
		const accepted = attempts.filter((_, i) => results[i]!.ok).map((a) => a.unit);
		expect(accepted.sort()).toEqual([...units].sort());
		// The others were told why: their unit had voted, or they do not act for it.
		for (const result of results)
			if (!result.ok) expect(['already_voted', 'not_representative']).toContain(result.error.code);
		const turnout = await ballotTurnout(database.db, meetingId, ballot);
		expect(turnout).toMatchObject({ voted: 8 });
		const closed = await closeBallot(database.db, meetingId, ballot, head);
		if (!closed.ok) throw new Error(JSON.stringify(closed));
		expect(closed.tally).toMatchObject({ cast: 8, valid: 8 });
		expect(closed.tally.results.reduce((sum, r) => sum + r.votes, 0)).toBe(8);
	});

	it('a vote racing the close is either counted or refused, never lost', async () => {
		const ballot = await openedBallot(['cao-bang', 'lang-son']);
		const votes = units.map((unit) => castVote(database.db, meetingId, ballot, unit, ['cao-bang']));
		const close = closeBallot(database.db, meetingId, ballot, head);
		const [results, closed] = await Promise.all([Promise.all(votes), close]);
		if (!closed.ok) throw new Error(JSON.stringify(closed));
		const accepted = results.filter((r) => r.ok).length;
		for (const r of results) if (!r.ok) expect(r.error).toMatchObject({ code: 'ballot_not_open' });
		expect(closed.tally.cast).toBe(accepted);
		expect(await voterCount(database.db, ballot)).toBe(accepted);
	});

	it('two heads opening and closing one ballot at once: it opens once and closes once', async () => {
		const draft = await createDraft(database.db, meetingId, {
			title: 'Đề nghị tặng Bằng khen',
			purpose: 'merit',
			candidates: ['ha-giang', 'dien-bien']
		});
		if (!draft.ok) throw new Error('draft refused');
		const opens = await Promise.all([1, 2, 3].map(() => openBallot(database.db, meetingId, draft.id, head)));
		expect(opens.filter((r) => r.ok)).toHaveLength(1);
		const closes = await Promise.all([1, 2, 3].map(() => closeBallot(database.db, meetingId, draft.id, head)));
		expect(closes.filter((r) => r.ok)).toHaveLength(1);
		const nominations = await database.db
			.selectFrom('nominations')
			.select('unit_id')
			.where('ballot_id', '=', draft.id)
			.execute();
		expect(nominations).toHaveLength(0); // nobody voted: no quorum, nobody elected
	});
});
