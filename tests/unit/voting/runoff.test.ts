import { describe, expect, it } from 'vitest';
import { prepareRunoff, runoffTitle, tallyBallot, transition, validateRules } from '../../../src/lib/core/voting';
import type { Ballot, Tally, Threshold, UnitId } from '../../../src/lib/core/voting';
import { MEMBERS, closed, draft, opened, repeat, unwrap, votes } from './fixtures';

const atLeastHalf: Threshold = { numerator: 1, denominator: 2, base: 'members', comparison: 'at_least' };
const FOUR = ['u1', 'u2', 'u3', 'u4'];

function closeAndCount(ballot: Ballot, ballots: (readonly UnitId[])[]): { ballot: Ballot; tally: Tally } {
	const c = closed(ballot);
	return { ballot: c, tally: unwrap(tallyBallot(c, MEMBERS, votes(...ballots))) };
}

describe('prepareRunoff', () => {
	it('after a tie at the last seat: the tied candidates, for the seats left, as a round-2 draft', () => {
		const first = draft(FOUR, { maxChoices: 2, seats: 2, threshold: atLeastHalf, secret: false });
		const { ballot, tally } = closeAndCount(first, [
			...repeat(4, ['u1', 'u2']),
			...repeat(2, ['u1', 'u3']),
			...repeat(2, ['u3', 'u4'])
		]);
		expect(tally.elected).toEqual(['u1']);
		const r = unwrap(prepareRunoff(ballot, tally, { id: 'b2' }));
		expect(r.reason).toBe('tie');
		expect(r.ballot).toEqual({
			id: 'b2',
			title: 'Ballot (vòng 2)',
			round: 2,
			runoffOf: 'b1',
			status: 'draft',
			candidates: ['u2', 'u3'],
			rules: { ...first.rules, seats: 1, maxChoices: 1 }
		});
		expect(validateRules(r.ballot.rules, { members: MEMBERS, candidates: r.ballot.candidates })).toEqual([]);
	});

	it('after no majority: the best-placed, seats and choices reduced to the seats left', () => {
		const first = draft(FOUR, { maxChoices: 2, seats: 2 });
		const { ballot, tally } = closeAndCount(first, [
			...repeat(3, ['u1', 'u2']),
			...repeat(3, ['u1', 'u3']),
			...repeat(2, ['u4'])
		]);
		const r = unwrap(prepareRunoff(ballot, tally, { id: 'b2', locale: 'en' }));
		expect(r.reason).toBe('no_majority');
		expect(r.ballot).toMatchObject({
			title: 'Ballot (round 2)',
			candidates: ['u2', 'u3'],
			rules: { seats: 1, maxChoices: 1, quorum: first.rules.quorum, threshold: first.rules.threshold }
		});
	});

	it('after a three-way tie for two seats: two seats, two choices', () => {
		const first = draft(FOUR, { maxChoices: 2, seats: 2, threshold: atLeastHalf });
		const { ballot, tally } = closeAndCount(first, [
			...repeat(3, ['u1', 'u2']),
			...repeat(2, ['u1', 'u3']),
			...repeat(2, ['u2', 'u3']),
			['u3', 'u4']
		]);
		const r = unwrap(prepareRunoff(ballot, tally, { id: 'b2' }));
		expect(r.ballot.candidates).toEqual(['u1', 'u2', 'u3']);
		expect(r.ballot.rules).toMatchObject({ seats: 2, maxChoices: 2 });
	});

	it('takes a caller title, and numbers later rounds without stacking marks', () => {
		const first = draft(['u1', 'u2']);
		const tied = [...repeat(4, ['u1']), ...repeat(4, ['u2'])];
		const one = closeAndCount(first, tied);
		expect(unwrap(prepareRunoff(one.ballot, one.tally, { id: 'b2', title: 'Suy tôn lại' })).ballot.title).toBe(
			'Suy tôn lại'
		);
		const second = unwrap(prepareRunoff(one.ballot, one.tally, { id: 'b2' })).ballot;
		const two = closeAndCount(second, tied);
		const third = unwrap(prepareRunoff(two.ballot, two.tally, { id: 'b3' })).ballot;
		expect(third).toMatchObject({ title: 'Ballot (vòng 3)', round: 3, runoffOf: 'b2' });
	});

	it('runoffTitle marks the round in either language', () => {
		expect(runoffTitle('Suy tôn Cờ thi đua', 2)).toBe('Suy tôn Cờ thi đua (vòng 2)');
		expect(runoffTitle('Suy tôn Cờ thi đua (vòng 2)', 3, 'vi')).toBe('Suy tôn Cờ thi đua (vòng 3)');
		expect(runoffTitle('Flag (round 2)', 3, 'en')).toBe('Flag (round 3)');
		expect(runoffTitle('Flag (draft)', 2, 'en')).toBe('Flag (draft) (round 2)');
	});

	it('is a complete flow: the run-off opens, is voted and settles the seat', () => {
		const { ballot, tally } = closeAndCount(draft(['u1', 'u2', 'u3']), [
			...repeat(4, ['u1']),
			...repeat(3, ['u2']),
			['u3']
		]);
		const runoff = unwrap(prepareRunoff(ballot, tally, { id: 'b2' })).ballot;
		expect(runoff.candidates).toEqual(['u1', 'u2']);
		const open = unwrap(transition(runoff, 'open', MEMBERS));
		const done = unwrap(transition(open, 'closed', MEMBERS));
		const result = unwrap(tallyBallot(done, MEMBERS, votes(...repeat(5, ['u2']), ...repeat(3, ['u1']))));
		expect(result).toMatchObject({ ballotId: 'b2', round: 2, elected: ['u2'], outcome: { kind: 'elected' } });
	});

	it('refuses a ballot that is not closed, a tally of another ballot, and a ballot that needs no run-off', () => {
		const { ballot, tally } = closeAndCount(draft(['u1', 'u2']), [...repeat(4, ['u1']), ...repeat(4, ['u2'])]);
		expect(prepareRunoff(opened(draft(['u1', 'u2'])), tally, { id: 'x' })).toEqual({
			ok: false,
			error: { code: 'ballot_not_closed', status: 'open' }
		});
		expect(prepareRunoff({ ...ballot, id: 'other' }, tally, { id: 'x' })).toEqual({
			ok: false,
			error: { code: 'tally_mismatch', ballotId: 'other', tallyBallotId: 'b1' }
		});
		const won = closeAndCount(draft(['u1', 'u2']), repeat(5, ['u1']));
		expect(prepareRunoff(won.ballot, won.tally, { id: 'x' })).toEqual({
			ok: false,
			error: { code: 'no_runoff_needed', outcome: 'elected' }
		});
		const void_ = closeAndCount(draft(['u1', 'u2']), repeat(4, ['u1']));
		expect(prepareRunoff(void_.ballot, void_.tally, { id: 'x' })).toEqual({
			ok: false,
			error: { code: 'no_runoff_needed', outcome: 'no_quorum' }
		});
	});
});
