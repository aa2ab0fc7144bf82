import { parsePoints, type Points, type PointsParseFailure } from './points';
import { scoreOf, type Deduction, type SelfAssessment } from './sheet';
import { findCriterion, type Item, type Template } from './template';

/** Why a typed self score is refused, with the bounds the UI shows next to the field. */
export type ScoreError = {
	criterion: string;
	reason: 'unknown_criterion' | 'not_an_item' | PointsParseFailure | 'above_max' | 'below_min' | 'off_step';
	min: Points;
	max: Points;
	step: Points;
};

type ItemLookup = { ok: true; item: Item } | { ok: false; reason: 'unknown_criterion' | 'not_an_item' };

function lookupItem(t: Template, criterion: string): ItemLookup {
	const found = findCriterion(t, criterion);
	if (!found) return { ok: false, reason: 'unknown_criterion' };
	if (found.type !== 'item') return { ok: false, reason: 'not_an_item' };
	return { ok: true, item: found };
}

/** Whether a value is a whole, non-NaN number of steps. */
function onStep(value: Points, step: Points): boolean {
	return Number.isSafeInteger(value) && value % step === 0;
}

/*
 * Self score entry. The range is 0…max for every kind (a penalty item's score is the penalty declared).
 * Checks run in the order the reasons are listed; only the first failure is returned. For an unknown criterion
 * or a section there are no bounds: min and max are 0.
 */
export function checkScore(
	t: Template,
	criterion: string,
	value: Points
): { ok: true; value: Points } | { ok: false; error: ScoreError } {
	const found = lookupItem(t, criterion);
	if (!found.ok) return { ok: false, error: { criterion, reason: found.reason, min: 0, max: 0, step: t.step } };
	const bounds = { criterion, min: 0, max: found.item.max, step: t.step };
	if (value < bounds.min) return { ok: false, error: { ...bounds, reason: 'below_min' } };
	if (value > bounds.max) return { ok: false, error: { ...bounds, reason: 'above_max' } };
	if (!onStep(value, t.step)) return { ok: false, error: { ...bounds, reason: 'off_step' } };
	return { ok: true, value };
}

export function parseScore(
	t: Template,
	criterion: string,
	text: string
): { ok: true; value: Points } | { ok: false; error: ScoreError } {
	const found = lookupItem(t, criterion);
	if (!found.ok) return { ok: false, error: { criterion, reason: found.reason, min: 0, max: 0, step: t.step } };
	const parsed = parsePoints(text);
	if (!parsed.ok)
		return { ok: false, error: { criterion, reason: parsed.reason, min: 0, max: found.item.max, step: t.step } };
	return checkScore(t, criterion, parsed.value);
}

export type DeductionError = {
	criterion: string;
	reason:
		| 'unknown_criterion'
		| 'not_an_item'
		| PointsParseFailure
		| 'not_positive'
		| 'off_step'
		| 'exceeds_score'
		| 'exceeds_max'
		| 'reason_required';
	available?: Points;
	step?: Points;
};

/*
 * Checks, in order (the first failure is returned): the criterion is an item; the points are a number
 * (NaN/Infinity → not_a_number), positive, and a whole number of steps; the deduction fits (exceeds_score:
 * the deductions on a score/bonus item would together exceed its self score; exceeds_max: the declared
 * penalty plus the deductions on a penalty item would exceed its max; `available` is what is left); a reason
 * that is not blank. The deduction with id `replacing` is left out of the sum (an edit, possibly moving it
 * to another criterion); an edit that lowers the replaced deduction on the same item skips the fit check, so an
 * excess left by simultaneous deductions can be settled by lowering one. Deductions in `existing` that scoreSheet
 * would ignore are ignored here too.
 */
export function checkDeduction(
	t: Template,
	sheet: SelfAssessment,
	existing: readonly Deduction[],
	proposed: { criterion: string; points: Points; reason: string },
	replacing?: string
): { ok: true } | { ok: false; error: DeductionError } {
	const { criterion } = proposed;
	const found = lookupItem(t, criterion);
	if (!found.ok) return { ok: false, error: { criterion, reason: found.reason } };
	const item = found.item;
	const value = proposed.points;
	if (!Number.isFinite(value)) return { ok: false, error: { criterion, reason: 'not_a_number' } };
	if (value <= 0) return { ok: false, error: { criterion, reason: 'not_positive' } };
	if (!onStep(value, t.step)) return { ok: false, error: { criterion, reason: 'off_step', step: t.step } };

	// Lowering a deduction (on the same item) never makes things worse, so it is always accepted: when deductions
	// made at the same moment went past the self score, this is how the scorers settle the excess.
	const before = replacing === undefined ? undefined : existing.find((d) => d.id === replacing);
	const lowering = before !== undefined && before.criterion === criterion && value <= before.points;

	let already = 0;
	for (const d of existing) {
		if (d.id === replacing || d.criterion !== criterion) continue;
		if (!Number.isSafeInteger(d.points) || d.points <= 0) continue;
		already += d.points;
	}
	const own = scoreOf(sheet.scores, criterion) ?? 0;
	if (lowering) {
		// no fit check: see above
	} else if (item.kind === 'penalty') {
		const available = Math.max(0, item.max - own - already);
		if (value > available) return { ok: false, error: { criterion, reason: 'exceeds_max', available } };
	} else {
		const available = Math.max(0, own - already);
		if (value > available) return { ok: false, error: { criterion, reason: 'exceeds_score', available } };
	}

	if (proposed.reason.trim() === '') return { ok: false, error: { criterion, reason: 'reason_required' } };
	return { ok: true };
}
