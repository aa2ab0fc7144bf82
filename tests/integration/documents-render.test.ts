import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemoMeeting } from '$lib/server/demo/run-demo-meeting';
import { documentFiles, renderDocument } from '$lib/server/documents/files';
import { buildDocumentModel } from '$lib/server/documents/model';
import { temporaryDatabase } from '../support/database';

// Every document of the closed demo meeting, in both layouts, rendered by LibreOffice (Debian's
// libreoffice-writer-nogui and libreoffice-calc-nogui) to PDF and read back as text page by page (poppler's
// pdftotext), the way an official reads the printed pages: how many there are, that no page begins with a signature
// block or ends on a heading, that no label stands where a name belongs, and that Điện Biên's row of the score table
// reads as report 76-BC/CTĐ's.

type Pages = string[];
const rendered = new Map<string, Pages>();
interface Word {
	page: number;
	left: number;
	top: number;
	bottom: number;
	text: string;
}
/** The report's words with where they stand on the page (pdftotext -tsv). */
const reportWords = new Map<string, Word[]>();

/** The score table's columns on a portrait page, in points from the page's left edge: margin 30 mm, then TT, unit, self, cluster. */
const MARGIN = (30 / 25.4) * 72;
const COLUMN_EDGES = [560, 2300, 1000, 1100]
	.reduce<number[]>((edges, twips) => [...edges, edges.at(-1)! + twips / 20], [MARGIN])
	.slice(1);

/**
 * One row of the score table, cell by cell, whitespace-free: the reasons cell is the row's tallest, so the row is
 * every word beside the reasons from the one after `after` to `last`.
 */
function tableRow(words: Word[], after: string, last: string): string[] {
	const joined = (list: Word[]) => squeeze(list.map((w) => w.text).join(''));
	// The words run together, each character remembering its word: the PDF splits words wherever its font kerns.
	let text = '';
	const wordAt: number[] = [];
	words.forEach((w, i) => {
		const t = squeeze(w.text);
		text += t;
		for (let k = 0; k < t.length; k += 1) wordAt.push(i);
	});
	const end = text.indexOf(squeeze(last));
	if (end < 0) return [];
	const start = text.lastIndexOf(squeeze(after), end) + squeeze(after).length;
	const reasons = words.slice(wordAt[start], wordAt[end + squeeze(last).length - 1]! + 1);
	const page = reasons[0]!.page;
	const top = Math.min(...reasons.map((w) => w.top)) - 2;
	const bottom = Math.max(...reasons.map((w) => w.bottom)) + 2;
	const inRow = words.filter(
		(w) => w.page === page && (w.top + w.bottom) / 2 >= top && (w.top + w.bottom) / 2 <= bottom
	);
	const column = (w: Word) => COLUMN_EDGES.findIndex((edge) => w.left < edge);
	return [0, 1, 2, 3, -1].map((c) => joined(inRow.filter((w) => column(w) === c)));
}
let scratch: string;

/** Whitespace-free text: the PDF's text breaks lines and words wherever the page does. */
const squeeze = (text: string) => text.replace(/\s+/g, '');
const lines = (page: string) =>
	page
		.split('\n')
		.map((l) => l.trim())
		// The page number and the draft mark in the header are not the page's content.
		.filter((l) => l !== '' && !/^(Trang )?\d+(\/\d+)?$/.test(l) && l !== 'DỰ THẢO');

beforeAll(async () => {
	scratch = mkdtempSync(join(tmpdir(), 'binhxet-render-'));
	const database = await temporaryDatabase();
	try {
		const { meetingId } = await runDemoMeeting(database, { close: true });
		for (const layout of ['party', 'state'] as const) {
			await database.db.updateTable('clusters').set({ layout }).execute();
			const model = (await buildDocumentModel(database.db, meetingId))!;
			for (const file of documentFiles(model)) {
				if (file.kind === 'bundle') continue;
				writeFileSync(join(scratch, `${layout}-${file.name}`), (await renderDocument(model, file.name))!.body);
			}
		}
	} finally {
		await database.close();
	}
	const sources = readdirSync(scratch).filter((n) => /\.(docx|xlsx)$/.test(n));
	// A profile of its own: a LibreOffice already running for the user does not take the conversion over.
	execFileSync(
		'soffice',
		[
			`-env:UserInstallation=file://${join(scratch, 'profile')}`,
			'--headless',
			'--convert-to',
			'pdf',
			'--outdir',
			scratch,
			...sources.map((n) => join(scratch, n))
		],
		{ stdio: 'ignore', timeout: 240_000 }
	);
	for (const source of sources) {
		const pdf = join(scratch, source.replace(/\.(docx|xlsx)$/, '.pdf'));
		const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
		rendered.set(source, text.split('\f').slice(0, -1));
		if (source.includes('bao-cao')) {
			const tsv = execFileSync('pdftotext', ['-tsv', '-enc', 'UTF-8', pdf, '-'], {
				encoding: 'utf8',
				maxBuffer: 64 * 1024 * 1024
			});
			reportWords.set(
				source,
				tsv
					.split('\n')
					.slice(1)
					.map((l) => l.split('\t'))
					.filter((f) => f[0] === '5' && f[11] && !f[11].startsWith('###'))
					.map((f) => ({
						page: Number(f[1]),
						left: Number(f[6]),
						top: Number(f[7]),
						bottom: Number(f[7]) + Number(f[9]),
						text: f[11]!
					}))
			);
		}
	}
}, 300_000);
afterAll(() => {
	if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const files = (pattern: RegExp) => [...rendered.entries()].filter(([name]) => pattern.test(name));

describe('the demo documents as LibreOffice prints them', () => {
	it('renders every document of both layouts', () => {
		for (const layout of ['party', 'state']) {
			expect(files(new RegExp(`^${layout}-bien-ban-hoi-nghi`)).length).toBe(1);
			expect(files(new RegExp(`^${layout}-bien-ban-kiem-phieu`)).length).toBe(5);
			expect(files(new RegExp(`^${layout}-bao-cao`)).length).toBe(1);
			expect(files(new RegExp(`^${layout}-bang-tong-hop`)).length).toBe(1);
		}
		for (const [name, pages] of rendered) expect(pages.length, name).toBeGreaterThan(0);
	});

	it('prints the report’s body, the score table, the appendix and every unit’s table on their pages', () => {
		for (const [name, pages] of files(/bao-cao/)) {
			expect(pages.length, name).toBeGreaterThanOrEqual(12);
			expect(pages.length, name).toBeLessThanOrEqual(40);
		}
	});

	it('prints each unit’s sheet of the workbook on one page, with the page numbers in the footer', () => {
		for (const [name, pages] of files(/bang-tong-hop/)) {
			const unitPages = pages.filter((p) => /BẢNG ĐIỂM TRƯỜNG/.test(p));
			expect(unitPages.length, name).toBe(8);
			for (const page of unitPages) expect(page).toMatch(/TỔNG CỘNG/);
			pages.forEach((page, i) => expect(squeeze(page)).toContain(`Trang${i + 1}/${pages.length}`));
			expect(pages.join('\n')).not.toMatch(/lập lúc|binhxet/);
		}
	});

	it('never begins a page with a signature block, nor ends one on a heading', () => {
		const signature = /^(T\/M|K\/T|CỤM TRƯỞNG|THƯ KÝ|CHỦ TRÌ|TRƯỞNG BAN|Nơi nhận)/;
		const headingLine = /^([IVX]+|\d+(\.\d+)*)- [^.;]*$/;
		for (const [name, pages] of rendered) {
			pages.forEach((page, i) => {
				const text = lines(page);
				if (i > 0) expect(text[0] ?? '', `${name}, page ${i + 1} begins with`).not.toMatch(signature);
				if (i < pages.length - 1)
					expect(text.at(-1) ?? '', `${name}, page ${i + 1} ends with`).not.toMatch(headingLine);
			});
		}
	});

	it('gives each vote count its number line', () => {
		// Each count prints its "Số …" line. Until the documents' own numbers are merged (branch docsign), every count
		// carries the one number the documents page has; then add: five counts are five different numbers.
		for (const layout of ['party', 'state']) {
			const numbers = files(new RegExp(`^${layout}-bien-ban-kiem-phieu`)).map(([, pages]) =>
				lines(pages[0]!).find((l) => /^Số:? /.test(l))
			);
			expect(numbers.every((n) => n !== undefined)).toBe(true);
		}
	});

	it('names people, not labels, in the report and the workbook', () => {
		for (const [name, pages] of files(/bao-cao|bang-tong-hop/)) {
			for (const l of pages.flatMap(lines)) expect(l, name).not.toMatch(/^(Đại biểu|Văn phòng Cụm)\b/);
			expect(squeeze(pages.join('\n')), name).toContain('LòThịThúyHà');
		}
	});

	it('gives Điện Biên’s row of the score table as report 76-BC/CTĐ does: 97, 85, three arithmetic errors, 12 deducted', () => {
		for (const [name, words] of reportWords) {
			const text = squeeze(words.map((w) => w.text).join(' '));
			// The report's symbol in its layout's pattern: 76-BC/CTĐ (Party), 76/BC-CTĐ (State).
			const symbol = name.startsWith('state') ? '76/BC-CTĐ' : '76-BC/CTĐ';
			expect(text, name).toContain(squeeze(`(Kèm theo Báo cáo số ${symbol} ngày 15/11/2021 của Cụm thi đua)`));
			expect(text, name).toContain('9.434');
			expect(text, name).not.toContain('lệch');
			const row = tableRow(words, 'Tổng điểm trừ 3,5 điểm.', 'Tổng điểm trừ 12 điểm.');
			expect(row, name).toEqual(
				[
					'08',
					'Trường Chính trị tỉnh Điện Biên',
					'97',
					'85',
					[
						'- Mục I, phần 2 (Thực hiện nội dung chương trình): đơn vị chấm 9 điểm nhưng cộng sai số học thành 10 điểm, Cụm trừ 1 điểm.',
						'- Mục II, phần 1 (Đề tài khoa học): đơn vị chấm 4 điểm nhưng cộng sai số học thành 10 điểm, Cụm trừ 6 điểm.',
						'- Mục II (Công tác nghiên cứu khoa học, tổng kết thực tiễn): các phần đơn vị ghi cộng lại 23 điểm nhưng đơn vị cộng sai số học thành 28 điểm, Cụm trừ 5 điểm.',
						'Tổng điểm trừ 12 điểm.'
					].join(' ')
				].map(squeeze)
			);
		}
	});
});
