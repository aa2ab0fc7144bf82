import { describe, expect, it } from 'vitest';
import { summaryTable, type SelfAssessment } from '$lib/core/scoring';
import { deduction, small } from './fixtures';

const complete = { 'A.1': 500, 'A.2.1': 300, 'A.2.2': 200, 'B.1': 1000, 'B.2': 0, 'X.1': 0 };
const sheet = (scores: Record<string, number>, reported: Record<string, number> = {}): SelfAssessment => ({
	scores,
	reported
});

describe('summaryTable', () => {
	it('ranks units by cluster score, with self score, deductions, mismatches and problems', () => {
		const rows = summaryTable(small, [
			{
				unit: 'first-in',
				sheet: sheet({ ...complete, 'X.1': 100 }, { total: 2100 }),
				deductions: [deduction('A.1', 200), deduction('A.1', 400)]
			},
			{ unit: 'second-in', sheet: sheet(complete, { A: 1000, total: 2000 }), deductions: [] },
			{
				unit: 'third-in',
				sheet: sheet({ 'A.1': 500, Z: 100 }, { total: 500 }),
				deductions: [deduction('Z', 100)]
			}
		]);
		expect(rows).toEqual([
			{
				unit: 'second-in',
				selfTotal: 2000,
				clusterTotal: 2000,
				deductionTotal: 0,
				listedTotal: 0,
				overDeducted: 0,
				deductionCount: 0,
				rank: 1,
				tied: false,
				mismatches: [],
				problems: [],
				submitted: true
			},
			{
				unit: 'first-in',
				selfTotal: 2100,
				clusterTotal: 1600,
				deductionTotal: 500, // 6 asked on an item scored 5: only 5 taken
				listedTotal: 600,
				overDeducted: 100,
				deductionCount: 2,
				rank: 2,
				tied: false,
				mismatches: [],
				problems: [],
				submitted: true
			},
			{
				unit: 'third-in',
				selfTotal: 500,
				clusterTotal: 500,
				deductionTotal: 0,
				listedTotal: 0,
				overDeducted: 0,
				deductionCount: 0,
				rank: 3,
				tied: false,
				mismatches: [],
				problems: [
					{ code: 'A.2.1', reason: 'missing', max: 300 },
					{ code: 'A.2.2', reason: 'missing', max: 200 },
					{ code: 'B.1', reason: 'missing', max: 1000 },
					{ code: 'B.2', reason: 'missing', max: 300 },
					{ code: 'X.1', reason: 'missing', max: 200 },
					{ code: 'Z', reason: 'unknown_criterion' }
				],
				submitted: true
			}
		]);
	});

	it('counts penalty deductions in the deduction total and shows ties as ties', () => {
		const rows = summaryTable(small, [
			{ unit: 'u1', sheet: sheet(complete), deductions: [deduction('B.2', 150)] },
			{ unit: 'u2', sheet: sheet(complete), deductions: [deduction('A.2.2', 150)] },
			{ unit: 'u3', sheet: sheet(complete, { total: 1900 }), deductions: [] }
		]);
		expect(rows.map((r) => [r.unit, r.clusterTotal, r.deductionTotal, r.rank, r.tied])).toEqual([
			['u3', 2000, 0, 1, false],
			['u1', 1850, 150, 2, true],
			['u2', 1850, 150, 2, true]
		]);
		expect(rows[0]?.mismatches).toEqual([{ code: 'total', reported: 1900, computed: 2000 }]);
	});

	it('shows a unit whose sheet has not arrived after the ranked ones: no rank, nothing checked', () => {
		const rows = summaryTable(small, [
			{ unit: 'missing', sheet: sheet({}), deductions: [], submitted: false },
			{ unit: 'u1', sheet: sheet(complete, { total: 1900 }), deductions: [] },
			{ unit: 'u2', sheet: sheet(complete), deductions: [deduction('A.1', 100)], submitted: true }
		]);
		expect(rows.map((r) => [r.unit, r.rank, r.tied, r.submitted])).toEqual([
			['u1', 1, false, true],
			['u2', 2, false, true],
			['missing', 0, false, false]
		]);
		// An empty sheet would give a "missing" problem per item: none is reported before the sheet is in.
		expect(rows[2]).toMatchObject({ mismatches: [], problems: [] });
		expect(rows[0]?.mismatches).toEqual([{ code: 'total', reported: 1900, computed: 2000 }]);
	});

	it('is empty for no units', () => {
		expect(summaryTable(small, [])).toEqual([]);
	});
});
