import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import type { DocumentModel } from '$lib/core/documents';
import { closeDemoMeeting, runDemoMeeting } from '$lib/server/demo/run-demo-meeting';
import { buildDocumentModel } from '$lib/server/documents/model';
import {
	EMPTY_FIELDS,
	lastYearsNarrative,
	loadDocumentFields,
	numberProblems,
	readFieldsForm,
	saveDocumentFields
} from '$lib/server/documents/fields';
import { createMeeting } from '$lib/server/setup/meetings';
import { loadDemoIfEmpty } from '$lib/server/demo/load-demo';
import { documentFiles, renderDocument } from '$lib/server/documents/files';
import type { MeetingRecord } from '$lib/core/record';
import { storedRecord } from '$lib/server/record/stored';
import { readDraftForm } from '$lib/server/ballots/form';
import { verifyRecord } from '$lib/server/record/close-meeting';
import { temporaryDatabase } from '../support/database';
import { readDocx, Recalculator, type DocxParts } from '../support/office';

// The documents filed after the demo meeting, opened back and read as an official would, in both layouts: drafts
// before the close (from the live board), the record's after it.

const UNITS = [
	['Trường Đào tạo cán bộ Nguyễn Văn Cừ tỉnh Quảng Ninh', 102, 99.5, 1],
	['Trường Chính trị tỉnh Sơn La', 98, 98, 2],
	['Trường Chính trị tỉnh Lai Châu', 98, 98, 2],
	['Trường Chính trị tỉnh Lào Cai', 100, 95.5, 4],
	['Trường Chính trị Hoàng Văn Thụ tỉnh Lạng Sơn', 95.5, 94, 5],
	['Trường Chính trị Hoàng Đình Gióng tỉnh Cao Bằng', 93, 91.5, 6],
	['Trường Chính trị tỉnh Hà Giang', 91, 87.5, 7],
	['Trường Chính trị tỉnh Điện Biên', 85, 85, 8]
] as const;
const vi = (n: number) => String(n).replace('.', ',');

type Files = Map<string, Buffer>;
interface Made {
	draft: Files;
	closed: Files;
	model: DocumentModel;
	record: MeetingRecord;
}
const made = new Map<'party' | 'state', Made>();
const cleanups: (() => Promise<void>)[] = [];

async function render(model: DocumentModel): Promise<Files> {
	const files: Files = new Map();
	for (const f of documentFiles(model)) files.set(f.name, (await renderDocument(model, f.name))!.body);
	return files;
}

beforeAll(async () => {
	for (const layout of ['party', 'state'] as const) {
		const database = await temporaryDatabase();
		cleanups.push(database.close);
		const { meetingId, live } = await runDemoMeeting(database, { close: false });
		await database.db.updateTable('clusters').set({ layout }).execute();
		const draft = await render((await buildDocumentModel(database.db, meetingId, live))!);
		await closeDemoMeeting(database, meetingId);
		expect((await verifyRecord(database.db, meetingId))?.intact).toBe(true);
		const model = (await buildDocumentModel(database.db, meetingId))!;
		made.set(layout, {
			draft,
			closed: await render(model),
			model,
			record: (await storedRecord(database.db, meetingId))!.record
		});
	}
}, 120_000);
afterAll(async () => {
	for (const close of cleanups) await close();
});

const docx = async (layout: 'party' | 'state', name: string, which: 'draft' | 'closed' = 'closed') =>
	readDocx(made.get(layout)![which].get(name)!);
const DOCX = [
	'bien-ban-hoi-nghi-2021.docx',
	...[1, 2, 3, 4, 5].map((n) => `bien-ban-kiem-phieu-${n}-2021.docx`),
	'bao-cao-tong-ket-2021.docx'
];

function expectPage(d: DocxParts): void {
	const sizes = [...d.document.matchAll(/<w:pgSz ([^>]*)\/>/g)].map((m) => m[1]!);
	expect(sizes.length).toBeGreaterThan(0);
	for (const size of sizes) {
		const landscape = size.includes('w:orient="landscape"');
		expect(size).toContain(landscape ? 'w:w="16838" w:h="11906"' : 'w:w="11906" w:h="16838"');
	}
	expect(sizes[0]).toContain('w:orient="portrait"');
	const mm = (twips: number) => (twips * 25.4) / 1440;
	for (const m of d.document.matchAll(/<w:pgMar w:top="(\d+)" w:right="(\d+)" w:bottom="(\d+)" w:left="(\d+)"/g)) {
		const [top, right, bottom, left] = [m[1], m[2], m[3], m[4]].map((v) => mm(Number(v)));
		expect(top).toBeGreaterThanOrEqual(19.95);
		expect(top).toBeLessThanOrEqual(25);
		expect(bottom).toBeGreaterThanOrEqual(19.95);
		expect(bottom).toBeLessThanOrEqual(25);
		expect(left).toBeGreaterThanOrEqual(29.95);
		expect(left).toBeLessThanOrEqual(35);
		expect(right).toBeGreaterThanOrEqual(14.95);
		expect(right).toBeLessThanOrEqual(20);
	}
	// Times New Roman everywhere, body 14 pt (w:sz counts half-points).
	expect(d.styles).toMatch(/<w:rFonts w:ascii="Times New Roman"/);
	expect(d.styles).toMatch(/<w:docDefaults>[\s\S]*<w:sz w:val="28"\/>/);
	expect(d.document).not.toMatch(/w:ascii="(?!Times New Roman)/);
	// Page numbers at the top from page 2: a different first page, a PAGE field in the other header.
	expect(d.document).toContain('<w:titlePg/>');
	expect(d.headers.join('')).toMatch(/PAGE/);
}

/** The heading with the document's own number: "Số 76-BC/CTĐ" (Party) or "Số: 76/BC-CTĐ" (State). */
function expectHeading(d: DocxParts, layout: 'party' | 'state', number: string, type: 'BB' | 'BC'): void {
	const top = d.paragraphs.slice(0, 14);
	// The bodies' names break between words, a line a paragraph.
	expect(top.join(' ')).toContain('HỌC VIỆN CHÍNH TRỊ QUỐC GIA HỒ CHÍ MINH');
	expect(top.join(' ')).toContain('CỤM THI ĐUA CÁC TRƯỜNG CHÍNH TRỊ KHU VỰC MIỀN NÚI BIÊN GIỚI PHÍA BẮC');
	if (layout === 'party')
		expect(top).toEqual(
			expect.arrayContaining([
				'HỌC VIỆN CHÍNH TRỊ QUỐC GIA',
				'HỒ CHÍ MINH',
				'CỤM THI ĐUA CÁC TRƯỜNG',
				'CHÍNH TRỊ KHU VỰC MIỀN NÚI',
				'BIÊN GIỚI PHÍA BẮC'
			])
		);
	expect(top).toContain('Sơn La, ngày 15 tháng 11 năm 2021');
	if (layout === 'party') {
		expect(top).toContain('*');
		expect(top).toContain(`Số ${number}-${type}/CTĐ`);
		expect(d.document).toMatch(
			/<w:r><w:rPr>(?:(?!<\/w:rPr>).)*<w:u w:val="single"\/>(?:(?!<\/w:r>).)*<w:t xml:space="preserve">ĐẢNG CỘNG SẢN VIỆT NAM<\/w:t>/
		);
		expect(d.text).not.toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
	} else {
		expect(top).toContain(`Số: ${number}/${type}-CTĐ`);
		expect(top).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
		expect(top).toContain('Độc lập - Tự do - Hạnh phúc');
		expect(d.text).not.toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
		expect(top).not.toContain('*');
	}
	// The date line is italic.
	expect(d.document).toMatch(
		/<w:i\/>(?:(?!<\/w:r>).)*<w:t xml:space="preserve">Sơn La, ngày 15 tháng 11 năm 2021<\/w:t>/
	);
}

/** The summary table of the minutes: the self-assessed score as the unit wrote it, the cluster's, what it lost, the rank. */
function expectSummary(d: DocxParts): void {
	for (const [name, self, cluster, rank] of UNITS) {
		const row = d.rows.find((r) => r[1] === name);
		expect(row, name).toBeDefined();
		const written = name.endsWith('Điện Biên') ? 97 : self;
		expect(row![2]).toBe(vi(written));
		expect(row![3]).toBe(vi(cluster));
		expect(row![4]).toBe(written === cluster ? '' : vi(Math.round((written - cluster) * 100) / 100));
		expect(row![row!.length - 1]).toBe(rank === 2 ? '2 (đồng hạng)' : String(rank));
	}
	// What the meeting found, in the reasons: Điện Biên's three arithmetic errors; Hà Giang's section II, 26 against 22.
	expect(d.text).toContain(
		'Mục II (Công tác nghiên cứu khoa học, tổng kết thực tiễn): đơn vị chấm 22 điểm nhưng cộng sai số học thành 26 điểm, không ảnh hưởng tổng điểm đơn vị ghi, không trừ điểm.'
	);
	expect(d.text).toContain(
		'Mục II, phần 1 (Đề tài khoa học): đơn vị chấm 4 điểm nhưng cộng sai số học thành 10 điểm, Cụm trừ 6 điểm.'
	);
	expect(d.text).toContain('Tổng điểm trừ 12 điểm.');
	expect(d.text).not.toContain('lệch');
}

describe.each(['party', 'state'] as const)('the %s layout', (layout) => {
	it('offers the minutes, one count per counted ballot, the report, the tables and the archive', () => {
		expect([...made.get(layout)!.closed.keys()]).toEqual(
			[
				...DOCX.slice(0, 6),
				'bao-cao-tong-ket-2021.docx',
				'bang-tong-hop-diem-2021.xlsx',
				'ho-so-hoi-nghi-2021.zip'
			].filter((v, i, a) => a.indexOf(v) === i)
		);
	});

	it('prints every Word document on A4 portrait in Times New Roman 14 pt, margins in range, numbered from page 2', async () => {
		for (const name of DOCX) expectPage(await docx(layout, name));
		// The report's appendix tables that would not fit stand on landscape pages.
		expect((await docx(layout, 'bao-cao-tong-ket-2021.docx')).document).toContain('w:orient="landscape"');
		expect((await docx(layout, 'bien-ban-hoi-nghi-2021.docx')).document).not.toContain('w:orient="landscape"');
	});

	it('writes the minutes of the meeting: heading, title, time and form, attendance, scores, votes, close, signatures', async () => {
		const d = await docx(layout, 'bien-ban-hoi-nghi-2021.docx');
		expectHeading(d, layout, '75', 'BB');
		expect(d.paragraphs).toContain('BIÊN BẢN');
		expect(d.paragraphs).toContain('Hội nghị tổng kết hoạt động Cụm Thi đua năm 2021 (trực tuyến)');
		expect(d.text).toContain('Thời gian: bắt đầu lúc 08 giờ 00 phút, ngày 15 tháng 11 năm 2021.');
		expect(d.text).toContain('Hình thức: trực tuyến, qua đường liên kết https://meet.google.com/.');
		expect(d.text).toContain('Chủ trì: Lò Thị Thúy Hà, Hiệu trưởng Trường Chính trị tỉnh Sơn La.');
		expect(d.text).toContain('Thư ký: Nguyễn Thị Thanh Hương, Chánh Văn phòng Trường Chính trị tỉnh Sơn La.');
		// The attendees by unit, each by name and position, and how many were present.
		expect(d.text).toContain('Đại biểu tham dự: có mặt 13/13 người, của 08/08 đơn vị; vắng mặt 00 người.');
		expect(d.text).toContain(
			'- Trường Chính trị tỉnh Điện Biên: Quàng Văn Dũng (Phó Hiệu trưởng Trường Chính trị tỉnh Điện Biên).'
		);
		expectSummary(d);
		// Each deduction in the officials' words, as the report's table gives it; the unit's answer.
		expect(d.text).toContain(
			'+ Mục I, phần 2.3 (Tỷ lệ lớp trung cấp lý luận chính trị hệ tập trung tại trường so với hệ không tập trung ít nhất là 1/3): đơn vị chấm 3 điểm, Cụm trừ 1 điểm (Tỷ lệ lớp tập trung/không tập trung không đạt 1/3).'
		);
		expect(d.text).not.toMatch(/người đề xuất|sửa lần cuối|→/);
		expect(d.text).toContain('Giải trình của đơn vị về I.2.3: Đơn vị thống nhất với ý kiến của Cụm.');
		expect(d.text).toContain(
			'Suy tôn đề nghị tặng Cờ thi đua: Trường Đào tạo cán bộ Nguyễn Văn Cừ tỉnh Quảng Ninh.'
		);
		expect(d.text).toContain('Kết quả: hòa, bầu lại.');
		expect(d.text).toContain('Hội nghị kết thúc lúc 11 giờ 00 phút, ngày 15 tháng 11 năm 2021.');
		expect(d.paragraphs).toContain('THƯ KÝ');
		expect(d.paragraphs).toContain('CHỦ TRÌ');
		expect(d.paragraphs).toContain('Lò Thị Thúy Hà');
		expect(d.paragraphs).toContain('Nguyễn Thị Thanh Hương');
	});

	it('writes one count per ballot with its committee, papers, votes and shares, threshold, quorum, result and times', async () => {
		const flag = await docx(layout, 'bien-ban-kiem-phieu-1-2021.docx');
		expectHeading(flag, layout, '70', 'BB');
		expect(flag.paragraphs).toContain('BIÊN BẢN KIỂM PHIẾU');
		expect(flag.paragraphs).toContain('Suy tôn đơn vị đề nghị tặng Cờ thi đua');
		expect(flag.text).toContain('1. Lý Văn Thắng, Phó Hiệu trưởng Trường Chính trị tỉnh Hà Giang - Trưởng ban;');
		expect(flag.text).toContain('2. Quàng Văn Dũng, Phó Hiệu trưởng Trường Chính trị tỉnh Điện Biên - Thành viên;');
		for (const line of [
			'Số phiếu phát ra: 08 phiếu',
			'Số phiếu thu về: 08 phiếu',
			'Số phiếu hợp lệ: 08 phiếu',
			'Số phiếu không hợp lệ: 00 phiếu',
			'Số phiếu trống: 00 phiếu'
		])
			expect(flag.text).toContain(line);
		expect(flag.rows.find((r) => r[1] === 'Trường Đào tạo cán bộ Nguyễn Văn Cừ tỉnh Quảng Ninh')).toEqual([
			'1',
			'Trường Đào tạo cán bộ Nguyễn Văn Cừ tỉnh Quảng Ninh',
			'07',
			'87,5%',
			'Trúng'
		]);
		expect(flag.rows.find((r) => r[1] === 'Trường Chính trị tỉnh Sơn La')).toEqual([
			'2',
			'Trường Chính trị tỉnh Sơn La',
			'01',
			'12,5%',
			'Không trúng'
		]);
		expect(flag.text).toContain(
			'đạt số phiếu quá 1/2 tổng số đơn vị thành viên (ít nhất 05 phiếu); số đơn vị tối thiểu tham gia: 05.'
		);
		expect(flag.text).toContain('Số đơn vị tham gia: 08/08; đủ số đơn vị tối thiểu (05).');
		expect(flag.text).toContain('Kết quả: Trường Đào tạo cán bộ Nguyễn Văn Cừ tỉnh Quảng Ninh được suy tôn');
		expect(flag.text).toContain(
			'Cuộc biểu quyết mở lúc 10 giờ 00 phút, ngày 15 tháng 11 năm 2021 và kết thúc lúc 10 giờ 10 phút, ngày 15 tháng 11 năm 2021'
		);
		expect(flag.paragraphs).toContain('TRƯỞNG BAN KIỂM PHIẾU');
		expect(flag.paragraphs).toContain('Lý Văn Thắng');
		expect(flag.paragraphs.filter((p) => p === 'THÀNH VIÊN')).toHaveLength(2);
		expect(flag.paragraphs).toContain('Nông Thị Hạnh');

		const tied = await docx(layout, 'bien-ban-kiem-phieu-2-2021.docx');
		expect(tied.rows.filter((r) => r[2] === '04' && r[3] === '50%')).toHaveLength(2);
		expect(tied.text).toContain('Kết quả: hòa, bầu lại.');
		const runoff = await docx(layout, 'bien-ban-kiem-phieu-3-2021.docx');
		expect(runoff.paragraphs).toContain('Đề nghị tặng Bằng khen (vòng 2)');
		expect(runoff.rows.find((r) => r[1] === 'Trường Chính trị tỉnh Sơn La')).toEqual([
			'1',
			'Trường Chính trị tỉnh Sơn La',
			'05',
			'62,5%',
			'Trúng'
		]);
		const vice = await docx(layout, 'bien-ban-kiem-phieu-5-2021.docx');
		expect(vice.text).toContain('mỗi đơn vị chọn tối đa 02 đơn vị; số đơn vị được chọn: 02.');
	});

	it('writes the summary report in the seed report shape, signed by the head, with its appendix and every unit’s table', async () => {
		const d = await docx(layout, 'bao-cao-tong-ket-2021.docx');
		expectHeading(d, layout, '76', 'BC');
		expect(d.paragraphs).toContain('BÁO CÁO');
		expect(d.paragraphs).toContain(
			'tổng kết hoạt động Cụm Thi đua các trường chính trị khu vực miền núi biên giới phía Bắc năm 2021'
		);
		for (const section of [
			'I- ĐẶC ĐIỂM TÌNH HÌNH',
			'1- Thuận lợi',
			'2- Khó khăn',
			'II- KẾT QUẢ HOẠT ĐỘNG CỤM THI ĐUA CÁC TRƯỜNG CHÍNH TRỊ KHU VỰC MIỀN NÚI BIÊN GIỚI PHÍA BẮC NĂM 2021',
			'1- Kết quả đạt được',
			'1.1- Công tác quán triệt, triển khai các văn bản chỉ đạo của Học viện',
			'2- Kết quả chấm điểm, bình xét thi đua',
			'3- Đánh giá chung',
			'4- Hạn chế',
			'5- Nguyên nhân của kết quả, hạn chế',
			'III- PHƯƠNG HƯỚNG, NHIỆM VỤ CỦA CỤM THI ĐUA NĂM 2022',
			'1- Phương hướng',
			'2- Nhiệm vụ, giải pháp tổ chức thực hiện',
			'3- Đề xuất, kiến nghị'
		]) {
			expect(d.paragraphs).toContain(section);
		}
		// The opening cites the documents the report is made under.
		expect(d.text).toContain('Thực hiện Hướng dẫn số 30-QĐ/HVCTQG ngày 03/02/2021');
		expect(d.text).toContain(
			'Cụm Thi đua các trường chính trị khu vực miền núi biên giới phía Bắc báo cáo kết quả hoạt động của Cụm năm 2021 như sau:'
		);
		// The score table in the seed's shape, the reasons inside it.
		expect(d.rows.find((r) => r[1] === 'Trường Chính trị tỉnh Điện Biên' && r.length === 5)).toEqual([
			'08',
			'Trường Chính trị tỉnh Điện Biên',
			'97',
			'85',
			[
				'- Mục I, phần 2 (Thực hiện nội dung chương trình): đơn vị chấm 9 điểm nhưng cộng sai số học thành 10 điểm, Cụm trừ 1 điểm.',
				'- Mục II, phần 1 (Đề tài khoa học): đơn vị chấm 4 điểm nhưng cộng sai số học thành 10 điểm, Cụm trừ 6 điểm.',
				'- Mục II (Công tác nghiên cứu khoa học, tổng kết thực tiễn): các phần đơn vị ghi cộng lại 23 điểm nhưng đơn vị cộng sai số học thành 28 điểm, Cụm trừ 5 điểm.',
				'Tổng điểm trừ 12 điểm.'
			].join('\n')
		]);
		expect(d.rows.find((r) => r[1] === 'Trường Chính trị tỉnh Sơn La' && r.length === 5)).toEqual([
			'02',
			'Trường Chính trị tỉnh Sơn La',
			'98',
			'98',
			''
		]);
		expect(d.text).toContain(
			'- Trường Chính trị tỉnh Lai Châu: tự chấm 98 điểm, Cụm chấm 98 điểm, xếp thứ 2 (đồng hạng).'
		);
		expect(d.text).toContain(
			'Suy tôn, đề nghị Học viện Chính trị quốc gia Hồ Chí Minh tặng Cờ thi đua cho đơn vị tiêu biểu nhất Cụm: Trường Đào tạo cán bộ Nguyễn Văn Cừ tỉnh Quảng Ninh, đạt 07/08 phiếu (87,5%), bỏ phiếu kín.'
		);
		expect(d.text).toContain(
			'Đề nghị Học viện Chính trị quốc gia Hồ Chí Minh tặng Bằng khen cho đơn vị tiêu biểu nhì Cụm: Trường Chính trị tỉnh Sơn La, bỏ phiếu kín; vòng 1: Trường Chính trị tỉnh Sơn La 04 phiếu, Trường Chính trị tỉnh Lai Châu 04 phiếu, hòa phiếu; bầu lại vòng 2:'
		);
		expect(d.text).toContain(
			'Đơn vị Cụm trưởng năm 2022: Trường Chính trị tỉnh Lai Châu, đạt 07/08 phiếu (87,5%), bỏ phiếu kín.'
		);
		expect(d.text).toMatch(
			/Đơn vị Cụm phó năm 2022: Trường Chính trị tỉnh Lào Cai, đạt \d\d\/08 phiếu \([^)]*\), bỏ phiếu kín; Trường Chính trị Hoàng Văn Thụ tỉnh Lạng Sơn, đạt/
		);
		expect(d.paragraphs).toContain('Nơi nhận:');
		// Nơi nhận in the layout's form, the head signing for the cluster.
		expect(d.paragraphs).toContain(
			layout === 'party' ? '- Học viện CTQG Hồ Chí Minh (để b/c),' : '- Học viện CTQG Hồ Chí Minh (để b/c);'
		);
		expect(d.paragraphs).toContain(
			layout === 'party' ? '- Lưu Trường (Cụm trưởng CTĐ).' : '- Lưu: VT, Trường (Cụm trưởng CTĐ).'
		);
		expect(d.paragraphs).toContain('T/M CỤM THI ĐUA');
		expect(d.paragraphs).toContain('CỤM TRƯỞNG');
		expect(d.paragraphs).toContain('Lò Thị Thúy Hà');
		// As officials sign: the authority and the name, no office under it.
		expect(d.paragraphs).not.toContain('HIỆU TRƯỞNG TRƯỜNG CHÍNH TRỊ TỈNH SƠN LA');
		// The attachments: each with its heading and the report it goes with; figures as documents print them.
		expect(
			d.paragraphs.filter(
				(p) =>
					p ===
					`(Kèm theo Báo cáo số ${layout === 'party' ? '76-BC/CTĐ' : '76/BC-CTĐ'} ngày 15/11/2021 của Cụm thi đua)`
			).length
		).toBeGreaterThanOrEqual(8);
		expect(d.paragraphs).toContain('CÔNG TÁC ĐÀO TẠO, BỒI DƯỠNG');
		expect(d.rows.find((r) => r[0] === 'Quảng Ninh' && r.length === 4)).toEqual([
			'Quảng Ninh',
			'181',
			'9.434',
			'110'
		]);
		expect(d.rows.find((r) => r[0] === 'Tổng số' && r.length === 4)).toEqual(['Tổng số', '410', '24.060', '']);
		// Every unit's full table: its items and its totals.
		for (const [name, self, cluster] of UNITS) {
			const written = name.endsWith('Điện Biên') ? 97 : self;
			expect(
				d.paragraphs.some((p) =>
					p.endsWith(`${name}: tự chấm ${vi(written)} điểm, Cụm chấm ${vi(cluster)} điểm`)
				),
				name
			).toBe(true);
		}
		expect(d.text).not.toMatch(/lập lúc|Mã kiểm tra/);
		expect(d.rows.filter((r) => r[1] === 'TỔNG CỘNG')).toHaveLength(8);
	});

	it('gives documents an official signs as they are: own numbers, people not labels, no stamps', async () => {
		const { model } = made.get(layout)!;
		// Five vote counts, five numbers: 70 to 74, before the minutes' 75 and the report's 76.
		const numbers: string[] = [];
		for (const name of DOCX) {
			const d = await docx(layout, name);
			const line = d.paragraphs.find((p) => /^Số:? /.test(p))!;
			numbers.push(line);
			// No label where a name belongs, no role for a person.
			expect(d.text, name).not.toMatch(
				/Đại biểu Trường|Văn phòng Cụm|, Đại biểu\b|Hiệu trưởng Trường[^,\n]*, (Trưởng ban|thành viên)/
			);
			// Nothing officials would strike out: form hints, generation time, digest, proposer stamps, "98 → 98".
			expect(d.text, name).not.toMatch(
				/Ký, ghi rõ họ tên|lập lúc|SHA-256|Mã kiểm tra|người đề xuất|sửa lần cuối|→/
			);
			expect(d.text, name).not.toMatch(/[0-9a-f]{64}/);
			if (model.digest) expect(d.text).not.toContain(model.digest);
		}
		expect(new Set(numbers).size).toBe(DOCX.length);
		const symbol = (n: number, type: string) =>
			layout === 'party' ? `Số ${n}-${type}/CTĐ` : `Số: ${n}/${type}-CTĐ`;
		expect(numbers).toEqual([
			symbol(75, 'BB'),
			...[70, 71, 72, 73, 74].map((n) => symbol(n, 'BB')),
			symbol(76, 'BC')
		]);
		// Each count names its committee by name and position, and they sign; a member is never of a candidate unit.
		for (const b of model.ballots) {
			const d = await docx(layout, `bien-ban-kiem-phieu-${b.number}-2021.docx`);
			for (const line of [b.committeeHead, ...b.committeeMembers]) {
				const [name, position] = line.split(', ');
				expect(d.text).toContain(`${name}, ${position}`);
				expect(d.paragraphs).toContain(name);
				expect(b.candidates.some((c) => position!.endsWith(c.name))).toBe(false);
			}
		}
		// The signature blocks and Nơi nhận are kept with the text before them: the sentence before them keeps with next.
		const minutes = await docx(layout, 'bien-ban-hoi-nghi-2021.docx');
		expect(minutes.document).toMatch(/<w:keepNext\/>(?:(?!<\/w:p>).)*Biên bản đã được đọc lại/);
		expect(minutes.document).toMatch(/<w:keepNext\/>(?:(?!<\/w:p>).)*Nơi nhận:/);
		const report = await docx(layout, 'bao-cao-tong-ket-2021.docx');
		expect(report.document).toMatch(/<w:keepNext\/>(?:(?!<\/w:p>).)*Trên đây là Báo cáo tổng kết/);
		const count = await docx(layout, 'bien-ban-kiem-phieu-1-2021.docx');
		expect(count.document).toMatch(/<w:keepNext\/>(?:(?!<\/w:p>).)*Biên bản được lập thành 02 bản/);
	});

	it('marks every document "DỰ THẢO" before the close and none after', async () => {
		const { draft, closed } = made.get(layout)!;
		for (const name of DOCX) {
			expect((await docx(layout, name, 'draft')).headers.join('')).toContain('DỰ THẢO');
			expect(
				(await docx(layout, name, 'closed')).headers.join('') + (await docx(layout, name, 'closed')).text
			).not.toContain('DỰ THẢO');
		}
		const draftBook = await Recalculator.read(draft.get('bang-tong-hop-diem-2021.xlsx')!);
		expect(String(draftBook.book.getWorksheet('Tổng hợp')!.getCell('A2').value)).toContain('DỰ THẢO');
		const closedBook = await Recalculator.read(closed.get('bang-tong-hop-diem-2021.xlsx')!);
		expect(String(closedBook.book.getWorksheet('Tổng hợp')!.getCell('A2').value)).not.toContain('DỰ THẢO');
		// The draft already has the live board's scores.
		const d = await docx(layout, 'bien-ban-hoi-nghi-2021.docx', 'draft');
		expectSummary(d);
		expect(d.text).toContain('Hội nghị kết thúc lúc …… giờ');
	});

	it('puts every document in the archive', async () => {
		const zip = await JSZip.loadAsync(made.get(layout)!.closed.get('ho-so-hoi-nghi-2021.zip')!);
		expect(Object.keys(zip.files).sort()).toEqual([...DOCX, 'bang-tong-hop-diem-2021.xlsx'].sort());
	});
});

describe('the documents’ fields', () => {
	it('are read from the form, saved until the close, and refused after it', async () => {
		const database = await temporaryDatabase();
		try {
			const meetingId = (await loadDemoIfEmpty(database.db))!;
			const form = new FormData();
			form.set('minutesNumber', ' 12/BB-CTĐ ');
			form.set('countNumber.3', '10');
			form.set('issuedOn', '15/11/2021');
			form.set('recipients', 'Học viện (để b/c),\n\n Lưu VT. ');
			// A participant chosen as the chair names them, with their position, where nothing was typed.
			form.set('chairParticipant', '2');
			form.append('absent', '5');
			form.append('absent', '999');
			const people = [
				{ id: 2, name: 'Lò Thị Thúy Hà', position: 'Hiệu trưởng Trường Chính trị tỉnh Sơn La' },
				{ id: 5, name: 'Vũ Thị Mai', position: null }
			];
			const fields = readFieldsForm(form, people);
			expect(fields).toEqual({
				...EMPTY_FIELDS,
				minutesNumber: '12',
				countNumbers: { '3': '10' },
				issuer: 'CTĐ',
				chairName: 'Lò Thị Thúy Hà',
				chairOffice: 'Hiệu trưởng Trường Chính trị tỉnh Sơn La',
				absent: [5],
				recipients: ['Học viện (để b/c),', 'Lưu VT.']
			});
			expect(numberProblems(form)).toEqual({ unreadable: [], repeated: [] });
			form.set('reportNumber', '10');
			form.set('countNumber.4', 'mười một');
			expect(numberProblems(form)).toEqual({ unreadable: ['mười một'], repeated: ['10'] });
			expect(await saveDocumentFields(database.db, meetingId, fields, null)).toEqual({ ok: true });
			const stored = await loadDocumentFields(database.db, meetingId);
			expect(stored.fields).toMatchObject({
				minutesNumber: '12',
				countNumbers: { '3': '10' },
				absent: [5],
				issuer: 'CTĐ'
			});
			expect(stored.statistics).toHaveLength(6); // the demo's appendix tables stay beside the fields
			await database.db.updateTable('meetings').set({ phase: 'closed' }).where('id', '=', meetingId).execute();
			expect(await saveDocumentFields(database.db, meetingId, { ...fields, minutesNumber: '13' }, null)).toEqual({
				ok: false,
				reason: 'closed'
			});
			expect((await loadDocumentFields(database.db, meetingId)).fields.minutesNumber).toBe('12');
		} finally {
			await database.close();
		}
	});
});

describe('the vote-counting committee on the ballot form', () => {
	it('names the members chosen among the participants with their positions, and those typed as typed', () => {
		const form = new FormData();
		for (const [k, v] of Object.entries({
			purpose: 'flag',
			title: 'Suy tôn',
			committeeHead: ' Lý Văn Thắng,  Phó Hiệu trưởng Trường Chính trị tỉnh Hà Giang ',
			committeeMembers: 'Trần Văn Bình, Chuyên viên\n\n'
		}))
			form.set(k, v);
		form.append('committeeMember', '7');
		form.append('committeeMember', '99');
		const draft = readDraftForm(form, [
			{ id: 7, name: 'Quàng Văn Dũng', position: 'Phó Hiệu trưởng Trường Chính trị tỉnh Điện Biên' }
		]);
		expect(draft?.committee).toEqual({
			head: 'Lý Văn Thắng, Phó Hiệu trưởng Trường Chính trị tỉnh Hà Giang',
			members: ['Quàng Văn Dũng, Phó Hiệu trưởng Trường Chính trị tỉnh Điện Biên', 'Trần Văn Bình, Chuyên viên']
		});
	});
});

describe('the report’s narrative', () => {
	it('starts next year’s sections from last year’s report of the cluster, and only the cluster’s', async () => {
		const database = await temporaryDatabase();
		try {
			const { db } = database;
			const meetingId = (await loadDemoIfEmpty(db))!;
			const { cluster_id: clusterId } = await db
				.selectFrom('meetings')
				.select('cluster_id')
				.where('id', '=', meetingId)
				.executeTakeFirstOrThrow();
			const unitIds = (
				await db.selectFrom('units').select('id').where('cluster_id', '=', clusterId).execute()
			).map((u) => u.id);
			const next = await createMeeting(db, {
				clusterId,
				details: {
					title: 'Hội nghị tổng kết năm 2022',
					year: 2022,
					startsAt: '2022-11-15T08:00',
					location: 'Lai Châu',
					callUrl: ''
				},
				unitIds,
				host: { name: 'Thư ký Cụm' }
			});
			const last = await lastYearsNarrative(db, next);
			expect(last?.year).toBe(2021);
			expect(last?.fields.difficulties).toContain('Diễn biến phức tạp của dịch bệnh Covid-19');
			expect(last?.fields.basis).toContain('Thực hiện Hướng dẫn số 30-QĐ/HVCTQG');
			// Numbers, signers and the like are this year's to set: only the narrative carries over.
			expect(Object.keys(last!.fields).every((k) => !['reportNumber', 'chairName', 'place'].includes(k))).toBe(
				true
			);
			// The first meeting of a cluster has nothing to start from.
			expect(await lastYearsNarrative(db, meetingId)).toBeUndefined();
		} finally {
			await database.close();
		}
	});
});

describe('the record', () => {
	it('keeps what the meeting found, who last edited each deduction, each committee and the documents’ fields', () => {
		const { record } = made.get('party')!;
		const row = (unit: string) => record.summary.find((s) => s.unit === unit)!;
		expect(row('dien-bien')).toMatchObject({ selfScore: 8500, clusterScore: 8500, reportedTotal: 9700 });
		expect(row('dien-bien').mismatches).toContainEqual({ code: 'total', reported: 9700, computed: 8500 });
		expect(row('ha-giang').mismatches).toEqual([{ code: 'II', reported: 2600, computed: 2200 }]);
		expect(row('ha-giang').deductions[0]).toMatchObject({
			author: 'Lò Thị Thúy Hà',
			updatedBy: 'Nguyễn Tiên Tăng'
		});
		expect(record.ballots[0]!.committee).toEqual({
			head: 'Lý Văn Thắng, Phó Hiệu trưởng Trường Chính trị tỉnh Hà Giang',
			members: [
				'Quàng Văn Dũng, Phó Hiệu trưởng Trường Chính trị tỉnh Điện Biên',
				'Nông Thị Hạnh, Phó Hiệu trưởng Trường Chính trị Hoàng Đình Gióng tỉnh Cao Bằng'
			]
		});
		expect(record.documents).toMatchObject({
			reportNumber: '76',
			minutesNumber: '75',
			issuer: 'CTĐ',
			place: 'Sơn La',
			chairName: 'Lò Thị Thúy Hà'
		});
	});
});

describe('the score tables (.xlsx)', () => {
	let book: Recalculator;
	beforeAll(async () => {
		book = await Recalculator.read(made.get('party')!.closed.get('bang-tong-hop-diem-2021.xlsx')!);
	});

	it('recompute from their item cells to the board’s scores and ranks for all 8 units', () => {
		const summary = book.book.getWorksheet('Tổng hợp')!;
		expect(summary.getRow(4).values).toEqual([
			undefined,
			'TT',
			'Tên đơn vị',
			'Điểm tự chấm',
			'Điểm do Cụm chấm',
			'Xếp hạng',
			'Tổng điểm trừ',
			'Lý do trừ điểm'
		]);
		UNITS.forEach(([name, self, cluster, rank], i) => {
			const r = 5 + i;
			const written = name.endsWith('Điện Biên') ? 97 : self;
			expect(summary.getCell(`B${r}`).value).toBe(name);
			expect(book.value('Tổng hợp', `C${r}`)).toBe(written);
			expect(book.value('Tổng hợp', `D${r}`)).toBe(cluster);
			expect(book.value('Tổng hợp', `E${r}`)).toBe(rank === 2 ? '2 (đồng hạng)' : String(rank));
			expect(book.value('Tổng hợp', `F${r}`)).toBe(Math.round((written - cluster) * 100) / 100);
		});
		expect(String(summary.getCell('G12').value)).toContain('Tổng điểm trừ 12 điểm.');
		expect(String(summary.getCell('G11').value)).toContain(
			'đơn vị chấm 22 điểm nhưng cộng sai số học thành 26 điểm'
		);
		// Numbers with a decimal comma and thousands dots in any locale; the place, date and the head's signature.
		expect(summary.getCell('D5').numFmt).toBe('[$-42A]#,##0.##;-#,##0.##;0');
		const texts: string[] = [];
		summary.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
		expect(texts).toEqual(
			expect.arrayContaining(['Sơn La, ngày 15 tháng 11 năm 2021', 'CỤM TRƯỞNG', 'Lò Thị Thúy Hà'])
		);
		expect(summary.headerFooter.oddFooter).toContain('&P');
	});

	it('hold every subtotal and total as a formula whose cached value is what it recomputes to', () => {
		let formulas = 0;
		book.book.eachSheet((sheet) => {
			sheet.eachRow((row) =>
				row.eachCell((cell) => {
					const v = cell.value;
					if (v && typeof v === 'object' && 'formula' in v && typeof v.formula === 'string') {
						formulas += 1;
						expect(v.formula).toMatch(/^(SUM\(|RANK\(|'|[A-Z]+\d+[+-]|-)/);
						expect(v.formula).not.toContain('SUM()');
						// exceljs reads a cached 0 back as no result; the file itself holds <v>0</v> (checked below).
						expect(book.evaluate(sheet.name, v.formula), `${sheet.name}!${cell.address}`).toBe(
							(v as { result?: number }).result ?? 0
						);
					}
				})
			);
		});
		// Per unit: 3 formulas on each section and on the total, one on each item; plus 4 per unit on the summary.
		expect(formulas).toBeGreaterThan(8 * 40);
	});

	it('stores a cached value with every formula', async () => {
		const zip = await JSZip.loadAsync(made.get('party')!.closed.get('bang-tong-hop-diem-2021.xlsx')!);
		for (const name of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
			const xml = await zip.file(name)!.async('string');
			const formulas = [...xml.matchAll(/<c [^>]*>(<f>[^<]*<\/f>)(<v>[^<]*<\/v>)?<\/c>/g)];
			expect(formulas.length).toBeGreaterThan(0);
			for (const f of formulas) expect(f[2], `${name} ${f[1]}`).toBeDefined();
		}
	});

	it('has one sheet per unit with every item and its reasons, frozen headers and A4 landscape print settings', () => {
		const sheets = book.book.worksheets.map((s) => s.name);
		expect(sheets).toEqual([
			'Tổng hợp',
			'Quảng Ninh',
			'Sơn La',
			'Lai Châu',
			'Lào Cai',
			'Lạng Sơn',
			'Cao Bằng',
			'Hà Giang',
			'Điện Biên'
		]);
		const model = made.get('party')!.model;
		const haGiang = book.book.getWorksheet('Hà Giang')!;
		const items = model.criteria.filter((c) => !c.section).length;
		let seen = 0;
		haGiang.eachRow((row, n) => {
			if (n > 4 && typeof row.getCell(3).value === 'number') seen += 1;
		});
		expect(seen).toBe(items);
		const reasons: string[] = [];
		haGiang.eachRow((row) => reasons.push(String(row.getCell(7).value ?? '')));
		expect(reasons.join('\n')).toContain('Trừ 1 điểm: ');
		expect(reasons.join('\n')).not.toContain('Hiệu trưởng');
		for (const sheet of book.book.worksheets) {
			expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
			// A unit's sheet on one page; the summary as long as it runs.
			expect(sheet.pageSetup).toMatchObject({
				paperSize: 9,
				orientation: 'landscape',
				fitToPage: true,
				fitToWidth: 1,
				fitToHeight: sheet.name === 'Tổng hợp' ? 0 : 1,
				printTitlesRow: '1:4'
			});
		}
		expect(typeof book.book.getWorksheet('Quảng Ninh')!.getCell('D6').value).toBe('number');
	});
});
