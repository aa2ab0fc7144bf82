// Ballot lifecycle: draft → open → closed, and editing, which only a draft allows.
import { defaultRules, validateRules } from './rules';
import type { RuleProblem } from './rules';
import { err, ok } from './types';
import type { Ballot, BallotRules, BallotStatus, Purpose, Result, UnitId } from './types';

export type LifecycleRefusal =
	| { readonly code: 'illegal_transition'; readonly from: BallotStatus; readonly to: BallotStatus }
	| { readonly code: 'invalid_rules'; readonly problems: readonly RuleProblem[] }
	| { readonly code: 'not_editable'; readonly status: BallotStatus };

export type RulesPatch = Partial<BallotRules>;

export interface NewBallot {
	readonly id: string;
	readonly title: string;
	readonly purpose: Purpose;
	/** Usually proposed from the ranking by the caller; editable while draft. */
	readonly candidates?: readonly UnitId[];
	/** Needed for the default quorum (a strict majority of the members). */
	readonly memberCount: number;
	/** Overrides of the purpose's defaults. seats defaults to maxChoices when only maxChoices is given. */
	readonly rules?: Partial<Omit<BallotRules, 'purpose'>>;
	readonly round?: number;
	readonly runoffOf?: string | null;
}

/** A new draft ballot. Not validated: a draft may be incomplete; `transition(…, 'open', …)` validates. */
export function createBallot(input: NewBallot): Ballot {
	const base = defaultRules(input.purpose, input.memberCount);
	const overrides = input.rules ?? {};
	const seats = overrides.seats ?? overrides.maxChoices ?? base.seats;
	return {
		id: input.id,
		title: input.title,
		round: input.round ?? 1,
		runoffOf: input.runoffOf ?? null,
		status: 'draft',
		candidates: [...(input.candidates ?? [])],
		rules: { ...base, ...overrides, seats, purpose: input.purpose }
	};
}

/** The only legal moves. No reopening: once votes exist, the rules they were cast under must not change. */
const NEXT: Record<BallotStatus, BallotStatus | null> = { draft: 'open', open: 'closed', closed: null };

export function canTransition(from: BallotStatus, to: BallotStatus): boolean {
	return NEXT[from] === to;
}

/**
 * Move a ballot to its next status. Opening checks the rules and candidates against the members (all problems are
 * returned); closing needs nothing more — the tally decides whether the quorum was met.
 */
export function transition(
	ballot: Ballot,
	to: BallotStatus,
	members: readonly UnitId[]
): Result<Ballot, LifecycleRefusal> {
	if (!canTransition(ballot.status, to)) return err({ code: 'illegal_transition', from: ballot.status, to });
	if (to === 'open') {
		const problems = validateRules(ballot.rules, { members, candidates: ballot.candidates });
		if (problems.length > 0) return err({ code: 'invalid_rules', problems });
	}
	return ok({ ...ballot, status: to });
}

export interface BallotEdit {
	readonly title?: string;
	readonly candidates?: readonly UnitId[];
	readonly rules?: RulesPatch;
}

/** Change title, candidates or rules of a draft. Only the given fields change; nothing is validated until opening. */
export function editBallot(ballot: Ballot, edit: BallotEdit): Result<Ballot, LifecycleRefusal> {
	if (ballot.status !== 'draft') return err({ code: 'not_editable', status: ballot.status });
	return ok({
		...ballot,
		title: edit.title ?? ballot.title,
		candidates: edit.candidates ? [...edit.candidates] : ballot.candidates,
		rules: edit.rules ? { ...ballot.rules, ...edit.rules } : ballot.rules
	});
}
