import { describe, expect, it } from 'vitest';
import demo from '$lib/server/demo/cluster-2021.json';
import { readUnitSheet } from '$lib/core/import/unit-sheet';
import { readUpload } from '$lib/board/upload';
import { checkArithmetic, readSelfAssessment, templateFromInput, type TemplateInput } from '$lib/core/scoring';
import { criteriaTableModel, tableModelGrid, type CriteriaTableOptions } from '../../support/fixtures';

// A unit's filled-in sheet, read into the form's entry: by number, else by title; its own subtotals and total kept
// as reported figures for the arithmetic check.

const input = demo.criteria_template as TemplateInput;
const built = templateFromInput(input);
if (!built.ok) throw new Error('demo template');
const template = built.template;
const hagiang = demo.units.find((u) => u.slug === 'ha-giang')!;
const scores = hagiang.self_assessment.scores as Record<string, number>;

const sheetGrid = (options: CriteriaTableOptions) =>
	tableModelGrid(criteriaTableModel(input, { header: { self: 'Điểm tự chấm' }, scores, ...options }));

describe('reading a unit’s filled-in sheet', () => {
	it('reads every item’s score, the section subtotals and the total row as the unit wrote them', () => {
		const read = readUnitSheet(sheetGrid({ reported: { II: 26, total: '90,5' } }), template);
		expect(read.problems).toEqual([]);
		expect(read.entry.scores).toEqual(Object.fromEntries(Object.entries(scores).map(([c, v]) => [c, String(v)])));
		expect(read.entry.reported).toEqual({ II: '26', total: '90,5' });
		const sheet = readSelfAssessment(template, read.entry);
		expect(sheet.ok).toBe(true);
		if (!sheet.ok) return;
		// Hà Giang's section II adds up to 22, not the 26 it wrote: kept, and flagged by the arithmetic check.
		expect(checkArithmetic(template, sheet.sheet).map((m) => [m.code, m.reported, m.computed])).toEqual([
			['II', 2600, 2200],
			['total', 9050, 9100]
		]);
	});

	it('reads the same whether numbered as printed (2.1, a) or with full codes, with merged cells and spacer rows', () => {
		for (const options of [
			{ numbering: 'full' as const },
			{ letters: true, mergeCodeAndTitle: true, spacerRows: true, columnNumbers: true },
			{ twoRowHeader: true, numbersAsText: true, startColumn: 2 }
		]) {
			const read = readUnitSheet(sheetGrid(options), template);
			expect(read.problems).toEqual([]);
			expect(Object.keys(read.entry.scores).sort()).toEqual(Object.keys(scores).sort());
		}
	});

	it('matches a row by its title when its number is not the template’s', () => {
		const grid = {
			rows: [
				['TT', 'Nội dung', 'Điểm tự chấm'],
				['1', 'Hoàn thành chỉ tiêu kế hoạch đào tạo, bồi dưỡng được giao', 9],
				['7', 'Tổ chức thao giảng, dự giờ', 4],
				['8', 'Một tiêu chí không có trong bảng', 2],
				['I.1', 'Hoàn thành chỉ tiêu kế hoạch đào tạo, bồi dưỡng được giao', 9]
			],
			merges: []
		};
		const read = readUnitSheet(grid, template);
		expect(read.entry.scores).toEqual({ 'I.1': '9', 'I.4': '4' });
		expect(read.problems).toEqual([
			{ reason: 'unknown_row', row: 4, code: '8', text: 'Một tiêu chí không có trong bảng' },
			{ reason: 'duplicate_row', row: 5, code: 'I.1', other: 2 }
		]);
	});

	it('a table without a self-score column is not a unit’s sheet', () => {
		expect(
			readUnitSheet(
				{
					rows: [
						['TT', 'Nội dung', 'Điểm chuẩn'],
						['I', 'A', 5]
					],
					merges: []
				},
				template
			).problems
		).toEqual([{ reason: 'no_header' }]);
	});
});

describe('uploading a self-assessment as text', () => {
	const lines = [
		'Mã;Nội dung;Điểm tối đa;Điểm tự chấm',
		...Object.entries(scores).map(([c, v]) => `${c};Tiêu chí ${c};5;${String(v).replace('.', ',')}`),
		'II;;;26',
		';Tổng cộng;100;91'
	];
	const expectRead = (read: ReturnType<typeof readUpload>) => {
		expect(read.ok).toBe(true);
		if (!read.ok) return;
		expect(read.entry.scores['II.2.2']).toBe(String(scores['II.2.2']).replace('.', ','));
		expect(read.entry.reported).toEqual({ II: '26', total: '91' });
	};

	it('reads a header row with extra columns (title, maximum)', () => {
		expectRead(readUpload(lines.join('\r\n'), template));
	});

	it('reads UTF-8 with a BOM and UTF-16 as Excel saves "Unicode text"', () => {
		expectRead(
			readUpload(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(lines.join('\n'))]), template)
		);
		const text = lines.join('\r\n').replace(/;/g, '\t');
		const utf16 = new Uint8Array(2 + text.length * 2);
		utf16.set([0xff, 0xfe]);
		for (let i = 0; i < text.length; i++) {
			utf16[2 + i * 2] = text.charCodeAt(i) & 0xff;
			utf16[3 + i * 2] = text.charCodeAt(i) >> 8;
		}
		expectRead(readUpload(utf16, template));
	});

	it('reads "mã;điểm" lines without a header', () => {
		const read = readUpload(
			Object.entries(scores)
				.map(([c, v]) => `${c};${v}`)
				.join('\n') + '\ntotal;87',
			template
		);
		expect(read.ok && read.entry.reported).toEqual({ total: '87' });
	});

	it('refuses bytes that are not text, saying what to send instead', () => {
		expect(
			readUpload(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), template)
		).toEqual({ ok: false, error: { reason: 'not_text' } });
		expect(readUpload('Chỉ có chữ, không có điểm', template)).toEqual({
			ok: false,
			error: { reason: 'bad_shape' }
		});
	});
});
