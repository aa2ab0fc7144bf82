import { checkArithmetic, validateSheet, type Mismatch, type SheetProblem } from './check';
import type { Points } from './points';
import { rankBy } from './ranking';
import { scoreSheet, type Deduction, type SelfAssessment } from './sheet';
import type { Template } from './template';

export interface SummaryInput { unit: string; sheet: SelfAssessment; deductions: readonly Deduction[] }
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
	rank: number;
	tied: boolean;
	mismatches: Mismatch[];
	problems: SheetProblem[];
}

/** The report's summary table (Tổng hợp chấm điểm), ranked by cluster score; tied units keep their input order. */
export function summaryTable(t: Template, units: readonly SummaryInput[]): SummaryRow[] {
	const rows = units.map((u) => {
		const result = scoreSheet(t, u.sheet, u.deductions);
		return {
			unit: u.unit,
			selfTotal: result.self.total,
			clusterTotal: result.cluster.total,
			deductionTotal: result.self.total - result.cluster.total,
			listedTotal: Object.values(result.items).reduce((sum, item) => sum + item.deducted + item.overDeducted, 0),
			overDeducted: Object.values(result.items).reduce((sum, item) => sum + item.overDeducted, 0),
			deductionCount: result.deductionCount,
			mismatches: checkArithmetic(t, u.sheet),
			problems: validateSheet(t, u.sheet)
		};
	});
	return rankBy(rows, (row) => row.clusterTotal).map(({ entry, rank, tied }) => ({ ...entry, rank, tied }));
}
