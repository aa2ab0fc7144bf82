import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { startServer, type RunningServer } from '../support/server';
import { evidencePdf, reportDocx } from '../support/evidence-files';
import { postForm, signInAs } from '../support/people';

// The head's link between an item and paragraphs of a unit's report is decided by the server: the head, in the
// review, an item of the table, the report the unit has now, positions in that report; anything else is refused
// and changes nothing. Real server, sessions and SQLite file; the report is sent through the upload route.

let server: RunningServer;
let sqlite: SQLite.Database;
const cookies: Record<string, string> = {};
let report = '';
let evidence = '';
const ACTION = '/meetings/1/units/ha-giang?/linkParagraphs';

const REPORT = [
	'BÁO CÁO',
	'II. CÔNG TÁC NGHIÊN CỨU KHOA HỌC, TỔNG KẾT THỰC TIỄN',
	'1. Đề tài khoa học',
	'1.1. Đề án, đề tài khoa học cấp tỉnh, thành phố, cấp bộ',
	'Phối hợp thực hiện 01 đề tài cấp tỉnh.',
	'Hai đợt nghiên cứu thực tế tại cơ sở.'
];

async function send(kind: 'report' | 'evidence', name: string, bytes: Uint8Array): Promise<string> {
	const form = new FormData();
	form.set('file', new File([new Uint8Array(bytes)], name));
	form.set('kind', kind);
	if (kind === 'evidence') form.set('items', 'II.6');
	const response = await fetch(`${server.url}/meetings/1/units/ha-giang/files`, {
		method: 'POST',
		headers: { origin: new URL(server.url).origin, cookie: cookies.delegate! },
		body: form
	});
	const body = await response.text();
	expect(response.status, body).toBe(201);
	return (JSON.parse(body) as { file: { sha256: string } }).file.sha256;
}

/** Posts the link form as `who` would (the page's own fetch); returns the HTTP status and the action's result. */
async function link(who: string, fields: [string, string][]): Promise<{ status: number; type: string }> {
	const response = await fetch(`${server.url}${ACTION}`, {
		method: 'POST',
		headers: {
			origin: new URL(server.url).origin,
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'application/json',
			'x-sveltekit-action': 'true',
			cookie: cookies[who]!
		},
		body: new URLSearchParams(fields).toString()
	});
	const body = (await response.json()) as { type: string; status?: number };
	return { status: body.status ?? response.status, type: body.type };
}

const stored = () =>
	sqlite
		.prepare('select criterion_code as code, report_sha256 as report, paragraphs from report_paragraph_links')
		.all() as { code: string; report: string; paragraphs: string }[];

beforeAll(async () => {
	server = await startServer({ demo: true });
	sqlite = new SQLite(server.databasePath);
	cookies.host = await signInAs(server.url, server.databasePath, { role: 'host' });
	cookies.head = await signInAs(server.url, server.databasePath, { role: 'head' });
	cookies.vice = await signInAs(server.url, server.databasePath, { role: 'vice_head', unit: 'Lai Châu' });
	cookies.delegate = await signInAs(server.url, server.databasePath, { role: 'delegate', unit: 'Hà Giang' });
	expect((await postForm(server.url, '/meetings/1?/phase', { to: 'preparation' }, cookies.host)).status).toBeLessThan(
		400
	);
	report = await send('report', 'Báo cáo.docx', await reportDocx(REPORT));
	evidence = await send('evidence', 'Ảnh.pdf', evidencePdf('Anh'));
	expect((await postForm(server.url, '/meetings/1?/phase', { to: 'review' }, cookies.host)).status).toBeLessThan(400);
}, 120_000);
afterAll(async () => {
	sqlite.close();
	await server.stop();
	server.cleanup();
});

describe('the head’s link to report paragraphs', () => {
	it('is stored for the report the unit has now, and replaced by the next', async () => {
		const saved = await link('head', [
			['criterion', 'II.6'],
			['report', report],
			['paragraph', '5']
		]);
		expect(saved).toEqual({ status: 200, type: 'success' });
		expect(stored()).toEqual([{ code: 'II.6', report, paragraphs: '[5]' }]);
		await link('head', [
			['criterion', 'II.6'],
			['report', report],
			['paragraph', '4'],
			['paragraph', '5'],
			['paragraph', '4']
		]);
		expect(stored()).toEqual([{ code: 'II.6', report, paragraphs: '[4,5]' }]);
	});

	it('is refused, changing nothing, for a position outside the report, a section, another file, or no file', async () => {
		const before = stored();
		for (const [fields, status] of [
			[
				[
					['criterion', 'II.6'],
					['report', report],
					['paragraph', String(REPORT.length)]
				],
				400
			],
			[
				[
					['criterion', 'II.6'],
					['report', report],
					['paragraph', '-1']
				],
				400
			],
			[
				[
					['criterion', 'II.6'],
					['report', report],
					['paragraph', 'x']
				],
				400
			],
			[
				[
					['criterion', 'II'],
					['report', report],
					['paragraph', '1']
				],
				400
			],
			[
				[
					['criterion', 'II.6'],
					['report', evidence],
					['paragraph', '1']
				],
				409
			],
			[
				[
					['criterion', 'II.6'],
					['report', 'a'.repeat(64)],
					['paragraph', '1']
				],
				409
			]
		] as [[string, string][], number][]) {
			expect(await link('head', fields), JSON.stringify(fields)).toEqual({ status, type: 'failure' });
		}
		expect(stored()).toEqual(before);
	});

	it('is the head’s alone: a vice-head is refused', async () => {
		const before = stored();
		const refused = await link('vice', [
			['criterion', 'II.6'],
			['report', report],
			['paragraph', '1']
		]);
		expect(refused.status).toBe(403);
		expect(stored()).toEqual(before);
	});

	it('gives the item back to what the board finds when reset', async () => {
		expect(
			await link('head', [
				['criterion', 'II.6'],
				['report', report],
				['reset', '1']
			])
		).toEqual({ status: 200, type: 'success' });
		expect(stored()).toEqual([]);
	});

	it('is refused outside the review', async () => {
		expect(
			(await postForm(server.url, '/meetings/1?/phase', { to: 'preparation' }, cookies.host)).status
		).toBeLessThan(400);
		const refused = await link('head', [
			['criterion', 'II.6'],
			['report', report],
			['paragraph', '1']
		]);
		expect(refused.status).toBe(403);
		expect(stored()).toEqual([]);
	});
});
