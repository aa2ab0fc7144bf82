// Ballot rules: defaults per purpose, and the checks a ballot must pass before it opens.
import { MAJORITY_OF_MEMBERS } from './threshold';
import { PURPOSES, THRESHOLD_BASES, THRESHOLD_COMPARISONS } from './types';
import type { BallotRules, Purpose, UnitId } from './types';

/** Seats (= choices per voter) by purpose: one flag, one certificate, one head, two vice-heads. */
const SEATS_BY_PURPOSE: Record<Purpose, number> = {
	flag: 1,
	merit: 1,
	head: 1,
	vice_head: 2,
	other: 1
};

/** Honours are given by peers, so a unit may not vote for itself; elections follow usual practice and allow it. */
const SELF_VOTE_BY_PURPOSE: Record<Purpose, boolean> = {
	flag: false,
	merit: false,
	head: true,
	vice_head: true,
	other: true
};

/** The smallest strict majority of the members (0 when there are none). */
export function majorityOf(memberCount: number): number {
	return memberCount > 0 ? Math.floor(memberCount / 2) + 1 : 0;
}

/**
 * Default rules for a purpose: seats = maxChoices by purpose, secret ballot, quorum = a strict majority of the
 * members, threshold = more than half of the members. Everything is editable while the ballot is a draft.
 */
export function defaultRules(purpose: Purpose, memberCount: number): BallotRules {
	const seats = SEATS_BY_PURPOSE[purpose];
	return {
		purpose,
		maxChoices: seats,
		secret: true,
		quorum: majorityOf(memberCount),
		threshold: MAJORITY_OF_MEMBERS,
		allowSelfVote: SELF_VOTE_BY_PURPOSE[purpose],
		seats
	};
}

export type RuleProblem =
	| { readonly code: 'unknown_purpose'; readonly purpose: string }
	| { readonly code: 'no_members' }
	| { readonly code: 'duplicate_member'; readonly unit: UnitId }
	| { readonly code: 'no_candidates' }
	| { readonly code: 'duplicate_candidate'; readonly candidate: UnitId }
	| { readonly code: 'candidate_not_a_member'; readonly candidate: UnitId }
	| { readonly code: 'max_choices_invalid'; readonly maxChoices: number }
	| { readonly code: 'max_choices_exceeds_candidates'; readonly maxChoices: number; readonly candidates: number }
	| { readonly code: 'max_choices_exceeds_seats'; readonly maxChoices: number; readonly seats: number }
	| { readonly code: 'seats_invalid'; readonly seats: number }
	| { readonly code: 'seats_exceed_candidates'; readonly seats: number; readonly candidates: number }
	| { readonly code: 'quorum_invalid'; readonly quorum: number }
	| { readonly code: 'quorum_exceeds_members'; readonly quorum: number; readonly members: number }
	| { readonly code: 'threshold_invalid'; readonly numerator: number; readonly denominator: number }
	| { readonly code: 'threshold_out_of_range'; readonly numerator: number; readonly denominator: number }
	| { readonly code: 'threshold_unreachable'; readonly numerator: number; readonly denominator: number }
	| { readonly code: 'unknown_threshold_base'; readonly base: string }
	| { readonly code: 'unknown_threshold_comparison'; readonly comparison: string };

export type RuleProblemCode = RuleProblem['code'];

const isCount = (n: number, min: number): boolean => Number.isSafeInteger(n) && n >= min;

function duplicates(ids: readonly UnitId[]): UnitId[] {
	const seen = new Set<UnitId>();
	const dups: UnitId[] = [];
	for (const id of ids) {
		if (seen.has(id) && !dups.includes(id)) dups.push(id);
		seen.add(id);
	}
	return dups;
}

/**
 * Every problem with a ballot's rules and candidates against the meeting's member units; empty when it may open.
 * Reports all problems at once so a form can mark every faulty field.
 * Beyond the obvious bounds, a voter may not choose more candidates than there are seats (a ballot naming more
 * people than are to be elected is void in Vietnamese practice), and "more than 1/1" is refused as unreachable.
 */
export function validateRules(
	rules: BallotRules,
	context: { readonly members: readonly UnitId[]; readonly candidates: readonly UnitId[] }
): RuleProblem[] {
	const problems: RuleProblem[] = [];
	const { members, candidates } = context;
	const memberSet = new Set(members);

	if (!PURPOSES.includes(rules.purpose)) problems.push({ code: 'unknown_purpose', purpose: String(rules.purpose) });

	if (members.length === 0) problems.push({ code: 'no_members' });
	for (const unit of duplicates(members)) problems.push({ code: 'duplicate_member', unit });

	if (candidates.length === 0) problems.push({ code: 'no_candidates' });
	for (const candidate of duplicates(candidates)) problems.push({ code: 'duplicate_candidate', candidate });
	for (const candidate of new Set(candidates)) {
		if (!memberSet.has(candidate)) problems.push({ code: 'candidate_not_a_member', candidate });
	}
	const candidateCount = new Set(candidates).size;

	const seatsOk = isCount(rules.seats, 1);
	if (!seatsOk) problems.push({ code: 'seats_invalid', seats: rules.seats });
	else if (candidateCount > 0 && rules.seats > candidateCount) {
		problems.push({ code: 'seats_exceed_candidates', seats: rules.seats, candidates: candidateCount });
	}

	if (!isCount(rules.maxChoices, 1)) problems.push({ code: 'max_choices_invalid', maxChoices: rules.maxChoices });
	else {
		if (candidateCount > 0 && rules.maxChoices > candidateCount) {
			problems.push({
				code: 'max_choices_exceeds_candidates',
				maxChoices: rules.maxChoices,
				candidates: candidateCount
			});
		}
		if (seatsOk && rules.maxChoices > rules.seats) {
			problems.push({ code: 'max_choices_exceeds_seats', maxChoices: rules.maxChoices, seats: rules.seats });
		}
	}

	if (!isCount(rules.quorum, 0)) problems.push({ code: 'quorum_invalid', quorum: rules.quorum });
	else if (rules.quorum > memberSet.size) {
		problems.push({ code: 'quorum_exceeds_members', quorum: rules.quorum, members: memberSet.size });
	}

	const t = rules.threshold;
	if (!THRESHOLD_BASES.includes(t.base)) problems.push({ code: 'unknown_threshold_base', base: String(t.base) });
	if (!THRESHOLD_COMPARISONS.includes(t.comparison)) {
		problems.push({ code: 'unknown_threshold_comparison', comparison: String(t.comparison) });
	}
	const fraction = { numerator: t.numerator, denominator: t.denominator };
	if (!Number.isSafeInteger(t.numerator) || !isCount(t.denominator, 1)) {
		problems.push({ code: 'threshold_invalid', ...fraction });
	} else if (t.numerator <= 0 || t.numerator > t.denominator) {
		problems.push({ code: 'threshold_out_of_range', ...fraction });
	} else if (t.numerator === t.denominator && t.comparison === 'more_than') {
		problems.push({ code: 'threshold_unreachable', ...fraction });
	}

	return problems;
}
