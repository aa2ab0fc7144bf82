import { describe, expect, it } from 'vitest';
import { tallyBallot } from '../../../src/lib/core/voting';
import type { Threshold } from '../../../src/lib/core/voting';
import { MEMBERS, closed, count, draft, opened, repeat, unwrap, votes, votesOf } from './fixtures';

const MEMBERS9 = [...MEMBERS, 'u9'];
const th = (
	numerator: number,
	denominator: number,
	comparison: Threshold['comparison'],
	base: Threshold['base'] = 'members'
): Threshold => ({ numerator, denominator, comparison, base });

const ONE = ['u1', 'u2', 'u3'];
const FOUR = ['u1', 'u2', 'u3', 'u4'];
const K2 = { maxChoices: 2, seats: 2 };

describe('tally: select one (the flag)', () => {
	it('elects a clear majority and reports the minutes’ totals', () => {
		const t = count(ONE, {}, [...repeat(5, ['u1']), ...repeat(2, ['u2']), []]);
		expect(t).toMatchObject({
			ballotId: 'b1',
			round: 1,
			members: 8,
			cast: 8,
			valid: 8,
			invalid: 0,
			blank: 1,
			choices: 7,
			quorum: 5,
			quorumMet: true,
			thresholdBase: 8,
			requiredVotes: 5,
			seats: 1,
			elected: ['u1'],
			outcome: { kind: 'elected' }
		});
		expect(t.results).toEqual([
			{
				candidate: 'u1',
				votes: 5,
				against: 0,
				share: { numerator: 5, denominator: 8 },
				meetsThreshold: true,
				elected: true
			},
			{
				candidate: 'u2',
				votes: 2,
				against: 0,
				share: { numerator: 2, denominator: 8 },
				meetsThreshold: false,
				elected: false
			},
			{
				candidate: 'u3',
				votes: 0,
				against: 0,
				share: { numerator: 0, denominator: 8 },
				meetsThreshold: false,
				elected: false
			}
		]);
	});

	it('lists results in ballot order, whatever the votes', () => {
		const t = count(['u3', 'u1', 'u2'], {}, [...repeat(6, ['u2']), ['u1']]);
		expect(t.results.map((r) => r.candidate)).toEqual(['u3', 'u1', 'u2']);
		expect(votesOf(t)).toEqual({ u3: 0, u1: 1, u2: 6 });
		expect(t.elected).toEqual(['u2']);
	});

	it('exactly half with "more than half" elects nobody: run-off between the two', () => {
		const t = count(ONE, {}, [...repeat(4, ['u1']), ...repeat(4, ['u2'])]);
		expect(t.results.map((r) => r.meetsThreshold)).toEqual([false, false, false]);
		expect(t.elected).toEqual([]);
		expect(t.outcome).toEqual({ kind: 'runoff', reason: 'no_majority', candidates: ['u1', 'u2'], seatsLeft: 1 });
	});

	it('exactly half with "at least half": both qualify, tied at the top → run-off for the tie', () => {
		const t = count(ONE, { threshold: th(1, 2, 'at_least') }, [...repeat(4, ['u1']), ...repeat(4, ['u2'])]);
		expect(t.results.map((r) => r.meetsThreshold)).toEqual([true, true, false]);
		expect(t.elected).toEqual([]);
		expect(t.outcome).toEqual({ kind: 'runoff', reason: 'tie', candidates: ['u1', 'u2'], seatsLeft: 1 });
	});

	it('one above half is elected (odd number of members)', () => {
		const members7 = MEMBERS.slice(0, 7);
		const t = count(ONE, { quorum: 4 }, [...repeat(4, ['u1']), ...repeat(3, ['u2'])], members7);
		expect(t).toMatchObject({ members: 7, requiredVotes: 4, elected: ['u1'], outcome: { kind: 'elected' } });
		const u = count(ONE, { quorum: 4 }, [...repeat(3, ['u1']), ...repeat(3, ['u2']), []], members7);
		expect(u.outcome).toMatchObject({ kind: 'runoff', reason: 'no_majority' });
	});

	it('exactly two thirds with "at least 2/3" elects; one below does not; "more than 2/3" does not', () => {
		const six = [...repeat(6, ['u1']), ...repeat(3, ['u2'])];
		const five = [...repeat(5, ['u1']), ...repeat(4, ['u2'])];
		const atLeast = { quorum: 5, threshold: th(2, 3, 'at_least') };
		expect(count(ONE, atLeast, six, MEMBERS9)).toMatchObject({ requiredVotes: 6, elected: ['u1'] });
		expect(count(ONE, atLeast, five, MEMBERS9)).toMatchObject({
			elected: [],
			outcome: { kind: 'runoff', reason: 'no_majority', candidates: ['u1', 'u2'], seatsLeft: 1 }
		});
		const moreThan = { quorum: 5, threshold: th(2, 3, 'more_than') };
		expect(count(ONE, moreThan, six, MEMBERS9)).toMatchObject({ requiredVotes: 7, elected: [] });
		expect(count(ONE, moreThan, [...repeat(7, ['u1']), ['u2'], []], MEMBERS9).elected).toEqual(['u1']);
	});

	it('a tie below the winner does not matter', () => {
		const t = count(ONE, {}, [...repeat(5, ['u1']), ['u2'], ['u3'], []]);
		expect(t.elected).toEqual(['u1']);
		expect(t.outcome).toEqual({ kind: 'elected' });
	});

	it('no majority: the run-off takes the top two, extended to everyone tied at the cut', () => {
		const t = count(FOUR, {}, [...repeat(3, ['u1']), ...repeat(2, ['u2']), ...repeat(2, ['u3']), ['u4']]);
		expect(t.outcome).toEqual({
			kind: 'runoff',
			reason: 'no_majority',
			candidates: ['u1', 'u2', 'u3'],
			seatsLeft: 1
		});
		// a tie for first place widens nothing if it already fills the top two
		const u = count(FOUR, {}, [...repeat(3, ['u1']), ...repeat(3, ['u2']), ['u3'], ['u4']]);
		expect(u.outcome).toMatchObject({ candidates: ['u1', 'u2'] });
	});

	it('no majority with run-off candidates ordered by votes, not by ballot', () => {
		const t = count(FOUR, {}, [...repeat(4, ['u4']), ...repeat(3, ['u3']), ['u1']]);
		expect(t.outcome).toMatchObject({ kind: 'runoff', reason: 'no_majority', candidates: ['u4', 'u3'] });
	});
});

describe('tally: blank votes', () => {
	it('count as cast and valid, name nobody, and weigh against a majority of votes cast', () => {
		const rules = { threshold: th(1, 2, 'more_than', 'cast') };
		const t = count(ONE, rules, [...repeat(4, ['u1']), ...repeat(2, ['u2']), [], []]);
		expect(t).toMatchObject({ cast: 8, valid: 8, blank: 2, choices: 6, thresholdBase: 8 });
		expect(t.elected).toEqual([]); // 4 of 8 is not more than half
		const u = count(ONE, rules, [...repeat(5, ['u1']), ...repeat(2, ['u2']), []]);
		expect(u.elected).toEqual(['u1']);
	});

	it('an all-blank ballot elects nobody; every candidate goes to the run-off', () => {
		const t = count(ONE, {}, repeat(8, []));
		expect(t).toMatchObject({ cast: 8, blank: 8, choices: 0, quorumMet: true, elected: [] });
		expect(votesOf(t)).toEqual({ u1: 0, u2: 0, u3: 0 });
		expect(t.outcome).toEqual({
			kind: 'runoff',
			reason: 'no_majority',
			candidates: ['u1', 'u2', 'u3'],
			seatsLeft: 1
		});
	});

	it('a blank vote counts towards the quorum', () => {
		const t = count(ONE, { quorum: 5 }, [...repeat(4, ['u1']), []]);
		expect(t.quorumMet).toBe(true);
	});
});

describe('tally: threshold bases', () => {
	// 8 members, 6 vote: u1 4, u2 2
	const ballots = [...repeat(4, ['u1']), ...repeat(2, ['u2'])];

	it('members: 4 of 8 is not more than half', () => {
		const t = count(ONE, { threshold: th(1, 2, 'more_than', 'members') }, ballots);
		expect(t).toMatchObject({ cast: 6, thresholdBase: 8, elected: [] });
		expect(t.results[0]!.share).toEqual({ numerator: 4, denominator: 8 });
	});

	it('cast: 4 of 6 is more than half', () => {
		const t = count(ONE, { threshold: th(1, 2, 'more_than', 'cast') }, ballots);
		expect(t).toMatchObject({ thresholdBase: 6, elected: ['u1'] });
		expect(t.results[0]!.share).toEqual({ numerator: 4, denominator: 6 });
	});

	it('valid: the same as cast, since blank ballots are valid', () => {
		const t = count(ONE, { threshold: th(1, 2, 'more_than', 'valid') }, [...ballots, []]);
		expect(t).toMatchObject({ cast: 7, valid: 7, blank: 1, thresholdBase: 7, elected: ['u1'] });
	});

	it('two thirds of votes cast: exactly 2/3 with "at least" elects, one below does not', () => {
		const rules = { threshold: th(2, 3, 'at_least', 'cast') };
		expect(count(ONE, rules, ballots).elected).toEqual(['u1']); // 4 of 6
		expect(count(ONE, rules, [...repeat(3, ['u1']), ...repeat(3, ['u2'])]).elected).toEqual([]); // 3 of 6
	});
});

describe('tally: quorum', () => {
	it('not met: nobody is elected, but the count is still reported', () => {
		const t = count(ONE, { quorum: 5, threshold: th(1, 2, 'more_than', 'cast') }, repeat(4, ['u1']));
		expect(t).toMatchObject({ cast: 4, quorum: 5, quorumMet: false, elected: [], outcome: { kind: 'no_quorum' } });
		expect(t.results[0]).toEqual({
			candidate: 'u1',
			votes: 4,
			against: 0,
			share: { numerator: 4, denominator: 4 },
			meetsThreshold: true,
			elected: false
		});
	});

	it('exactly met: the result stands', () => {
		const t = count(ONE, { quorum: 5 }, repeat(5, ['u1']));
		expect(t).toMatchObject({ cast: 5, quorumMet: true, elected: ['u1'], outcome: { kind: 'elected' } });
	});

	it('all members required: one missing is enough to void it', () => {
		expect(count(ONE, { quorum: 8 }, repeat(7, ['u1'])).outcome).toEqual({ kind: 'no_quorum' });
		expect(count(ONE, { quorum: 8 }, [...repeat(7, ['u1']), []]).outcome).toEqual({ kind: 'elected' });
	});

	it('quorum 0 with nobody voting: met, but nothing to elect; shares over an empty base are null', () => {
		const t = count(ONE, { quorum: 0, threshold: th(1, 2, 'at_least', 'cast') }, []);
		expect(t).toMatchObject({ cast: 0, quorumMet: true, thresholdBase: 0, elected: [] });
		expect(t.results.every((r) => r.share === null && !r.meetsThreshold)).toBe(true);
		expect(t.outcome).toMatchObject({ kind: 'runoff', reason: 'no_majority', candidates: ['u1', 'u2', 'u3'] });
	});
});

describe('tally: select up to K (two vice-heads)', () => {
	it('elects both when both pass, ordered by votes', () => {
		const t = count(FOUR, K2, [...repeat(5, ['u2', 'u1']), ...repeat(2, ['u2', 'u3']), ['u3', 'u4']]);
		expect(votesOf(t)).toEqual({ u1: 5, u2: 7, u3: 3, u4: 1 });
		expect(t).toMatchObject({ choices: 16, blank: 0, elected: ['u2', 'u1'], outcome: { kind: 'elected' } });
		expect(t.results.filter((r) => r.elected).map((r) => r.candidate)).toEqual(['u1', 'u2']);
	});

	it('accepts fewer choices than K and blanks', () => {
		const t = count(FOUR, K2, [...repeat(4, ['u1']), ...repeat(2, ['u2']), ['u2', 'u1'], []]);
		expect(votesOf(t)).toEqual({ u1: 5, u2: 3, u3: 0, u4: 0 });
		expect(t).toMatchObject({ choices: 8, blank: 1, cast: 8, elected: ['u1'] });
		expect(t.outcome).toMatchObject({ kind: 'runoff', reason: 'no_majority', candidates: ['u2', 'u3', 'u4'] });
	});

	it('one seat filled, one left: run-off among the best of the rest, ties at the cut included', () => {
		// u1 6, u2 3, u3 3, u4 2; more than half of 8 needs 5
		const t = count(FOUR, K2, [...repeat(3, ['u1', 'u2']), ...repeat(3, ['u1', 'u3']), ...repeat(2, ['u4'])]);
		expect(votesOf(t)).toEqual({ u1: 6, u2: 3, u3: 3, u4: 2 });
		expect(t.elected).toEqual(['u1']);
		expect(t.results.map((r) => r.elected)).toEqual([true, false, false, false]);
		expect(t.outcome).toEqual({ kind: 'runoff', reason: 'no_majority', candidates: ['u2', 'u3'], seatsLeft: 1 });
	});

	it('one seat filled, one left, three tied behind: all three go to the run-off', () => {
		// u1 6, u2 2, u3 2, u4 2
		const t = count(FOUR, K2, [
			...repeat(2, ['u1', 'u2']),
			...repeat(2, ['u1', 'u3']),
			...repeat(2, ['u1', 'u4']),
			[],
			[]
		]);
		expect(t.elected).toEqual(['u1']);
		expect(t.outcome).toEqual({
			kind: 'runoff',
			reason: 'no_majority',
			candidates: ['u2', 'u3', 'u4'],
			seatsLeft: 1
		});
	});

	it('nobody passes: run-off for both seats among the top three', () => {
		// u1 4, u2 4, u3 3, u4 3, with "more than half" of 8 (needs 5)
		const t = count(FOUR, K2, [...repeat(3, ['u1', 'u2']), ['u1', 'u3'], ['u2', 'u4'], ['u3', 'u4'], ['u3', 'u4']]);
		expect(votesOf(t)).toEqual({ u1: 4, u2: 4, u3: 3, u4: 3 });
		expect(t.elected).toEqual([]);
		// top 3 = u1, u2, then u3 at 3, tied with u4 → u4 too
		expect(t.outcome).toEqual({
			kind: 'runoff',
			reason: 'no_majority',
			candidates: ['u1', 'u2', 'u3', 'u4'],
			seatsLeft: 2
		});
	});

	it('tie at the last seat among qualified candidates: the one above is elected, the tied go to a run-off', () => {
		// at least half of 8 = 4; u1 6, u2 4, u3 4, u4 2
		const t = count(FOUR, { ...K2, threshold: th(1, 2, 'at_least') }, [
			...repeat(4, ['u1', 'u2']),
			...repeat(2, ['u1', 'u3']),
			...repeat(2, ['u3', 'u4'])
		]);
		expect(votesOf(t)).toEqual({ u1: 6, u2: 4, u3: 4, u4: 2 });
		expect(t.results.map((r) => r.meetsThreshold)).toEqual([true, true, true, false]);
		expect(t.elected).toEqual(['u1']);
		expect(t.outcome).toEqual({ kind: 'runoff', reason: 'tie', candidates: ['u2', 'u3'], seatsLeft: 1 });
	});

	it('three tied at the top for two seats: nobody elected, all three in the run-off for two seats', () => {
		// at least half of 8 = 4; u1 5, u2 5, u3 5, u4 1
		const t = count(FOUR, { ...K2, threshold: th(1, 2, 'at_least') }, [
			...repeat(3, ['u1', 'u2']),
			...repeat(2, ['u1', 'u3']),
			...repeat(2, ['u2', 'u3']),
			['u3', 'u4']
		]);
		expect(votesOf(t)).toEqual({ u1: 5, u2: 5, u3: 5, u4: 1 });
		expect(t.elected).toEqual([]);
		expect(t.outcome).toEqual({ kind: 'runoff', reason: 'tie', candidates: ['u1', 'u2', 'u3'], seatsLeft: 2 });
	});

	it('two tied at the top for two seats: both elected, no run-off', () => {
		const t = count(FOUR, K2, [...repeat(6, ['u1', 'u2']), ['u3', 'u4'], ['u3']]);
		expect(t.elected).toEqual(['u1', 'u2']);
		expect(t.outcome).toEqual({ kind: 'elected' });
	});

	it('more qualify than there are seats, no tie at the cut: the best are elected', () => {
		// at least 1/4 of 8 = 2; u1 6, u2 4, u3 3, u4 3
		const t = count(FOUR, { ...K2, threshold: th(1, 4, 'at_least') }, [
			...repeat(4, ['u1', 'u2']),
			...repeat(2, ['u1', 'u3']),
			['u3', 'u4'],
			['u4']
		]);
		expect(votesOf(t)).toEqual({ u1: 6, u2: 4, u3: 3, u4: 2 });
		expect(t.results.map((r) => r.meetsThreshold)).toEqual([true, true, true, true]);
		expect(t.elected).toEqual(['u1', 'u2']);
		expect(t.outcome).toEqual({ kind: 'elected' });
	});

	it('one choice each but two seats: the two best, if both pass a low threshold', () => {
		const t = count(FOUR, { maxChoices: 1, seats: 2, threshold: th(1, 4, 'at_least') }, [
			...repeat(4, ['u1']),
			...repeat(3, ['u2']),
			['u3']
		]);
		expect(t.elected).toEqual(['u1', 'u2']);
	});
});

describe('tally refuses', () => {
	it('a draft or open ballot: no partial results', () => {
		expect(tallyBallot(draft(ONE), MEMBERS, [])).toEqual({
			ok: false,
			error: { code: 'ballot_not_closed', status: 'draft' }
		});
		expect(tallyBallot(opened(draft(ONE)), MEMBERS, votes(['u1']))).toEqual({
			ok: false,
			error: { code: 'ballot_not_closed', status: 'open' }
		});
	});

	it('stored votes that validation would have refused', () => {
		const b = closed(draft(ONE, { allowSelfVote: false }));
		const bad = (unit: string, choices: string[]) =>
			tallyBallot(b, MEMBERS, [
				{ unit: 'u8', choices: [] },
				{ unit, choices }
			]);
		expect(
			tallyBallot(b, MEMBERS, [
				{ unit: 'u5', choices: ['u1'] },
				{ unit: 'u5', choices: [] }
			])
		).toEqual({
			ok: false,
			error: { code: 'invalid_vote', unit: 'u5', reason: { code: 'already_voted', unit: 'u5' } }
		});
		expect(bad('zz', [])).toEqual({
			ok: false,
			error: { code: 'invalid_vote', unit: 'zz', reason: { code: 'not_a_member', unit: 'zz' } }
		});
		expect(bad('u5', ['u1', 'u2'])).toMatchObject({
			error: { code: 'invalid_vote', reason: { code: 'too_many_choices', maxChoices: 1, given: 2 } }
		});
		expect(bad('u5', ['u7'])).toMatchObject({
			error: { code: 'invalid_vote', reason: { code: 'not_a_candidate', candidate: 'u7' } }
		});
		expect(bad('u2', ['u2'])).toMatchObject({
			error: { code: 'invalid_vote', unit: 'u2', reason: { code: 'self_vote_not_allowed', candidate: 'u2' } }
		});
		const k = closed(draft(FOUR, K2));
		expect(tallyBallot(k, MEMBERS, [{ unit: 'u5', choices: ['u1', 'u1'] }])).toMatchObject({
			error: { code: 'invalid_vote', reason: { code: 'duplicate_choice', candidate: 'u1' } }
		});
	});
});

describe('tally: secret papers (no voter named)', () => {
	const anonymous = (...choices: (readonly string[])[]) => choices.map((c) => ({ unit: null, choices: c }));

	it('counts papers that do not say whose they are, like named votes', () => {
		const ballot = closed(draft(['u1', 'u2', 'u3'], { allowSelfVote: false }, 'flag'));
		const secret = unwrap(
			tallyBallot(ballot, MEMBERS, anonymous(['u1'], ['u1'], ['u1'], ['u1'], ['u1'], ['u2'], []))
		);
		const named = unwrap(tallyBallot(ballot, MEMBERS, votes(['u2'], ['u1'], ['u1'], ['u1'], ['u1'], ['u1'], [])));
		expect(secret.cast).toBe(7);
		expect(secret.blank).toBe(1);
		expect(secret.results).toEqual(named.results);
		expect(secret.elected).toEqual(['u1']);
	});

	it('does not apply the self-vote rule to a paper (checked when it was cast), but still checks its choices', () => {
		const ballot = closed(draft(['u1', 'u2'], { allowSelfVote: false }, 'flag'));
		expect(tallyBallot(ballot, MEMBERS, anonymous(['u1'])).ok).toBe(true);
		expect(tallyBallot(ballot, MEMBERS, anonymous(['u9']))).toEqual({
			ok: false,
			error: { code: 'invalid_vote', unit: '?', reason: { code: 'not_a_candidate', candidate: 'u9' } }
		});
	});

	it('refuses more papers than member units', () => {
		const ballot = closed(draft(['u1', 'u2']));
		const papers = anonymous(...Array.from({ length: 9 }, () => ['u1']));
		expect(tallyBallot(ballot, MEMBERS, papers)).toEqual({
			ok: false,
			error: { code: 'more_papers_than_members', papers: 9, members: 8 }
		});
	});
});
