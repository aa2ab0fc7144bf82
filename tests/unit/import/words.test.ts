import { describe, expect, it } from 'vitest';
import { maxInTitle, readMaxCell, readSumWords } from '$lib/core/import/words';

// Figures and sum rows as officials write them.

describe('a maximum with words around its number', () => {
	it.each<[string | number, number, boolean]>([
		[10, 1000, false],
		[7.5, 750, false],
		['7,5', 750, false],
		['7.5', 750, false],
		['10 điểm', 1000, false],
		['10 ĐIỂM', 1000, false],
		['10đ', 1000, false],
		['10 đ', 1000, false],
		['10đ.', 1000, false],
		['10 diem', 1000, false],
		['(tối đa 10 điểm)', 1000, false],
		['Tối đa 10 điểm', 1000, false],
		['tối đa: 10', 1000, false],
		['Tối đa: 10đ', 1000, false],
		['≤ 10', 1000, false],
		['<= 10', 1000, false],
		['không quá 10 điểm', 1000, false],
		['Không vượt quá 2,5 điểm', 250, false],
		['(10)', 1000, false],
		['0,25', 25, false],
		['-2', 200, true],
		['−2', 200, true],
		[-2, 200, true],
		['trừ 2', 200, true],
		['Trừ 2 điểm', 200, true],
		['(trừ tối đa 10 điểm)', 1000, true],
		['trừ tối đa: 1,5đ', 150, true]
	])('%j → %i (penalty: %s)', (cell, value, penalty) => {
		expect(readMaxCell(cell)).toEqual({ value, penalty });
	});

	it.each(['', 'mười', 'tối đa', 'theo thực tế', '10 lớp', '1.000', 'x', '10 - 15'])('%j is no number', (cell) => {
		expect(readMaxCell(cell)).toBeNull();
	});
	it('an empty cell is none', () => {
		expect(readMaxCell(null)).toBeNull();
	});
});

describe('a maximum at the end of a title', () => {
	it.each<[string, string, number, boolean]>([
		['Công tác đào tạo (tối đa 10 điểm)', 'Công tác đào tạo', 1000, false],
		['Công tác đào tạo (10 điểm)', 'Công tác đào tạo', 1000, false],
		['Công tác đào tạo (10đ)', 'Công tác đào tạo', 1000, false],
		['Nghiên cứu khoa học: 7,5 điểm', 'Nghiên cứu khoa học', 750, false],
		['Nghiên cứu khoa học - tối đa 5 điểm', 'Nghiên cứu khoa học', 500, false],
		['Vi phạm kỷ luật (trừ tối đa 10 điểm)', 'Vi phạm kỷ luật', 1000, true],
		['Chậm báo cáo (trừ 2 điểm)', 'Chậm báo cáo', 200, true],
		['Tổ chức hội thảo [không quá 3 điểm]', 'Tổ chức hội thảo', 300, false]
	])('%j', (title, rest, value, penalty) => {
		expect(maxInTitle(title)).toMatchObject({ title: rest, max: { value, penalty } });
	});

	it.each([
		'Thực hiện Nghị quyết số 10',
		'Hoàn thành 100% kế hoạch',
		'Tham gia Hội thi (cấp tỉnh)',
		'Quyết định (số 12)',
		'Giai đoạn 2021 - 2025',
		'(10 điểm)'
	])('%j has none', (title) => {
		expect(maxInTitle(title)).toBeNull();
	});
});

describe('sum rows', () => {
	it.each<[string, ReturnType<typeof readSumWords>]>([
		['Cộng', { scope: 'close', refs: [] }],
		['CỘNG', { scope: 'close', refs: [] }],
		['cong', { scope: 'close', refs: [] }],
		['Cộng điểm', { scope: 'close', refs: [] }],
		['Cong diem', { scope: 'close', refs: [] }],
		['Cộng mục I', { scope: 'refs', refs: ['I'] }],
		['Cộng Mục II', { scope: 'refs', refs: ['II'] }],
		['Cộng (I + II + III)', { scope: 'refs', refs: ['I', 'II', 'III'] }],
		['Cộng I+II+III', { scope: 'refs', refs: ['I', 'II', 'III'] }],
		['Cộng các mục I, II, III', { scope: 'refs', refs: ['I', 'II', 'III'] }],
		['Tổng cộng phần A', { scope: 'refs', refs: ['A'] }],
		['TỔNG CỘNG (A + B)', { scope: 'refs', refs: ['A', 'B'] }],
		['Cộng mục 1', { scope: 'refs', refs: ['1'] }],
		['Tổng cộng', { scope: 'grand', refs: [] }],
		['TỔNG CỘNG', { scope: 'grand', refs: [] }],
		['Tong cong', { scope: 'grand', refs: [] }],
		['Tổng cộng điểm', { scope: 'grand', refs: [] }],
		['Tổng số điểm', { scope: 'grand', refs: [] }],
		['Tổng điểm', { scope: 'grand', refs: [] }],
		['Tổng điểm tối đa', { scope: 'grand', refs: [] }],
		['Tổng điểm tự chấm', { scope: 'grand', refs: [] }],
		['Tổng số', { scope: 'grand', refs: [] }],
		['Tổng', { scope: 'grand', refs: [] }],
		['Cộng điểm thưởng', { scope: 'bonus', refs: [] }],
		['Tổng điểm trừ', { scope: 'penalty', refs: [] }],
		['Tổng cộng (thang điểm 100)', { scope: 'grand', refs: [] }],
		['Tổng cộng điểm thưởng đạt được trong năm', { scope: 'bonus', refs: [] }]
	])('%j', (title, expected) => {
		expect(readSumWords(title)).toEqual(expected);
	});

	it.each([
		'Công tác đào tạo',
		'Cộng tác viên',
		'Tổng kết năm học',
		'Tổng số lớp học mở được',
		'Điểm cộng',
		'Điểm thưởng',
		'Cộng đồng',
		'Chất lượng',
		''
	])('%j is not a sum', (title) => {
		expect(readSumWords(title)).toBeNull();
	});
});

describe('a total naming the bonus and the penalty is the whole', () => {
	it('"Tổng cộng (I + II + thưởng − trừ)"', () => {
		expect(readSumWords('Tổng cộng (I + II + thưởng − trừ)')).toEqual({ scope: 'grand', refs: [] });
	});
});
