import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { translate, type MessageKey } from '$lib/i18n';
import { startServer, type RunningServer } from '../support/server';
import { issueLinkFor, joinByLink, postForm } from '../support/people';
import { evidencePdf, evidencePng, evidenceXlsx, reportDocx, windowsProgram } from '../support/evidence-files';
import { wordExternalEntity, wordZipBomb } from '../support/hostile-files';

// A unit's report and evidence through the real server: who may send and read them, what is accepted (by content),
// the limits, replacing and removing until the review starts, and hostile files refused with a message and
// nothing left behind: no row, no stored file.

let server: RunningServer;
let sqlite: SQLite.Database;
let filesDir: string;
type Who = 'host' | 'haGiang' | 'caoBang' | 'vice' | 'observer';
const cookies = {} as Record<Who, string>;
let zipBomb: Uint8Array;

const vi = (key: string, params: Record<string, string | number> = {}) => translate('vi', key as MessageKey, params);
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
	zipBomb = await wordZipBomb(400);
	server = await startServer({ demo: true });
	filesDir = join(dirname(server.databasePath), 'files');
	sqlite = new SQLite(server.databasePath);
	sqlite.prepare("update meetings set phase = 'preparation' where id = 1").run();
	const join1 = async (who: { role: 'host' | 'head' | 'vice_head' | 'delegate' | 'observer'; unit?: string }) =>
		joinByLink(server.url, await issueLinkFor(server.databasePath, who));
	cookies.host = await join1({ role: 'host' });
	cookies.haGiang = await join1({ role: 'delegate', unit: 'Hà Giang' });
	cookies.caoBang = await join1({ role: 'delegate', unit: 'Cao Bằng' });
	cookies.vice = await join1({ role: 'vice_head', unit: 'Lai Châu' });
	cookies.observer = await join1({ role: 'observer' });
}, 120_000);

afterAll(async () => {
	sqlite?.close();
	await server?.stop();
	server?.cleanup();
});

interface Sent {
	kind?: string;
	items?: string;
	caption?: string;
	replaces?: number;
}

function send(cookie: string, unit: string, bytes: Uint8Array, name: string, fields: Sent = {}): Promise<Response> {
	const body = new FormData();
	body.set('file', new File([new Uint8Array(bytes)], name));
	body.set('kind', fields.kind ?? 'evidence');
	if (fields.items !== undefined) body.set('items', fields.items);
	if (fields.caption !== undefined) body.set('caption', fields.caption);
	if (fields.replaces !== undefined) body.set('replaces', String(fields.replaces));
	return fetch(`${server.url}/meetings/1/units/${unit}/files`, {
		method: 'POST',
		headers: { origin: server.url, accept: 'application/json', cookie },
		body
	});
}

const get = (cookie: string, path: string) =>
	fetch(`${server.url}${path}`, { headers: { cookie }, redirect: 'manual' });
const remove = (cookie: string, id: number) =>
	fetch(`${server.url}/meetings/1/files/${id}`, { method: 'DELETE', headers: { origin: server.url, cookie } });

/** Every stored file under the files folder, by its path (the temporary folder included). */
function storedFiles(): string[] {
	if (!existsSync(filesDir)) return [];
	return readdirSync(filesDir, { recursive: true, withFileTypes: true })
		.filter((e) => e.isFile())
		.map((e) => join(e.parentPath, e.name).slice(filesDir.length + 1))
		.sort();
}
const rows = () => sqlite.prepare('select * from unit_files order by id').all() as { id: number; sha256: string }[];
const itemRows = () => sqlite.prepare('select * from unit_file_items order by file_id, criterion_code').all();

async function sentFile(response: Response) {
	const body = (await response.json()) as { file: { id: number; sha256: string; items: string[]; name: string } };
	expect(response.status, JSON.stringify(body)).toBe(201);
	return body.file;
}

describe('sending and reading', () => {
	it('a delegate sends the report and evidence on several items; each is stored once, by its digest', async () => {
		const report = await reportDocx([
			'BÁO CÁO TỰ KIỂM TRA',
			'II.1.1. Đề tài khoa học cấp tỉnh: phối hợp 01 đề tài.'
		]);
		const sentReport = await sentFile(
			await send(cookies.haGiang, 'ha-giang', report, 'Báo cáo tự kiểm tra.docx', { kind: 'report' })
		);
		expect(sentReport.sha256).toBe(sha(report));
		expect(storedFiles()).toEqual([`${sha(report).slice(0, 2)}/${sha(report).slice(2)}`]);
		expect(readFileSync(join(filesDir, sha(report).slice(0, 2), sha(report).slice(2)))).toEqual(
			Buffer.from(report)
		);

		const pdf = evidencePdf('Quyet dinh so 12/QD-TCT');
		const decision = await sentFile(
			await send(cookies.haGiang, 'ha-giang', pdf, 'Quyết định 12.pdf', {
				items: 'II.1.1, II.1.2',
				caption: 'Quyết định số 12/QĐ-TCT'
			})
		);
		expect(decision.items).toEqual(['II.1.1', 'II.1.2']);
		const photo = await sentFile(
			await send(cookies.haGiang, 'ha-giang', evidencePng(), 'hoi-thao.png', { items: 'II.2.1' })
		);
		const classes = await sentFile(
			await send(
				cookies.haGiang,
				'ha-giang',
				await evidenceXlsx([
					['Lớp', 'Số học viên'],
					['TCLLCT K12', '45']
				]),
				'danh-sach-lop.xlsx',
				{
					items: 'I.1'
				}
			)
		);

		// Served as what its content is, sandboxed, never sniffed.
		const shown = await get(cookies.vice, `/meetings/1/files/${decision.id}`);
		expect(shown.status).toBe(200);
		expect(shown.headers.get('content-type')).toBe('application/pdf');
		expect(shown.headers.get('content-disposition')).toMatch(
			/^inline; filename="Quyet dinh 12.pdf"; filename\*=UTF-8''/
		);
		expect(shown.headers.get('x-content-type-options')).toBe('nosniff');
		expect(shown.headers.get('content-security-policy')).toMatch(/^sandbox;/);
		expect(new Uint8Array(await shown.arrayBuffer())).toEqual(pdf);
		expect((await get(cookies.vice, `/meetings/1/files/${photo.id}`)).headers.get('content-type')).toBe(
			'image/png'
		);
		const workbook = await get(cookies.vice, `/meetings/1/files/${classes.id}`);
		expect(workbook.headers.get('content-disposition')).toMatch(/^attachment;/);

		// The report is read as text, paragraph by paragraph.
		const text = await get(cookies.vice, `/meetings/1/files/${sentReport.id}/text`);
		expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
		expect(await text.text()).toBe('BÁO CÁO TỰ KIỂM TRA\n\nII.1.1. Đề tài khoa học cấp tỉnh: phối hợp 01 đề tài.');

		const listed = (await (await get(cookies.haGiang, '/meetings/1/units/ha-giang/files')).json()) as {
			files: { name: string }[];
		};
		expect(listed.files.map((f) => f.name)).toEqual([
			'Báo cáo tự kiểm tra.docx',
			'Quyết định 12.pdf',
			'hoi-thao.png',
			'danh-sach-lop.xlsx'
		]);
	});

	it('the same bytes sent by two units are kept once, and forgotten once neither refers to them', async () => {
		const pdf = evidencePdf('Giay chung nhan hoi thao cum');
		const before = storedFiles();
		const a = await sentFile(await send(cookies.haGiang, 'ha-giang', pdf, 'chung-nhan.pdf', { items: 'II.2.2' }));
		const b = await sentFile(await send(cookies.caoBang, 'cao-bang', pdf, 'chung-nhan.pdf', { items: 'II.2.2' }));
		expect(storedFiles()).toHaveLength(before.length + 1);
		expect((await remove(cookies.haGiang, a.id)).status).toBe(200);
		expect(storedFiles()).toHaveLength(before.length + 1);
		expect((await remove(cookies.caoBang, b.id)).status).toBe(200);
		expect(storedFiles()).toEqual(before);
	});

	it('a file is replaced in one step, and a new report replaces the old one', async () => {
		const first = await sentFile(
			await send(cookies.caoBang, 'cao-bang', evidencePdf('ban 1'), 'ke-hoach.pdf', { items: 'IV.1' })
		);
		const second = await sentFile(
			await send(cookies.caoBang, 'cao-bang', evidencePdf('ban 2'), 'ke-hoach-sua.pdf', {
				items: 'IV.1',
				replaces: first.id
			})
		);
		const report1 = await sentFile(
			await send(cookies.caoBang, 'cao-bang', evidencePdf('bao cao 1'), 'bao-cao.pdf', { kind: 'report' })
		);
		const report2 = await sentFile(
			await send(cookies.caoBang, 'cao-bang', await reportDocx(['Báo cáo']), 'bao-cao.docx', { kind: 'report' })
		);
		const ids = rows().map((r) => r.id);
		expect(ids).toContain(second.id);
		expect(ids).toContain(report2.id);
		expect(ids).not.toContain(first.id);
		expect(ids).not.toContain(report1.id);
		expect(storedFiles()).not.toContain(`${first.sha256.slice(0, 2)}/${first.sha256.slice(2)}`);
		expect(storedFiles()).not.toContain(`${report1.sha256.slice(0, 2)}/${report1.sha256.slice(2)}`);
	});

	it('only whoever acts for the unit, or the host, sends its files', async () => {
		const pdf = evidencePdf('x');
		const other = await send(cookies.haGiang, 'cao-bang', pdf, 'x.pdf', { items: 'I.1' });
		expect(other.status).toBe(403);
		expect((await send(cookies.observer, 'cao-bang', pdf, 'x.pdf', { items: 'I.1' })).status).toBe(403);
		const byHost = await sentFile(await send(cookies.host, 'cao-bang', pdf, 'thay-don-vi.pdf', { items: 'I.1' }));
		expect((await remove(cookies.haGiang, byHost.id)).status).toBe(403);
		expect((await remove(cookies.host, byHost.id)).status).toBe(200);
		const anonymous = await fetch(`${server.url}/meetings/1/units/cao-bang/files`, { redirect: 'manual' });
		expect(anonymous.status).toBe(303);
	});
});

describe('refused, with a message, leaving nothing behind', () => {
	const cases: [string, () => Uint8Array, string, Sent, string, Record<string, string | number>][] = [
		[
			'a renamed program',
			windowsProgram,
			'quyet-dinh.pdf',
			{ items: 'I.1' },
			'executable',
			{ name: 'quyet-dinh.pdf' }
		],
		[
			'a Word file with an external entity (XXE)',
			wordExternalEntity,
			'bao-cao.docx',
			{ kind: 'report' },
			'external_entity',
			{ name: 'bao-cao.docx' }
		],
		[
			'a zip bomb',
			() => zipBomb,
			'bao-cao.docx',
			{ kind: 'report' },
			'too_large_unpacked',
			{ name: 'bao-cao.docx' }
		],
		[
			'an image named as a PDF',
			() => evidencePng(),
			'anh.pdf',
			{ items: 'I.1' },
			'mismatch',
			{ name: 'anh.pdf', found: 'PNG', claimed: 'PDF' }
		],
		[
			'a PDF named as an image',
			() => evidencePdf('x'),
			'anh.jpg',
			{ items: 'I.1' },
			'mismatch',
			{ name: 'anh.jpg', found: 'PDF', claimed: 'JPG' }
		],
		[
			'a workbook as the report',
			() => evidencePdf('x'),
			'bao-cao.xlsx',
			{ kind: 'report' },
			'not_accepted',
			{ name: 'bao-cao.xlsx' }
		],
		[
			'a name with parent folders',
			() => evidencePdf('x'),
			'../../etc/bao-cao.pdf',
			{ items: 'I.1' },
			'name_path',
			{ name: '../../etc/bao-cao.pdf' }
		],
		[
			'a name with a Windows folder',
			() => evidencePdf('x'),
			'C:\\Minh chung\\a.pdf',
			{ items: 'I.1' },
			'name_path',
			{ name: 'C:\\Minh chung\\a.pdf' }
		],
		[
			'text named as a PDF',
			() => new TextEncoder().encode('#!/bin/sh\nrm -rf /\n'),
			'a.pdf',
			{ items: 'I.1' },
			'unknown_content',
			{ name: 'a.pdf', claimed: 'PDF' }
		],
		[
			'an item the table does not have',
			() => evidencePdf('x'),
			'a.pdf',
			{ items: 'IX.9' },
			'unknown_item',
			{ code: 'IX.9' }
		],
		['evidence for no item', () => evidencePdf('x'), 'a.pdf', {}, 'no_items', {}]
	];

	it.each(cases)(
		'%s',
		async (_, make, name, fields, reason, params) => {
			const [beforeRows, beforeItems, beforeFiles] = [rows(), itemRows(), storedFiles()];
			const response = await send(cookies.haGiang, 'ha-giang', make(), name, fields);
			expect(response.status).toBeGreaterThanOrEqual(400);
			expect(((await response.json()) as { message: string }).message).toBe(
				vi(`evidence.error.${reason}`, params)
			);
			expect(rows()).toEqual(beforeRows);
			expect(itemRows()).toEqual(beforeItems);
			expect(storedFiles()).toEqual(beforeFiles);
			expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		},
		60_000
	);

	it('a 100 MB file is refused before its body is read', async () => {
		const before = [rows(), storedFiles()];
		const huge = new Uint8Array(100 * 1024 * 1024);
		huge.set(evidencePdf('x'));
		const response = await send(cookies.haGiang, 'ha-giang', huge, 'quet.pdf', { items: 'I.1' });
		expect(response.status).toBe(413);
		expect(((await response.json()) as { message: string }).message).toBe(
			vi('evidence.error.body_too_large', { max: '20 MB' })
		);
		expect([rows(), storedFiles()]).toEqual(before);
	}, 60_000);

	it('a file just over 20 MB is refused by the route, saying its size', async () => {
		const before = [rows(), storedFiles()];
		const over = new Uint8Array(20 * 1024 * 1024 + 1);
		over.set(evidencePdf('x'));
		const response = await send(cookies.haGiang, 'ha-giang', over, 'quet.pdf', { items: 'I.1' });
		expect(response.status).toBe(413);
		expect(((await response.json()) as { message: string }).message).toBe(
			vi('evidence.error.file_too_large', { name: 'quet.pdf', size: '20 MB', max: '20 MB' })
		);
		expect([rows(), storedFiles()]).toEqual(before);
	}, 60_000);

	it('a unit cannot keep more than 100 MB', async () => {
		const big = new Uint8Array(19 * 1024 * 1024);
		big.set(evidencePdf('x'));
		const held = () =>
			(
				sqlite
					.prepare(
						"select coalesce(sum(size), 0) as n from unit_files where unit_id = (select id from units where slug = 'dien-bien')"
					)
					.get() as { n: number }
			).n;
		const dienBien = await joinByLink(
			server.url,
			await issueLinkFor(server.databasePath, { role: 'delegate', unit: 'Điện Biên' })
		);
		for (let i = 0; i < 5; i++)
			await sentFile(await send(dienBien, 'dien-bien', big, `quet-${i}.pdf`, { items: 'I.1' }));
		expect(held()).toBe(95 * 1024 * 1024);
		const before = [rows(), storedFiles()];
		const response = await send(dienBien, 'dien-bien', big, 'quet-5.pdf', { items: 'I.1' });
		expect(response.status).toBe(413);
		expect(((await response.json()) as { message: string }).message).toBe(
			vi('evidence.error.unit_full', { name: 'quet-5.pdf', size: '19 MB', used: '95 MB', max: '100 MB' })
		);
		expect([rows(), storedFiles()]).toEqual(before);
	}, 120_000);
});

describe('who reads a unit’s files', () => {
	it('everyone in the meeting, or under the narrower setting only the scorers, the host and that unit', async () => {
		const file = rows().find((r) => r.sha256) as { id: number; unit_id?: number };
		const id = file.id;
		for (const who of ['haGiang', 'caoBang', 'vice', 'host', 'observer'] as const)
			expect((await get(cookies[who], `/meetings/1/files/${id}`)).status, who).toBe(200);
		const saved = await postForm(
			server.url,
			'/meetings/1/preparation?/visibility',
			{ visibility: 'restricted' },
			cookies.host
		);
		expect(saved.status).toBeLessThan(400);
		expect(sqlite.prepare('select files_visibility as v from meetings where id = 1').get()).toEqual({
			v: 'restricted'
		});
		for (const who of ['haGiang', 'vice', 'host'] as const)
			expect((await get(cookies[who], `/meetings/1/files/${id}`)).status, who).toBe(200);
		for (const who of ['caoBang', 'observer'] as const) {
			const refused = await get(cookies[who], `/meetings/1/files/${id}`);
			expect(refused.status, who).toBe(403);
			expect(await refused.text()).toContain(vi('evidence.error.not_allowed'));
			expect((await get(cookies[who], `/meetings/1/files/${id}/text`)).status).toBe(403);
			expect((await get(cookies[who], '/meetings/1/units/ha-giang/files')).status).toBe(403);
		}
		// A delegate may not change the setting.
		const byDelegate = await postForm(
			server.url,
			'/meetings/1/preparation?/visibility',
			{ visibility: 'everyone' },
			cookies.haGiang
		);
		expect(byDelegate.status).toBe(403);
		expect(sqlite.prepare('select files_visibility as v from meetings where id = 1').get()).toEqual({
			v: 'restricted'
		});
	});
});

describe('frozen once the review starts', () => {
	it('nothing is sent, replaced or removed after preparation', async () => {
		const file = rows()[0]!;
		sqlite.prepare("update meetings set phase = 'review' where id = 1").run();
		try {
			const before = [rows(), storedFiles()];
			const sent = await send(cookies.haGiang, 'ha-giang', evidencePdf('muon'), 'muon.pdf', { items: 'I.1' });
			expect(sent.status).toBe(409);
			expect(((await sent.json()) as { message: string }).message).toBe(vi('evidence.error.frozen'));
			const removed = await remove(cookies.haGiang, file.id);
			expect(removed.status).toBe(409);
			expect([rows(), storedFiles()]).toEqual(before);
			expect((await get(cookies.vice, `/meetings/1/files/${file.id}`)).status).toBe(200);
		} finally {
			sqlite.prepare("update meetings set phase = 'preparation' where id = 1").run();
		}
	});
});
