import { describe, expect, it } from 'vitest';
import demo from '$lib/server/demo/cluster-2021.json';
import { isSuperiorBody, readUnitsList, shortNameOf, slugify, withoutSuperiorBody } from '$lib/core/import/units';

describe('slugs and short names', () => {
	it.each([
		['Quảng Ninh', 'quang-ninh'],
		['Đắk Lắk', 'dak-lak'],
		['Điện Biên', 'dien-bien'],
		['  Thừa Thiên - Huế ', 'thua-thien-hue'],
		['TP. Hồ Chí Minh', 'tp-ho-chi-minh']
	])('slugify(%s) is %s', (name, slug) => expect(slugify(name)).toBe(slug));

	it('a short name is what follows the last "tỉnh", "thành phố", "TP." in the name; else the name', () => {
		expect(shortNameOf('Trường Chính trị tỉnh Sơn La')).toBe('Sơn La');
		expect(shortNameOf('Trường Đào tạo cán bộ Nguyễn Văn Cừ tỉnh Quảng Ninh')).toBe('Quảng Ninh');
		expect(shortNameOf('Trường Chính trị thành phố Hải Phòng')).toBe('Hải Phòng');
		expect(shortNameOf('Trung tâm chính trị huyện Mường La tỉnh Sơn La')).toBe('Sơn La');
		expect(shortNameOf('Học viện Chính trị khu vực I')).toBe('Học viện Chính trị khu vực I');
	});

	it('derives the demo’s short names and slugs from its full names', () => {
		for (const unit of demo.units) {
			expect(shortNameOf(unit.name)).toBe(unit.short_name);
			expect(slugify(shortNameOf(unit.name))).toBe(unit.slug);
		}
	});
});

describe('reading a units list', () => {
	it('reads a table with a header "STT | Tên đơn vị | Tên viết tắt", deriving absent short names', () => {
		const list = readUnitsList({
			rows: [
				['DANH SÁCH ĐƠN VỊ', null, null],
				['STT', 'Tên đơn vị', 'Tên viết tắt'],
				[1, 'Trường Chính trị tỉnh Sơn La', null],
				[2, 'Trường Chính trị tỉnh Đắk Lắk', 'Đắk Lắk'],
				[null, null, null],
				[3, 'Trường Chính trị Hoàng Văn Thụ tỉnh Lạng Sơn', 'Lạng Sơn']
			],
			merges: []
		});
		expect(list.units).toEqual([
			{ row: 3, name: 'Trường Chính trị tỉnh Sơn La', shortName: 'Sơn La', slug: 'son-la', derived: true },
			{ row: 4, name: 'Trường Chính trị tỉnh Đắk Lắk', shortName: 'Đắk Lắk', slug: 'dak-lak', derived: false },
			{
				row: 6,
				name: 'Trường Chính trị Hoàng Văn Thụ tỉnh Lạng Sơn',
				shortName: 'Lạng Sơn',
				slug: 'lang-son',
				derived: false
			}
		]);
		expect(list.problems).toEqual([]);
	});

	it('reads lines pasted from a spreadsheet (tabs) or typed with ";", with or without order numbers', () => {
		const pasted = readUnitsList(
			'1\tTrường Chính trị tỉnh Lai Châu\n2\tTrường Chính trị tỉnh Hà Giang\tHà Giang\n'
		);
		expect(pasted.units.map((u) => [u.row, u.shortName, u.slug])).toEqual([
			[1, 'Lai Châu', 'lai-chau'],
			[2, 'Hà Giang', 'ha-giang']
		]);
		const typed = readUnitsList('Trường Chính trị tỉnh Cao Bằng;Cao Bằng\nTrường Chính trị tỉnh Lào Cai');
		expect(typed.units.map((u) => u.slug)).toEqual(['cao-bang', 'lao-cai']);
	});

	it('flags duplicates on the later row, naming the first, and an empty list', () => {
		const list = readUnitsList(
			'Trường Chính trị tỉnh Sơn La\nTrường Chính trị tỉnh Sơn La\nTrường A;Hà Nam\nTrường B;Hà Năm'
		);
		expect(list.problems).toEqual([
			{ reason: 'duplicate_name', row: 2, other: 1, text: 'Trường Chính trị tỉnh Sơn La' },
			{ reason: 'duplicate_slug', row: 4, other: 3, text: 'ha-nam' }
		]);
		expect(readUnitsList('\n\n').problems).toEqual([{ reason: 'no_units' }]);
	});
});

describe('units from a list of people', () => {
	const superior = 'Học viện Chính trị quốc gia Hồ Chí Minh';
	const participants = [
		['DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ', null, null, null],
		['STT', 'Họ và tên', 'Chức vụ', 'Đơn vị', 'Vai trò'],
		[
			'1',
			'Nguyễn Văn Khách',
			'Phó Vụ trưởng Vụ Thi đua - Khen thưởng',
			'Học viện Chính trị quốc gia Hồ Chí Minh',
			'Đại biểu khách mời'
		],
		['2', 'Lò Văn A', 'Hiệu trưởng', 'Trường Chính trị tỉnh Sơn La', 'Cụm trưởng'],
		['3', 'Cà Thị B', 'Phó Hiệu trưởng', 'Trường Chính trị tỉnh Sơn La', 'Đại biểu'],
		['4', 'Giàng A C', 'Hiệu trưởng', 'Trường Chính trị tỉnh Lai Châu', 'Cụm phó'],
		['5', 'Trần D', 'Chuyên viên', 'Vụ Thi đua - Khen thưởng, Học viện Chính trị quốc gia Hồ Chí Minh', 'Thư ký'],
		['6', 'Phạm E', 'Giám đốc', 'Sở Nội vụ tỉnh Điện Biên', 'Mời dự'],
		['7', 'Vàng F', 'Phó Hiệu trưởng', 'Trường Chính trị tỉnh Hà Giang', 'Thanh vien'],
		['8', 'Lê G', 'Hiệu trưởng', 'trường chính trị tỉnh sơn la', 'Dai bieu']
	];

	it('offers the distinct units it names, not its people, and never a guest’s body', () => {
		const list = readUnitsList({ rows: participants, merges: [] }, { superior });
		expect(list.units.map((u) => [u.row, u.name, u.shortName, u.slug])).toEqual([
			[4, 'Trường Chính trị tỉnh Sơn La', 'Sơn La', 'son-la'],
			[6, 'Trường Chính trị tỉnh Lai Châu', 'Lai Châu', 'lai-chau'],
			[9, 'Trường Chính trị tỉnh Hà Giang', 'Hà Giang', 'ha-giang']
		]);
		expect(list.problems).toEqual([]);
	});

	it('pasted from Excel with only "Họ tên" and "Đơn vị", guests known by their position', () => {
		const text = [
			'Họ tên\tChức vụ\tĐơn vị',
			'A\tKhách mời\tBan Tuyên giáo tỉnh X',
			'B\tĐại biểu\tTrường Chính trị tỉnh Yên Bái',
			'C\tĐại biểu\tTrường Chính trị tỉnh Yên Bái'
		].join('\n');
		const list = readUnitsList(text);
		expect(list.units.map((u) => u.shortName)).toEqual(['Yên Bái']);
		expect(list.problems).toEqual([]);
	});

	it('the superior body is dropped from a plain units list too, and a short "Học viện" names no one', () => {
		const list = withoutSuperiorBody(
			readUnitsList(
				'Trường Chính trị tỉnh Sơn La\nHọc viện Chính trị quốc gia Hồ Chí Minh\nHọc viện Chính trị khu vực I'
			),
			superior
		);
		expect(list.units.map((u) => u.name)).toEqual(['Trường Chính trị tỉnh Sơn La', 'Học viện Chính trị khu vực I']);
		expect(isSuperiorBody('Học viện Chính trị khu vực I', 'Học viện')).toBe(false);
	});

	it('a list of people that names no member unit says so', () => {
		expect(
			readUnitsList('Họ và tên;Đơn vị;Vai trò\nA;Học viện Chính trị quốc gia Hồ Chí Minh;Khách mời', { superior })
				.problems
		).toEqual([{ reason: 'no_units' }]);
	});
});
