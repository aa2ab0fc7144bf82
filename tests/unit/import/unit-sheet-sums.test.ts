import { describe, expect, it } from 'vitest';
import type { CellValue } from '$lib/core/import/grid';
import { readUnitSheet } from '$lib/core/import/unit-sheet';
import { checkArithmetic, readSelfAssessment, templateFromInput, type Template } from '$lib/core/scoring';

// A unit's filled-in sheet with sum rows as units write them: skipped as criteria, their figures kept where they
// name one section or the whole, and no false arithmetic finding.

const built = templateFromInput({
	name: 'Cụm 2026',
	total: 20,
	step: 0.25,
	items: [
		{
			code: 'I',
			title: 'Đào tạo',
			children: [
				{ code: 'I.1', title: 'Kế hoạch', max: 6 },
				{ code: 'I.2', title: 'Chất lượng', max: 4 }
			]
		},
		{
			code: 'II',
			title: 'Nghiên cứu',
			children: [
				{
					code: 'II.1',
					title: 'Đề tài',
					children: [
						{ code: 'II.1.1', title: 'Cấp tỉnh', max: 3 },
						{ code: 'II.1.2', title: 'Cấp trường', max: 2 }
					]
				},
				{ code: 'II.2', title: 'Hội thảo', max: 5 }
			]
		},
		{ code: 'B', title: 'Điểm thưởng', children: [{ code: 'B.1', title: 'Cờ thi đua', max: 2, kind: 'bonus' }] },
		{
			code: 'P',
			title: 'Điểm trừ',
			children: [
				{ code: 'P.1', title: 'Chậm báo cáo', max: 2, kind: 'penalty' },
				{ code: 'P.2', title: 'Vi phạm', max: 3, kind: 'penalty' }
			]
		}
	]
});
if (!built.ok) throw new Error('template');
const template: Template = built.template;

const HEAD: CellValue[] = ['TT', 'Nội dung', 'Điểm tối đa', 'Điểm tự chấm'];
// I 9,5 · II 8,75 (II.1 4,75) · bonus 1 · penalty 0,5 + 0,25 = 0,75: total 9,5 + 8,75 + 1 − 0,75 = 18,5.
const body = (sums: {
	I?: CellValue[][];
	II1?: CellValue[][];
	II?: CellValue[][];
	B?: CellValue[][];
	P?: CellValue[][];
	end?: CellValue[][];
}): CellValue[][] => [
	HEAD,
	['I', 'Đào tạo', 10, null],
	['1', 'Kế hoạch', 6, '5,75'],
	['2', 'Chất lượng', 4, '3,75'],
	...(sums.I ?? []),
	['II', 'Nghiên cứu', 10, null],
	['1', 'Đề tài', 5, null],
	['1.1', 'Cấp tỉnh', 3, '2,75'],
	['1.2', 'Cấp trường', 2, '2'],
	...(sums.II1 ?? []),
	['2', 'Hội thảo', 5, '4'],
	...(sums.II ?? []),
	[null, 'Điểm thưởng', 2, null],
	['1', 'Cờ thi đua', 2, '1'],
	...(sums.B ?? []),
	[null, 'Điểm trừ', null, null],
	['1', 'Chậm báo cáo', 2, '0,5'],
	['2', 'Vi phạm', 3, '0,25'],
	...(sums.P ?? []),
	...(sums.end ?? [])
];
const read = (rows: CellValue[][]) => readUnitSheet({ rows, merges: [] }, template);
const findings = (rows: CellValue[][]) => {
	const r = read(rows);
	expect(r.problems).toEqual([]);
	const sheet = readSelfAssessment(template, r.entry);
	if (!sheet.ok) throw new Error(JSON.stringify(sheet.errors));
	return { reported: r.entry.reported, findings: checkArithmetic(template, sheet.sheet) };
};

describe('sum rows in a unit’s sheet', () => {
	it.each<[string, Parameters<typeof body>[0], Record<string, string>]>([
		[
			'"Cộng" after each section, "Tổng cộng" at the end',
			{
				I: [[null, 'Cộng', 10, '9,5']],
				II: [[null, 'Cộng', 10, '8,75']],
				P: [[null, 'Cộng', null, '0,75']],
				end: [[null, 'Tổng cộng', 20, '18,5']]
			},
			{ I: '9,5', II: '8,75', P: '0,75', total: '18,5' }
		],
		[
			'"Cộng mục I", "Cộng mục II", "Tổng số điểm"',
			{
				I: [[null, 'Cộng mục I', null, '9,5']],
				II: [[null, 'Cộng mục II', null, '8.75']],
				end: [[null, 'Tổng số điểm', null, '18,5']]
			},
			{ I: '9,5', II: '8.75', total: '18,5' }
		],
		[
			'a "Cộng" inside a subsection closes it, "Cộng điểm trừ" the penalty part',
			{ II1: [[null, 'Cộng', null, '4,75']], P: [[null, 'Cộng điểm trừ', null, '0,75']] },
			{ 'II.1': '4,75', P: '0,75' }
		],
		[
			'"Cộng (I + II)", "Tổng điểm" then "Tổng cộng": the last total counts',
			{
				end: [
					[null, 'Cộng (I + II)', null, '18,25'],
					[null, 'Tổng điểm tự chấm', null, '18,25'],
					[null, 'TỔNG CỘNG', null, '18,5']
				]
			},
			{ total: '18,5' }
		],
		['a penalty subtotal written with a minus sign', { P: [[null, 'Cộng', null, '-0,75']] }, { P: '-0,75' }],
		[
			'sum rows with no figure, and "Tổng điểm tối đa"',
			{ I: [[null, 'Cộng', 10, null]], end: [[null, 'Tổng điểm tối đa', 20, null]] },
			{}
		]
	])('%s: read, kept, and no false finding', (_, sums, reported) => {
		const result = findings(body(sums));
		expect(result.reported).toEqual(reported);
		expect(result.findings).toEqual([]);
	});

	it('a wrong figure on a sum row is a real finding, in the sign the unit writes it', () => {
		const result = findings(
			body({
				II: [[null, 'Cộng mục II', null, '9']],
				P: [[null, 'Cộng', null, '1']],
				end: [[null, 'Tổng cộng', null, '19']]
			})
		);
		expect(result.findings).toEqual([
			{ code: 'II', reported: 900, computed: 875 },
			{ code: 'P', reported: 100, computed: 75 },
			{ code: 'total', reported: 1900, computed: 1850 }
		]);
	});

	it('a "Cộng" that agrees with no open section is checked against the outermost', () => {
		const result = findings(body({ II1: [[null, 'Cộng', null, '6']] }));
		expect(result.reported).toEqual({ II: '6' });
		expect(result.findings).toEqual([{ code: 'II', reported: 600, computed: 875 }]);
	});

	it('a section’s own figure and a sum row’s: the section row’s is kept, the sheet is not refused', () => {
		const rows = body({ I: [[null, 'Cộng mục I', null, '9,5']] });
		rows[1] = ['I', 'Đào tạo', 10, '9,5'];
		expect(findings(rows)).toEqual({ reported: { I: '9,5' }, findings: [] });
	});
});

describe('a numbered total in a unit’s sheet', () => {
	it('is a sum row, never an unknown criterion', () => {
		const rows = body({ end: [['III', 'TỔNG CỘNG (I + II + thưởng − trừ)', 20, '18,5']] });
		expect(findings(rows)).toEqual({ reported: { total: '18,5' }, findings: [] });
	});
});

describe('a "Cộng" right under a section’s title in a unit’s sheet', () => {
	it('is that section’s figure', () => {
		const rows = body({});
		rows.splice(2, 0, [null, 'Cộng', 10, '9,5']);
		expect(findings(rows)).toEqual({ reported: { I: '9,5' }, findings: [] });
	});
});
