// Shared test helpers: eight member units, and ballots driven through the real lifecycle.
import { createBallot, tallyBallot, transition } from '../../../src/lib/core/voting';
import type { Ballot, BallotRules, Purpose, Tally, UnitId, Vote } from '../../../src/lib/core/voting';

export const MEMBERS: readonly UnitId[] = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8'];

export function draft(
	candidates: readonly UnitId[],
	rules: Partial<Omit<BallotRules, 'purpose'>> = {},
	purpose: Purpose = 'other',
	members: readonly UnitId[] = MEMBERS
): Ballot {
	return createBallot({ id: 'b1', title: 'Ballot', purpose, candidates, memberCount: members.length, rules });
}

export function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
	if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
	return r.value;
}

export function opened(ballot: Ballot, members: readonly UnitId[] = MEMBERS): Ballot {
	return unwrap(transition(ballot, 'open', members));
}

export function closed(ballot: Ballot, members: readonly UnitId[] = MEMBERS): Ballot {
	return unwrap(transition(opened(ballot, members), 'closed', members));
}

/** One vote per member, in member order: votesBy(MEMBERS, ['u1'], [], ['u1', 'u2']). */
export function votesBy(members: readonly UnitId[], ...choices: (readonly UnitId[])[]): Vote[] {
	if (choices.length > members.length) throw new Error('more ballots than members');
	return choices.map((c, i) => ({ unit: members[i]!, choices: c }));
}

export const votes = (...choices: (readonly UnitId[])[]): Vote[] => votesBy(MEMBERS, ...choices);

/** `n` identical ballots. */
export function repeat(n: number, choices: readonly UnitId[]): (readonly UnitId[])[] {
	return Array.from({ length: n }, () => choices);
}

/** Close the ballot built from `candidates` and `rules`, cast `ballots` (one per member in order), tally it. */
export function count(
	candidates: readonly UnitId[],
	rules: Partial<Omit<BallotRules, 'purpose'>>,
	ballots: (readonly UnitId[])[],
	members: readonly UnitId[] = MEMBERS
): Tally {
	const b = closed(draft(candidates, rules, 'other', members), members);
	return unwrap(tallyBallot(b, members, votesBy(members, ...ballots)));
}

export function votesOf(tally: Tally): Record<UnitId, number> {
	return Object.fromEntries(tally.results.map((r) => [r.candidate, r.votes]));
}
