import { describe, expect, it } from 'vitest';
import { MAJORITY_OF_MEMBERS, defaultRules, majorityOf, validateRules } from '../../../src/lib/core/voting';
import type { BallotRules, RuleProblem } from '../../../src/lib/core/voting';
import { MEMBERS } from './fixtures';

const valid: BallotRules = defaultRules('vice_head', MEMBERS.length);
const CANDIDATES = ['u1', 'u2', 'u3'];

function problems(rules: Partial<BallotRules>, candidates = CANDIDATES, members = MEMBERS): RuleProblem[] {
	return validateRules({ ...valid, ...rules }, { members, candidates });
}

describe('defaultRules', () => {
	it('sets seats and choices by purpose', () => {
		expect(defaultRules('flag', 8)).toMatchObject({ seats: 1, maxChoices: 1, allowSelfVote: false });
		expect(defaultRules('merit', 8)).toMatchObject({ seats: 1, maxChoices: 1, allowSelfVote: false });
		expect(defaultRules('head', 8)).toMatchObject({ seats: 1, maxChoices: 1, allowSelfVote: true });
		expect(defaultRules('vice_head', 8)).toMatchObject({ seats: 2, maxChoices: 2, allowSelfVote: true });
		expect(defaultRules('other', 8)).toMatchObject({ seats: 1, maxChoices: 1, allowSelfVote: true });
	});

	it('is secret, needs a strict majority to vote, and more than half of members to win', () => {
		const rules = defaultRules('flag', 8);
		expect(rules.purpose).toBe('flag');
		expect(rules.secret).toBe(true);
		expect(rules.quorum).toBe(5);
		expect(rules.threshold).toEqual({ numerator: 1, denominator: 2, base: 'members', comparison: 'more_than' });
		expect(rules.threshold).toEqual(MAJORITY_OF_MEMBERS);
		expect(defaultRules('flag', 7).quorum).toBe(4);
	});

	it('majorityOf is the smallest strict majority', () => {
		expect([0, 1, 2, 3, 7, 8].map(majorityOf)).toEqual([0, 1, 2, 2, 4, 5]);
	});

	it('passes validation for every purpose', () => {
		for (const purpose of ['flag', 'merit', 'head', 'vice_head', 'other'] as const) {
			expect(validateRules(defaultRules(purpose, 8), { members: MEMBERS, candidates: CANDIDATES })).toEqual([]);
		}
	});
});

describe('validateRules', () => {
	it('accepts sound rules', () => {
		expect(problems({})).toEqual([]);
		expect(problems({ quorum: 0 })).toEqual([]);
		expect(problems({ quorum: 8 })).toEqual([]);
		expect(problems({ seats: 3, maxChoices: 3 })).toEqual([]);
		expect(problems({ seats: 2, maxChoices: 1 })).toEqual([]);
		expect(problems({ threshold: { numerator: 1, denominator: 1, base: 'cast', comparison: 'at_least' } })).toEqual(
			[]
		);
		expect(
			problems({ threshold: { numerator: 2, denominator: 3, base: 'valid', comparison: 'at_least' } })
		).toEqual([]);
	});

	it('refuses a quorum above the members, negative or fractional', () => {
		expect(problems({ quorum: 9 })).toEqual([{ code: 'quorum_exceeds_members', quorum: 9, members: 8 }]);
		expect(problems({ quorum: -1 })).toEqual([{ code: 'quorum_invalid', quorum: -1 }]);
		expect(problems({ quorum: 2.5 })).toEqual([{ code: 'quorum_invalid', quorum: 2.5 }]);
	});

	it('refuses maxChoices below 1, above the candidates or above the seats', () => {
		expect(problems({ maxChoices: 0 })).toEqual([{ code: 'max_choices_invalid', maxChoices: 0 }]);
		expect(problems({ maxChoices: 1.5 })).toEqual([{ code: 'max_choices_invalid', maxChoices: 1.5 }]);
		expect(problems({ maxChoices: 4, seats: 4 })).toContainEqual({
			code: 'max_choices_exceeds_candidates',
			maxChoices: 4,
			candidates: 3
		});
		expect(problems({ maxChoices: 3, seats: 2 })).toEqual([
			{ code: 'max_choices_exceeds_seats', maxChoices: 3, seats: 2 }
		]);
	});

	it('refuses seats below 1 or above the candidates', () => {
		expect(problems({ seats: 0, maxChoices: 1 })).toEqual([{ code: 'seats_invalid', seats: 0 }]);
		expect(problems({ seats: NaN, maxChoices: 1 })).toEqual([{ code: 'seats_invalid', seats: NaN }]);
		expect(problems({ seats: 4, maxChoices: 1 })).toEqual([
			{ code: 'seats_exceed_candidates', seats: 4, candidates: 3 }
		]);
	});

	it('refuses a threshold fraction outside (0, 1], malformed, or unreachable', () => {
		const th = (numerator: number, denominator: number, comparison: 'more_than' | 'at_least' = 'at_least') =>
			problems({ threshold: { numerator, denominator, base: 'members', comparison } });
		expect(th(0, 2)).toEqual([{ code: 'threshold_out_of_range', numerator: 0, denominator: 2 }]);
		expect(th(-1, 2)).toEqual([{ code: 'threshold_out_of_range', numerator: -1, denominator: 2 }]);
		expect(th(3, 2)).toEqual([{ code: 'threshold_out_of_range', numerator: 3, denominator: 2 }]);
		expect(th(1, 0)).toEqual([{ code: 'threshold_invalid', numerator: 1, denominator: 0 }]);
		expect(th(0.5, 1)).toEqual([{ code: 'threshold_invalid', numerator: 0.5, denominator: 1 }]);
		expect(th(1, 1, 'more_than')).toEqual([{ code: 'threshold_unreachable', numerator: 1, denominator: 1 }]);
		expect(th(2, 2, 'more_than')).toEqual([{ code: 'threshold_unreachable', numerator: 2, denominator: 2 }]);
	});

	it('refuses unknown words from stored data', () => {
		const bad = {
			...valid,
			purpose: 'party',
			threshold: { numerator: 1, denominator: 2, base: 'voters', comparison: 'over' }
		} as unknown as BallotRules;
		expect(validateRules(bad, { members: MEMBERS, candidates: CANDIDATES })).toEqual([
			{ code: 'unknown_purpose', purpose: 'party' },
			{ code: 'unknown_threshold_base', base: 'voters' },
			{ code: 'unknown_threshold_comparison', comparison: 'over' }
		]);
	});

	it('checks candidates and members', () => {
		expect(problems({ seats: 1, maxChoices: 1 }, [])).toEqual([{ code: 'no_candidates' }]);
		expect(problems({}, ['u1', 'u2', 'u1'])).toEqual([{ code: 'duplicate_candidate', candidate: 'u1' }]);
		expect(problems({}, ['u1', 'zz'])).toEqual([{ code: 'candidate_not_a_member', candidate: 'zz' }]);
		expect(problems({ quorum: 0 }, ['u1', 'u2'], [])).toEqual([
			{ code: 'no_members' },
			{ code: 'candidate_not_a_member', candidate: 'u1' },
			{ code: 'candidate_not_a_member', candidate: 'u2' }
		]);
		expect(problems({ quorum: 2 }, ['u1', 'u2'], ['u1', 'u2', 'u2'])).toEqual([
			{ code: 'duplicate_member', unit: 'u2' }
		]);
	});

	it('duplicates do not count as extra candidates or members', () => {
		expect(problems({}, ['u1', 'u1'])).toEqual([
			{ code: 'duplicate_candidate', candidate: 'u1' },
			{ code: 'seats_exceed_candidates', seats: 2, candidates: 1 },
			{ code: 'max_choices_exceeds_candidates', maxChoices: 2, candidates: 1 }
		]);
		expect(problems({ quorum: 3 }, ['u1', 'u2'], ['u1', 'u2', 'u2'])).toContainEqual({
			code: 'quorum_exceeds_members',
			quorum: 3,
			members: 2
		});
	});

	it('reports every problem at once', () => {
		const all = problems(
			{
				quorum: 99,
				seats: 0,
				maxChoices: 0,
				threshold: { numerator: 0, denominator: 1, base: 'members', comparison: 'at_least' }
			},
			[]
		);
		expect(all.map((p) => p.code).sort()).toEqual(
			[
				'max_choices_invalid',
				'no_candidates',
				'quorum_exceeds_members',
				'seats_invalid',
				'threshold_out_of_range'
			].sort()
		);
	});
});
