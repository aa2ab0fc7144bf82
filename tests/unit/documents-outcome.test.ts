import { describe, expect, it } from 'vitest';
import { ballotTitleLine, outcomeText, paperClause, paperLines, type BallotCount } from '$lib/core/documents';
import { formatPercent } from '$lib/core/voting';
import { outcomeWords } from '$lib/i18n/ballot-wording';

// The documents' result sentences: the verb of the purpose (one source with the screen), no sentence that
// contradicts itself, a confirmation's three figures, a title said once.

const base: BallotCount = {
	members: 8,
	cast: 8,
	valid: 8,
	invalid: 0,
	blank: 1,
	quorumMet: true,
	requiredVotes: 5,
	thresholdBase: 8,
	confirmation: null,
	results: [],
	elected: ['qn'],
	outcome: 'elected'
};
const names = (slug: string) => ({ qn: 'Quảng Ninh', sl: 'Sơn La' })[slug] ?? slug;

describe('outcomeText', () => {
	it('uses the verb of the purpose, the same as the screen', () => {
		expect(outcomeText(base, names, 'flag')).toBe('Kết quả: Quảng Ninh được suy tôn (đạt số phiếu theo quy định).');
		expect(outcomeText(base, names, 'merit')).toBe(
			'Kết quả: Quảng Ninh được đề nghị (đạt số phiếu theo quy định).'
		);
		expect(outcomeText(base, names, 'head')).toBe('Kết quả: Quảng Ninh trúng cử (đạt số phiếu theo quy định).');
		for (const purpose of ['flag', 'merit', 'head', 'vice_head', 'other'] as const) {
			const verb = outcomeWords('vi', purpose, 'X').slice(2, -1);
			expect(outcomeText(base, names, purpose)).toContain(`Quảng Ninh ${verb} (`);
		}
	});

	it('never says nobody reached the threshold after naming who did', () => {
		const partly = outcomeText({ ...base, elected: ['qn'], outcome: 'no_majority' }, names, 'merit');
		expect(partly).toBe(
			'Kết quả: Quảng Ninh được đề nghị; các suất còn lại chưa có đơn vị đạt số phiếu theo quy định, bầu lại.'
		);
		expect(outcomeText({ ...base, elected: [], outcome: 'no_majority' }, names, 'merit')).toBe(
			'Kết quả: chưa đơn vị nào đạt số phiếu theo quy định, bầu lại.'
		);
		expect(outcomeText({ ...base, elected: [], outcome: 'tie' }, names, 'head')).toBe('Kết quả: hòa, bầu lại.');
	});
});

describe('a confirmation in the minutes', () => {
	const confirmation = { ...base, cast: 3, valid: 3, blank: 1, confirmation: { agree: 1, disagree: 1, blank: 1 } };

	it('splits the valid papers into agree, disagree and abstain or blank', () => {
		expect(paperLines(confirmation).slice(4)).toEqual([
			'Số phiếu đồng ý: 01 phiếu',
			'Số phiếu không đồng ý: 01 phiếu',
			'Số phiếu không biểu quyết (phiếu trống): 01 phiếu'
		]);
		expect(paperClause(confirmation)).toBe(
			'Phiếu phát ra 08, thu về 03, hợp lệ 03, không hợp lệ 00; đồng ý 01, không đồng ý 01, không biểu quyết (phiếu trống) 01.'
		);
	});

	it('keeps the blank papers line for a ballot among several', () => {
		expect(paperLines(base).at(-1)).toBe('Số phiếu trống: 01 phiếu');
	});
});

describe('ballotTitleLine', () => {
	it('says the purpose once: not again when the title already says it', () => {
		expect(ballotTitleLine({ title: 'Suy tôn đề nghị tặng Cờ thi đua', round: 1, purpose: 'flag' })).toBe(
			'Suy tôn đề nghị tặng Cờ thi đua'
		);
		expect(ballotTitleLine({ title: 'Phiếu số 1', round: 1, purpose: 'flag' })).toBe(
			'Phiếu số 1 (Suy tôn đề nghị tặng Cờ thi đua)'
		);
	});
});

describe('shares', () => {
	it('are rounded and written the same on screen as in Word', () => {
		expect(formatPercent({ numerator: 6, denominator: 8 }, 'vi')).toBe('75%');
		expect(formatPercent({ numerator: 7, denominator: 8 }, 'vi')).toBe('87,5%');
	});
});
