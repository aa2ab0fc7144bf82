import { describe, expect, it } from 'vitest';
import type { CellValue, Grid } from '$lib/core/import/grid';
import {
	isGridRows,
	isImportable,
	matchUnit,
	readPastedTable,
	readPeopleList,
	roleFromText,
	type MeetingUnitRef
} from '$lib/core/import/people-list';

const UNITS: MeetingUnitRef[] = [
	{ id: 1, slug: 'son-la', name: 'Trường Chính trị tỉnh Sơn La', shortName: 'Sơn La' },
	{ id: 2, slug: 'lai-chau', name: 'Trường Chính trị tỉnh Lai Châu', shortName: 'Lai Châu' },
	{ id: 3, slug: 'ha-giang', name: 'Trường Chính trị tỉnh Hà Giang', shortName: 'Hà Giang' },
	{ id: 4, slug: 'dien-bien', name: 'Trường Chính trị tỉnh Điện Biên', shortName: 'Điện Biên' }
];

const HEADER = ['STT', 'Họ và tên', 'Chức vụ', 'Đơn vị', 'Vai trò', 'Email', 'Điện thoại'];
const grid = (rows: CellValue[][]): Grid => ({ rows, merges: [] });

function list(...people: CellValue[][]): Grid {
	return grid([HEADER, ...people.map((p, i) => [i + 1, ...p])]);
}

describe('roles as officials write them', () => {
	it.each([
		['Cụm trưởng', 'head'],
		['CỤM TRƯỞNG', 'head'],
		['cum truong', 'head'],
		['Cụm phó', 'vice_head'],
		['Cụm phó thường trực', 'vice_head'],
		['cum pho thuong truc', 'vice_head'],
		['Đại biểu', 'delegate'],
		['dai bieu', 'delegate'],
		['Đại biểu đơn vị', 'delegate'],
		['Thư ký', 'host'],
		['THU KY', 'host'],
		['Khách mời', 'observer'],
		['khach moi', 'observer'],
		['vice_head', 'vice_head'],
		['observer', 'observer'],
		['Thành viên', 'delegate'],
		['thanh vien', 'delegate'],
		['Ủy viên', 'delegate'],
		['Uỷ viên', 'delegate'],
		['uy vien', 'delegate'],
		['Đại diện', 'delegate'],
		['Đại diện đơn vị', 'delegate'],
		['dai dien don vi', 'delegate'],
		['Trưởng đoàn', 'delegate'],
		['Lãnh đạo đơn vị', 'delegate'],
		['LANH DAO DON VI', 'delegate'],
		['Chủ trì', 'head'],
		['chu tri', 'head'],
		['Phó Cụm trưởng', 'vice_head'],
		['Thư ký hội nghị', 'host'],
		['Thư ký Cụm', 'host'],
		['thu ky cum', 'host'],
		['Đại biểu khách mời', 'observer'],
		['dai bieu khach moi', 'observer'],
		['Mời dự', 'observer'],
		['moi du', 'observer']
	])('%s → %s', (text, role) => {
		expect(roleFromText(text)).toBe(role);
	});

	it.each(['', 'Chủ tịch', 'Cụm', 'đại'])('%j is no role', (text) => {
		expect(roleFromText(text)).toBeNull();
	});
});

describe('units by name, short name or slug, diacritics and case aside', () => {
	it.each([
		['Trường Chính trị tỉnh Sơn La', 1],
		['Sơn La', 1],
		['son la', 1],
		['son-la', 1],
		['SƠN LA', 1],
		['Dien Bien', 4],
		['Trường Chính trị Lai Châu', 2]
	])('%s', (text, id) => {
		expect(matchUnit(text, UNITS)?.id).toBe(id);
	});

	it('an unknown name matches nothing', () => {
		expect(matchUnit('Học viện Chính trị quốc gia Hồ Chí Minh', UNITS)).toBeNull();
		expect(matchUnit('', UNITS)).toBeNull();
	});
});

describe('reading a list', () => {
	it('reads every field of a clean list', () => {
		const result = readPeopleList(
			list(
				['Nguyễn Văn An', 'Hiệu trưởng', 'Sơn La', 'Cụm trưởng', 'An.Nguyen@Example.vn', '0912 345 678'],
				['Trần Thị Bình', 'Phó Hiệu trưởng', 'Lai Châu', 'Cụm phó thường trực', '', ''],
				['Lê Văn Cường', 'Trưởng phòng', 'Hà Giang', 'Đại biểu', null, 912345679],
				['Phạm Thị Dung', 'Chuyên viên', 'Sơn La', 'Thư ký', null, null]
			),
			UNITS
		);
		expect(result.problems).toEqual([]);
		expect(isImportable(result)).toBe(true);
		expect(result.rows).toEqual([
			{
				row: 2,
				name: 'Nguyễn Văn An',
				position: 'Hiệu trưởng',
				role: 'head',
				roleText: 'Cụm trưởng',
				unitId: 1,
				unitText: 'Sơn La',
				email: 'an.nguyen@example.vn',
				phone: '0912 345 678',
				matches: null
			},
			{
				row: 3,
				name: 'Trần Thị Bình',
				position: 'Phó Hiệu trưởng',
				role: 'vice_head',
				roleText: 'Cụm phó thường trực',
				unitId: 2,
				unitText: 'Lai Châu',
				email: null,
				phone: null,
				matches: null
			},
			// Excel dropped the leading 0 of a phone typed as a number.
			{
				row: 4,
				name: 'Lê Văn Cường',
				position: 'Trưởng phòng',
				role: 'delegate',
				roleText: 'Đại biểu',
				unitId: 3,
				unitText: 'Hà Giang',
				email: null,
				phone: '0912345679',
				matches: null
			},
			{
				row: 5,
				name: 'Phạm Thị Dung',
				position: 'Chuyên viên',
				role: 'host',
				roleText: 'Thư ký',
				unitId: 1,
				unitText: 'Sơn La',
				email: null,
				phone: null,
				matches: null
			}
		]);
	});

	it('finds the header below a title and a blank line, with its words in any case and without diacritics', () => {
		const result = readPeopleList(
			grid([
				['DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ TỔNG KẾT', null, null],
				['(Kèm theo Giấy mời số 12-GM/CTĐ)', null, null],
				[],
				['ho va ten', 'NHIEM VU', 'don vi cong tac'],
				['Nguyễn Văn An', 'Đại biểu', 'Điện Biên'],
				[null, null, null],
				['Hoàng Văn Em', 'Khách mời', null]
			]),
			UNITS
		);
		expect(result.headerRow).toBe(4);
		expect(result.columns).toEqual({ name: 0, role: 1, unit: 2 });
		expect(result.problems).toEqual([]);
		expect(result.rows.map((r) => [r.row, r.name, r.role, r.unitId])).toEqual([
			[5, 'Nguyễn Văn An', 'delegate', 4],
			[7, 'Hoàng Văn Em', 'observer', null]
		]);
	});

	it('a column order of its own, e-mail and phone under other words', () => {
		const result = readPeopleList(
			grid([
				['Vai trò', 'Số điện thoại', 'Thư điện tử', 'Tên đơn vị', 'Họ tên', 'Chức danh'],
				['Đại biểu', '0987654321', 'x@y.vn', 'Hà Giang', 'Vũ Thị Hoa', 'Giảng viên']
			]),
			UNITS
		);
		expect(result.problems).toEqual([]);
		expect(result.rows[0]).toMatchObject({
			name: 'Vũ Thị Hoa',
			position: 'Giảng viên',
			role: 'delegate',
			unitId: 3,
			email: 'x@y.vn',
			phone: '0987654321'
		});
	});

	it('a header on two rows: "Liên hệ" over "Email" and "Điện thoại"', () => {
		const result = readPeopleList(
			grid([
				['TT', 'Họ và tên', 'Đơn vị', 'Vai trò', 'Liên hệ', null],
				[null, null, null, null, 'Email', 'Điện thoại'],
				[1, 'Vũ Thị Hoa', 'Hà Giang', 'Đại biểu', 'hoa@example.vn', '0987654321']
			]),
			UNITS
		);
		expect(result.headerRow).toBe(2);
		expect(result.problems).toEqual([]);
		expect(result.rows).toHaveLength(1);
		expect(result.rows[0]).toMatchObject({ row: 3, email: 'hoa@example.vn', phone: '0987654321' });
	});

	it('a first person right under the header is a person, not a second header row', () => {
		const result = readPeopleList(
			grid([
				['Họ và tên', 'Vai trò'],
				['Khách mời', 'Khách mời']
			]),
			UNITS
		);
		expect(result.rows).toHaveLength(1);
	});

	it('a guest from outside the cluster keeps their body with their position', () => {
		const result = readPeopleList(
			list(['Đỗ Văn Khải', 'Phó Vụ trưởng', 'Học viện Chính trị quốc gia Hồ Chí Minh', 'Khách mời', null, null]),
			UNITS
		);
		expect(result.problems).toEqual([]);
		expect(result.rows[0]).toMatchObject({
			unitId: null,
			position: 'Phó Vụ trưởng, Học viện Chính trị quốc gia Hồ Chí Minh'
		});
	});
});

describe('problems, each with its row, all at once', () => {
	it('lists every kind of problem in one pass', () => {
		const result = readPeopleList(
			list(
				['Nguyễn Văn An', 'Hiệu trưởng', 'Sơn La', 'Cụm trưởng', null, null], // row 2: fine
				['Trần Văn Bảo', null, 'Yên Bái', 'Cụm phó', null, null], // 3: unknown unit
				['Lê Thị Cúc', null, 'Sơn La', 'Chủ tịch', null, null], // 4: unknown role (listed once, at the end)
				['Phạm Văn Dũng', null, null, 'Đại biểu', null, null], // 5: delegate without unit
				['Hoàng Thị Én', null, 'Hà Giang', 'Đại biểu', null, null], // 6: fine
				['Vũ Văn Giang', null, 'ha giang', 'dai bieu', null, null], // 7: second delegate of Hà Giang
				['Đặng Thị Hà', null, 'Lai Châu', 'Đại biểu', 'ha@@example', null], // 8: bad e-mail
				['Nguyễn Văn An', null, 'Son La', 'Khách mời', null, null], // 9: the same person as row 2
				[null, 'Chuyên viên', 'Điện Biên', 'Đại biểu', null, null], // 10: no name
				['Bùi Văn Khoa', null, 'Điện Biên', null, null, null] // 11: no role
			),
			UNITS
		);
		expect(result.problems).toEqual([
			{ kind: 'unknown_unit', row: 3, text: 'Yên Bái' },
			{ kind: 'delegate_without_unit', row: 5 },
			{ kind: 'two_delegates', row: 7, unit: 'Hà Giang', otherRow: 6 },
			{ kind: 'bad_email', row: 8, text: 'ha@@example' },
			{ kind: 'duplicate_person', row: 9, name: 'Nguyễn Văn An', otherRow: 2 },
			{ kind: 'missing_name', row: 10 },
			{ kind: 'missing_role', row: 11 },
			{ kind: 'unknown_role', rows: [4], texts: ['Chủ tịch'] }
		]);
		expect(isImportable(result)).toBe(false);
		// Every row is still shown in the preview.
		expect(result.rows).toHaveLength(10);
	});

	it('the same e-mail twice is the same person', () => {
		const result = readPeopleList(
			list(
				['Nguyễn Văn An', null, 'Sơn La', 'Cụm trưởng', 'an@example.vn', null],
				['Nguyễn V. An', null, null, 'Khách mời', 'AN@example.vn', null]
			),
			UNITS
		);
		expect(result.problems).toEqual([{ kind: 'duplicate_person', row: 3, name: 'Nguyễn V. An', otherRow: 2 }]);
	});

	it('a second delegate for a unit that keeps its delegate is a problem', () => {
		const existing = [
			{ id: 11, name: 'Đại biểu Trường Chính trị tỉnh Sơn La', role: 'delegate' as const, unitId: 1, email: null }
		];
		const result = readPeopleList(list(['Người Mới', null, 'Sơn La', 'Đại biểu', null, null]), UNITS, existing);
		expect(result.problems).toEqual([{ kind: 'two_delegates', row: 2, unit: 'Sơn La', otherRow: null }]);
	});

	it('a row naming someone already in the meeting updates them: by e-mail, else by name and unit', () => {
		const existing = [
			{ id: 11, name: 'Đại biểu Sơn La', role: 'delegate' as const, unitId: 1, email: null },
			{ id: 12, name: 'Trần Thị Bình', role: 'observer' as const, unitId: null, email: 'binh@example.vn' },
			{ id: 13, name: 'Lê Văn Thư', role: 'host' as const, unitId: null, email: null },
			{ id: 14, name: 'Nguyễn Văn An', role: 'delegate' as const, unitId: 3, email: null }
		];
		const result = readPeopleList(
			list(
				['Bình Trần', 'Chuyên viên', null, 'Khách mời', 'BINH@example.vn', null], // 2: by e-mail
				['Lê Văn Thư', 'Chánh Văn phòng', null, 'Thư ký hội nghị', null, null], // 3: the host, by name
				['Nguyễn Văn An', 'Hiệu trưởng', 'Hà Giang', 'Cụm phó', null, null], // 4: Hà Giang's delegate becomes a vice-head
				['Hoàng Thị Én', null, 'Hà Giang', 'Đại biểu', null, null], // 5: and Hà Giang gets a new delegate
				['Đại biểu Sơn La', null, 'Sơn La', 'Thành viên', null, null] // 6: Sơn La's delegate, still its delegate
			),
			UNITS,
			existing
		);
		expect(result.problems).toEqual([]);
		expect(result.rows.map((r) => [r.row, r.matches, r.role])).toEqual([
			[2, 12, 'observer'],
			[3, 13, 'host'],
			[4, 14, 'vice_head'],
			[5, null, 'delegate'],
			[6, 11, 'delegate']
		]);
	});

	it('two rows for one person already in the meeting are one person listed twice', () => {
		const existing = [
			{ id: 12, name: 'Trần Thị Bình', role: 'observer' as const, unitId: null, email: 'binh@example.vn' }
		];
		const result = readPeopleList(
			list(
				['Trần Thị Bình', null, null, 'Khách mời', null, null],
				['Bình Khác', null, null, 'Khách mời', 'binh@example.vn', null]
			),
			UNITS,
			existing
		);
		expect(result.problems).toEqual([{ kind: 'duplicate_person', row: 3, name: 'Bình Khác', otherRow: 2 }]);
	});

	it('the host typed in without a unit when the meeting was made is matched by name where the list places them in a unit', () => {
		const existing = [
			{ id: 20, name: 'Phạm Thị Dung', role: 'host' as const, unitId: null, email: null },
			{ id: 21, name: 'Lê Văn Cường', role: 'delegate' as const, unitId: 3, email: null }
		];
		const result = readPeopleList(
			list(
				['Phạm Thị Dung', 'Chánh Văn phòng', 'Sơn La', 'Thư ký Cụm', null, null],
				['Lê Văn Cường', 'Trưởng phòng', 'Lai Châu', 'Đại biểu', null, null]
			),
			UNITS,
			existing
		);
		// The host is one person still; a delegate of another unit with the same name is not the one of Hà Giang.
		expect(result.rows.map((r) => [r.name, r.matches, r.role, r.unitId])).toEqual([
			['Phạm Thị Dung', 20, 'host', 1],
			['Lê Văn Cường', null, 'delegate', 2]
		]);
	});

	it('every unknown role word is one problem naming its rows and words', () => {
		const result = readPeopleList(
			list(
				['A', null, 'Sơn La', 'Chủ tịch', null, null],
				['B', null, 'Lai Châu', 'Kế toán', null, null],
				['C', null, 'Hà Giang', 'chu tich', null, null]
			),
			UNITS
		);
		expect(result.problems).toEqual([
			{ kind: 'unknown_role', rows: [2, 3, 4], texts: ['Chủ tịch', 'Kế toán', 'chu tich'] }
		]);
	});

	it('a table without a recognisable header is refused as a whole', () => {
		expect(
			readPeopleList(
				grid([
					['a', 'b'],
					['Nguyễn Văn An', 'Đại biểu']
				]),
				UNITS
			).problems
		).toEqual([{ kind: 'no_header' }]);
		expect(readPeopleList(grid([]), UNITS).problems).toEqual([{ kind: 'no_header' }]);
		// A name column alone is not enough to know it is a list of people.
		expect(readPeopleList(grid([['Họ và tên'], ['Nguyễn Văn An']]), UNITS).problems).toEqual([
			{ kind: 'no_header' }
		]);
	});

	it('a header with nobody under it', () => {
		const result = readPeopleList(grid([HEADER, [null, null]]), UNITS);
		expect(result.problems).toEqual([{ kind: 'no_rows' }]);
		expect(isImportable(result)).toBe(false);
	});

	it('too many rows', () => {
		const rows = Array.from({ length: 501 }, (_, i) => [i, `Người ${i}`, null, null, 'Khách mời']);
		expect(readPeopleList(grid([HEADER, ...rows]), UNITS).problems).toEqual([{ kind: 'too_many_rows', max: 500 }]);
	});

	it('all or nothing: one bad row makes the whole list not importable', () => {
		const good = Array.from(
			{ length: 9 },
			(_, i) => [`Khách ${i}`, null, null, 'Khách mời', null, null] as CellValue[]
		);
		expect(isImportable(readPeopleList(list(...good), UNITS))).toBe(true);
		const result = readPeopleList(list(...good, ['Khách lạ', null, null, 'Không rõ', null, null]), UNITS);
		expect(isImportable(result)).toBe(false);
		expect(result.problems).toEqual([{ kind: 'unknown_role', rows: [11], texts: ['Không rõ'] }]);
	});
});

describe('pasted tables', () => {
	it('reads tab-separated text copied from Excel, with a quoted multi-line cell', () => {
		const text =
			'Họ và tên\tChức vụ\tĐơn vị\tVai trò\r\nNguyễn Văn An\t"Hiệu trưởng\nTrường Chính trị"\tSơn La\tCụm trưởng\r\nLê Văn Cường\t\tHà Giang\tĐại biểu\r\n\r\n';
		const pasted = readPastedTable(text);
		expect(pasted.rows).toEqual([
			['Họ và tên', 'Chức vụ', 'Đơn vị', 'Vai trò'],
			['Nguyễn Văn An', 'Hiệu trưởng\nTrường Chính trị', 'Sơn La', 'Cụm trưởng'],
			['Lê Văn Cường', null, 'Hà Giang', 'Đại biểu']
		]);
		const result = readPeopleList(pasted, UNITS);
		expect(result.problems).toEqual([]);
		expect(result.rows[0]!.position).toBe('Hiệu trưởng Trường Chính trị');
	});

	it('reads ";"-separated text when there is no tab', () => {
		const pasted = readPastedTable('Họ và tên;Vai trò;Đơn vị\nTrần Thị Bình;Cụm phó;Lai Châu');
		expect(readPeopleList(pasted, UNITS).rows[0]).toMatchObject({
			name: 'Trần Thị Bình',
			role: 'vice_head',
			unitId: 2
		});
	});

	it('a quote inside a name is text, not the start of a quoted cell', () => {
		expect(readPastedTable('Họ và tên\tVai trò\nNguyễn "Út" An\tKhách mời').rows[1]).toEqual([
			'Nguyễn "Út" An',
			'Khách mời'
		]);
	});
});

describe('a grid sent back by the preview', () => {
	it('accepts rows of strings, numbers and nulls only', () => {
		expect(isGridRows([['a', 1, null]])).toBe(true);
		expect(isGridRows([['a', { x: 1 }]])).toBe(false);
		expect(isGridRows('a')).toBe(false);
		expect(isGridRows([[], 'a'])).toBe(false);
		expect(isGridRows(Array.from({ length: 10_000 }, () => []))).toBe(false);
	});
});

describe('the message for role words not understood', () => {
	it('is one sentence naming the rows and the words, and listing every word understood, by role', async () => {
		const { peopleProblemMessage } = await import('$lib/i18n/people-problems');
		const message = peopleProblemMessage('vi', {
			kind: 'unknown_role',
			rows: [4, 9],
			texts: ['Chủ tịch', 'Kế toán']
		});
		expect(message).toContain('Dòng 4, 9: không hiểu vai trò "Chủ tịch", "Kế toán".');
		for (const word of [
			'Cụm trưởng',
			'Chủ trì',
			'Cụm phó',
			'Thành viên',
			'Ủy viên',
			'Đại diện đơn vị',
			'Trưởng đoàn',
			'Lãnh đạo đơn vị',
			'Thư ký hội nghị',
			'Thư ký Cụm',
			'Khách mời',
			'Đại biểu khách mời',
			'Mời dự'
		]) {
			expect(message).toContain(word);
		}
		// Every word listed is understood, as the message promises.
		const { ROLE_WORDS_WRITTEN } = await import('$lib/core/import/people-list');
		for (const [role, words] of Object.entries(ROLE_WORDS_WRITTEN))
			for (const word of words) expect(roleFromText(word), word).toBe(role);
	});
});
