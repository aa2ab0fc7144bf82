import { criterionRows } from '$lib/core/record';
import { describe, expect, it } from 'vitest';
import demo from '$lib/server/demo/cluster-2021.json';
import {
	arithmeticErrors,
	criterionPlace,
	deductionReason,
	reasonsCell,
	writtenTotal,
	type ScoredUnit
} from '$lib/core/documents';
import { points, scoreSheet, templateFromInput, type TemplateInput } from '$lib/core/scoring';
import { buildTemplate } from '../scoring/fixtures';

// The reasons column of the summary table, as report 76-BC/CTĐ writes it: deductions and the unit's own arithmetic
// errors, one line each, then the total deducted from the score the unit wrote.

const built = templateFromInput(demo.criteria_template as TemplateInput);
if (!built.ok) throw new Error('demo template');
const template = built.template;
const rows = criterionRows(template);
const toPoints = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, points(v)]));

function demoUnit(slug: string): ScoredUnit {
	const u = demo.units.find((x) => x.slug === slug)!;
	const sheet = {
		scores: toPoints(u.self_assessment.scores),
		reported: toPoints(u.self_assessment.reported_subtotals as Record<string, number>)
	};
	const deductions = u.deductions_2021.map((d, i) => ({
		id: String(i),
		criterion: d.item,
		points: points(d.points),
		reason: d.reason,
		author: 'a',
		at: ''
	}));
	const result = scoreSheet(template, sheet, deductions);
	return {
		items: result.items,
		self: result.self.total,
		cluster: result.cluster.total,
		reported: sheet.reported,
		deductions
	};
}

describe('the reasons of a unit’s score', () => {
	it('names criteria as reports do', () => {
		expect(criterionPlace(rows, 'I.2.3')).toBe('Mục I, phần 2.3');
		expect(criterionPlace(rows, 'II.1')).toBe('Mục II, phần 1');
		expect(criterionPlace(rows, 'II')).toBe('Mục II');
		expect(criterionPlace(rows, 'total')).toBe('Tổng số điểm');
	});

	it('gives Điện Biên’s row as the seed does: self 97 as written, cluster 85, three arithmetic errors, 12 deducted', () => {
		const u = demoUnit('dien-bien');
		const cell = reasonsCell(rows, u);
		expect(cell.written).toBe(points(97));
		expect(cell.cluster).toBe(points(85));
		expect(cell.lines).toEqual([
			'- Mục I, phần 2 (Thực hiện nội dung chương trình): đơn vị chấm 9 điểm nhưng cộng sai số học thành 10 điểm, Cụm trừ 1 điểm.',
			'- Mục II, phần 1 (Đề tài khoa học): đơn vị chấm 4 điểm nhưng cộng sai số học thành 10 điểm, Cụm trừ 6 điểm.',
			'- Mục II (Công tác nghiên cứu khoa học, tổng kết thực tiễn): các phần đơn vị ghi cộng lại 23 điểm nhưng đơn vị cộng sai số học thành 28 điểm, Cụm trừ 5 điểm.',
			'Tổng điểm trừ 12 điểm.'
		]);
	});

	it('gives each deduction with what the unit gave itself, in the order of the criteria', () => {
		const cell = reasonsCell(rows, demoUnit('quang-ninh'));
		expect(cell.written).toBe(points(102));
		expect(cell.cluster).toBe(points(99.5));
		expect(cell.lines).toEqual([
			'- Mục I, phần 2.3 (Tỷ lệ lớp trung cấp lý luận chính trị hệ tập trung tại trường so với hệ không tập trung ít nhất là 1/3): đơn vị chấm 3 điểm, Cụm trừ 1 điểm (Tỷ lệ lớp tập trung/không tập trung không đạt 1/3).',
			'- Mục II, phần 2.2 (Tọa đàm, hội thảo khoa học Cụm thi đua): đơn vị chấm 3 điểm, Cụm trừ 1,5 điểm (Đơn vị phối hợp (không chủ trì) Hội thảo khoa học của Cụm thi đua).',
			'Tổng điểm trừ 2,5 điểm.'
		]);
	});

	it('names an error that a total written right did not carry, and takes nothing for it (Hà Giang’s section II)', () => {
		const u = demoUnit('ha-giang');
		const errors = arithmeticErrors(rows, u);
		expect(errors).toEqual([{ code: 'II', parts: points(22), written: points(26), fromItems: true, counted: 0 }]);
		const cell = reasonsCell(rows, u);
		expect(cell.lines).toContain(
			'- Mục II (Công tác nghiên cứu khoa học, tổng kết thực tiễn): đơn vị chấm 22 điểm nhưng cộng sai số học thành 26 điểm, không ảnh hưởng tổng điểm đơn vị ghi, không trừ điểm.'
		);
		expect(cell.lines.at(-1)).toBe('Tổng điểm trừ 3,5 điểm.');
		expect(cell.written - cell.cluster).toBe(points(3.5));
	});

	it('leaves the cell empty when nothing was taken and nothing was wrong', () => {
		const cell = reasonsCell(rows, demoUnit('son-la'));
		expect(cell).toEqual({ written: points(98), cluster: points(98), deducted: 0, lines: [] });
	});

	it('counts every error once, and the counted errors add up to the written total less the items', () => {
		for (const unit of demo.units) {
			const u = demoUnit(unit.slug);
			const counted = arithmeticErrors(rows, u).reduce((s, e) => s + e.counted, 0);
			expect(counted).toBe(writtenTotal(u) - u.self);
		}
	});

	it('takes a total written too low back up, and a penalty section written as the points it takes away', () => {
		const t = buildTemplate({
			name: 't',
			total: 20,
			step: 0.5,
			items: [
				{
					code: 'A',
					title: 'Chuyên môn',
					children: [
						{ code: 'A.1', title: 'Một', max: 10, kind: 'score' },
						{ code: 'A.2', title: 'Hai', max: 10, kind: 'score' }
					]
				},
				{ code: 'C', title: 'Điểm trừ', children: [{ code: 'C.1', title: 'Vi phạm', max: 5, kind: 'penalty' }] }
			]
		} as TemplateInput);
		const r = criterionRows(t);
		const sheet = {
			scores: { 'A.1': points(8), 'A.2': points(7), 'C.1': points(1) },
			reported: { A: points(15), C: points(2), total: points(12) }
		};
		const result = scoreSheet(t, sheet, []);
		const u: ScoredUnit = {
			items: result.items,
			self: result.self.total,
			cluster: result.cluster.total,
			reported: sheet.reported,
			deductions: []
		};
		expect(u.self).toBe(points(14));
		const errors = arithmeticErrors(r, u);
		// C written as 2 taken away where its item takes 1: one point too few; the total 12 is 15 − 2 + ... − 1 short.
		expect(errors.map((e) => [e.code, e.counted])).toEqual([
			['C', points(-1)],
			['total', points(-1)]
		]);
		const cell = reasonsCell(r, u);
		expect(cell.lines.at(-1)).toBe('Tổng điểm được cộng thêm 2 điểm.');
		expect(cell.lines[0]).toBe(
			'- Mục C (Điểm trừ): đơn vị chấm 1 điểm nhưng cộng sai số học thành 2 điểm, Cụm cộng lại 1 điểm.'
		);
	});
});

describe('figures as documents print them', () => {
	it('groups thousands with dots and writes decimals after a comma', async () => {
		const { figureText } = await import('$lib/core/documents');
		expect(figureText(9434)).toBe('9.434');
		expect(figureText(24060)).toBe('24.060');
		expect(figureText(1234567)).toBe('1.234.567');
		expect(figureText(109.1)).toBe('109,1');
		expect(figureText(410)).toBe('410');
		expect(figureText(0)).toBe('0');
	});
});

describe('a body’s name in a heading', () => {
	it('breaks as offices break it, never inside a word', async () => {
		const { bodyLines } = await import('$lib/core/documents');
		expect(bodyLines('Học viện Chính trị quốc gia Hồ Chí Minh', 27)).toEqual([
			'HỌC VIỆN CHÍNH TRỊ QUỐC GIA',
			'HỒ CHÍ MINH'
		]);
		expect(bodyLines('Cụm Thi đua các trường chính trị khu vực miền núi biên giới phía Bắc', 27)).toEqual([
			'CỤM THI ĐUA CÁC TRƯỜNG',
			'CHÍNH TRỊ KHU VỰC MIỀN NÚI',
			'BIÊN GIỚI PHÍA BẮC'
		]);
		expect(bodyLines('Ban Thi đua', 27)).toEqual(['BAN THI ĐUA']);
		expect(
			bodyLines('Một tên rất dài không có từ nào được biết đến', 10).every(
				(l) => l.length <= 10 || !l.includes(' ')
			)
		).toBe(true);
	});
});

describe('award proposals', () => {
	it('name the awarding body and the award, and say how each was decided, a tie and its run-off included', async () => {
		const { awardProposalText } = await import('$lib/core/documents');
		const count = (results: [string, number][], elected: string[], outcome: 'elected' | 'tie') => ({
			members: 8,
			cast: 8,
			valid: 8,
			invalid: 0,
			blank: 0,
			quorumMet: true,
			requiredVotes: 5,
			thresholdBase: 8,
			confirmation: null,
			results: results.map(([slug, votes]) => ({
				slug,
				name: `Trường ${slug}`,
				votes,
				elected: elected.includes(slug)
			})),
			elected,
			outcome
		});
		const ballot = (number: number, round: number, c: ReturnType<typeof count>) => ({
			id: number,
			number,
			title: 'Đề nghị tặng Bằng khen',
			purpose: 'merit' as const,
			round,
			secret: true,
			candidates: [],
			seats: 1,
			maxChoices: 1,
			quorum: 5,
			threshold: { comparison: 'more_than' as const, numerator: 1, denominator: 2, base: 'members' as const },
			committeeHead: '',
			committeeMembers: [],
			openedAt: null,
			closedAt: null,
			chairedBy: null,
			count: c
		});
		const model = {
			superior: 'Học viện Chính trị quốc gia Hồ Chí Minh',
			ballots: [
				ballot(
					2,
					1,
					count(
						[
							['A', 4],
							['B', 4]
						],
						[],
						'tie'
					)
				),
				ballot(
					3,
					2,
					count(
						[
							['A', 5],
							['B', 3]
						],
						['A'],
						'elected'
					)
				)
			]
		};
		expect(awardProposalText(model, 'merit', { slug: 'A', name: 'Trường A' })).toBe(
			'Đề nghị Học viện Chính trị quốc gia Hồ Chí Minh tặng Bằng khen cho đơn vị tiêu biểu nhì Cụm: Trường A, bỏ phiếu kín; vòng 1: Trường A 04 phiếu, Trường B 04 phiếu, hòa phiếu; bầu lại vòng 2: Trường A 05 phiếu, Trường B 03 phiếu; đạt 05/08 phiếu (62,5%).'
		);
		expect(
			awardProposalText(
				{
					superior: 'Học viện',
					ballots: [
						{
							...ballot(
								1,
								1,
								count(
									[
										['A', 7],
										['B', 1]
									],
									['A'],
									'elected'
								)
							),
							purpose: 'flag'
						}
					]
				},
				'flag',
				{ slug: 'A', name: 'Trường A' }
			)
		).toBe(
			'Suy tôn, đề nghị Học viện tặng Cờ thi đua cho đơn vị tiêu biểu nhất Cụm: Trường A, đạt 07/08 phiếu (87,5%), bỏ phiếu kín.'
		);
	});
});

describe('a deduction that cites its evidence', () => {
	const unit = { items: { 'II.1.1': { self: points(5) } } };
	const base = { criterion: 'II.1.1', points: points(2), reason: 'Chỉ phối hợp thực hiện.' };

	it('says the evidence after the reason, the text and then the file', () => {
		expect(
			deductionReason(rows, unit, {
				...base,
				citation: { text: 'Quyết định số 12 chỉ ghi phối hợp.', file: { name: 'quyet-dinh-12.pdf' } }
			})
		).toBe(
			'Mục II, phần 1.1 (Đề án, đề tài khoa học cấp tỉnh, thành phố, cấp bộ): đơn vị chấm 5 điểm, Cụm trừ 2 điểm (Chỉ phối hợp thực hiện; minh chứng: Quyết định số 12 chỉ ghi phối hợp, tệp quyet-dinh-12.pdf).'
		);
	});

	it('says a text alone, or a file alone', () => {
		expect(deductionReason(rows, unit, { ...base, citation: { text: 'Biên bản nghiệm thu' } })).toContain(
			'(Chỉ phối hợp thực hiện; minh chứng: Biên bản nghiệm thu).'
		);
		expect(deductionReason(rows, unit, { ...base, citation: { text: '', file: { name: 'anh.png' } } })).toContain(
			'(Chỉ phối hợp thực hiện; minh chứng: tệp anh.png).'
		);
	});

	it('reads as before when it cites nothing', () => {
		expect(deductionReason(rows, unit, base)).toBe(
			'Mục II, phần 1.1 (Đề án, đề tài khoa học cấp tỉnh, thành phố, cấp bộ): đơn vị chấm 5 điểm, Cụm trừ 2 điểm (Chỉ phối hợp thực hiện).'
		);
		expect(deductionReason(rows, unit, { ...base, citation: { text: '  ' } })).toBe(
			deductionReason(rows, unit, base)
		);
	});
});
