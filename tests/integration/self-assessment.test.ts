import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { demo } from '$lib/server/demo/load-demo';
import { startServer, type RunningServer } from '../support/server';
import { signInAs } from '../support/people';

// A delegate fills their unit's sheet in preparation: by the form, or by uploading a file. Bad input gets a clear
// message naming the item and the range, and nothing already stored is lost.

let server: RunningServer;
let sqlite: SQLite.Database;
let delegate: string;
const hagiang = demo.units.find((u) => u.slug === 'ha-giang')!;

beforeAll(async () => {
	server = await startServer({ demo: true });
	sqlite = new SQLite(server.databasePath);
	sqlite.prepare("update meetings set phase = 'preparation' where id = 1").run();
	delegate = await signInAs(server.url, server.databasePath, { role: 'delegate', unit: 'Hà Giang' });
});
afterAll(async () => {
	sqlite.close();
	await server.stop();
	server.cleanup();
});

const stored = () =>
	Object.fromEntries(
		(
			sqlite
				.prepare(
					`select s.criterion_code as code, s.points from sheet_scores s join sheets on sheets.id = s.sheet_id
					 join units on units.id = sheets.unit_id where units.slug = 'ha-giang'`
				)
				.all() as { code: string; points: number }[]
		).map((r) => [r.code, r.points])
	);
const reported = () =>
	Object.fromEntries(
		(
			sqlite
				.prepare(
					`select r.code, r.points from sheet_reported_figures r join sheets on sheets.id = r.sheet_id
					 join units on units.id = sheets.unit_id where units.slug = 'ha-giang'`
				)
				.all() as { code: string; points: number }[]
		).map((r) => [r.code, r.points])
	);

function send(path: string, body: FormData | URLSearchParams) {
	return fetch(`${server.url}/meetings/1/units/ha-giang?/${path}`, {
		method: 'POST',
		headers: { origin: server.url, accept: 'text/html', cookie: delegate },
		body
	});
}
const formOf = (overrides: Record<string, string> = {}) =>
	new URLSearchParams({
		...Object.fromEntries(
			Object.entries(hagiang.self_assessment.scores).map(([code, v]) => [`score:${code}`, String(v)])
		),
		'reported:II': '26',
		'reported:total': '91',
		...overrides
	});
const upload = (name: string, content: string) => {
	const body = new FormData();
	body.set('file', new File([content], name));
	return send('upload', body);
};

let original: Record<string, number>;
beforeEach(() => {
	original = stored();
});

describe('the self-assessment form', () => {
	it('takes "99,5"-style decimals and stores exact half points', async () => {
		const response = await send(
			'selfAssess',
			formOf({ 'score:I.1': '9,5', 'score:II.1.1': '4.5', 'reported:total': '90' })
		);
		expect(response.status).toBe(200);
		expect(await response.text()).toContain('Đã lưu bảng tự chấm.');
		expect(stored()).toMatchObject({ 'I.1': 950, 'II.1.1': 450 });
		expect(reported()).toEqual({ II: 2600, total: 9000 });
	});

	it('refuses a score above its maximum, naming the item and the range, and keeps the stored sheet', async () => {
		const response = await send('selfAssess', formOf({ 'score:I.1': '11' }));
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('Mục I.1: điểm tối đa là 10. Nhập điểm từ 0 đến 10.');
		expect(stored()).toEqual(original);
	});

	it('lists every problem at once: not a number, off the step, negative, missing', async () => {
		const response = await send(
			'selfAssess',
			formOf({ 'score:I.1': 'mười', 'score:I.3': '2,25', 'score:I.4': '-1', 'score:V.3': '' })
		);
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('Mục I.1: "mười" không phải là số. Nhập điểm từ 0 đến 10, ví dụ 2,5.');
		expect(html).toContain('Mục I.3: điểm phải là bội số của 0,5, từ 0 đến 5.');
		expect(html).toContain('Mục I.4: điểm không được nhỏ hơn 0.');
		expect(html).toContain('Mục V.3: chưa nhập điểm.');
		expect(stored()).toEqual(original);
	});

	it('keeps what the unit typed in the fields after a refusal, so nothing typed is lost', async () => {
		const html = await (await send('selfAssess', formOf({ 'score:I.1': '11', 'score:I.3': '4,5' }))).text();
		expect(html).toMatch(/name="score:I.1"[^>]*value="11"|value="11"[^>]*name="score:I.1"/);
		expect(html).toMatch(/name="score:I.3"[^>]*value="4,5"|value="4,5"[^>]*name="score:I.3"/);
	});
});

describe('uploading a self-assessment', () => {
	it('reads a CSV written by a Vietnamese spreadsheet (semicolons, decimal commas), with the unit’s own figures', async () => {
		const lines = [
			'mục;điểm',
			...Object.entries(hagiang.self_assessment.scores).map(([c, v]) => `${c};${c === 'I.1' ? '8,5' : v}`),
			'II;26',
			'total;90,5'
		];
		const response = await upload('ha-giang.csv', lines.join('\r\n'));
		expect(response.status).toBe(200);
		expect(stored()['I.1']).toBe(850);
		expect(reported()).toEqual({ II: 2600, total: 9050 });
	});

	it('reads JSON', async () => {
		const response = await upload(
			'ha-giang.json',
			JSON.stringify({ scores: { ...hagiang.self_assessment.scores, 'I.1': 9 }, reported: { total: 91 } })
		);
		expect(response.status).toBe(200);
		expect(stored()['I.1']).toBe(900);
	});

	it.each([
		['broken.json', '{"scores": {"I.1": 9,', 'Tệp JSON không đọc được: sai cú pháp.'],
		['wrong-shape.json', '{"diem": [1, 2, 3]}', 'Tệp không có điểm tiêu chí nào theo mẫu'],
		[
			'binary.csv',
			'I.1;9\n\u0000\u0001garbage-without-separator\n',
			'Không đọc được tệp. Hãy gửi tệp Excel (.xlsx) theo mẫu bảng tự chấm, hoặc tệp CSV hai cột'
		],
		['empty.csv', '', 'Tệp tải lên trống hoặc chưa chọn tệp.'],
		[
			'over.csv',
			Object.entries(hagiang.self_assessment.scores)
				.map(([c, v]) => `${c};${c === 'II.4' ? '99,5' : v}`)
				.join('\n'),
			'Mục II.4: điểm tối đa là 2.'
		]
	])('refuses %s with a clear message and changes nothing', async (name, content, message) => {
		const response = await upload(name, content);
		expect(response.status).toBe(400);
		expect(await response.text()).toContain(message);
		expect(stored()).toEqual(original);
	});

	it('the server stays up after bad uploads', async () => {
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
	});
});
