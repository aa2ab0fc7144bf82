import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import demo from '$lib/server/demo/cluster-2021.json';
import { templateFromInput, type TemplateInput } from '$lib/core/scoring';
import { criteriaWorkbook } from '$lib/server/files/criteria-workbook';
import { readWorkbookSheets } from '$lib/server/files/spreadsheet';
import { criteriaTableXlsx, unitSheetXlsx, unitsXlsx } from '../support/fixtures';
import { exceljsGrids } from '../support/exceljs-grid';

// The bounded workbook reader gives, for the files secretariats send, the very grid exceljs gave (loading the whole
// workbook): the same cells, merges, numbers, dates, rich text and formula results.

const input = demo.criteria_template as TemplateInput;
const built = templateFromInput(input);
if (!built.ok) throw new Error('demo template');
const template = built.template;

async function expectSameAsExceljs(bytes: Uint8Array) {
	const read = await readWorkbookSheets(bytes);
	if (!read.ok) throw new Error(`refused: ${read.reason}`);
	expect(read.grids).toEqual(await exceljsGrids(bytes));
	return read.grids;
}

const buffer = async (workbook: ExcelJS.Workbook) => new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);

describe('the bounded reader reads workbooks as exceljs did', () => {
	it.each([
		['a plain criteria table', () => criteriaTableXlsx(input)],
		[
			'a messy one (spacer rows, merged cells, numbers as text, a two-row header)',
			() =>
				criteriaTableXlsx(input, {
					spacerRows: true,
					mergeCodeAndTitle: true,
					numbersAsText: true,
					columnNumbers: true,
					startColumn: 1,
					twoRowHeader: true
				})
		],
		['the blank self-assessment workbook', () => criteriaWorkbook(template)],
		[
			'a filled-in one',
			() =>
				criteriaWorkbook(template, {
					unitName: 'Hà Giang',
					sheet: { scores: { 'I.1': 950 }, reported: { total: 9100 } }
				})
		],
		[
			'a unit’s own sheet',
			() =>
				unitSheetXlsx(
					input,
					{ ...demo.units[0]!.self_assessment.scores, 'I.1': '9,5' },
					{ total: 101 },
					{ letters: true, spacerRows: true }
				)
		],
		[
			'a units list',
			() =>
				unitsXlsx(
					demo.units.map((u) => ({ name: u.name, short: u.short_name })),
					{ title: 'DANH SÁCH ĐƠN VỊ' }
				)
		]
	])('%s', async (_, make) => {
		await expectSameAsExceljs(new Uint8Array(await make()));
	});

	it('dates, rich text, booleans, formulas, errors, hyperlinks, line breaks, escapes, sheets of instructions', async () => {
		const workbook = new ExcelJS.Workbook();
		workbook.addWorksheet('Hướng dẫn').addRow(['Các đơn vị chấm điểm theo bảng ở trang sau.']);
		workbook.addWorksheet('Trống');
		const sheet = workbook.addWorksheet('Bảng điểm');
		sheet.addRow(['TT', 'Nội dung', 'Điểm chuẩn', 'Ngày', 'Ghi chú']);
		sheet.addRow([
			'I',
			{ richText: [{ text: 'Đào tạo, ', font: { bold: true } }, { text: 'bồi dưỡng' }] },
			10,
			new Date(Date.UTC(2021, 10, 15)),
			'a < b & c'
		]);
		sheet.addRow(['1', 'Kế hoạch\nnăm học', '0,5', { formula: 'C2/2', result: 5 }, true]);
		sheet.addRow([
			'2',
			{ text: 'Trang của Cụm', hyperlink: 'https://example.vn' },
			{ formula: 'C2+1' },
			{ error: '#DIV/0!' },
			{ formula: 'D2', result: new Date(Date.UTC(2021, 0, 2)) }
		]);
		sheet.getCell('D2').numFmt = 'dd/mm/yyyy';
		sheet.getCell('E4').numFmt = 'd-mmm-yy';
		sheet.addRow(['3', 'Dấu “ngoặc” và _x000D_ chữ', 0.25, -1.5e-7, false]);
		sheet.mergeCells('B6:E6');
		sheet.getCell('B6').value = 'Tổng cộng';
		// Formatted empty cells past the table, as Excel keeps them.
		sheet.getCell('H9').border = { top: { style: 'thin' } };
		sheet.getCell('A12').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFF0000' } };
		const grids = await expectSameAsExceljs(await buffer(workbook));
		expect(grids).toHaveLength(2);
		expect(grids[1]!.rows[1]).toEqual(['I', 'Đào tạo, bồi dưỡng', 10, '2021-11-15', 'a < b & c']);
	});

	it('a 1904 workbook’s dates', async () => {
		const workbook = new ExcelJS.Workbook();
		workbook.properties.date1904 = true;
		const sheet = workbook.addWorksheet('A');
		sheet.addRow(['Ngày', new Date(Date.UTC(2021, 10, 15))]);
		await expectSameAsExceljs(await buffer(workbook));
	});
});
