import { describe, expect, it } from 'vitest';
import { validateVote } from '../../../src/lib/core/voting';
import type { Ballot, UnitId, VoteAttempt } from '../../../src/lib/core/voting';
import { MEMBERS, closed, draft, opened } from './fixtures';

const flag = opened(draft(['u1', 'u2', 'u3'], { allowSelfVote: false }));
const vice = opened(draft(['u1', 'u2', 'u3', 'u4'], { maxChoices: 2, seats: 2 }));

function attempt(ballot: Ballot, voter: UnitId, choices: UnitId[], hasVoted = false): ReturnType<typeof validateVote> {
	const input: VoteAttempt = { ballot, members: MEMBERS, voter, hasVoted, choices };
	return validateVote(input);
}

describe('validateVote accepts', () => {
	it('one choice on a select-one ballot', () => {
		expect(attempt(flag, 'u5', ['u2'])).toEqual({ ok: true, value: { unit: 'u5', choices: ['u2'] } });
	});

	it('up to K choices on a select-up-to-K ballot, and fewer', () => {
		expect(attempt(vice, 'u5', ['u1', 'u4'])).toEqual({ ok: true, value: { unit: 'u5', choices: ['u1', 'u4'] } });
		expect(attempt(vice, 'u5', ['u3'])).toEqual({ ok: true, value: { unit: 'u5', choices: ['u3'] } });
	});

	it('a blank vote (no choice)', () => {
		expect(attempt(flag, 'u1', [])).toEqual({ ok: true, value: { unit: 'u1', choices: [] } });
		expect(attempt(vice, 'u8', [])).toEqual({ ok: true, value: { unit: 'u8', choices: [] } });
	});

	it('a self vote when the rules allow it', () => {
		expect(attempt(vice, 'u1', ['u1', 'u2'])).toEqual({ ok: true, value: { unit: 'u1', choices: ['u1', 'u2'] } });
	});

	it('a candidate voting for someone else when self votes are not allowed', () => {
		expect(attempt(flag, 'u1', ['u2']).ok).toBe(true);
		expect(attempt(flag, 'u1', []).ok).toBe(true);
	});
});

describe('validateVote refuses', () => {
	it('ballot_not_open on a draft or closed ballot', () => {
		expect(attempt(draft(['u1', 'u2']), 'u5', ['u1'])).toEqual({
			ok: false,
			error: { code: 'ballot_not_open', status: 'draft' }
		});
		expect(attempt(closed(draft(['u1', 'u2'])), 'u5', ['u1'])).toEqual({
			ok: false,
			error: { code: 'ballot_not_open', status: 'closed' }
		});
	});

	it('not_a_member for a unit outside the cluster', () => {
		expect(attempt(flag, 'guest', ['u1'])).toEqual({ ok: false, error: { code: 'not_a_member', unit: 'guest' } });
	});

	it('already_voted for a second vote', () => {
		expect(attempt(flag, 'u5', ['u1'], true)).toEqual({ ok: false, error: { code: 'already_voted', unit: 'u5' } });
		expect(attempt(flag, 'u5', [], true)).toEqual({ ok: false, error: { code: 'already_voted', unit: 'u5' } });
	});

	it('too_many_choices beyond maxChoices', () => {
		expect(attempt(flag, 'u5', ['u1', 'u2'])).toEqual({
			ok: false,
			error: { code: 'too_many_choices', maxChoices: 1, given: 2 }
		});
		expect(attempt(vice, 'u5', ['u1', 'u2', 'u3'])).toEqual({
			ok: false,
			error: { code: 'too_many_choices', maxChoices: 2, given: 3 }
		});
	});

	it('duplicate_choice when a candidate is chosen twice', () => {
		expect(attempt(vice, 'u5', ['u2', 'u2'])).toEqual({
			ok: false,
			error: { code: 'duplicate_choice', candidate: 'u2' }
		});
	});

	it('not_a_candidate for a unit not on the ballot (even a member)', () => {
		expect(attempt(flag, 'u5', ['u7'])).toEqual({ ok: false, error: { code: 'not_a_candidate', candidate: 'u7' } });
		expect(attempt(vice, 'u5', ['u1', 'nobody'])).toEqual({
			ok: false,
			error: { code: 'not_a_candidate', candidate: 'nobody' }
		});
	});

	it('self_vote_not_allowed when the rules forbid it', () => {
		expect(attempt(flag, 'u2', ['u2'])).toEqual({
			ok: false,
			error: { code: 'self_vote_not_allowed', candidate: 'u2' }
		});
		const viceNoSelf = opened(draft(['u1', 'u2', 'u3'], { maxChoices: 2, seats: 2, allowSelfVote: false }));
		expect(attempt(viceNoSelf, 'u3', ['u1', 'u3'])).toEqual({
			ok: false,
			error: { code: 'self_vote_not_allowed', candidate: 'u3' }
		});
	});

	it('in a fixed order: the first failing check wins', () => {
		// closed beats everything
		expect(attempt(closed(draft(['u1', 'u2'])), 'guest', ['x', 'x'], true)).toMatchObject({
			error: { code: 'ballot_not_open' }
		});
		// membership before second vote
		expect(attempt(flag, 'guest', ['x'], true)).toMatchObject({ error: { code: 'not_a_member' } });
		// second vote before the content
		expect(attempt(flag, 'u5', ['x', 'y'], true)).toMatchObject({ error: { code: 'already_voted' } });
		// count before duplicates and unknowns
		expect(attempt(flag, 'u5', ['x', 'x'])).toMatchObject({ error: { code: 'too_many_choices' } });
		// duplicates before unknown candidates
		expect(attempt(vice, 'u5', ['x', 'x'])).toMatchObject({ error: { code: 'duplicate_choice' } });
		// unknown candidates before self vote
		const viceNoSelf = opened(draft(['u1', 'u2', 'u3'], { maxChoices: 2, seats: 2, allowSelfVote: false }));
		expect(attempt(viceNoSelf, 'u1', ['u1', 'x'])).toMatchObject({ error: { code: 'not_a_candidate' } });
	});

	it('does not keep a reference to the caller’s array', () => {
		const choices = ['u1'];
		const r = attempt(flag, 'u5', choices);
		choices.push('u2');
		expect(r).toEqual({ ok: true, value: { unit: 'u5', choices: ['u1'] } });
	});
});
