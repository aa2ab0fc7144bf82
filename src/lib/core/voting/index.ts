/**
 * The voting core: pure functions over plain data, no I/O. Ballots for the emulation flag, the certificate of merit
 * and the election of next year's head and vice-heads.
 *
 * Flow
 *   createBallot(input) → draft                         defaults per purpose (defaultRules)
 *   editBallot(ballot, edit) → Result<Ballot>           only while draft
 *   transition(ballot, 'open', members) → Result        validates rules + candidates (validateRules)
 *   validateVote({ ballot, members, voter, hasVoted, choices }) → Result<Vote, VoteRefusal>
 *   turnout(ballot, members, votedUnits)                count only (secret) or which units (open); never choices
 *   transition(ballot, 'closed', members) → Result
 *   tallyBallot(ballot, members, votes) → Result<Tally> closed ballots only: no partial results
 *   prepareRunoff(ballot, tally, { id }) → Result       draft run-off when tally.outcome.kind === 'runoff'
 *
 * Conventions
 * - Units and candidates are unit ids (strings). A vote with no choices is a blank vote, and it is valid.
 * - Refusals are structured reason codes with parameters ({ code: 'too_many_choices', maxChoices, given }); the UI
 *   words them.
 * - Decisions use exact integer arithmetic: votes·denominator vs numerator·base. Shares are exact fractions;
 *   formatPercent is for display only.
 * - Counting follows the minutes of a vote count: members = ballots issued, cast = returned, valid = cast (wrong
 *   choices are refused when cast, so invalid = 0), blank ballots are valid ballots that name nobody.
 * - A confirmation (one candidate) is answered agree (a choice), disagree (a paper against, valid, never blank) or
 *   abstain (a blank paper); the count gives the three figures, and the threshold applies to the agree votes.
 * - Threshold: met when votes·d > n·base ('more_than') or ≥ ('at_least'), base = members | cast | valid, and
 *   never with 0 votes. Default: more than 1/2 of members. Quorum: cast ≥ quorum; default a strict majority.
 * - Election: qualified candidates (meeting the threshold) fill the seats by votes. A tie for the last seat among
 *   qualified ones → run-off among the tied ('tie'). Seats left unfilled → run-off among the best-placed others, the
 *   top (seats left + 1) extended to ties at the cut ('no_majority'). Quorum not met → nobody elected ('no_quorum').
 */
export type {
	Ballot,
	BallotRules,
	BallotStatus,
	Fraction,
	Purpose,
	Result,
	Threshold,
	ThresholdBase,
	ThresholdComparison,
	UnitId,
	Vote
} from './types';
export { PURPOSES, THRESHOLD_BASES, THRESHOLD_COMPARISONS, isConfirmation } from './types';

export { MAJORITY_OF_MEMBERS, baseCount, formatPercent, meetsThreshold, requiredVotes, share } from './threshold';
export type { BaseCounts, Locale } from './threshold';

export { defaultRules, majorityOf, validateRules } from './rules';
export type { RuleProblem, RuleProblemCode } from './rules';

export { canTransition, createBallot, editBallot, transition } from './lifecycle';
export type { BallotEdit, LifecycleRefusal, NewBallot, RulesPatch } from './lifecycle';

export { validateVote } from './vote';
export type { VoteAttempt, VoteRefusal, VoteRefusalCode } from './vote';

export { tallyBallot } from './tally';
export type { CandidateResult, Outcome, RunoffReason, Tally, TallyRefusal } from './tally';

export { prepareRunoff, runoffTitle } from './runoff';
export type { PreparedRunoff, RunoffOptions, RunoffRefusal } from './runoff';

export { turnout } from './turnout';
export type { Turnout } from './turnout';

export { proposeCandidates } from './proposal';
