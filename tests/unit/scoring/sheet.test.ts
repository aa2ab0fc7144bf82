import { describe, expect, it } from 'vitest';
import { scoreSheet, type SelfAssessment } from '$lib/core/scoring';
import { deduction, small } from './fixtures';

// Self scores in Points: A.1 4,5 · A.2.1 3 · A.2.2 1 · B.1 10 · B.2 (penalty) 1 · X.1 (bonus) 2
const full: SelfAssessment = {
	scores: { 'A.1': 450, 'A.2.1': 300, 'A.2.2': 100, 'B.1': 1000, 'B.2': 100, 'X.1': 200 },
	reported: {}
};

describe('scoreSheet without deductions', () => {
	const result = scoreSheet(small, full, []);

	it('gives every item its self score as cluster score', () => {
		expect(result.items['A.1']).toEqual({ code: 'A.1', self: 450, deducted: 0, cluster: 450, overDeducted: 0 });
		expect(Object.keys(result.items)).toEqual(['A.1', 'A.2.1', 'A.2.2', 'B.1', 'B.2', 'X.1']);
		for (const item of Object.values(result.items)) expect(item.cluster).toBe(item.self);
	});

	it('splits totals by kind: total = base + bonus − penalty', () => {
		expect(result.self).toEqual({ base: 1850, bonus: 200, penalty: 100, total: 1950 });
		expect(result.cluster).toEqual(result.self);
		expect(result.deductionCount).toBe(0);
	});

	it('sums sections as signed sums of their items, nested sections included, in document order', () => {
		expect(result.sections).toEqual({
			A: { code: 'A', self: 850, cluster: 850 },
			'A.2': { code: 'A.2', self: 400, cluster: 400 },
			B: { code: 'B', self: 900, cluster: 900 },
			X: { code: 'X', self: 200, cluster: 200 }
		});
		expect(Object.keys(result.sections)).toEqual(['A', 'A.2', 'B', 'X']);
	});

	it('counts a missing self score as 0', () => {
		const partial = scoreSheet(small, { scores: { 'B.1': 1000 }, reported: {} }, []);
		expect(partial.items['A.1']).toEqual({ code: 'A.1', self: 0, deducted: 0, cluster: 0, overDeducted: 0 });
		expect(partial.self).toEqual({ base: 1000, bonus: 0, penalty: 0, total: 1000 });
		expect(partial.sections['A']).toEqual({ code: 'A', self: 0, cluster: 0 });
	});

	it('ignores scores keyed by unknown codes or sections', () => {
		const extra = scoreSheet(
			small,
			{ scores: { ...full.scores, Z: 500, A: 900, constructor: 5 }, reported: {} },
			[]
		);
		expect(extra.self).toEqual(result.self);
		expect(extra.items['Z']).toBeUndefined();
	});

	it('does not take reported figures into account', () => {
		expect(scoreSheet(small, { ...full, reported: { total: 9999, A: 1 } }, []).self.total).toBe(1950);
	});

	it('does not read Object.prototype for missing codes', () => {
		const t = {
			...small,
			criteria: [
				{
					type: 'item' as const,
					code: 'constructor',
					title: '',
					titleEn: null,
					max: 100,
					kind: 'score' as const
				}
			]
		};
		expect(scoreSheet(t, { scores: {}, reported: {} }, []).self.total).toBe(0);
	});
});

describe('scoreSheet deductions', () => {
	it('lowers a score item and the totals', () => {
		const r = scoreSheet(small, full, [deduction('A.2.1', 150)]);
		expect(r.items['A.2.1']).toEqual({ code: 'A.2.1', self: 300, deducted: 150, cluster: 150, overDeducted: 0 });
		expect(r.sections['A.2']).toEqual({ code: 'A.2', self: 400, cluster: 250 });
		expect(r.sections['A']).toEqual({ code: 'A', self: 850, cluster: 700 });
		expect(r.cluster).toEqual({ base: 1700, bonus: 200, penalty: 100, total: 1800 });
		expect(r.self.total).toBe(1950);
		expect(r.deductionCount).toBe(1);
	});

	it('adds up several deductions on one item', () => {
		const r = scoreSheet(small, full, [deduction('B.1', 100), deduction('B.1', 250)]);
		expect(r.items['B.1']).toEqual({ code: 'B.1', self: 1000, deducted: 350, cluster: 650, overDeducted: 0 });
		expect(r.deductionCount).toBe(2);
	});

	it('lowers a bonus item', () => {
		const r = scoreSheet(small, full, [deduction('X.1', 50)]);
		expect(r.items['X.1']?.cluster).toBe(150);
		expect(r.cluster).toEqual({ base: 1850, bonus: 150, penalty: 100, total: 1900 });
	});

	it('floors a score item at 0 and reports the excess', () => {
		const r = scoreSheet(small, full, [deduction('A.2.2', 50), deduction('A.2.2', 100)]);
		expect(r.items['A.2.2']).toEqual({ code: 'A.2.2', self: 100, deducted: 100, cluster: 0, overDeducted: 50 });
		expect(r.cluster.total).toBe(1850);
		expect(r.deductionCount).toBe(2);
	});

	it('raises a penalty item, which lowers the section and the total', () => {
		const r = scoreSheet(small, full, [deduction('B.2', 100)]);
		expect(r.items['B.2']).toEqual({ code: 'B.2', self: 100, deducted: 100, cluster: 200, overDeducted: 0 });
		expect(r.sections['B']).toEqual({ code: 'B', self: 900, cluster: 800 });
		expect(r.cluster).toEqual({ base: 1850, bonus: 200, penalty: 200, total: 1850 });
	});

	it('caps a penalty at its max and reports the excess', () => {
		const r = scoreSheet(small, full, [deduction('B.2', 500)]);
		expect(r.items['B.2']).toEqual({ code: 'B.2', self: 100, deducted: 200, cluster: 300, overDeducted: 300 });
		expect(r.cluster.total).toBe(1750);
	});

	it('never raises a score that a malformed sheet put out of range', () => {
		const bad: SelfAssessment = { scores: { 'A.1': -100, 'B.2': 500 }, reported: {} };
		const r = scoreSheet(small, bad, [deduction('A.1', 50), deduction('B.2', 50)]);
		expect(r.items['A.1']).toEqual({ code: 'A.1', self: -100, deducted: 0, cluster: -100, overDeducted: 50 });
		expect(r.items['B.2']).toEqual({ code: 'B.2', self: 500, deducted: 0, cluster: 500, overDeducted: 50 });
		expect(r.cluster.total).toBe(r.self.total);
	});

	it('takes self scores above the max as given (validateSheet reports them)', () => {
		const r = scoreSheet(small, { scores: { 'A.1': 900 }, reported: {} }, [deduction('A.1', 100)]);
		expect(r.items['A.1']?.cluster).toBe(800);
	});

	it('ignores deductions on unknown criteria, on sections, and with points that are not positive integers', () => {
		const r = scoreSheet(small, full, [
			deduction('Z', 100),
			deduction('A', 100),
			deduction('total', 100),
			deduction('A.1', 0),
			deduction('A.1', -100),
			deduction('A.1', 0.5),
			deduction('A.1', Number.NaN)
		]);
		expect(r.cluster).toEqual(r.self);
		expect(r.items['A.1']).toEqual({ code: 'A.1', self: 450, deducted: 0, cluster: 450, overDeducted: 0 });
		expect(r.deductionCount).toBe(0);
	});

	it('does not depend on the order of the deductions', () => {
		const ds = [deduction('A.2.2', 150), deduction('B.1', 100), deduction('B.2', 300), deduction('A.2.2', 50)];
		expect(scoreSheet(small, full, [...ds].reverse())).toEqual(scoreSheet(small, full, ds));
	});
});
