// The ballot store on both engines: a secret ballot sealed while open and counted at the close, an open ballot's
// named papers, a confirmation, one vote per unit under concurrency, no vote after the close, and the run-off.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	ballotTally,
	ballotTurnout,
	castVote,
	closeBallot,
	createDraft,
	createRunoff,
	freshReceipt,
	openBallot,
	publishedPapers
} from '$lib/server/ballots/store';
import { ballotSecretOf } from '$lib/server/ballots/secret';
import { DIALECTS, temporaryDatabase, type TemporaryDatabase } from '../support/database';
import { demoMeetingInVoting, type DemoMeeting } from '../support/ballot-secrecy';

describe.each(DIALECTS)('on %s', (dialect) => {
	let database: TemporaryDatabase;
	let meeting: DemoMeeting;
	beforeEach(async () => {
		database = await temporaryDatabase(dialect);
		meeting = await demoMeetingInVoting(database.db);
	});
	afterEach(async () => {
		await database.close();
	});

	async function opened(candidates: string[], secret: boolean): Promise<number> {
		const created = await createDraft(database.db, meeting.meetingId, {
			title: 'Suy tôn Cờ thi đua',
			purpose: 'flag',
			candidates,
			rules: { secret }
		});
		if (!created.ok) throw new Error('draft');
		expect(await openBallot(database.db, meeting.meetingId, created.id, meeting.headUserId)).toEqual({ ok: true });
		return created.id;
	}
	const count = async (table: 'ballot_voters' | 'ballot_papers' | 'ballot_sealed_papers', ballotId: number) =>
		(await database.db.selectFrom(table).select('ballot_id').where('ballot_id', '=', ballotId).execute()).length;

	it('8 units voting at once, each twice, give 8 sealed papers; the close counts them and publishes them by receipt', async () => {
		const { db } = database;
		const { meetingId, units, headUserId } = meeting;
		const ballot = await opened(['quang-ninh', 'son-la', 'lai-chau'], true);
		const choice = (unit: string) => (unit === 'quang-ninh' ? ['son-la'] : ['quang-ninh']);
		const results = await Promise.all(
			units.flatMap((u) => [
				castVote(db, meetingId, ballot, u, choice(u)),
				castVote(db, meetingId, ballot, u, choice(u))
			])
		);
		expect(results.filter((r) => r.ok)).toHaveLength(8);
		expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(Array(8).fill('already_voted'));
		expect(await count('ballot_voters', ballot)).toBe(8);
		expect(await count('ballot_sealed_papers', ballot)).toBe(8);
		expect(await count('ballot_papers', ballot)).toBe(0);
		expect((await ballotTurnout(db, meetingId, ballot))?.voted).toBe(8);
		expect(await ballotTally(db, meetingId, ballot)).toBeUndefined();

		const closed = await closeBallot(db, meetingId, ballot, headUserId);
		expect(closed.ok && closed.tally).toMatchObject({ cast: 8, valid: 8, blank: 0, elected: ['quang-ninh'] });
		expect(await count('ballot_sealed_papers', ballot)).toBe(0);
		const papers = (await publishedPapers(db, meetingId, ballot))!;
		const receipts = results.flatMap((r) => (r.ok ? [r.receipt] : []));
		expect(papers.map((p) => p.receipt)).toEqual([...receipts].sort());
		expect(papers.every((p) => p.voter === null)).toBe(true);
		expect(papers.filter((p) => p.choices[0] === 'quang-ninh')).toHaveLength(7);

		// After the close: refused, nothing stored.
		const late = await castVote(db, meetingId, ballot, 'son-la', ['quang-ninh']);
		expect(late).toMatchObject({ ok: false, error: { code: 'ballot_not_open' } });
		expect(await count('ballot_papers', ballot)).toBe(8);
		const nominations = await db
			.selectFrom('nominations')
			.select('unit_id')
			.where('ballot_id', '=', ballot)
			.execute();
		expect(nominations).toHaveLength(1);
	});

	it('an open ballot names each paper’s unit at once; a vote after its close is refused', async () => {
		const { db } = database;
		const { meetingId, headUserId } = meeting;
		const ballot = await opened(['son-la', 'lai-chau'], false);
		expect((await castVote(db, meetingId, ballot, 'ha-giang', ['son-la'])).ok).toBe(true);
		expect(await count('ballot_papers', ballot)).toBe(1);
		expect(await count('ballot_sealed_papers', ballot)).toBe(0);
		expect((await closeBallot(db, meetingId, ballot, headUserId)).ok).toBe(true);
		expect(await publishedPapers(db, meetingId, ballot)).toEqual([
			expect.objectContaining({ choices: ['son-la'], voter: 'ha-giang' })
		]);
		expect(await castVote(db, meetingId, ballot, 'lao-cai', ['son-la'])).toMatchObject({
			ok: false,
			error: { code: 'ballot_not_open' }
		});
	});

	it('a secret confirmation keeps agree, disagree and blank apart through the seal', async () => {
		const { db } = database;
		const { meetingId, headUserId } = meeting;
		const ballot = await opened(['lai-chau'], true);
		expect((await castVote(db, meetingId, ballot, 'son-la', ['lai-chau'])).ok).toBe(true);
		expect((await castVote(db, meetingId, ballot, 'quang-ninh', [], ['lai-chau'])).ok).toBe(true);
		expect((await castVote(db, meetingId, ballot, 'ha-giang', [])).ok).toBe(true);
		const closed = await closeBallot(db, meetingId, ballot, headUserId);
		expect(closed.ok && closed.tally.confirmation).toEqual({ agree: 1, disagree: 1, blank: 1 });
	});

	it('a tie leads to a run-off whose secret papers are counted on their own', async () => {
		const { db } = database;
		const { meetingId, headUserId } = meeting;
		const ballot = await opened(['son-la', 'lai-chau'], true);
		// Sơn La 4, Lai Châu 3, one blank: neither has more than half of the 8 members.
		for (const [unit, choice] of [
			['quang-ninh', ['son-la']],
			['lao-cai', ['lai-chau']],
			['ha-giang', ['lai-chau']],
			['lang-son', ['son-la']],
			['son-la', ['lai-chau']],
			['lai-chau', ['son-la']],
			['cao-bang', ['son-la']],
			['dien-bien', []]
		] as const)
			expect((await castVote(db, meetingId, ballot, unit, [...choice])).ok).toBe(true);
		const closed = await closeBallot(db, meetingId, ballot, headUserId);
		expect(closed.ok && closed.tally.elected).toEqual([]);
		const runoff = await createRunoff(db, meetingId, ballot);
		if (!runoff.ok) throw new Error('run-off');
		expect(await openBallot(db, meetingId, runoff.id, headUserId)).toEqual({ ok: true });
		expect((await castVote(db, meetingId, runoff.id, 'quang-ninh', ['son-la'])).ok).toBe(true);
		expect(await count('ballot_sealed_papers', runoff.id)).toBe(1);
		const counted = await closeBallot(db, meetingId, runoff.id, headUserId);
		expect(counted.ok && counted.tally).toMatchObject({ cast: 1, valid: 1 });
		expect(await count('ballot_papers', ballot)).toBe(8);
	});

	it('a receipt is drawn again while it clashes with any paper, plain or still sealed', async () => {
		const { db } = database;
		const { meetingId, headUserId } = meeting;
		const open = await opened(['son-la', 'lai-chau'], false);
		const secret = await opened(['son-la', 'lai-chau'], true);
		const plain = await castVote(db, meetingId, open, 'ha-giang', ['son-la']);
		const sealed = await castVote(db, meetingId, secret, 'ha-giang', ['son-la']);
		if (!plain.ok || !sealed.ok) throw new Error('votes');
		const draws = [plain.receipt, sealed.receipt, 'ABCDEF0123'];
		expect(await freshReceipt(db, ballotSecretOf(db), () => draws.shift()!)).toBe('ABCDEF0123');
		expect(draws).toEqual([]);
		expect((await closeBallot(db, meetingId, secret, headUserId)).ok).toBe(true);
	});
});
