// Validation of one unit's vote against the ballot, before it is recorded.
import { err, isConfirmation, ok } from './types';
import type { Ballot, BallotStatus, Result, UnitId, Vote } from './types';

export type VoteRefusal =
	| { readonly code: 'ballot_not_open'; readonly status: BallotStatus }
	| { readonly code: 'not_a_member'; readonly unit: UnitId }
	| { readonly code: 'already_voted'; readonly unit: UnitId }
	| { readonly code: 'too_many_choices'; readonly maxChoices: number; readonly given: number }
	| { readonly code: 'duplicate_choice'; readonly candidate: UnitId }
	| { readonly code: 'not_a_candidate'; readonly candidate: UnitId }
	| { readonly code: 'self_vote_not_allowed'; readonly candidate: UnitId }
	/** A paper against a candidate outside a confirmation, against someone else, or both for and against. */
	| { readonly code: 'against_not_allowed' };

export type VoteRefusalCode = VoteRefusal['code'];

export interface VoteAttempt {
	readonly ballot: Ballot;
	readonly members: readonly UnitId[];
	/** The unit whose delegate votes. */
	readonly voter: UnitId;
	readonly hasVoted: boolean;
	/** Candidate ids; empty = a blank vote. */
	readonly choices: readonly UnitId[];
	/** On a confirmation ballot: its candidate, for a paper against it. */
	readonly against?: readonly UnitId[];
}

/**
 * The checks on who votes and what they chose, without the ballot status or the "voted already" flag;
 * shared with the tally, which re-checks stored votes rather than trust them.
 */
export function checkChoices(
	ballot: Ballot,
	members: ReadonlySet<UnitId>,
	voter: UnitId | null,
	choices: readonly UnitId[],
	against: readonly UnitId[] = []
): VoteRefusal | null {
	// A secret paper (voter null) was checked for membership and self-votes when it was cast; only its choices remain.
	if (voter !== null && !members.has(voter)) return { code: 'not_a_member', unit: voter };
	if (choices.length > ballot.rules.maxChoices) {
		return { code: 'too_many_choices', maxChoices: ballot.rules.maxChoices, given: choices.length };
	}
	const seen = new Set<UnitId>();
	for (const candidate of choices) {
		if (seen.has(candidate)) return { code: 'duplicate_choice', candidate };
		seen.add(candidate);
	}
	for (const candidate of choices) {
		if (!ballot.candidates.includes(candidate)) return { code: 'not_a_candidate', candidate };
	}
	if (voter !== null && !ballot.rules.allowSelfVote && seen.has(voter))
		return { code: 'self_vote_not_allowed', candidate: voter };
	// Against: only the one candidate of a confirmation, on a paper that does not also agree.
	if (
		against.length > 0 &&
		(!isConfirmation(ballot) || against.length !== 1 || against[0] !== ballot.candidates[0] || choices.length > 0)
	) {
		return { code: 'against_not_allowed' };
	}
	return null;
}

/**
 * Accept or refuse one vote. Checks run in a fixed order and the first failure is returned:
 * ballot_not_open, not_a_member, already_voted, too_many_choices, duplicate_choice, not_a_candidate,
 * self_vote_not_allowed, against_not_allowed. Empty choices (and nothing against) are a valid blank vote.
 */
export function validateVote(attempt: VoteAttempt): Result<Vote, VoteRefusal> {
	const { ballot, members, voter, hasVoted, choices, against = [] } = attempt;
	if (ballot.status !== 'open') return err({ code: 'ballot_not_open', status: ballot.status });
	if (!members.includes(voter)) return err({ code: 'not_a_member', unit: voter });
	if (hasVoted) return err({ code: 'already_voted', unit: voter });
	const refusal = checkChoices(ballot, new Set(members), voter, choices, against);
	if (refusal) return err(refusal);
	return ok(
		against.length > 0
			? { unit: voter, choices: [...choices], against: [...against] }
			: { unit: voter, choices: [...choices] }
	);
}
