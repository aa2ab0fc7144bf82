import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import demo from '$lib/server/demo/cluster-2021.json';
import { confirmCriteria, readCriteriaTable } from '$lib/core/import/criteria';
import { readUnitSheet } from '$lib/core/import/unit-sheet';
import {
	readSelfAssessment,
	templateFromInput,
	type Criterion,
	type Template,
	type TemplateInput
} from '$lib/core/scoring';
import { fileRefusalMessage } from '$lib/i18n/file-problems';
import { criteriaWorkbook } from '$lib/server/files/criteria-workbook';
import { readTableFile } from '$lib/server/files/spreadsheet';
import { readTableUpload } from '$lib/server/files/table-upload';
import { readUnitsFile } from '$lib/server/files/import-files';
import { readWordTables } from '$lib/server/files/word-table';
import {
	criteriaTableDocx,
	criteriaTableXlsx,
	unitSheetXlsx,
	unitsXlsx,
	type CriteriaTableOptions
} from '../support/fixtures';

// The importers through the real file readers: workbooks written by exceljs and Word documents by docx, read back
// as a secretariat's files would be.

const input = demo.criteria_template as TemplateInput;
const built = templateFromInput(input);
if (!built.ok) throw new Error('demo template');
const demoTemplate = built.template;

/** What the host checks of a table: codes, titles, maxima and kinds, in order. */
const shape = (criteria: readonly Criterion[]): unknown[] =>
	criteria.map((c) =>
		c.type === 'section'
			? { code: c.code, title: c.title, children: shape(c.children) }
			: { code: c.code, title: c.title, max: c.max, kind: c.kind }
	);

async function importTable(bytes: Uint8Array): Promise<Template> {
	const read = await readTableUpload(bytes, 'max');
	if (!read.ok) throw new Error(`refused: ${read.reason}`);
	const preview = readCriteriaTable(read.grid, { context: read.context });
	const confirmed = confirmCriteria(preview);
	if (!confirmed.ok) throw new Error(JSON.stringify(confirmed));
	return confirmed.template;
}

const MESSY: CriteriaTableOptions = {
	spacerRows: true,
	mergeCodeAndTitle: true,
	numbersAsText: true,
	columnNumbers: true,
	startColumn: 1,
	twoRowHeader: true
};

describe('the 2021 table, written as secretariats write it, reads back to the demo’s template', () => {
	it.each<[string, CriteriaTableOptions]>([
		['plain', {}],
		[
			'messy: spacer rows, merged section cells, numbers as text, column numbers, a two-row header, an empty first column',
			MESSY
		],
		[
			'full codes, "STT | Tiêu chí | Điểm tối đa"',
			{
				numbering: 'full',
				header: { code: 'STT', title: 'Tiêu chí', max: 'Điểm tối đa', self: false, note: false }
			}
		]
	])('.xlsx, %s', async (_, options) => {
		const template = await importTable(await criteriaTableXlsx(input, options));
		expect(shape(template.criteria)).toEqual(shape(demoTemplate.criteria));
		expect(template.nominalTotal).toBe(10000);
		expect(template.step).toBe(50);
	});

	it.each<[string, CriteriaTableOptions]>([
		['plain', {}],
		['messy', MESSY]
	])(
		'.docx, %s (the criteria table found among the document’s tables, its title from the paragraphs)',
		async (_, options) => {
			const template = await importTable(await criteriaTableDocx(input, options));
			expect(shape(template.criteria)).toEqual(shape(demoTemplate.criteria));
			expect(template.name).toBe('BẢNG TIÊU CHÍ CHẤM ĐIỂM THI ĐUA NĂM 2021');
		}
	);

	it('.docx, a table split in two where a page broke reads as one', async () => {
		const read = await readWordTables(await criteriaTableDocx(input, { splitAt: 20 }));
		expect(read.ok && read.tables.length).toBe(3);
		const template = await importTable(await criteriaTableDocx(input, { splitAt: 20 }));
		expect(shape(template.criteria)).toEqual(shape(demoTemplate.criteria));
	});

	it('.xlsx, the table on the second worksheet after a sheet of instructions', async () => {
		const workbook = new ExcelJS.Workbook();
		workbook.addWorksheet('Hướng dẫn').addRow(['Các đơn vị chấm điểm theo bảng ở trang sau.']);
		const sheet = workbook.addWorksheet('Bảng điểm');
		sheet.addRows([
			['TT', 'Nội dung', 'Điểm chuẩn'],
			['I', 'Đào tạo', 10],
			['1', 'Kế hoạch', 10]
		]);
		const read = await readTableUpload(new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer));
		if (!read.ok) throw new Error(read.reason);
		expect(readCriteriaTable(read.grid).criteria.map((c) => c.code)).toEqual(['I']);
	});

	it('a step stated below a Word table is read: "Điểm chấm lẻ đến 0,25 điểm"', async () => {
		const read = await readTableUpload(
			await criteriaTableDocx(input, { footerLines: ['Ghi chú: điểm chấm lẻ đến 0,25 điểm.'] })
		);
		if (!read.ok) throw new Error(read.reason);
		const preview = readCriteriaTable(read.grid, { context: read.context });
		expect([preview.step, preview.stepSource]).toEqual([25, 'stated']);
	});

	it('a section stated wrong in the file is named by its row in the worksheet', async () => {
		const read = await readTableUpload(await criteriaTableXlsx(input, { sectionMax: { II: 26 } }));
		if (!read.ok) throw new Error(read.reason);
		const preview = readCriteriaTable(read.grid);
		const row = read.grid.rows.findIndex((r) => r[0] === 'II') + 1;
		expect(preview.problems).toEqual([
			{ reason: 'section_sum_mismatch', severity: 'error', row, code: 'II', stated: 2600, computed: 3000 }
		]);
	});

	it('Word merges come through: gridSpan and vMerge', async () => {
		const read = await readWordTables(
			await criteriaTableDocx(input, { twoRowHeader: true, mergeCodeAndTitle: true })
		);
		if (!read.ok) throw new Error(read.reason);
		const table = read.tables[1]!.grid;
		expect(table.rows[0]!.slice(0, 4)).toEqual(['TT', 'Nội dung tiêu chí', 'Điểm', null]);
		expect(table.merges).toContainEqual({ top: 0, left: 0, bottom: 1, right: 0 });
		expect(table.merges).toContainEqual({ top: 0, left: 2, bottom: 0, right: 3 });
		expect(table.rows[2]![0]).toBe('I. Công tác đào tạo, bồi dưỡng');
	});
});

describe('the blank self-assessment workbook', () => {
	it('reads back, once filled in, to the unit’s entry', async () => {
		const hagiang = demo.units.find((u) => u.slug === 'ha-giang')!;
		const scores = Object.fromEntries(
			Object.entries(hagiang.self_assessment.scores).map(([c, v]) => [c, Math.round(v * 100)])
		);
		const bytes = await criteriaWorkbook(demoTemplate, {
			unitName: 'Trường Chính trị tỉnh Hà Giang',
			sheet: { scores, reported: { II: 2600, total: 9100 } }
		});
		const file = await readTableFile(bytes);
		if (!file.ok) throw new Error(file.reason);
		const read = readUnitSheet(file.grid, demoTemplate);
		expect(read.problems).toEqual([]);
		const sheet = readSelfAssessment(demoTemplate, read.entry);
		expect(sheet.ok && sheet.sheet).toEqual({ scores, reported: { II: 2600, total: 9100 } });
	});

	it('blank, it lists every criterion with its maximum and an empty self-score column', async () => {
		const file = await readTableFile(await criteriaWorkbook(demoTemplate));
		if (!file.ok) throw new Error(file.reason);
		const header = file.grid.rows.findIndex((r) => r[0] === 'TT');
		expect(file.grid.rows[header]).toEqual(['TT', 'Nội dung', 'Điểm tối đa', 'Điểm tự chấm', 'Ghi chú']);
		expect(file.grid.rows.find((r) => r[0] === 'II')!.slice(2, 4)).toEqual([30, null]);
		expect(file.grid.rows.find((r) => r[0] === 'I.2.3')!.slice(2, 4)).toEqual([3, null]);
		// The criteria importer reads it too: the host may start next year's table from this year's.
		expect(shape((await importTable(await criteriaWorkbook(demoTemplate))).criteria)).toEqual(
			shape(demoTemplate.criteria)
		);
	});

	it('a unit’s own filled-in .xlsx reads to its entry', async () => {
		const file = await readTableFile(
			await unitSheetXlsx(input, { ...demo.units[0]!.self_assessment.scores, 'I.1': '9,5' }, { total: 101 })
		);
		if (!file.ok) throw new Error(file.reason);
		const read = readUnitSheet(file.grid, demoTemplate);
		expect(read.entry.scores['I.1']).toBe('9,5');
		expect(read.entry.reported).toEqual({ total: '101' });
	});
});

describe('a units list from a workbook', () => {
	it('reads the demo’s units with their short names and slugs', async () => {
		const file = await readUnitsFile(await unitsXlsx(demo.units.map((u) => ({ name: u.name }))));
		if (!file.ok) throw new Error(file.reason);
		const list = file.value;
		expect(list.problems).toEqual([]);
		expect(list.units.map((u) => [u.shortName, u.slug])).toEqual(demo.units.map((u) => [u.short_name, u.slug]));
	});

	it('reads a units list from a Word table, given short names kept', async () => {
		const { Document, Packer, Paragraph, Table, TableRow, TableCell } = await import('docx');
		const cells = (texts: string[]) =>
			new TableRow({ children: texts.map((t) => new TableCell({ children: [new Paragraph(t)] })) });
		const doc = new Document({
			sections: [
				{
					children: [
						new Paragraph('Danh sách đơn vị'),
						new Table({
							rows: [
								cells(['TT', 'Tên đơn vị', 'Tên viết tắt']),
								cells(['1', 'Trường Chính trị tỉnh Đắk Lắk', 'Đắk Lắk']),
								cells(['2', 'Học viện Chính trị khu vực III', 'Khu vực III'])
							]
						})
					]
				}
			]
		});
		const file = await readUnitsFile(new Uint8Array(await Packer.toBuffer(doc)));
		expect(file.ok && file.value.units.map((u) => [u.name, u.shortName, u.slug])).toEqual([
			['Trường Chính trị tỉnh Đắk Lắk', 'Đắk Lắk', 'dak-lak'],
			['Học viện Chính trị khu vực III', 'Khu vực III', 'khu-vuc-iii']
		]);
	});
});

describe('files that are not tables', () => {
	const refusal = async (bytes: Uint8Array) => {
		const read = await readTableUpload(bytes);
		return read.ok ? 'read' : read.reason;
	};

	it('an empty file', async () => {
		expect(await refusal(new Uint8Array())).toBe('empty');
		expect(fileRefusalMessage('vi', 'empty')).toBe('Tệp trống hoặc chưa chọn tệp.');
	});

	it('random bytes and a PNG are not tables, and the message says what to send', async () => {
		expect(await refusal(randomBytes(4096))).toBe('not_a_table');
		const png = new Uint8Array([
			0x89,
			0x50,
			0x4e,
			0x47,
			0x0d,
			0x0a,
			0x1a,
			0x0a,
			0x00,
			0x00,
			0x00,
			0x0d,
			0x49,
			0x48,
			0x44,
			0x52,
			...randomBytes(64)
		]);
		expect(await refusal(png)).toBe('not_a_table');
		expect(fileRefusalMessage('vi', 'not_a_table')).toContain('Hãy gửi tệp .xlsx hoặc .docx');
	});

	it('a zip that is neither a workbook nor a Word document is not a table', async () => {
		const JSZip = (await import('jszip')).default;
		const zip = new JSZip();
		zip.file('hello.txt', 'xin chào');
		expect(await refusal(await zip.generateAsync({ type: 'uint8array' }))).toBe('not_a_table');
	});

	it('a 20 MB file is refused as too large, before it is read', async () => {
		const big = new Uint8Array(20 * 1024 * 1024);
		big.set([0x50, 0x4b, 0x03, 0x04]);
		expect(await refusal(big)).toBe('too_large');
		expect((await readWordTables(big)).ok).toBe(false);
		expect(fileRefusalMessage('vi', 'too_large')).toContain('tối đa 5 MB');
	});

	it('UTF-16 and BOM CSV text read as tables', async () => {
		const text = 'TT\tNội dung\tĐiểm chuẩn\r\nI\tĐào tạo\t10\r\n1\tKế hoạch\t10\r\n';
		const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
		const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace(/\t/g, ';'), 'utf8')]);
		for (const bytes of [utf16, bom]) {
			const read = await readTableUpload(bytes);
			if (!read.ok) throw new Error(read.reason);
			expect(read.format).toBe('csv');
			const preview = readCriteriaTable(read.grid);
			expect(preview.problems).toEqual([]);
			expect(preview.criteria[0]).toMatchObject({ code: 'I', title: 'Đào tạo', max: 1000 });
		}
	});

	it('a Word document without a table says so', async () => {
		const { Document, Packer, Paragraph } = await import('docx');
		const doc = new Document({ sections: [{ children: [new Paragraph('Báo cáo tổng kết')] }] });
		expect(await refusal(new Uint8Array(await Packer.toBuffer(doc)))).toBe('no_table');
	});
});
