import type { Points } from './points';
import { scoreSheet, type Deduction, type SelfAssessment } from './sheet';
import { templateItems, type Template } from './template';

/**
 * An item whose deductions, as listed, ask more than the item can give (two scorers racing on one item): the
 * listed total, what took effect, and the difference. The record must say both, and why the list was kept.
 */
export interface Excess {
	criterion: string;
	self: Points;
	listed: Points;
	effective: Points;
	over: Points;
	/** The deductions on the item, so the head can go to them. */
	deductions: string[];
}

/** A decision to keep an excess as listed: for which figures, and why. */
export interface ExcessNote {
	criterion: string;
	listed: Points;
	effective: Points;
	note: string;
}

/** Every item of one unit's sheet whose deductions exceed what the item can lose, in template order. */
export function findExcesses(t: Template, sheet: SelfAssessment, deductions: readonly Deduction[]): Excess[] {
	const result = scoreSheet(t, sheet, deductions);
	const out: Excess[] = [];
	// Template order, not the result's key order (an object puts integer-like codes such as "3" first).
	for (const { code } of templateItems(t)) {
		const item = result.items[code];
		if (!item || item.overDeducted <= 0) continue;
		out.push({
			criterion: item.code,
			self: item.self,
			listed: item.deducted + item.overDeducted,
			effective: item.deducted,
			over: item.overDeducted,
			deductions: deductions.filter((d) => d.criterion === item.code).map((d) => d.id)
		});
	}
	return out;
}

/**
 * The excesses no note covers. A note covers an excess only for the figures it was written about: a deduction
 * changed since makes a different excess, which needs deciding again.
 */
export function unresolvedExcesses(excesses: readonly Excess[], notes: readonly ExcessNote[]): Excess[] {
	return excesses.filter(
		(e) =>
			!notes.some(
				(n) =>
					n.criterion === e.criterion &&
					n.listed === e.listed &&
					n.effective === e.effective &&
					n.note.trim() !== ''
			)
	);
}

/** An excess on one unit's sheet. */
export interface UnitExcess extends Excess {
	unit: string;
}

/** The excesses of every unit of a meeting, units in the order given, each unit's in template order. */
export function meetingExcesses(
	t: Template,
	units: readonly { slug: string; sheet: SelfAssessment }[],
	deductions: readonly (Deduction & { unit: string })[]
): UnitExcess[] {
	return units.flatMap((u) =>
		findExcesses(
			t,
			u.sheet,
			deductions.filter((d) => d.unit === u.slug)
		).map((e) => ({ unit: u.slug, ...e }))
	);
}
