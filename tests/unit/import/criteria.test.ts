import { describe, expect, it } from 'vitest';
import type { CellValue, Grid, Merge } from '$lib/core/import/grid';
import { confirmCriteria, previewRows, readCriteriaTable, type CriteriaPreview } from '$lib/core/import/criteria';

// The criteria importer on tables as secretariats type them. Rows are given as a spreadsheet shows them; row
// numbers in problems are the spreadsheet's (1-based).

const grid = (rows: CellValue[][], merges: Merge[] = []): Grid => ({ rows, merges });
const codes = (p: CriteriaPreview) => previewRows(p).map(({ node }) => node.code);
const node = (p: CriteriaPreview, code: string) => previewRows(p).find(({ node }) => node.code === code)!.node;
const errors = (p: CriteriaPreview) => p.problems.filter((x) => x.severity === 'error');

const TITLE: CellValue[][] = [
	['ĐẢNG CỘNG SẢN VIỆT NAM', null, null, null],
	['BẢNG TIÊU CHÍ CHẤM ĐIỂM THI ĐUA NĂM 2024', null, null, null],
	['(Kèm theo Hướng dẫn số 12-HD/CTĐ)', null, null, null],
	[null, null, null, null]
];

describe('reading a criteria table', () => {
	it('finds the header row by its words below a title, and numbers I, 1, 2.1 into codes I, I.1, I.2.1', () => {
		const p = readCriteriaTable(
			grid([
				...TITLE,
				['TT', 'Nội dung', 'Điểm chuẩn', 'Ghi chú'],
				['I', 'Công tác đào tạo', 20, null],
				['1', 'Hoàn thành kế hoạch', 10, null],
				['2', 'Chất lượng giảng dạy', 10, null],
				['2.1', 'Đổi mới phương pháp', 6, null],
				['2.2', 'Thao giảng', 4, null],
				['II', 'Nghiên cứu khoa học', 80, null],
				['1', 'Đề tài', 80, null],
				[null, 'Tổng cộng', 100, null]
			])
		);
		expect(p.headerRow).toBe(5);
		expect(p.name).toBe('BẢNG TIÊU CHÍ CHẤM ĐIỂM THI ĐUA NĂM 2024');
		expect(codes(p)).toEqual(['I', 'I.1', 'I.2', 'I.2.1', 'I.2.2', 'II', 'II.1']);
		expect(node(p, 'I.2.1')).toMatchObject({ row: 9, title: 'Đổi mới phương pháp', max: 600, kind: 'score' });
		expect(node(p, 'I')).toMatchObject({ max: 2000, sum: 2000 });
		expect(node(p, 'I.2')).toMatchObject({ max: 1000, sum: 1000 });
		expect(p.total).toBe(10000);
		expect(p.sums).toMatchObject([{ row: 13, grand: true, figure: 10000, computed: 10000 }]);
		expect(p.problems).toEqual([]);
	});

	it('a title typed in the first cell right above the header is not part of it', () => {
		const p = readCriteriaTable(
			grid([
				['BẢNG TIÊU CHÍ THI ĐUA', null, null],
				['TT', 'Nội dung', 'Điểm chuẩn'],
				['1', 'Một', 5]
			])
		);
		expect(p.headerRow).toBe(2);
		expect(previewRows(p).map(({ node }) => [node.code, node.title])).toEqual([['1', 'Một']]);
	});

	it('accepts "STT", "Tiêu chí" and "Điểm tối đa", a self-score column, and empty columns on the left', () => {
		const p = readCriteriaTable(
			grid([
				[null, 'STT', 'Tiêu chí đánh giá', 'Điểm tối đa', 'Điểm tự chấm'],
				[null, '1.', 'Chấp hành chế độ báo cáo', '5', null],
				[null, '2.', 'Tham gia hoạt động của Cụm', '5', null]
			])
		);
		expect(codes(p)).toEqual(['1', '2']);
		expect(node(p, '2')).toMatchObject({ title: 'Tham gia hoạt động của Cụm', max: 500 });
		expect(p.total).toBe(1000);
	});

	it('reads a section row whose TT and Nội dung cells are merged ("I. CÔNG TÁC…")', () => {
		const p = readCriteriaTable(
			grid(
				[
					['TT', 'Nội dung', 'Điểm'],
					['I. CÔNG TÁC ĐÀO TẠO', null, 10],
					['1', 'Kế hoạch', 4],
					['2', 'Chất lượng', 6]
				],
				[{ top: 1, left: 0, bottom: 1, right: 1 }]
			)
		);
		expect(codes(p)).toEqual(['I', 'I.1', 'I.2']);
		expect(node(p, 'I').title).toBe('CÔNG TÁC ĐÀO TẠO');
		expect(errors(p)).toEqual([]);
	});

	it('reads a header on two rows ("Điểm" merged over "Tối đa" | "Tự chấm") and skips a row of column numbers', () => {
		const p = readCriteriaTable(
			grid(
				[
					['TT', 'Nội dung', 'Điểm', null],
					[null, null, 'Tối đa', 'Tự chấm'],
					['(1)', '(2)', '(3)', '(4)'],
					['1', 'Kế hoạch', 4, null],
					['2', 'Chất lượng', 6, null]
				],
				[
					{ top: 0, left: 2, bottom: 0, right: 3 },
					{ top: 0, left: 0, bottom: 1, right: 0 },
					{ top: 0, left: 1, bottom: 1, right: 1 }
				]
			)
		);
		expect(p.headerRow).toBe(2);
		expect(codes(p)).toEqual(['1', '2']);
		expect(p.total).toBe(1000);
	});

	it('reads "Mục I", "Phần II" as the numbers they name, and a bare letter as a sub-item', () => {
		const p = readCriteriaTable(
			grid([
				['TT', 'Nội dung', 'Điểm'],
				['Mục I', 'Một', 3],
				['1', 'Một một', 3],
				['a', 'Ý a', 3],
				['Phần II', 'Hai', 1],
				['1', 'Hai một', 1]
			])
		);
		expect(codes(p)).toEqual(['I', 'I.1', 'I.1.a', 'II', 'II.1']);
	});

	it('numbers sub-items a), b) under their item: II.1.a, II.1.b', () => {
		const p = readCriteriaTable(
			grid([
				['TT', 'Nội dung', 'Điểm chuẩn'],
				['II', 'Nghiên cứu khoa học', 5],
				['1', 'Đề tài khoa học', 5],
				['a)', 'Cấp tỉnh', 3],
				['b)', 'Cấp trường', 2]
			])
		);
		expect(codes(p)).toEqual(['II', 'II.1', 'II.1.a', 'II.1.b']);
		expect(node(p, 'II.1').sum).toBe(500);
	});

	it('takes numbers typed as text with a decimal comma, "1,5 điểm", and finds the step 0,5 from them', () => {
		const p = readCriteriaTable(
			grid([
				['TT', 'Nội dung', 'Điểm chuẩn'],
				['1', 'Một', '1,5'],
				['2', 'Hai', '2.5 điểm'],
				['3', 'Ba', '6']
			])
		);
		expect(previewRows(p).map(({ node }) => node.max)).toEqual([150, 250, 600]);
		expect(p.step).toBe(50);
		expect(p.stepSource).toBe('maxima');
		expect(p.total).toBe(1000);
	});

	it('takes a step of 0,25 from the maxima, or from a note in the file, and flags a maximum off it', () => {
		const fromMaxima = readCriteriaTable(
			grid([
				['TT', 'Nội dung', 'Điểm'],
				['1', 'Một', 0.25],
				['2', 'Hai', 0.75]
			])
		);
		expect(fromMaxima.step).toBe(25);
		const stated = readCriteriaTable(
			grid([
				['TT', 'Nội dung', 'Điểm'],
				['1', 'Một', '0,5'],
				['2', 'Hai', '0,3'],
				[null, 'Ghi chú: điểm chấm lẻ đến 0,25 điểm.', null]
			])
		);
		expect(stated.step).toBe(25);
		expect(stated.stepSource).toBe('stated');
		expect(errors(stated)).toEqual([
			{ reason: 'max_off_step', severity: 'error', row: 3, code: '2', stated: 30, step: 25 }
		]);
	});

	it('says which section does not add up to its stated maximum, with both figures', () => {
		const p = readCriteriaTable(
			grid([
				['TT', 'Nội dung', 'Điểm chuẩn'],
				['I', 'Đào tạo', 30],
				['1', 'Một', 10],
				['2', 'Hai', 15],
				['II', 'Nghiên cứu', 5],
				['1', 'Một', 5]
			])
		);
		expect(errors(p)).toEqual([
			{ reason: 'section_sum_mismatch', severity: 'error', row: 2, code: 'I', stated: 3000, computed: 2500 }
		]);
	});

	it('recognises a bonus section ("Điểm thưởng") and a penalty section ("Điểm trừ") by their words', () => {
		const p = readCriteriaTable(
			grid([
				['TT', 'Nội dung', 'Điểm'],
				['I', 'Chuyên môn', 10],
				['1', 'Kế hoạch', 10],
				[null, 'Điểm thưởng', 3],
				['1', 'Được tặng Cờ thi đua', 2],
				['2', 'Đăng cai hoạt động của Cụm', 1],
				[null, 'Điểm trừ', null],
				['1', 'Chậm nộp báo cáo', '-1'],
				['2', 'Vi phạm kỷ luật', 2]
			])
		);
		expect(codes(p)).toEqual(['I', 'I.1', 'B', 'B.1', 'B.2', 'P', 'P.1', 'P.2']);
		expect(previewRows(p).map(({ node }) => node.kind)).toEqual([
			'score',
			'score',
			'bonus',
			'bonus',
			'bonus',
			'penalty',
			'penalty',
			'penalty'
		]);
		expect(node(p, 'P.1').max).toBe(100);
		expect(p.total).toBe(1000);
		expect(p.bonusTotal).toBe(300);
		expect(errors(p)).toEqual([]);
	});

	it('a bonus part numbered "B." after Roman sections goes back to the top', () => {
		const p = readCriteriaTable(
			grid([
				['TT', 'Nội dung', 'Điểm'],
				['I', 'Một', 5],
				['1', 'Một một', 5],
				['B', 'ĐIỂM CỘNG', 2],
				['1', 'Sáng kiến', 2]
			])
		);
		expect(codes(p)).toEqual(['I', 'I.1', 'B', 'B.1']);
		expect(node(p, 'B.1').kind).toBe('bonus');
	});

	it('skips blank spacer rows and explanation lines, and lists every problem at once with its row', () => {
		const p = readCriteriaTable(
			grid([
				['TT', 'Nội dung', 'Điểm chuẩn'],
				[null, null, null],
				['I', 'Đào tạo', 20],
				['1', 'Không có điểm tối đa', null],
				[null, '- Hoàn thành 100% kế hoạch: 10 điểm', null],
				['2', 'Điểm viết sai', 'mười'],
				['2', 'Trùng số', 5],
				[null, null, null],
				[null, 'Tổng cộng', 100]
			])
		);
		expect(codes(p)).toEqual(['I', 'I.1', 'I.2', 'I.2']);
		expect(p.problems).toEqual([
			{ reason: 'section_sum_mismatch', severity: 'error', row: 3, code: 'I', stated: 2000, computed: 500 },
			{ reason: 'item_without_max', severity: 'error', row: 4, code: 'I.1' },
			{ reason: 'max_not_a_number', severity: 'error', row: 6, code: 'I.2', text: 'mười' },
			{ reason: 'duplicate_code', severity: 'error', row: 7, code: 'I.2', text: '6' },
			{ reason: 'total_mismatch', severity: 'error', row: 9, stated: 10000, computed: 500 }
		]);
	});

	it('numbers in the title when there is no TT column ("1. Kế hoạch")', () => {
		const p = readCriteriaTable(
			grid([
				['Nội dung tiêu chí', 'Điểm tối đa'],
				['I. Đào tạo', 5],
				['1. Kế hoạch', 3],
				['2. Chất lượng', 2]
			])
		);
		expect(codes(p)).toEqual(['I', 'I.1', 'I.2']);
		expect(node(p, 'I.1').title).toBe('Kế hoạch');
	});

	it('an unnumbered row with a maximum is numbered by its place under the row above, with a warning', () => {
		const p = readCriteriaTable(
			grid([
				['TT', 'Nội dung', 'Điểm'],
				['I', 'Đào tạo', 2],
				['1', 'Một', 2],
				[null, 'Không số', 2]
			])
		);
		expect(codes(p)).toEqual(['I', 'I.1', 'I.1.1']);
		expect(p.problems).toEqual([{ reason: 'unnumbered_row', severity: 'warning', row: 4 }]);
	});

	it('an empty grid, or one without a header row, has no header', () => {
		expect(readCriteriaTable(grid([])).problems).toEqual([{ reason: 'no_header', severity: 'error' }]);
		const p = readCriteriaTable(grid([['Danh sách'], ['Sơn La'], ['Lai Châu']]));
		expect(p.problems.map((x) => x.reason)).toEqual(['no_header']);
		expect(p.criteria).toEqual([]);
		expect(confirmCriteria(p).ok).toBe(false);
	});

	it('a header with nothing under it has no criteria', () => {
		expect(readCriteriaTable(grid([['TT', 'Nội dung', 'Điểm']])).problems.map((x) => x.reason)).toEqual([
			'no_criteria'
		]);
	});
});
