import { describe, expect, it } from 'vitest';
import { confirmCriteria, readCriteriaTable, type CriteriaPreview } from '$lib/core/import/criteria';
import { readUnitSheet } from '$lib/core/import/unit-sheet';
import { checkArithmetic, readSelfAssessment, type Criterion, type Template } from '$lib/core/scoring';
import { readTableFile } from '$lib/server/files/spreadsheet';
import { readTableUpload } from '$lib/server/files/table-upload';
import { officeTableModel, tableModelDocx, tableModelXlsx, type OfficeRow, type TableModel } from '../support/fixtures';

// A criteria table as an office writes it, through the real file readers and unedited: sum rows in several forms
// inside and after the sections, maxima in words (one in a title), a bonus and a penalty part, the step 0,25 in a
// note under the table. Then a unit's filled-in sheet of it, with its own sum rows.

type Row = OfficeRow;
const ROWS: Row[] = [
	['A', 'PHẦN CHẤM ĐIỂM', null],
	['I', 'Công tác đào tạo (tối đa 10 điểm)', null],
	['1', 'Kế hoạch đào tạo', '6 điểm', '5,75'],
	['2', 'Chất lượng giảng dạy', '4đ', '3,75'],
	[null, 'Cộng mục I', 10, '9,5'],
	['II', 'Nghiên cứu khoa học', 'tối đa: 10', null],
	['1', 'Đề tài khoa học', null, null],
	['1.1', 'Cấp tỉnh', '2,75', '2,75'],
	['1.2', 'Cấp trường', '≤ 2,25', '2'],
	[null, 'Cộng', 5, '4,75'],
	['2', 'Hội thảo khoa học', 'không quá 5 điểm', '4'],
	[null, 'Cộng mục II', '10 điểm', '8,75'],
	[null, 'Cộng (I + II)', 20, '18,25'],
	['B', 'ĐIỂM THƯỞNG', null, null],
	['1', 'Được tặng Cờ thi đua', '(tối đa 2 điểm)', '1'],
	[null, 'Cộng điểm thưởng', 2, '1'],
	['C', 'ĐIỂM TRỪ', null, null],
	['1', 'Chậm gửi báo cáo', 'trừ 2', '0,5'],
	['2', 'Vi phạm quy chế (trừ tối đa 3 điểm)', null, '0,25'],
	[null, 'Cộng', 5, '0,75'],
	[null, 'Tổng số điểm', 20, '18,5']
];

function model(withSelf: boolean, rows: readonly Row[] = ROWS): TableModel {
	return officeTableModel(rows, {
		withSelf,
		lines: ['SỞ NỘI VỤ TỈNH X', 'CỤM THI ĐUA CÁC SỞ NỘI VỤ'],
		tableTitle: 'BẢNG TIÊU CHÍ CHẤM ĐIỂM THI ĐUA NĂM 2026',
		selfTitle: 'BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2026'
	});
}

const shape = (criteria: readonly Criterion[]): unknown[] =>
	criteria.map((c) =>
		c.type === 'section'
			? { code: c.code, title: c.title, children: shape(c.children) }
			: { code: c.code, title: c.title, max: c.max, kind: c.kind }
	);

const EXPECTED = [
	{
		code: 'A',
		title: 'PHẦN CHẤM ĐIỂM',
		children: [
			{
				code: 'A.I',
				title: 'Công tác đào tạo',
				children: [
					{ code: 'A.I.1', title: 'Kế hoạch đào tạo', max: 600, kind: 'score' },
					{ code: 'A.I.2', title: 'Chất lượng giảng dạy', max: 400, kind: 'score' }
				]
			},
			{
				code: 'A.II',
				title: 'Nghiên cứu khoa học',
				children: [
					{
						code: 'A.II.1',
						title: 'Đề tài khoa học',
						children: [
							{ code: 'A.II.1.1', title: 'Cấp tỉnh', max: 275, kind: 'score' },
							{ code: 'A.II.1.2', title: 'Cấp trường', max: 225, kind: 'score' }
						]
					},
					{ code: 'A.II.2', title: 'Hội thảo khoa học', max: 500, kind: 'score' }
				]
			}
		]
	},
	{
		code: 'B',
		title: 'ĐIỂM THƯỞNG',
		children: [{ code: 'B.1', title: 'Được tặng Cờ thi đua', max: 200, kind: 'bonus' }]
	},
	{
		code: 'C',
		title: 'ĐIỂM TRỪ',
		children: [
			{ code: 'C.1', title: 'Chậm gửi báo cáo', max: 200, kind: 'penalty' },
			{ code: 'C.2', title: 'Vi phạm quy chế', max: 300, kind: 'penalty' }
		]
	}
];

async function preview(bytes: Uint8Array): Promise<CriteriaPreview> {
	const read = await readTableUpload(bytes, 'max');
	if (!read.ok) throw new Error(read.reason);
	return readCriteriaTable(read.grid, { context: read.context });
}

function confirmed(p: CriteriaPreview): Template {
	const result = confirmCriteria(p);
	if (!result.ok) throw new Error(JSON.stringify(result));
	return result.template;
}

describe('a criteria table as the office wrote it, imported unedited', () => {
	it.each([
		['.xlsx', () => tableModelXlsx(model(false))],
		['.docx', () => tableModelDocx(model(false))]
	])('%s: the right tree, every sum row checked, no problem at all', async (_, make) => {
		const p = await preview(await make());
		expect(p.problems).toEqual([]);
		expect(p.name).toBe('BẢNG TIÊU CHÍ CHẤM ĐIỂM THI ĐUA NĂM 2026');
		expect([p.step, p.stepSource]).toEqual([25, 'stated']);
		expect([p.total, p.bonusTotal, p.penaltyTotal]).toEqual([2000, 200, 500]);
		expect(p.sums.map((s) => [s.title, s.grand ? 'all' : s.codes.join(' + '), s.figure, s.computed])).toEqual([
			['Cộng mục I', 'A.I', 1000, 1000],
			['Cộng', 'A.II.1', 500, 500],
			['Cộng mục II', 'A.II', 1000, 1000],
			['Cộng (I + II)', 'A.I + A.II', 2000, 2000],
			['Cộng điểm thưởng', 'B', 200, 200],
			['Cộng', 'C', 500, 500],
			['Tổng số điểm', 'all', 2000, 2000]
		]);
		const template = confirmed(p);
		expect(shape(template.criteria)).toEqual(EXPECTED);
		expect([template.step, template.nominalTotal]).toEqual([25, 2000]);
	});

	it('a sum row the office got wrong is the one error, naming its row and both figures', async () => {
		const wrong = ROWS.map((r): Row => (r[1] === 'Cộng (I + II)' ? [null, 'Cộng (I + II)', 21] : r));
		const p = await preview(await tableModelXlsx(model(false, wrong)));
		expect(p.problems).toEqual([
			{ reason: 'sum_mismatch', severity: 'error', row: 19, text: 'A.I + A.II', stated: 2100, computed: 2000 }
		]);
	});
});

describe('a unit’s filled-in sheet of that table, with its own sum rows', () => {
	const templateOf = async () => confirmed(await preview(await tableModelXlsx(model(false))));

	async function unitSheet(rows: readonly Row[]) {
		const template = await templateOf();
		const file = await readTableFile(await tableModelXlsx(model(true, rows)));
		if (!file.ok) throw new Error(file.reason);
		const read = readUnitSheet(file.grid, template);
		const sheet = readSelfAssessment(template, read.entry);
		return { template, read, sheet };
	}

	it('imports, keeps the figures it can compare, and has no false arithmetic finding', async () => {
		const { template, read, sheet } = await unitSheet(ROWS);
		expect(read.problems).toEqual([]);
		expect(read.entry.reported).toEqual({
			'A.I': '9,5',
			'A.II.1': '4,75',
			'A.II': '8,75',
			B: '1',
			C: '0,75',
			total: '18,5'
		});
		expect(sheet.ok).toBe(true);
		if (!sheet.ok) return;
		expect(Object.keys(sheet.sheet.scores).sort()).toEqual([
			'A.I.1',
			'A.I.2',
			'A.II.1.1',
			'A.II.1.2',
			'A.II.2',
			'B.1',
			'C.1',
			'C.2'
		]);
		expect(checkArithmetic(template, sheet.sheet)).toEqual([]);
	});

	it('a subtotal the unit added wrong is a real finding with the right figures', async () => {
		const wrong = ROWS.map((r): Row =>
			r[1] === 'Cộng mục II'
				? [r[0], r[1], r[2], '9']
				: r[0] === null && r[1] === 'Cộng' && r[2] === 5 && r[3] === '0,75'
					? [null, 'Cộng', 5, '1']
					: r
		);
		const { template, read, sheet } = await unitSheet(wrong);
		expect(read.problems).toEqual([]);
		if (!sheet.ok) throw new Error(JSON.stringify(sheet.errors));
		expect(checkArithmetic(template, sheet.sheet)).toEqual([
			{ code: 'A.II', reported: 900, computed: 875 },
			{ code: 'C', reported: 100, computed: 75 }
		]);
	});
});
