import { describe, expect, it } from 'vitest';
import { gridFromPastedText, readUnitsList, shortNameOf } from '$lib/core/import/units-list';

describe('readUnitsList', () => {
	it('reads a list pasted from Excel with a header row', () => {
		const grid = gridFromPastedText('STT\tTên đơn vị\tTên viết tắt\n1\tTrường Chính trị tỉnh Quảng Ninh\tQuảng Ninh\n2\tTrường Chính trị tỉnh Đắk Lắk\t\n');
		expect(readUnitsList(grid)).toEqual({
			units: [
				{ row: 2, name: 'Trường Chính trị tỉnh Quảng Ninh', shortName: 'Quảng Ninh', slug: 'quang-ninh' },
				{ row: 3, name: 'Trường Chính trị tỉnh Đắk Lắk', shortName: 'Đắk Lắk', slug: 'dak-lak' }
			],
			problems: []
		});
	});

	it('reads plain lines without a header, one unit a line', () => {
		const { units } = readUnitsList(gridFromPastedText('Trường Chính trị tỉnh Sơn La\nTrường Chính trị thành phố Hải Phòng; Hải Phòng'));
		expect(units.map((u) => [u.shortName, u.slug])).toEqual([
			['Sơn La', 'son-la'],
			['Hải Phòng', 'hai-phong']
		]);
	});

	it('lists duplicates and rows without a name, by row', () => {
		const grid = gridFromPastedText('Tên đơn vị;Tên viết tắt\nTrường A;Lào Cai\n;Yên Bái\nTrường B;Lào Cai');
		expect(readUnitsList(grid).problems).toEqual([
			{ row: 3, reason: 'no_name' },
			{ row: 4, reason: 'duplicate', name: 'Trường B' }
		]);
	});

	it('finds nothing in an empty list', () => {
		expect(readUnitsList(gridFromPastedText('\n\n'))).toEqual({ units: [], problems: [] });
	});

	it.each([
		['Trường Chính trị tỉnh Sơn La', 'Sơn La'],
		['Trường Chính trị thành phố Cần Thơ', 'Cần Thơ'],
		['Sở Nội vụ', 'Sở Nội vụ']
	])('shortNameOf(%s) is %s', (name, short) => expect(shortNameOf(name)).toBe(short));
});
