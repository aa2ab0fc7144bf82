import { checkArithmetic, validateSheet, type Mismatch, type SheetProblem } from './check';
import type { Points } from './points';
import { rankBy } from './ranking';
import { scoreSheet, type Deduction, type SelfAssessment } from './sheet';
import type { Template } from './template';

/** `submitted: false` for a unit whose sheet has not arrived (absent means it has). */
export interface SummaryInput {
	unit: string;
	sheet: SelfAssessment;
	deductions: readonly Deduction[];
	submitted?: boolean;
}
/**
 * deductionTotal = selfTotal − clusterTotal: what the deductions actually took off (over-deductions excluded).
 * listedTotal: the sum of the deductions as listed; overDeducted: what they asked beyond an item's score (listed
 * − effective), shown as a warning for the scorers to settle.
 */
export interface SummaryRow {
	unit: string;
	selfTotal: Points;
	clusterTotal: Points;
	deductionTotal: Points;
	listedTotal: Points;
	overDeducted: Points;
	deductionCount: number;
	/** 0 for a unit not submitted: it is not ranked. */
	rank: number;
	tied: boolean;
	mismatches: Mismatch[];
	problems: SheetProblem[];
	/** Whether the unit's sheet has arrived; before it has, the unit has no score, no rank and nothing to check. */
	submitted: boolean;
}

/**
 * The report's summary table (Tổng hợp chấm điểm), ranked by cluster score; tied units keep their input order. A unit
 * whose sheet has not arrived comes after the ranked ones, with no rank, and its empty sheet is neither scored nor
 * checked (an empty sheet is not an arithmetic error).
 */
export function summaryTable(t: Template, units: readonly SummaryInput[]): SummaryRow[] {
	const rows = units.map((u) => {
		const submitted = u.submitted !== false;
		const result = scoreSheet(t, u.sheet, u.deductions);
		return {
			unit: u.unit,
			selfTotal: result.self.total,
			clusterTotal: result.cluster.total,
			deductionTotal: result.self.total - result.cluster.total,
			listedTotal: Object.values(result.items).reduce((sum, item) => sum + item.deducted + item.overDeducted, 0),
			overDeducted: Object.values(result.items).reduce((sum, item) => sum + item.overDeducted, 0),
			deductionCount: result.deductionCount,
			mismatches: submitted ? checkArithmetic(t, u.sheet) : [],
			problems: submitted ? validateSheet(t, u.sheet) : [],
			submitted
		};
	});
	const ranked = rankBy(
		rows.filter((row) => row.submitted),
		(row) => row.clusterTotal
	).map(({ entry, rank, tied }) => ({ ...entry, rank, tied }));
	return [...ranked, ...rows.filter((row) => !row.submitted).map((row) => ({ ...row, rank: 0, tied: false }))];
}
