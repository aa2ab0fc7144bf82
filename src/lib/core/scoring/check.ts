import type { Points } from './points';
import { scoreOf, scoreSheet, type SelfAssessment } from './sheet';
import { TOTAL_CODE, criterionIndex, templateItems, templateSections, type Template } from './template';

/** A figure the unit typed on its sheet that its own item scores do not add up to. */
export interface Mismatch { code: string; reported: Points; computed: Points } // code = section code or 'total'

/**
 * Reported subtotals and total against what the unit's own self scores compute to (same rules as scoreSheet:
 * missing scores count 0, subtotals are signed sums). Sections in document order (a section before its
 * subsections), then 'total'. Reported keys that are not sections or 'total' are validateSheet's business.
 */
export function checkArithmetic(t: Template, sheet: SelfAssessment): Mismatch[] {
	const result = scoreSheet(t, sheet, []);
	const mismatches: Mismatch[] = [];
	for (const section of templateSections(t)) {
		const reported = scoreOf(sheet.reported, section.code);
		const computed = result.sections[section.code]?.self;
		if (reported !== undefined && computed !== undefined && reported !== computed) {
			mismatches.push({ code: section.code, reported, computed });
		}
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
