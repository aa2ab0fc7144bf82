import type { Points } from './points';
import { scoreOf, scoreSheet, type SelfAssessment } from './sheet';
import {
	TOTAL_CODE,
	criterionIndex,
	templateItems,
	templateSections,
	type Criterion,
	type Section,
	type Template
} from './template';

/**
 * A figure the unit typed on its sheet that its own item scores do not add up to. Both figures are written as the
 * unit writes that row: a penalty section's as the points taken away (positive), everything else as it counts.
 */
export interface Mismatch {
	code: string;
	reported: Points;
	computed: Points;
} // code = section code or 'total'

/** Whether every item below a section is a penalty: its subtotal is written as the points taken away. */
export function isPenaltySection(section: Section): boolean {
	const kinds = (list: readonly Criterion[]): boolean =>
		list.every((c) => (c.type === 'item' ? c.kind === 'penalty' : kinds(c.children)));
	return section.children.length > 0 && kinds(section.children);
}

/**
 * A section's subtotal as units write it on the section's row: a penalty section's as the positive number of
 * points taken away ("Điểm trừ: 0,5"), any other (a bonus section's points added, a mixed section's net) as the
 * signed sum scoreSheet computes.
 */
export function sectionFigure(section: Section, signedSubtotal: Points): Points {
	return isPenaltySection(section) ? -signedSubtotal : signedSubtotal;
}

/**
 * Reported subtotals and total against what the unit's own self scores compute to (same rules as scoreSheet:
 * missing scores count 0), like with like: a penalty section's figure is the points it takes away, as units write
 * it (a figure typed with a minus sign there means the same amount). Sections in document order (a section before
 * its subsections), then 'total'. Reported keys that are not sections or 'total' are validateSheet's business.
 */
export function checkArithmetic(t: Template, sheet: SelfAssessment): Mismatch[] {
	const result = scoreSheet(t, sheet, []);
	const mismatches: Mismatch[] = [];
	for (const section of templateSections(t)) {
		const reported = scoreOf(sheet.reported, section.code);
		const signed = result.sections[section.code]?.self;
		if (reported === undefined || signed === undefined) continue;
		const computed = sectionFigure(section, signed);
		const agrees = reported === computed || (isPenaltySection(section) && -reported === computed);
		if (!agrees) mismatches.push({ code: section.code, reported, computed });
	}
	const reportedTotal = scoreOf(sheet.reported, TOTAL_CODE);
	if (reportedTotal !== undefined && reportedTotal !== result.self.total) {
		mismatches.push({ code: TOTAL_CODE, reported: reportedTotal, computed: result.self.total });
	}
	return mismatches;
}

export type SheetProblem = {
	code: string;
	reason: 'missing' | 'above_max' | 'below_zero' | 'off_step' | 'unknown_criterion' | 'not_an_item';
	value?: Points;
	max?: Points;
	step?: Points;
};

/*
 * Problems with a submitted sheet, in this order:
 * 1. per item, in document order: 'missing' (no score; it will count as 0), or every one of 'below_zero',
 *    'above_max', 'off_step' that applies (a value that is not a whole number of steps, NaN included, is off_step);
 * 2. score keys, in the sheet's order: 'unknown_criterion' or 'not_an_item' (a section code);
 * 3. reported keys, in the sheet's order, that are neither a section nor 'total': 'unknown_criterion'
 *    (an item code there is also 'unknown_criterion': items carry no reported figure).
 * Every item's minimum is 0, whatever its kind (a penalty item's score is the penalty declared, a positive number).
 */
export function validateSheet(t: Template, sheet: SelfAssessment): SheetProblem[] {
	const problems: SheetProblem[] = [];
	for (const item of templateItems(t)) {
		const value = scoreOf(sheet.scores, item.code);
		if (value === undefined) {
			problems.push({ code: item.code, reason: 'missing', max: item.max });
			continue;
		}
		if (value < 0) problems.push({ code: item.code, reason: 'below_zero', value });
		if (value > item.max) problems.push({ code: item.code, reason: 'above_max', value, max: item.max });
		if (!Number.isSafeInteger(value) || value % t.step !== 0) {
			problems.push({ code: item.code, reason: 'off_step', value, step: t.step });
		}
	}
	const index = criterionIndex(t);
	for (const code of Object.keys(sheet.scores)) {
		const criterion = index.get(code);
		if (!criterion) problems.push({ code, reason: 'unknown_criterion' });
		else if (criterion.type === 'section') problems.push({ code, reason: 'not_an_item' });
	}
	for (const code of Object.keys(sheet.reported)) {
		if (code === TOTAL_CODE || index.get(code)?.type === 'section') continue;
		problems.push({ code, reason: 'unknown_criterion' });
	}
	return problems;
}
