import { describe, expect, it } from 'vitest';
import {
	attendance,
	authorityLines,
	committeeConflicts,
	committeeSignatures,
	documentSymbol,
	headSignature,
	minutesSignatures,
	personLine,
	readDocumentNumber,
	readPerson,
	recipientLines,
	repeatedNumbers,
	suggestNumbers
} from '$lib/core/documents';

describe('numbers and symbols', () => {
	it('writes the State layout’s pattern (Nghị định 30) and the Party’s (36-HD/VPTW)', () => {
		expect(documentSymbol('state', '76', 'BC', 'CTĐ')).toBe('76/BC-CTĐ');
		expect(documentSymbol('party', '76', 'BC', 'CTĐ')).toBe('76-BC/CTĐ');
		expect(documentSymbol('state', '12', 'BB', 'CTĐ')).toBe('12/BB-CTĐ');
		expect(documentSymbol('party', '', 'BB', '')).toBe('……-BB/CTĐ');
	});

	it('reads a number alone or a whole symbol in either pattern, and refuses anything else', () => {
		expect(readDocumentNumber(' 76 ')).toEqual({ number: '76', issuer: null });
		expect(readDocumentNumber('76-BC/CTĐ')).toEqual({ number: '76', issuer: 'CTĐ' });
		expect(readDocumentNumber('Số: 12/BB-CTĐ')).toEqual({ number: '12', issuer: 'CTĐ' });
		expect(readDocumentNumber('')).toEqual({ number: '', issuer: null });
		expect(readDocumentNumber('bảy mươi')).toBeUndefined();
		expect(readDocumentNumber('76/')).toBeUndefined();
	});

	it('suggests for each empty document the number after the last one used before it', () => {
		const slots = [
			{ key: 'count.1', number: '70' },
			{ key: 'count.2', number: '' },
			{ key: 'count.3', number: '' },
			{ key: 'minutes', number: '' },
			{ key: 'report', number: '76' }
		];
		expect([...suggestNumbers(slots)]).toEqual([
			['count.2', '71'],
			['count.3', '72'],
			['minutes', '73']
		]);
		// Nothing known before the first: no suggestion until a number is typed or the last used one is given.
		expect(suggestNumbers([{ key: 'a', number: '' }]).size).toBe(0);
		expect([...suggestNumbers([{ key: 'a', number: '' }], 41)]).toEqual([['a', '42']]);
		// A number set later than one suggested never goes back: the next follows the highest.
		expect(
			suggestNumbers([
				{ key: 'a', number: '9' },
				{ key: 'b', number: '3' },
				{ key: 'c', number: '' }
			]).get('c')
		).toBe('10');
	});

	it('finds a number given to two documents', () => {
		expect(
			repeatedNumbers([
				{ key: 'a', number: '74' },
				{ key: 'b', number: '074' },
				{ key: 'c', number: '75' },
				{ key: 'd', number: '' },
				{ key: 'e', number: '' }
			])
		).toEqual([{ number: '74', keys: ['a', 'b'] }]);
	});
});

describe('people', () => {
	it('reads a typed person as a name and a position, the first comma ending the name', () => {
		expect(readPerson(' Lý Văn Thắng,  Phó Hiệu trưởng Trường Chính trị tỉnh Hà Giang ')).toEqual({
			name: 'Lý Văn Thắng',
			position: 'Phó Hiệu trưởng Trường Chính trị tỉnh Hà Giang'
		});
		expect(readPerson('Đỗ Thị Ngọc, Chuyên viên Ban Thi đua, Học viện')).toEqual({
			name: 'Đỗ Thị Ngọc',
			position: 'Chuyên viên Ban Thi đua, Học viện'
		});
		expect(readPerson('Nguyễn Văn An')).toEqual({ name: 'Nguyễn Văn An', position: '' });
		const p = { name: 'Lò Thị Thúy Hà', position: 'Hiệu trưởng Trường Chính trị tỉnh Sơn La' };
		expect(readPerson(personLine(p))).toEqual(p);
	});

	it('warns of a committee member whose unit is a candidate, by participation or by the position typed', () => {
		const participants = [
			{ name: 'Nguyễn Tiên Tăng', position: 'Hiệu trưởng Trường Chính trị tỉnh Lai Châu', unit: 'lai-chau' },
			{ name: 'Lý Văn Thắng', position: 'Phó Hiệu trưởng Trường Chính trị tỉnh Hà Giang', unit: 'ha-giang' }
		];
		const candidates = [
			{ slug: 'lai-chau', name: 'Trường Chính trị tỉnh Lai Châu' },
			{ slug: 'son-la', name: 'Trường Chính trị tỉnh Sơn La' }
		];
		const committee = [
			readPerson('Nguyễn Tiên Tăng, Hiệu trưởng Trường Chính trị tỉnh Lai Châu'),
			readPerson('Lý Văn Thắng, Phó Hiệu trưởng Trường Chính trị tỉnh Hà Giang'),
			readPerson('Trần Văn Bình, Phó Chánh Văn phòng Trường Chính trị tỉnh Sơn La')
		];
		expect(
			committeeConflicts(committee, participants, candidates).map((c) => [c.person.name, c.unit.slug])
		).toEqual([
			['Nguyễn Tiên Tăng', 'lai-chau'],
			['Trần Văn Bình', 'son-la']
		]);
	});

	it('counts who was present and absent, by unit', () => {
		const a = attendance([
			{ name: 'A', unit: 'Sơn La', absent: false },
			{ name: 'B', unit: 'Lai Châu', absent: true },
			{ name: 'C', unit: 'Sơn La', absent: false },
			{ name: 'D', unit: null, absent: false }
		]);
		expect(a).toMatchObject({ present: 3, absent: 1, unitsPresent: 1, units: 2 });
		expect(a.groups.map((g) => [g.unit, g.present.map((p) => p.name), g.absent.map((p) => p.name)])).toEqual([
			['Sơn La', ['A', 'C'], []],
			['Lai Châu', [], ['B']],
			[null, ['D'], []]
		]);
	});
});

describe('signatures and Nơi nhận', () => {
	it('signs under authority lines, never a form hint', () => {
		expect(authorityLines(headSignature(' Lò Thị Thúy Hà '))).toEqual(['T/M CỤM THI ĐUA', 'CỤM TRƯỞNG']);
		expect(headSignature(' Lò Thị Thúy Hà ').name).toBe('Lò Thị Thúy Hà');
		expect(minutesSignatures('Lò Thị Thúy Hà', 'Nguyễn Thị Thanh Hương')).toEqual([
			{ authority: ['CHỦ TRÌ'], name: 'Lò Thị Thúy Hà' },
			{ authority: ['THƯ KÝ'], name: 'Nguyễn Thị Thanh Hương' }
		]);
		const committee = committeeSignatures('Lý Văn Thắng', ['Quàng Văn Dũng', 'Nông Thị Hạnh']);
		expect(committee.map((s) => [s.authority.join(' / '), s.name])).toEqual([
			['TRƯỞNG BAN KIỂM PHIẾU', 'Lý Văn Thắng'],
			['THÀNH VIÊN', 'Quàng Văn Dũng'],
			['THÀNH VIÊN', 'Nông Thị Hạnh']
		]);
		for (const s of [headSignature('x'), ...committee])
			expect(authorityLines(s).join(' ')).not.toMatch(/Ký|ghi rõ/i);
	});

	it('writes Nơi nhận in the State’s form ("Lưu: VT, …") and the Party’s ("Lưu …")', () => {
		const typed = [
			'Học viện CTQG Hồ Chí Minh (để b/c),',
			'- Các đơn vị trong Cụm (để biết);',
			'Lưu Trường (Cụm trưởng CTĐ).'
		];
		expect(recipientLines('state', typed)).toEqual([
			'- Học viện CTQG Hồ Chí Minh (để b/c);',
			'- Các đơn vị trong Cụm (để biết);',
			'- Lưu: VT, Trường (Cụm trưởng CTĐ).'
		]);
		expect(recipientLines('party', typed)).toEqual([
			'- Học viện CTQG Hồ Chí Minh (để b/c),',
			'- Các đơn vị trong Cụm (để biết),',
			'- Lưu Trường (Cụm trưởng CTĐ).'
		]);
		expect(recipientLines('state', ['Như trên', 'Lưu: VT, TĐKT.'])).toEqual(['- Như trên;', '- Lưu: VT, TĐKT.']);
		expect(recipientLines('state', [])).toEqual(['- Lưu: VT.']);
		expect(recipientLines('party', [])).toEqual(['- Lưu.']);
	});
});
