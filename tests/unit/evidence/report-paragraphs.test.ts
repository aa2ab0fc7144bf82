import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import demo from '$lib/server/demo/cluster-2021.json';
import {
	MAX_SECTION_PARAGRAPHS,
	matchReportParagraphs,
	readHeadingNumber,
	titleAgreement
} from '$lib/core/evidence/report-paragraphs';
import { foldText } from '$lib/core/import/grid';
import { templateFromInput, templateItems, type Template, type TemplateInput } from '$lib/core/scoring';

// Where a unit's self-inspection report speaks of each item: by the item's number as the report writes it under its
// own sections, by its full code, by its title, with or without diacritics; the head's link replaces what is found.

const built = templateFromInput(demo.criteria_template as TemplateInput);
if (!built.ok) throw new Error('demo template');
const template = built.template;

/** A table numbered as some clusters number theirs: "1", "1.1", "1.2", "2"… */
function numericTemplate(): Template {
	const t = templateFromInput({
		name: 'Bảng số',
		total: 20,
		step: 0.25,
		items: [
			{
				code: '1',
				title: 'Công tác chuyên môn',
				children: [
					{ code: '1.1', title: 'Hoàn thành kế hoạch năm', max: 5 },
					{ code: '1.2', title: 'Đổi mới phương pháp giảng dạy', max: 5 }
				]
			},
			{ code: '2', title: 'Chấp hành chế độ báo cáo', max: 5 },
			{ code: '3', title: 'Ứng dụng công nghệ thông tin', max: 5 }
		]
	});
	if (!t.ok) throw new Error('numeric template');
	return t.template;
}

/** The paragraphs a match found for an item, as text (what the board shows). */
const textOf = (paragraphs: string[], found: { paragraphs: number[] } | undefined) =>
	found?.paragraphs.map((i) => paragraphs[i]);

describe('a heading’s number', () => {
	it('is read as reports write it', () => {
		expect(readHeadingNumber('I. CÔNG TÁC ĐÀO TẠO, BỒI DƯỠNG')).toEqual({
			parts: ['I'],
			led: false,
			rest: 'CÔNG TÁC ĐÀO TẠO, BỒI DƯỠNG'
		});
		expect(readHeadingNumber('1. Công tác lãnh đạo')?.parts).toEqual(['1']);
		expect(readHeadingNumber('2.1. Thực hiện đúng chương trình')?.parts).toEqual(['2', '1']);
		expect(readHeadingNumber('2.1 Thực hiện đúng chương trình')?.parts).toEqual(['2', '1']);
		expect(readHeadingNumber('II.1.1: Đề án')?.parts).toEqual(['II', '1', '1']);
		expect(readHeadingNumber('a) Đổi mới nội dung')?.parts).toEqual(['a']);
		expect(readHeadingNumber('B. ĐIỂM THƯỞNG')?.parts).toEqual(['B']);
		expect(readHeadingNumber('3 - Quản lý đào tạo')?.parts).toEqual(['3']);
		expect(readHeadingNumber('01. Hoàn thành')?.parts).toEqual(['1']);
	});

	it('after “Tiêu chí”, “Mục”, “Phần”, “Nội dung”, with or without diacritics, even bare', () => {
		expect(readHeadingNumber('Tiêu chí 3')).toEqual({ parts: ['3'], led: true, rest: '' });
		expect(readHeadingNumber('Tieu chi 1.2: Đổi mới')).toEqual({ parts: ['1', '2'], led: true, rest: 'Đổi mới' });
		expect(readHeadingNumber('Mục II.3 Sáng kiến')?.parts).toEqual(['II', '3']);
		expect(readHeadingNumber('TIÊU CHÍ ii')?.parts).toEqual(['II']);
		expect(readHeadingNumber('Nội dung 4 ')?.parts).toEqual(['4']);
	});

	it('is not read from a list entry, a figure, a word or body text', () => {
		expect(readHeadingNumber('1) Hướng dẫn số 02-HD/HĐTĐKT ngày 25/12/2020')).toBeNull();
		expect(readHeadingNumber('15 năm ngày thành lập Trường')).toBeNull();
		expect(readHeadingNumber('3.000 lượt học viên')).toBeNull();
		expect(readHeadingNumber('Trường Chính trị báo cáo')).toBeNull();
		expect(readHeadingNumber('Việc xây dựng kế hoạch')).toBeNull();
		expect(readHeadingNumber('Mục tiêu năm 2021')).toBeNull();
		expect(readHeadingNumber('- Phong trào thi đua')).toBeNull();
		expect(readHeadingNumber('')).toBeNull();
		expect(readHeadingNumber(`1. ${'dài '.repeat(100)}`)).toBeNull();
	});
});

describe('a title’s agreement', () => {
	it('counts the words that tell items apart, without diacritics, and no others', () => {
		expect(titleAgreement('HOAN THANH CHI TIEU', 'Hoàn thành chỉ tiêu kế hoạch')).toBeCloseTo(4 / 6);
		expect(titleAgreement('Công tác và các việc', 'Công tác thi đua')).toBe(0);
		expect(titleAgreement('anything', '')).toBe(0);
	});
});

describe('a report numbered under its own sections, as the seed reports are', () => {
	const report = [
		'BÁO CÁO',
		'Tự kiểm tra công tác năm 2021',
		'Thực hiện Kế hoạch số 01/KH-HĐTĐKT ngày 16/01/2021, Trường báo cáo như sau:',
		'I. CÔNG TÁC ĐÀO TẠO, BỒI DƯỠNG',
		'1. Hoàn thành chỉ tiêu kế hoạch đào tạo, bồi dưỡng được giao',
		'Năm 2021 Trường mở 12 lớp, đạt 109,1% kế hoạch.',
		'Tự chấm: 10 điểm.',
		'2. Thực hiện nội dung chương trình',
		'2.1. Thực hiện đúng chương trình, kế hoạch giảng dạy của Học viện',
		'Thực hiện đúng chương trình; 1) Kế hoạch số 21-KH/TCT; 2) Kế hoạch số 22-KH/TCT.',
		'1) Hướng dẫn số 02-HD/HĐTĐKT ngày 25/12/2020',
		'2.2. Đổi mới nội dung, phương pháp giảng dạy',
		'Giảng viên đổi mới phương pháp.',
		'3. Quản lý đào tạo, quản lý học viên',
		'Quản lý chặt chẽ.',
		'II. CÔNG TÁC NGHIÊN CỨU KHOA HỌC, TỔNG KẾT THỰC TIỄN',
		'1. Đề tài khoa học',
		'1.1 Đề án, đề tài khoa học cấp tỉnh',
		'Trường phối hợp thực hiện 01 đề tài cấp tỉnh (tự chấm 5 điểm).',
		'III. ĐÁNH GIÁ CHUNG',
		'Nhìn chung Trường hoàn thành tốt nhiệm vụ.'
	];
	const found = matchReportParagraphs(report, template);

	it('finds each item named by its number under its section, with the paragraphs that follow it', () => {
		expect(found['I.1']).toEqual({ paragraphs: [4, 5, 6], by: 'number' });
		expect(textOf(report, found['I.2.1'])).toEqual([
			'2.1. Thực hiện đúng chương trình, kế hoạch giảng dạy của Học viện',
			'Thực hiện đúng chương trình; 1) Kế hoạch số 21-KH/TCT; 2) Kế hoạch số 22-KH/TCT.',
			'1) Hướng dẫn số 02-HD/HĐTĐKT ngày 25/12/2020'
		]);
		expect(found['I.2.2']).toEqual({ paragraphs: [11, 12], by: 'number' });
		expect(found['II.1.1']).toEqual({ paragraphs: [17, 18], by: 'number' });
	});

	it('reads “3.” after 2.2 as item I.3, whose title it says, not I.2.3', () => {
		expect(found['I.3']).toEqual({ paragraphs: [13, 14], by: 'number' });
		expect(found['I.2.3']).toBeUndefined();
	});

	it('ends an item at the next heading, one the table does not know included', () => {
		expect(found['II.1.1']!.paragraphs).not.toContain(19);
		expect(Object.keys(found).sort()).toEqual(['I.1', 'I.2.1', 'I.2.2', 'I.3', 'II.1.1']);
	});

	it('reads the same report without diacritics, in capitals', () => {
		const plain = report.map((p) =>
			foldText(p)
				.toUpperCase()
				.replace(/^([0-9IV]+(?: [0-9]+)*) /, '$1. ')
		);
		const again = matchReportParagraphs(
			plain.map((p) => p.replace(/^(\d) (\d) /, '$1.$2 ')),
			template
		);
		expect(again['I.1']?.paragraphs).toEqual([4, 5, 6]);
		expect(again['I.3']?.paragraphs).toEqual([13, 14]);
	});
});

describe('a report that does not follow the table’s numbering', () => {
	// The opening of the seed report: its own sections and numbers, on another subject than the table's items.
	const report = [
		'I. CÔNG TÁC PHÁT ĐỘNG VÀ CHỈ ĐẠO TỔ CHỨC THỰC HIỆN PHONG TRÀO THI ĐUA NĂM 2021',
		'1. Công tác lãnh đạo, chỉ đạo điều hành',
		'Nhận thức rõ vai trò, tầm quan trọng của công tác thi đua, khen thưởng trong giai đoạn mới.',
		'2. Các phong trào thi đua đã được phát động',
		'- Triển khai, thực hiện phong trào thi đua năm 2021.',
		'3. Việc ban hành văn bản chỉ đạo thực hiện phong trào thi đua',
		'1) Hướng dẫn số 02-HD/HĐTĐKT ngày 25/12/2020 của HĐTĐKT về việc đăng ký danh hiệu thi đua.'
	];

	it('gives no item a heading whose words are another subject', () => {
		expect(matchReportParagraphs(report, template)).toEqual({});
	});

	it('still finds an item whose title a heading says, whatever its number', () => {
		const withTitle = [
			...report,
			'4. Ban hành kế hoạch, phát động và đăng ký thi đua',
			'Đã ban hành Kế hoạch số 21.'
		];
		expect(matchReportParagraphs(withTitle, template)).toEqual({
			'IV.1': { paragraphs: [7, 8], by: 'title' }
		});
	});
});

describe('full codes, titles and mentions', () => {
	it('finds “Tiêu chí II.1.1” and “II.3 …” wherever they stand', () => {
		const report = [
			'Tiêu chí II.1.1: Trường chủ trì 01 đề tài',
			'Nghiệm thu tháng 10.',
			'II.3 Sáng kiến kinh nghiệm',
			'02 sáng kiến.'
		];
		expect(matchReportParagraphs(report, template)).toEqual({
			'II.1.1': { paragraphs: [0, 1], by: 'number' },
			'II.3': { paragraphs: [2, 3], by: 'number' }
		});
	});

	it('finds an item by its title alone, the most specific title when one holds another', () => {
		const report = [
			'Đề tài khoa học cấp trường',
			'03 đề tài.',
			'Đề tài khoa học cấp khoa',
			'05 đề tài.',
			'Tổng kết thực tiễn, nghiên cứu thực tế',
			'Hai đợt.'
		];
		const found = matchReportParagraphs(report, template);
		expect(found['II.1.2']).toEqual({ paragraphs: [0, 1], by: 'title' });
		expect(found['II.1.3']).toEqual({ paragraphs: [2, 3], by: 'title' });
		expect(found['II.6']).toEqual({ paragraphs: [4, 5], by: 'title' });
		expect(found['II.1']).toBeUndefined(); // a section is not an item
	});

	it('counts a paragraph that mentions an item’s full code', () => {
		const report = ['Mở đầu', 'Như đã nêu tại tiêu chí I.4, Trường tổ chức 06 buổi thao giảng.', 'Kết luận'];
		expect(matchReportParagraphs(report, template)).toEqual({ 'I.4': { paragraphs: [1], by: 'number' } });
	});

	it('reads a table numbered 1, 1.1, 2 by those numbers, “Tiêu chí 3” bare included', () => {
		const numeric = numericTemplate();
		const report = [
			'1.1 Hoàn thành kế hoạch năm',
			'Đạt.',
			'Tiêu chí 3',
			'Có trang tin.',
			'2. Chấp hành chế độ báo cáo'
		];
		expect(matchReportParagraphs(report, numeric)).toEqual({
			'1.1': { paragraphs: [0, 1], by: 'number' },
			'3': { paragraphs: [2, 3], by: 'number' },
			'2': { paragraphs: [4], by: 'number' }
		});
	});

	it('gives at most a bounded run of paragraphs after a heading', () => {
		const report = ['1. Hoàn thành chỉ tiêu kế hoạch đào tạo, bồi dưỡng được giao', ...Array(60).fill('Nội dung.')];
		const found = matchReportParagraphs(['I. ĐÀO TẠO', ...report], template);
		expect(found['I.1']!.paragraphs).toHaveLength(MAX_SECTION_PARAGRAPHS + 1);
		expect(found['I.1']!.paragraphs[0]).toBe(1);
	});
});

describe('the head’s links', () => {
	const report = ['1. Hoàn thành chỉ tiêu kế hoạch đào tạo, bồi dưỡng được giao', 'Đạt.', 'Khác.'];

	it('replace what was found; an empty link says the report has nothing on the item', () => {
		expect(matchReportParagraphs(report, template, { 'I.1': [2], 'I.3': [0, 1] })).toEqual({
			'I.1': { paragraphs: [2], by: 'link' },
			'I.3': { paragraphs: [0, 1], by: 'link' }
		});
		expect(matchReportParagraphs(report, template, { 'I.1': [] })).toEqual({
			'I.1': { paragraphs: [], by: 'link' }
		});
	});

	it('keep only positions in the report, once each, in order, and only items', () => {
		expect(matchReportParagraphs(report, template, { 'I.1': [2, 7, -1, 1.5, 0, 2], II: [0] })).toEqual({
			'I.1': { paragraphs: [0, 2], by: 'link' }
		});
	});
});

describe('any report', () => {
	it('with no paragraphs (a .pdf without text) has none for any item', () => {
		expect(matchReportParagraphs([], template)).toEqual({});
	});

	it('gives positions in the report, ascending and once each, for items only, and never throws', () => {
		const items = new Set(templateItems(template).map((i) => i.code));
		const pieces = [
			'I. ',
			'II. ',
			'1. ',
			'2.1 ',
			'a) ',
			'Tiêu chí ',
			'tiêu chí II.3 ',
			...templateItems(template).map((i) => i.title),
			'Đạt.',
			'1) Quyết định',
			''
		];
		fc.assert(
			fc.property(
				fc.array(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string()), { maxLength: 4 })),
				(raw) => {
					const paragraphs = raw.map((p) => p.join(''));
					const found = matchReportParagraphs(paragraphs, template);
					for (const [code, { paragraphs: at }] of Object.entries(found)) {
						expect(items.has(code)).toBe(true);
						expect(at.length).toBeGreaterThan(0);
						expect(
							at.every(
								(p, i) =>
									Number.isInteger(p) &&
									p >= 0 &&
									p < paragraphs.length &&
									(i === 0 || p > at[i - 1]!)
							)
						).toBe(true);
					}
				}
			)
		);
	});

	it('written item by item from the table, under its sections, gives every item its own heading and text', () => {
		const paragraphs: string[] = [];
		const expected: Record<string, number[]> = {};
		const walk = (list: typeof template.criteria, parent: string) => {
			for (const c of list) {
				const own = parent ? c.code.slice(parent.length + 1) : c.code;
				paragraphs.push(`${own}. ${c.title}`);
				if (c.type === 'section') walk(c.children, c.code);
				else {
					expected[c.code] = [paragraphs.length - 1, paragraphs.length];
					paragraphs.push(`Đơn vị tự chấm tiêu chí này ${c.max / 100} điểm.`);
				}
			}
		};
		walk(template.criteria, '');
		const found = matchReportParagraphs(paragraphs, template);
		expect(Object.fromEntries(Object.entries(found).map(([k, v]) => [k, v.paragraphs]))).toEqual(expected);
	});
});
