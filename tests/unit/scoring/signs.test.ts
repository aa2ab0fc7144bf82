import { describe, expect, it } from 'vitest';
import {
	checkArithmetic,
	readSelfAssessment,
	sectionFigure,
	summaryTable,
	type SelfAssessment
} from '$lib/core/scoring';
import { buildTemplate } from './fixtures';

// Signs as units write them: a penalty section's subtotal is the points taken away, written positive ("Điểm trừ:
// 0,5"); a bonus section's, the points added. The arithmetic check compares like with like.

const cluster = buildTemplate({
	name: 'Cụm thi đua',
	total: 20,
	step: 0.25,
	items: [
		{
			code: 'I',
			title: 'Chuyên môn',
			children: [
				{ code: 'I.1', title: 'Đào tạo', max: 10 },
				{ code: 'I.2', title: 'Nghiên cứu', max: 10 }
			]
		},
		{
			code: 'B',
			title: 'Điểm thưởng',
			children: [
				{ code: 'B.1', title: 'Cờ thi đua', max: 2, kind: 'bonus' },
				{ code: 'B.2', title: 'Đăng cai', max: 1, kind: 'bonus' }
			]
		},
		{
			code: 'P',
			title: 'Điểm trừ',
			children: [
				{ code: 'P.1', title: 'Chậm báo cáo', max: 2, kind: 'penalty' },
				{
					code: 'P.2',
					title: 'Vi phạm',
					children: [
						{ code: 'P.2.a', title: 'Kỷ luật', max: 5, kind: 'penalty' },
						{ code: 'P.2.b', title: 'Tài chính', max: 5, kind: 'penalty' }
					]
				}
			]
		}
	]
});

// I 18,75 · bonus 1,5 · penalty 0,5 (P.1) + 0,25 (P.2.a): total 18,75 + 1,5 − 0,75 = 19,5.
const scores = { 'I.1': 975, 'I.2': 900, 'B.1': 100, 'B.2': 50, 'P.1': 50, 'P.2.a': 25, 'P.2.b': 0 };

describe('the arithmetic check reads a unit’s figures as the unit writes them', () => {
	it('a penalty section’s subtotal written as the points taken away is right, and so is a bonus section’s', () => {
		const sheet: SelfAssessment = { scores, reported: { I: 1875, B: 150, P: 75, 'P.2': 25, total: 1950 } };
		expect(checkArithmetic(cluster, sheet)).toEqual([]);
		expect(summaryTable(cluster, [{ unit: 'a', sheet, deductions: [] }])[0]!.mismatches).toEqual([]);
	});

	it('a penalty subtotal typed with a minus sign is the same amount: no finding', () => {
		const entry = {
			scores: Object.fromEntries(Object.entries(scores).map(([c, v]) => [c, String(v / 100).replace('.', ',')])),
			reported: { P: '-0,75', 'P.2': '−0,25', total: '19,5' }
		};
		const read = readSelfAssessment(cluster, entry);
		expect(read.ok).toBe(true);
		if (!read.ok) return;
		expect(read.sheet.reported).toEqual({ P: 75, 'P.2': 25, total: 1950 });
		expect(checkArithmetic(cluster, read.sheet)).toEqual([]);
		expect(checkArithmetic(cluster, { scores, reported: { P: -75 } })).toEqual([]);
	});

	it('a wrong penalty subtotal is a finding, both figures as points taken away', () => {
		expect(checkArithmetic(cluster, { scores, reported: { P: 100, 'P.2': 50 } })).toEqual([
			{ code: 'P', reported: 100, computed: 75 },
			{ code: 'P.2', reported: 50, computed: 25 }
		]);
	});

	it('a wrong bonus subtotal and a wrong total are findings, in the sign they count', () => {
		expect(checkArithmetic(cluster, { scores, reported: { B: 200, total: 2025 } })).toEqual([
			{ code: 'B', reported: 200, computed: 150 },
			{ code: 'total', reported: 2025, computed: 1950 }
		]);
	});

	it('a total written as if the penalty were added is a real error', () => {
		// 18,75 + 1,5 + 0,75 = 21: the unit added its penalty.
		expect(checkArithmetic(cluster, { scores, reported: { total: 2100 } })).toEqual([
			{ code: 'total', reported: 2100, computed: 1950 }
		]);
	});

	it('a negative figure on a section that is not a penalty stays refused', () => {
		const read = readSelfAssessment(cluster, {
			scores: { 'I.1': '9', 'I.2': '9', 'B.1': '0', 'B.2': '0', 'P.1': '0', 'P.2.a': '0', 'P.2.b': '0' },
			reported: { B: '-1' }
		});
		expect(read.ok ? [] : read.errors).toEqual([{ field: 'reported', error: { code: 'B', reason: 'below_min' } }]);
	});

	it('sectionFigure: a penalty section positive, others as they count', () => {
		const [score, bonus, penalty] = cluster.criteria as [never, never, never];
		expect([sectionFigure(score, 1875), sectionFigure(bonus, 150), sectionFigure(penalty, -75)]).toEqual([
			1875, 150, 75
		]);
	});
});

describe('a section mixing score and penalty items keeps its net figure', () => {
	const mixed = buildTemplate({
		name: 'x',
		total: 10,
		step: 0.5,
		items: [
			{
				code: 'I',
				title: 'Một',
				children: [
					{ code: 'I.1', title: 'a', max: 10 },
					{ code: 'I.2', title: 'trừ', max: 2, kind: 'penalty' }
				]
			}
		]
	});
	it('net right: no finding; written as the score before the penalty: a finding', () => {
		expect(checkArithmetic(mixed, { scores: { 'I.1': 800, 'I.2': 100 }, reported: { I: 700 } })).toEqual([]);
		expect(checkArithmetic(mixed, { scores: { 'I.1': 800, 'I.2': 100 }, reported: { I: 800 } })).toEqual([
			{ code: 'I', reported: 800, computed: 700 }
		]);
	});
});
