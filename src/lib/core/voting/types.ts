// Shared data shapes of the voting core. Plain data, so ballots and votes serialise as-is.
import type { Purpose } from '../vocabulary';

/** A unit (member school) is identified by its id; candidates are units too. */
export type UnitId = string;

export { PURPOSES, type Purpose } from '../vocabulary';

/** An exact ratio of integers; never converted to a float for a decision. */
export interface Fraction {
	readonly numerator: number;
	readonly denominator: number;
}

/**
 * What the threshold fraction applies to:
 * - members: every member unit (the ballots issued, "phiếu phát ra")
 * - cast: units that voted ("phiếu thu về")
 * - valid: valid ballots ("phiếu hợp lệ"); blank ballots are valid, and invalid choices are refused at casting,
 *   so valid = cast here. Kept as a separate word because the minutes name it.
 */
export type ThresholdBase = 'members' | 'cast' | 'valid';
export const THRESHOLD_BASES: readonly ThresholdBase[] = ['members', 'cast', 'valid'];

export type ThresholdComparison = 'more_than' | 'at_least';
export const THRESHOLD_COMPARISONS: readonly ThresholdComparison[] = ['more_than', 'at_least'];

/** "more_than 1/2 of members" reads: votes * 2 > 1 * members. */
export interface Threshold extends Fraction {
	readonly base: ThresholdBase;
	readonly comparison: ThresholdComparison;
}

export interface BallotRules {
	readonly purpose: Purpose;
	/** How many candidates one voter may choose (≥ 1, ≤ seats). */
	readonly maxChoices: number;
	/** Secret: turnout shows only a count; open: it shows which units voted. */
	readonly secret: boolean;
	/** How many member units must vote for the result to stand (0 ≤ quorum ≤ members). */
	readonly quorum: number;
	readonly threshold: Threshold;
	readonly allowSelfVote: boolean;
	/** How many candidates are elected (≥ 1, ≤ candidates). */
	readonly seats: number;
}

export type BallotStatus = 'draft' | 'open' | 'closed';

export interface Ballot {
	readonly id: string;
	readonly title: string;
	/** 1 for a first ballot, n + 1 for the run-off of round n. */
	readonly round: number;
	/** The ballot this one is the run-off of, or null. */
	readonly runoffOf: string | null;
	readonly status: BallotStatus;
	/** Candidate unit ids, in ballot order (the order the minutes list them). */
	readonly candidates: readonly UnitId[];
	readonly rules: BallotRules;
}

/**
 * One unit's vote. No choices = a blank vote (abstention), which is valid. On a confirmation ballot (one candidate)
 * a paper may instead be against its candidate ("Không đồng ý"): a valid paper, counted against, never blank.
 */
export interface Vote {
	/** The voting unit; null for a secret ballot's paper, which does not say whose it is. */
	readonly unit: UnitId | null;
	readonly choices: readonly UnitId[];
	/** The candidate this paper disagrees with (a confirmation ballot's only candidate); absent or empty otherwise. */
	readonly against?: readonly UnitId[];
}

/** A ballot on a single candidate is a confirmation: answered agree, disagree, or abstain (a blank paper). */
export function isConfirmation(ballot: Pick<Ballot, 'candidates'>): boolean {
	return ballot.candidates.length === 1;
}

/** Outcome of a function that may refuse: a value, or a structured reason (never a sentence). */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });
