import { describe, expect, it } from 'vitest';
import type { CellValue, Grid } from '$lib/core/import/grid';
import {
	confirmCriteria,
	previewRows,
	readCriteriaTable,
	rereadCriteria,
	type CriteriaPreview
} from '$lib/core/import/criteria';
import { correctionsFromForm, parseCriteriaCorrections, parseCriteriaSource } from '$lib/core/import/criteria-form';

// Sum rows anywhere, maxima in words, and the host's corrections, on tables as offices write them.

const grid = (rows: CellValue[][]): Grid => ({ rows, merges: [] });
const codes = (p: CriteriaPreview) => previewRows(p).map(({ node }) => node.code);
const node = (p: CriteriaPreview, code: string) => previewRows(p).find(({ node }) => node.code === code)!.node;
const errors = (p: CriteriaPreview) => p.problems.filter((x) => x.severity === 'error');
const HEAD: CellValue[] = ['TT', 'Nội dung', 'Điểm chuẩn'];

describe('sum rows are recognised wherever they stand and checked against what they sum', () => {
	it.each<[string, CellValue[][]]>([
		[
			'"Cộng" after each section',
			[
				['I', 'Đào tạo', null],
				['1', 'a', 6],
				['2', 'b', 4],
				[null, 'Cộng', 10],
				['II', 'Nghiên cứu', null],
				['1', 'c', 5],
				[null, 'CỘNG', 5]
			]
		],
		[
			'"Cộng mục I" after the section',
			[
				['I', 'Đào tạo', 10],
				['1', 'a', 6],
				['2', 'b', 4],
				[null, 'Cộng mục I', 10],
				['II', 'Nghiên cứu', 5],
				['1', 'c', 5],
				[null, 'Cộng mục II', '5 điểm']
			]
		],
		[
			'"Cộng điểm" inside, "Tổng cộng" after',
			[
				['I', 'Đào tạo', null],
				['1', 'a', 6],
				['2', 'b', 4],
				[null, 'Cộng điểm', 10],
				['II', 'Nghiên cứu', null],
				['1', 'c', 5],
				[null, 'cong diem', 5],
				[null, 'Tổng cộng', 15]
			]
		],
		[
			'"Cộng (I + II)" and "Tổng số điểm"',
			[
				['I', 'Đào tạo', 10],
				['1', 'a', 6],
				['2', 'b', 4],
				['II', 'Nghiên cứu', 5],
				['1', 'c', 5],
				[null, 'Cộng (I + II)', 15],
				[null, 'Tổng số điểm', 15]
			]
		],
		[
			'"Tổng điểm tối đa" and "TONG CONG" without diacritics',
			[
				['I', 'Đào tạo', 10],
				['1', 'a', 6],
				['2', 'b', 4],
				['II', 'Nghiên cứu', 5],
				['1', 'c', 5],
				[null, 'Tổng điểm tối đa', 15],
				[null, 'TONG CONG', '15đ']
			]
		]
	])('%s', (_, rows) => {
		const p = readCriteriaTable(grid([HEAD, ...rows]));
		expect(codes(p)).toEqual(['I', 'I.1', 'I.2', 'II', 'II.1']);
		expect(p.total).toBe(1500);
		expect(p.problems).toEqual([]);
		expect(p.sums.length).toBeGreaterThan(0);
		expect(p.sums.every((s) => s.computed === s.figure)).toBe(true);
		expect(p.lines.filter((l) => l.role === 'sum').map((l) => l.row)).toEqual(p.sums.map((s) => s.row));
		expect(confirmCriteria(p).ok).toBe(true);
	});

	it('a "Cộng" closes the innermost section that agrees with it, else it is checked against the outermost', () => {
		const rows: CellValue[][] = [
			HEAD,
			['I', 'Đào tạo', null],
			['1', 'a', null],
			['1.1', 'x', 3],
			['1.2', 'y', 2],
			[null, 'Cộng', 5],
			['2', 'b', 4],
			[null, 'Cộng', 9]
		];
		const p = readCriteriaTable(grid(rows));
		expect(p.sums.map((s) => s.codes)).toEqual([['I.1'], ['I']]);
		expect(p.problems).toEqual([]);
		const wrong = readCriteriaTable(grid([...rows.slice(0, -1), [null, 'Cộng', 10]]));
		expect(errors(wrong)).toEqual([
			{ reason: 'sum_mismatch', severity: 'error', row: 8, text: 'I', stated: 1000, computed: 900 }
		]);
	});

	it('"Cộng (I + II + III)" of part A names part A’s sections, and a wrong one says which and both figures', () => {
		const p = readCriteriaTable(
			grid([
				HEAD,
				['A', 'PHẦN CHẤM ĐIỂM', null],
				['I', 'Một', 4],
				['1', 'a', 4],
				['II', 'Hai', 3],
				['1', 'b', 3],
				['III', 'Ba', 3],
				['1', 'c', 3],
				[null, 'Cộng (I + II + III)', 11],
				[null, 'Tổng cộng phần A', 10]
			])
		);
		expect(p.sums.map((s) => s.codes)).toEqual([['A.I', 'A.II', 'A.III'], ['A']]);
		expect(errors(p)).toEqual([
			{
				reason: 'sum_mismatch',
				severity: 'error',
				row: 9,
				text: 'A.I + A.II + A.III',
				stated: 1100,
				computed: 1000
			}
		]);
	});

	it('a grand total may count the bonus or not; otherwise it is an error with both figures', () => {
		const rows: CellValue[][] = [HEAD, ['I', 'Một', 10], ['1', 'a', 10], [null, 'Điểm thưởng', 2], ['1', 'b', 2]];
		expect(readCriteriaTable(grid([...rows, [null, 'Tổng cộng', 10]])).problems).toEqual([]);
		expect(readCriteriaTable(grid([...rows, [null, 'Tổng cộng', 12]])).problems).toEqual([]);
		expect(errors(readCriteriaTable(grid([...rows, [null, 'Tổng số điểm', 11]])))).toEqual([
			{ reason: 'total_mismatch', severity: 'error', row: 6, stated: 1100, computed: 1000 }
		]);
	});

	it('sum rows in a bonus and a penalty section sum those sections, and a sum row is never an item', () => {
		const p = readCriteriaTable(
			grid([
				HEAD,
				['I', 'Chuyên môn', 10],
				['1', 'a', 10],
				[null, 'Điểm thưởng', null],
				['1', 'Cờ thi đua', '2 điểm'],
				['2', 'Đăng cai', '1đ'],
				[null, 'Cộng điểm thưởng', 3],
				[null, 'Điểm trừ', null],
				['1', 'Chậm báo cáo', 'trừ 1'],
				['2', 'Vi phạm', '(trừ tối đa 2 điểm)'],
				[null, 'Cộng', '3'],
				[null, 'Tổng cộng', 10]
			])
		);
		expect(codes(p)).toEqual(['I', 'I.1', 'B', 'B.1', 'B.2', 'P', 'P.1', 'P.2']);
		expect(p.sums.map((s) => [s.row, s.grand ? 'grand' : s.codes.join()])).toEqual([
			[7, 'B'],
			[11, 'P'],
			[12, 'grand']
		]);
		expect([p.total, p.bonusTotal, p.penaltyTotal]).toEqual([1000, 300, 300]);
		expect(node(p, 'P.2')).toMatchObject({ kind: 'penalty', max: 200 });
		expect(p.problems).toEqual([]);
	});

	it('"Cộng điểm thưởng" before any bonus item heads the bonus part', () => {
		const p = readCriteriaTable(
			grid([HEAD, ['I', 'Một', 5], ['1', 'a', 5], [null, 'CỘNG ĐIỂM THƯỞNG', null], ['1', 'b', 1]])
		);
		expect(codes(p)).toEqual(['I', 'I.1', 'B', 'B.1']);
		expect(node(p, 'B.1').kind).toBe('bonus');
	});

	it('a sum row naming a section that is not there is a warning, never a false error', () => {
		const p = readCriteriaTable(grid([HEAD, ['I', 'Một', 5], ['1', 'a', 5], [null, 'Cộng mục IV', 7]]));
		expect(p.problems).toEqual([{ reason: 'sum_unresolved', severity: 'warning', row: 4, text: 'Cộng mục IV' }]);
	});
});

describe('maxima with words', () => {
	it('reads every form in the maximum column, and the title’s when the column is empty', () => {
		const p = readCriteriaTable(
			grid([
				HEAD,
				['1', 'a', '(tối đa 10 điểm)'],
				['2', 'b', '10 điểm'],
				['3', 'c', '10đ'],
				['4', 'd', 'tối đa: 10'],
				['5', 'e', '≤ 10'],
				['6', 'f', 'không quá 10 điểm'],
				['7', 'g', '7,5'],
				['8', 'Công tác đào tạo (tối đa 10 điểm)', null],
				['9', 'Kỷ luật', '-2'],
				['10', 'Chậm báo cáo', 'trừ 2'],
				['11', 'Vi phạm (trừ tối đa 10 điểm)', null]
			])
		);
		expect(previewRows(p).map(({ node }) => [node.title, node.max, node.kind])).toEqual([
			['a', 1000, 'score'],
			['b', 1000, 'score'],
			['c', 1000, 'score'],
			['d', 1000, 'score'],
			['e', 1000, 'score'],
			['f', 1000, 'score'],
			['g', 750, 'score'],
			['Công tác đào tạo', 1000, 'score'],
			['Kỷ luật', 200, 'penalty'],
			['Chậm báo cáo', 200, 'penalty'],
			['Vi phạm', 1000, 'penalty']
		]);
		expect(p.problems).toEqual([]);
	});

	it('a cell that truly has no number is an error naming the row, as is an item with none', () => {
		const p = readCriteriaTable(grid([HEAD, ['1', 'a', 'theo thực tế'], ['2', 'b', null]]));
		expect(errors(p)).toEqual([
			{ reason: 'max_not_a_number', severity: 'error', row: 2, code: '1', text: 'theo thực tế' },
			{ reason: 'item_without_max', severity: 'error', row: 3, code: '2' }
		]);
	});
});

describe('lines a reader must not misread', () => {
	it('a title that goes on in the next row (lower case, no number, no maximum) is one title', () => {
		const p = readCriteriaTable(
			grid([HEAD, ['1', 'Tổ chức các lớp bồi dưỡng', 5], [null, 'theo kế hoạch được giao', null], ['2', 'b', 5]])
		);
		expect(previewRows(p).map(({ node }) => node.title)).toEqual([
			'Tổ chức các lớp bồi dưỡng theo kế hoạch được giao',
			'b'
		]);
		expect(p.lines.map((l) => l.role)).toEqual(['criterion', 'continuation', 'criterion']);
	});

	it('a heading in capitals without a number or maximum starts a part; notes stay notes', () => {
		const p = readCriteriaTable(
			grid([
				HEAD,
				[null, 'PHẦN CHẤM ĐIỂM', null],
				['I', 'Một', 5],
				['1', 'a', 5],
				[null, 'Ghi chú: điểm chấm lẻ đến 0,25 điểm.', null],
				[null, 'NGƯỜI LẬP BIỂU', null]
			])
		);
		expect(codes(p)).toEqual(['A', 'A.I', 'A.I.1']);
		expect(p.lines.map((l) => l.role)).toEqual(['heading', 'criterion', 'criterion', 'ignore', 'ignore']);
		expect([p.step, p.stepSource]).toEqual([25, 'stated']);
		expect(p.problems).toEqual([]);
	});
});

describe('the host corrects anything in the preview, from the file again each time', () => {
	const file = grid([
		['BẢNG TIÊU CHÍ THI ĐUA 2026', null, null],
		HEAD,
		['I', 'Đào tạo', 10],
		['1', 'Tổ chức lớp', 6],
		[null, 'Theo kế hoạch', null],
		['2', 'Chât lượng', 4],
		[null, 'Tổng hợp các mục', 10],
		['II', 'Thi đua', 3],
		['1', 'Phong trào', 3],
		[null, 'Nhóm cuối', 2]
	]);
	const first = readCriteriaTable(file);
	const submit = (
		p: CriteriaPreview,
		earlier: ReturnType<typeof parseCriteriaCorrections>,
		fields: [string, string][]
	) => {
		const corrections = correctionsFromForm(p, earlier, fields);
		return { corrections, preview: rereadCriteria(p.source, corrections) };
	};
	/** Every field the page shows, as the browser sends them back unchanged. */
	const shownFields = (p: CriteriaPreview): [string, string][] => [
		['name', p.name],
		['step', String(p.step / 100).replace('.', ',')],
		...p.lines.map((l): [string, string] => [`role:${l.row}`, l.role]),
		...previewRows(p).flatMap(({ node }): [string, string][] => [
			[`title:${node.row}`, node.title],
			[`max:${node.row}`, node.max === null ? node.maxText : String(node.max / 100)],
			[`kind:${node.row}`, node.kind]
		])
	];

	it('as read: the unknown sum row is an item without a number, the split line a note', () => {
		expect(first.lines.map((l) => [l.row, l.role])).toEqual([
			[3, 'criterion'],
			[4, 'criterion'],
			[5, 'ignore'],
			[6, 'criterion'],
			[7, 'criterion'],
			[8, 'criterion'],
			[9, 'criterion'],
			[10, 'criterion']
		]);
		expect(errors(first).map((e) => e.reason)).toContain('section_sum_mismatch');
	});

	it('marking a sum, merging a split line, ignoring a row, fixing a title and the step: unchanged fields change nothing', () => {
		let state = submit(first, {}, [
			...shownFields(first),
			['role:7', 'sum'],
			['role:5', 'continuation'],
			['role:10', 'ignore'],
			['title:6', 'Chất lượng'],
			['step', '0,25']
		]);
		expect(state.corrections).toEqual({
			roles: { 5: 'continuation', 7: 'sum', 10: 'ignore' },
			titles: { 6: 'Chất lượng' },
			maxima: {},
			kinds: {},
			step: '0,25'
		});
		let p = state.preview;
		expect(codes(p)).toEqual(['I', 'I.1', 'I.2', 'II', 'II.1']);
		expect(node(p, 'I.1').title).toBe('Tổ chức lớp Theo kế hoạch');
		expect(node(p, 'I.2').title).toBe('Chất lượng');
		expect(p.sums).toMatchObject([{ row: 7, codes: ['I'], figure: 1000, computed: 1000 }]);
		expect([p.step, p.stepSource]).toEqual([25, 'host']);
		expect(p.problems).toEqual([]);
		// Sent back as shown: nothing moves, the merged title is not merged twice.
		state = submit(p, parseCriteriaCorrections(JSON.stringify(state.corrections)), shownFields(p));
		expect(state.preview).toEqual(p);
		// A heading, a kind and a maximum.
		state = submit(p, state.corrections, [...shownFields(p), ['kind:8', 'bonus'], ['max:9', '2,5'], ['max:8', '']]);
		p = state.preview;
		expect(node(p, 'II.1')).toMatchObject({ kind: 'bonus', max: 250 });
		expect([p.total, p.bonusTotal]).toEqual([1000, 250]);
		expect(confirmCriteria(p).ok).toBe(true);
		// Back to what was read: the correction goes.
		state = submit(p, state.corrections, [['role:10', 'criterion']]);
		expect(state.corrections.roles).toEqual({ 5: 'continuation', 7: 'sum' });
	});

	it('a row marked a heading becomes a section over what follows; one with nothing under it is an error', () => {
		const p = readCriteriaTable(grid([HEAD, [null, 'Nhóm chuyên môn', null], ['1', 'a', 5], ['2', 'b', 5]]), {
			corrections: { roles: { 2: 'heading' } }
		});
		expect(codes(p)).toEqual(['A', 'A.1', 'A.2']);
		const empty = readCriteriaTable(grid([HEAD, ['1', 'a', 5], ['2', 'b', null]]), {
			corrections: { roles: { 3: 'heading' } }
		});
		expect(errors(empty)).toEqual([{ reason: 'empty_heading', severity: 'error', row: 3, code: '2' }]);
	});

	it('the source and the corrections survive their trip through the page; anything else is refused or dropped', () => {
		expect(parseCriteriaSource(JSON.stringify(first.source))).toEqual(first.source);
		expect(rereadCriteria(parseCriteriaSource(JSON.stringify(first.source))!, {})).toEqual(first);
		expect(parseCriteriaSource('not json')).toBeNull();
		expect(parseCriteriaSource(JSON.stringify({ ...first.source, rows: [[{ x: 1 }]] }))).toBeNull();
		expect(
			parseCriteriaSource(JSON.stringify({ ...first.source, rows: Array.from({ length: 6000 }, () => []) }))
		).toBeNull();
		expect(
			parseCriteriaCorrections(
				JSON.stringify({ roles: { 3: 'sum', 4: 'nonsense', x: 'sum' }, kinds: { 3: 'gold' }, name: 5 })
			)
		).toEqual({ roles: { 3: 'sum' }, titles: {}, maxima: {}, kinds: {} });
		expect(parseCriteriaCorrections('[')).toEqual({});
	});
});

describe('a numbered total', () => {
	it('"C | TỔNG CỘNG (A + B)" is a sum; a section called "Tổng số…" with rows under it is not', () => {
		const p = readCriteriaTable(
			grid([
				HEAD,
				['A', 'Chuyên môn', 5],
				['1', 'a', 5],
				['B', 'Phong trào', 3],
				['1', 'b', 3],
				['C', 'TỔNG CỘNG (A + B)', 8],
				['III', 'Tổng số điểm', 8]
			])
		);
		expect(codes(p)).toEqual(['A', 'A.1', 'B', 'B.1']);
		expect(p.sums.map((s) => [s.row, s.grand ? 'all' : s.codes.join('+')])).toEqual([
			[6, 'A+B'],
			[7, 'all']
		]);
		expect(p.problems).toEqual([]);
		const section = readCriteriaTable(grid([HEAD, ['I', 'Tổng điểm', 5], ['1', 'a', 5]]));
		expect(codes(section)).toEqual(['I', 'I.1']);
	});
});

describe('a "Cộng" right under its section’s title', () => {
	it('sums that section, not the whole table', () => {
		const p = readCriteriaTable(
			grid([
				HEAD,
				['I', 'Đào tạo', null],
				[null, 'Cộng', 10],
				['1', 'a', 6],
				['2', 'b', 4],
				['II', 'Thi đua', null],
				[null, 'Cộng', 5],
				['1', 'c', 5]
			])
		);
		expect(codes(p)).toEqual(['I', 'I.1', 'I.2', 'II', 'II.1']);
		expect(p.sums.map((s) => s.codes)).toEqual([['I'], ['II']]);
		expect(p.problems).toEqual([]);
	});
});
