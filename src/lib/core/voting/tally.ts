// The count at close: totals for the minutes, per-candidate votes, who is elected, and whether a run-off is needed.
import { baseCount, meetsThreshold, requiredVotes, share } from './threshold';
import { err, ok } from './types';
import {
	isConfirmation,
	type Ballot,
	type BallotStatus,
	type Fraction,
	type Result,
	type UnitId,
	type Vote
} from './types';
import { checkChoices } from './vote';
import type { VoteRefusal } from './vote';

export interface CandidateResult {
	readonly candidate: UnitId;
	readonly votes: number;
	/** Papers against this candidate (only a confirmation's candidate has any). */
	readonly against: number;
	/** votes / the threshold's base (members, cast or valid), unreduced; null when that base is 0. */
	readonly share: Fraction | null;
	readonly meetsThreshold: boolean;
	readonly elected: boolean;
}

export type RunoffReason = 'tie' | 'no_majority';

export type Outcome =
	/** Every seat is filled. */
	| { readonly kind: 'elected' }
	/** Too few units voted: the result does not stand and nobody is elected. */
	| { readonly kind: 'no_quorum' }
	/** Some seats are left: `elected` holds the winners so far, the run-off fills `seatsLeft` among `candidates`. */
	| {
			readonly kind: 'runoff';
			readonly reason: RunoffReason;
			readonly candidates: readonly UnitId[];
			readonly seatsLeft: number;
	  };

/**
 * The count, worded after the Vietnamese minutes of a vote count (biên bản kiểm phiếu):
 * - members: ballots issued, one per member unit (phiếu phát ra)
 * - cast: ballots returned, the units that voted (phiếu thu về)
 * - valid: valid ballots (phiếu hợp lệ) = cast, because a wrong choice is refused when cast
 * - invalid: invalid ballots (phiếu không hợp lệ), always 0 for the same reason
 * - blank: valid ballots that name nobody (phiếu trống), counted among the valid ones; on a confirmation, the papers
 *   that neither agree nor disagree (Không biểu quyết / phiếu trống). A paper against is valid and never blank.
 */
export interface Tally {
	readonly ballotId: string;
	readonly round: number;
	readonly members: number;
	readonly cast: number;
	readonly valid: number;
	readonly invalid: number;
	readonly blank: number;
	/**
	 * A confirmation (one candidate) counted as officials count it: agree, disagree, abstain or blank, each its own
	 * figure (they add up to the valid papers); null for a ballot among several candidates.
	 */
	readonly confirmation: { readonly agree: number; readonly disagree: number; readonly blank: number } | null;
	/** Choices made over all ballots; equals the sum of the candidates' votes. */
	readonly choices: number;
	readonly quorum: number;
	readonly quorumMet: boolean;
	/** The number the threshold is taken of (members, cast or valid, per the rules). */
	readonly thresholdBase: number;
	/** The fewest votes that meet the threshold. */
	readonly requiredVotes: number;
	readonly seats: number;
	/** One entry per candidate, in ballot order; candidates nobody chose have 0. */
	readonly results: readonly CandidateResult[];
	/** Elected candidates, most votes first (equal votes: ballot order). Empty without quorum. */
	readonly elected: readonly UnitId[];
	readonly outcome: Outcome;
}

export type TallyRefusal =
	| { readonly code: 'ballot_not_closed'; readonly status: BallotStatus }
	| { readonly code: 'more_papers_than_members'; readonly papers: number; readonly members: number }
	| { readonly code: 'invalid_vote'; readonly unit: UnitId; readonly reason: VoteRefusal };

interface Counted {
	readonly candidate: UnitId;
	readonly index: number;
	readonly votes: number;
	readonly meets: boolean;
}

/** Those not yet elected, best placed first: the top `take`, extended to everyone tied with the last one taken. */
function topWithTies(ranked: readonly Counted[], take: number): Counted[] {
	const last = ranked[take - 1];
	if (last === undefined) return [...ranked];
	return ranked.filter((c) => c.votes >= last.votes);
}

/**
 * Decide who is elected, among candidates ranked by votes.
 * - Only candidates meeting the threshold (with at least one vote) can be elected, best first.
 * - If more qualify than there are seats and the last seat is tied, those above the tie are elected and the tied
 *   ones go to a run-off for the seats left (reason 'tie').
 * - If fewer qualify than there are seats, they are elected and the seats left go to a run-off among the best-placed
 *   others: the top (seats left + 1), extended to everyone tied at the cut (reason 'no_majority').
 */
function decide(ranked: readonly Counted[], seats: number): { elected: Counted[]; outcome: Outcome } {
	const qualified = ranked.filter((c) => c.meets);
	if (qualified.length > seats) {
		const cut = qualified[seats - 1]!.votes; // seats ≥ 1 and qualified.length > seats
		const next = qualified[seats]!.votes;
		if (next < cut) return { elected: qualified.slice(0, seats), outcome: { kind: 'elected' } };
		const above = qualified.filter((c) => c.votes > cut);
		const tied = qualified.filter((c) => c.votes === cut);
		return {
			elected: above,
			outcome: {
				kind: 'runoff',
				reason: 'tie',
				candidates: tied.map((c) => c.candidate),
				seatsLeft: seats - above.length
			}
		};
	}
	const seatsLeft = seats - qualified.length;
	if (seatsLeft === 0) return { elected: qualified, outcome: { kind: 'elected' } };
	const others = ranked.filter((c) => !c.meets);
	return {
		elected: qualified,
		outcome: {
			kind: 'runoff',
			reason: 'no_majority',
			candidates: topWithTies(others, seatsLeft + 1).map((c) => c.candidate),
			seatsLeft
		}
	};
}

/**
 * Count a closed ballot. Refuses an open or draft one (no partial results) and re-checks every stored vote
 * (member, once per unit, choices), so a corrupt store cannot produce a result. The order of `votes` is irrelevant.
 */
export function tallyBallot(
	ballot: Ballot,
	members: readonly UnitId[],
	votes: readonly Vote[]
): Result<Tally, TallyRefusal> {
	if (ballot.status !== 'closed') return err({ code: 'ballot_not_closed', status: ballot.status });
	const { rules } = ballot;
	const memberSet = new Set(members);
	const voted = new Set<UnitId>();
	let anonymous = 0; // secret papers: whose they are is not known, by design
	const counts = new Map<UnitId, number>(ballot.candidates.map((c) => [c, 0]));
	const againstCounts = new Map<UnitId, number>(ballot.candidates.map((c) => [c, 0]));
	let blank = 0;
	let choices = 0;

	for (const vote of votes) {
		if (vote.unit !== null && voted.has(vote.unit)) {
			return err({ code: 'invalid_vote', unit: vote.unit, reason: { code: 'already_voted', unit: vote.unit } });
		}
		const against = vote.against ?? [];
		const refusal = checkChoices(ballot, memberSet, vote.unit, vote.choices, against);
		if (refusal) return err({ code: 'invalid_vote', unit: vote.unit ?? '?', reason: refusal });
		if (vote.unit === null) anonymous += 1;
		else voted.add(vote.unit);
		if (vote.choices.length === 0 && against.length === 0) blank += 1;
		for (const candidate of against) againstCounts.set(candidate, (againstCounts.get(candidate) ?? 0) + 1);
		for (const candidate of vote.choices) counts.set(candidate, (counts.get(candidate) ?? 0) + 1);
		choices += vote.choices.length;
	}

	const cast = voted.size + anonymous;
	if (cast > memberSet.size) return err({ code: 'more_papers_than_members', papers: cast, members: memberSet.size });
	const valid = cast;
	const base = baseCount(rules.threshold.base, { members: memberSet.size, cast, valid });
	const quorumMet = cast >= rules.quorum;

	const counted: Counted[] = ballot.candidates.map((candidate, index) => {
		const n = counts.get(candidate) ?? 0;
		return { candidate, index, votes: n, meets: meetsThreshold(n, base, rules.threshold) };
	});
	const ranked = [...counted].sort((a, b) => b.votes - a.votes || a.index - b.index);

	const decision: { elected: Counted[]; outcome: Outcome } = quorumMet
		? decide(ranked, rules.seats)
		: { elected: [], outcome: { kind: 'no_quorum' } };
	const electedSet = new Set(decision.elected.map((c) => c.candidate));

	return ok({
		ballotId: ballot.id,
		round: ballot.round,
		members: memberSet.size,
		cast,
		valid,
		invalid: 0,
		blank,
		confirmation: isConfirmation(ballot)
			? {
					agree: counts.get(ballot.candidates[0]!) ?? 0,
					disagree: againstCounts.get(ballot.candidates[0]!) ?? 0,
					blank
				}
			: null,
		choices,
		quorum: rules.quorum,
		quorumMet,
		thresholdBase: base,
		requiredVotes: requiredVotes(base, rules.threshold),
		seats: rules.seats,
		results: counted.map((c) => ({
			candidate: c.candidate,
			votes: c.votes,
			against: againstCounts.get(c.candidate) ?? 0,
			share: share(c.votes, base),
			meetsThreshold: c.meets,
			elected: electedSet.has(c.candidate)
		})),
		elected: decision.elected.map((c) => c.candidate),
		outcome: decision.outcome
	});
}
