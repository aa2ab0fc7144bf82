import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	asciiSlug,
	capitals,
	countText,
	dateLine,
	documentFileNames,
	heading,
	momentText,
	numberLine,
	shareText,
	shortMoment,
	statisticsTotals,
	thresholdText,
	tiedRound,
	vietnameseDate
} from '$lib/core/documents';

describe('what the documents write', () => {
	it('dates the Vietnamese way, with leading zeros under 10', () => {
		expect(vietnameseDate('2021-11-15')).toBe('ngày 15 tháng 11 năm 2021');
		expect(vietnameseDate('2022-01-05')).toBe('ngày 05 tháng 01 năm 2022');
		expect(dateLine('Sơn La', '2021-11-15')).toBe('Sơn La, ngày 15 tháng 11 năm 2021');
		expect(dateLine('', '2021-11-15')).toBe('Ngày 15 tháng 11 năm 2021');
	});

	it('states moments in Vietnam’s time, whatever the zone they were stored in', () => {
		expect(momentText('2021-11-15T01:00:00.000Z')).toBe('08 giờ 00 phút, ngày 15 tháng 11 năm 2021');
		expect(momentText('2021-11-15T17:30:00.000Z')).toBe('00 giờ 30 phút, ngày 16 tháng 11 năm 2021');
		expect(momentText('2021-11-15T08:00')).toBe('08 giờ 00 phút, ngày 15 tháng 11 năm 2021');
		expect(shortMoment('2021-11-15T03:05:00.000Z')).toBe('15/11/2021 10:05');
	});

	it('writes capitals with Vietnamese letters', () => {
		expect(capitals('Cụm Thi đua các trường chính trị')).toBe('CỤM THI ĐUA CÁC TRƯỜNG CHÍNH TRỊ');
		expect(capitals('Hiệu trưởng Trường Chính trị tỉnh Sơn La')).toBe('HIỆU TRƯỞNG TRƯỜNG CHÍNH TRỊ TỈNH SƠN LA');
	});

	it('writes shares with one decimal at most, rounded half up, with a decimal comma', () => {
		expect(shareText(7, 8)).toBe('87,5%');
		expect(shareText(8, 8)).toBe('100%');
		expect(shareText(2, 3)).toBe('66,7%');
		expect(shareText(1, 3)).toBe('33,3%');
		expect(shareText(0, 8)).toBe('0%');
		expect(shareText(1, 0)).toBe('—');
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 500 }), (base, raw) => {
				const votes = raw % (base + 1);
				const printed = Number(shareText(votes, base).replace('%', '').replace(',', '.'));
				return Math.abs(printed - (votes * 100) / base) <= 0.05 + 1e-9;
			})
		);
		expect(countText(8)).toBe('08');
		expect(countText(12)).toBe('12');
	});

	it('numbers documents per layout and leaves room when there is no number yet', () => {
		expect(numberLine('party', '76-BC/CTĐ')).toBe('Số 76-BC/CTĐ');
		expect(numberLine('state', '12/BB-CTĐ')).toBe('Số: 12/BB-CTĐ');
		expect(numberLine('state', ' ')).toBe('Số: ……');
	});

	it('heads a Party document with the asterisk and the underlined Party name, a State one with the motto and rules', () => {
		const input = {
			superior: 'Học viện Chính trị quốc gia Hồ Chí Minh',
			cluster: 'Cụm Thi đua các trường chính trị',
			number: '76-BC/CTĐ',
			place: 'Sơn La',
			date: '2021-11-15'
		};
		const party = heading({ layout: 'party', ...input });
		expect(party.left).toEqual([
			{ text: 'HỌC VIỆN CHÍNH TRỊ QUỐC GIA HỒ CHÍ MINH', bold: false },
			{ text: 'CỤM THI ĐUA CÁC TRƯỜNG CHÍNH TRỊ', bold: true }
		]);
		expect(party).toMatchObject({
			leftMark: 'asterisk',
			number: 'Số 76-BC/CTĐ',
			rightRule: false,
			dateLine: 'Sơn La, ngày 15 tháng 11 năm 2021'
		});
		expect(party.right).toEqual([{ text: 'ĐẢNG CỘNG SẢN VIỆT NAM', bold: true, underline: true }]);
		const state = heading({ layout: 'state', ...input });
		expect(state).toMatchObject({ leftMark: 'rule', number: 'Số: 76-BC/CTĐ', rightRule: true });
		expect(state.right.map((l) => l.text)).toEqual([
			'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
			'Độc lập - Tự do - Hạnh phúc'
		]);
	});

	it('names thresholds and tied rounds as the minutes do', () => {
		expect(thresholdText({ numerator: 1, denominator: 2, base: 'members', comparison: 'more_than' })).toBe(
			'quá 1/2 tổng số đơn vị thành viên'
		);
		expect(thresholdText({ numerator: 2, denominator: 3, base: 'valid', comparison: 'at_least' })).toBe(
			'từ 2/3 số phiếu hợp lệ trở lên'
		);
		const results = [
			{ candidate: 'a', votes: 4 },
			{ candidate: 'b', votes: 4 },
			{ candidate: 'c', votes: 0 }
		];
		expect(tiedRound(results, ['a', 'b'])).toBe(true);
		expect(tiedRound(results, ['a', 'b', 'c'])).toBe(false);
		expect(tiedRound(results, ['a'])).toBe(false);
	});

	it('totals statistics from the rows, never a column of rates', () => {
		const table = {
			title: 't',
			columns: ['Số lớp', 'Tỷ lệ (%)', 'Website'],
			rows: [
				{ unit: 'A', values: [26, 100, 'Có'] },
				{ unit: 'B', values: [16.5, 109.1, null] }
			],
			reportedTotal: null,
			note: null
		};
		expect(statisticsTotals(table)).toEqual([42.5, null, null]);
	});

	it('names the files without diacritics, with the year', () => {
		expect(documentFileNames(2021, [1, 3])).toEqual({
			minutes: 'bien-ban-hoi-nghi-2021.docx',
			counts: [
				{ number: 1, name: 'bien-ban-kiem-phieu-1-2021.docx' },
				{ number: 3, name: 'bien-ban-kiem-phieu-3-2021.docx' }
			],
			report: 'bao-cao-tong-ket-2021.docx',
			scores: 'bang-tong-hop-diem-2021.xlsx',
			bundle: 'ho-so-hoi-nghi-2021.zip'
		});
		expect(asciiSlug('Biên bản hội nghị Đồng Tháp')).toBe('bien-ban-hoi-nghi-dong-thap');
	});
});
