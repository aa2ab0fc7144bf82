import { describe, expect, it } from 'vitest';
import { filesReminderMessage } from '$lib/board/invitation';
import {
	MAX_FILE_BYTES,
	MAX_MEETING_BYTES,
	MAX_UNIT_BYTES,
	MAX_UNIT_FILES,
	acceptAttribute,
	checkQuota,
	cleanFileName,
	formatBytes,
	formatOfName,
	mayReadUnitFiles,
	unitCoverage
} from '$lib/core/evidence';
import { templateFromInput } from '$lib/core/scoring';

describe('a file’s name', () => {
	it('is shown cleaned: controls, bidirectional overrides and characters Windows forbids go', () => {
		expect(cleanFileName('  Quyết   định\t12.pdf ')).toEqual({ ok: true, name: 'Quyết định 12.pdf' });
		expect(cleanFileName('ảnh\u202Egnp.exe')).toEqual({ ok: true, name: 'ảnhgnp.exe' });
		expect(cleanFileName('a<b>:"c|?*.pdf')).toEqual({ ok: true, name: 'abc.pdf' });
		expect(cleanFileName('...ẩn.pdf')).toEqual({ ok: true, name: 'ẩn.pdf' });
		// Decomposed Vietnamese (as macOS writes names) is stored composed.
		expect(cleanFileName('Quye\u0302\u0301t.pdf')).toEqual({ ok: true, name: 'Quyết.pdf' });
	});
	it('is refused when it holds a path', () => {
		for (const name of ['../a.pdf', 'a/b.pdf', 'C:\\a\\b.pdf', '..', '/etc/passwd'])
			expect(cleanFileName(name)).toEqual({ ok: false, reason: 'name_path' });
		expect(cleanFileName(' \u0000 ')).toEqual({ ok: false, reason: 'name_empty' });
	});
	it('is cut to 200 characters, keeping its extension', () => {
		const cleaned = cleanFileName(`${'Đ'.repeat(400)}.docx`);
		expect(cleaned.ok && [...cleaned.name].length).toBe(200);
		expect(cleaned.ok && cleaned.name.endsWith('Đ.docx')).toBe(true);
	});
	it('says a format by its extension, which the content must confirm', () => {
		expect(formatOfName('Ảnh.JPEG')).toBe('jpg');
		expect(formatOfName('a.jpg')).toBe('jpg');
		expect(formatOfName('bao-cao.docx')).toBe('docx');
		expect(formatOfName('bao-cao.doc')).toBeNull();
		expect(formatOfName('minh-chung')).toBeNull();
		expect(acceptAttribute('report')).toBe('.docx,.pdf');
		expect(acceptAttribute('evidence')).toBe('.pdf,.docx,.xlsx,.jpg,.jpeg,.png');
	});
});

describe('the limits', () => {
	const none = { unitBytes: 0, unitFiles: 0, meetingBytes: 0 };
	it('are 20 MB a file, 100 MB a unit, 1 GB a meeting', () => {
		expect(checkQuota(MAX_FILE_BYTES, none)).toBeNull();
		expect(checkQuota(MAX_FILE_BYTES + 1, none)).toBe('file_too_large');
		expect(checkQuota(1, { ...none, unitBytes: MAX_UNIT_BYTES })).toBe('unit_full');
		expect(checkQuota(1, { ...none, meetingBytes: MAX_MEETING_BYTES })).toBe('meeting_full');
		expect(checkQuota(1, { ...none, unitFiles: MAX_UNIT_FILES })).toBe('too_many_files');
	});
	it('count a replaced file as gone', () => {
		const full = { unitBytes: MAX_UNIT_BYTES, unitFiles: MAX_UNIT_FILES, meetingBytes: MAX_MEETING_BYTES };
		expect(checkQuota(1000, full, { bytes: 1000, files: 1 })).toBeNull();
		expect(checkQuota(1001, full, { bytes: 1000, files: 1 })).toBe('unit_full');
	});
	it('are written as offices read sizes', () => {
		expect(formatBytes(MAX_FILE_BYTES)).toBe('20 MB');
		expect(formatBytes(MAX_MEETING_BYTES)).toBe('1 GB');
		expect(formatBytes(1.5 * 1024 * 1024)).toBe('1,5 MB');
		expect(formatBytes(1.5 * 1024 * 1024, 'en')).toBe('1.5 MB');
		expect(formatBytes(300)).toBe('300 B');
	});
});

describe('who reads a unit’s files', () => {
	const as = (
		role: 'host' | 'head' | 'vice_head' | 'delegate' | 'observer' | null,
		unitId: number | null = null
	) => ({
		role,
		unitId,
		isAdmin: false
	});
	it('everyone in the meeting under the open setting; never someone outside it', () => {
		for (const reader of [as('observer'), as('delegate', 2), as('head', 3)])
			expect(mayReadUnitFiles(reader, 'everyone', 1)).toBe(true);
		expect(mayReadUnitFiles(as(null), 'everyone', 1)).toBe(false);
	});
	it('under the narrower setting only the scorers, the host, an administrator and the unit itself', () => {
		expect(mayReadUnitFiles(as('head', 3), 'restricted', 1)).toBe(true);
		expect(mayReadUnitFiles(as('vice_head', 3), 'restricted', 1)).toBe(true);
		expect(mayReadUnitFiles(as('host'), 'restricted', 1)).toBe(true);
		expect(mayReadUnitFiles(as('delegate', 1), 'restricted', 1)).toBe(true);
		expect(mayReadUnitFiles({ role: null, unitId: null, isAdmin: true }, 'restricted', 1)).toBe(true);
		expect(mayReadUnitFiles(as('delegate', 2), 'restricted', 1)).toBe(false);
		expect(mayReadUnitFiles(as('observer'), 'restricted', 1)).toBe(false);
	});
});

describe('what a unit has sent', () => {
	const made = templateFromInput({
		name: 'Bảng',
		total: 10,
		step: 0.5,
		items: [
			{
				code: 'I',
				title: 'Công tác',
				children: [
					{ code: 'I.1', title: 'Kế hoạch', max: 6 },
					{ code: 'I.2', title: 'Báo cáo', max: 4 }
				]
			}
		]
	});
	if (!made.ok) throw new Error('template');
	it('says whether the report is in and which items have evidence', () => {
		expect(
			unitCoverage(made.template, [
				{ kind: 'report', items: [] },
				{ kind: 'evidence', items: ['I.2', 'I.2'] },
				{ kind: 'evidence', items: ['X.9'] }
			])
		).toEqual({ hasReport: true, itemsWithEvidence: ['I.2'], itemCount: 2, evidenceFiles: 2 });
		expect(unitCoverage(made.template, [])).toEqual({
			hasReport: false,
			itemsWithEvidence: [],
			itemCount: 2,
			evidenceFiles: 0
		});
	});
	it('and the host’s reminder names what each unit lacks', () => {
		const meeting = {
			title: 'Hội nghị tổng kết năm 2026',
			clusterName: 'Cụm thi đua số 1',
			heldOn: '2026-12-15',
			startsAt: '2026-12-15T08:00',
			location: null,
			callUrl: null
		};
		const text = filesReminderMessage(
			meeting,
			[
				{ unitName: 'Trường Chính trị tỉnh Hà Giang', noReport: true, itemsWithout: 2, itemCount: 2 },
				{ unitName: 'Trường Chính trị tỉnh Cao Bằng', noReport: false, itemsWithout: 1, itemCount: 2 }
			],
			'20 MB'
		);
		expect(text.split('\n')[0]).toBe('Kính gửi: các đơn vị có tên dưới đây.');
		expect(text).toContain(
			'- Trường Chính trị tỉnh Hà Giang: chưa có báo cáo tự kiểm tra; 2/2 mục chưa có minh chứng.'
		);
		expect(text).toContain('- Trường Chính trị tỉnh Cao Bằng: 1/2 mục chưa có minh chứng.');
		expect(text).toContain('mỗi tệp tối đa 20 MB');
		expect(filesReminderMessage(meeting, [], '20 MB')).toBe('');
	});
});
