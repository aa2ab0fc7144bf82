import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import demo from '$lib/server/demo/cluster-2021.json';
import type { TemplateInput } from '$lib/core/scoring';
import { readTableFile } from '$lib/server/files/spreadsheet';
import { startServer, type RunningServer } from '../support/server';
import { signInAs } from '../support/people';
import { criteriaTableXlsx, unitSheetXlsx } from '../support/fixtures';

// Through the real server: a delegate uploads their unit's .xlsx sheet, anyone downloads the blank workbook, and
// the host imports a criteria table for a meeting in preparation.

const input = demo.criteria_template as TemplateInput;
const hagiang = demo.units.find((u) => u.slug === 'ha-giang')!;

let server: RunningServer;
let sqlite: SQLite.Database;
let delegate: string;
let host: string;

beforeAll(async () => {
	server = await startServer({ demo: true });
	sqlite = new SQLite(server.databasePath);
	sqlite.prepare("update meetings set phase = 'preparation' where id = 1").run();
	delegate = await signInAs(server.url, server.databasePath, { role: 'delegate', unit: 'Hà Giang' });
	host = await signInAs(server.url, server.databasePath, { role: 'host' });
});
afterAll(async () => {
	sqlite.close();
	await server.stop();
	server.cleanup();
});

const post = (path: string, body: FormData | URLSearchParams, cookie: string) =>
	fetch(`${server.url}${path}`, {
		method: 'POST',
		headers: { origin: server.url, accept: 'text/html', cookie },
		body
	});
const uploadSheet = (bytes: Uint8Array, name = 'ha-giang.xlsx') => {
	const body = new FormData();
	body.set('file', new File([new Uint8Array(bytes)], name));
	return post('/meetings/1/units/ha-giang?/upload', body, delegate);
};
const sheetRow = () =>
	sqlite
		.prepare(
			"select sheets.id, submitted_at, submitted_by from sheets join units on units.id = sheets.unit_id where units.slug = 'ha-giang' and meeting_id = 1"
		)
		.get() as { id: number; submitted_at: string; submitted_by: number | null };
const stored = () =>
	Object.fromEntries(
		(
			sqlite
				.prepare('select criterion_code as code, points from sheet_scores where sheet_id = ?')
				.all(sheetRow().id) as { code: string; points: number }[]
		).map((r) => [r.code, r.points])
	);
const reported = () =>
	Object.fromEntries(
		(
			sqlite.prepare('select code, points from sheet_reported_figures where sheet_id = ?').all(sheetRow().id) as {
				code: string;
				points: number;
			}[]
		).map((r) => [r.code, r.points])
	);
/** The value of one of the page's hidden fields, as the browser would send it back. */
const hidden = (html: string, name: string) => {
	const match =
		new RegExp(`name="${name}" value="([^"]*)"`).exec(html) ??
		new RegExp(`value="([^"]*)" name="${name}"`).exec(html);
	if (!match) throw new Error(`no ${name} field`);
	return match[1]!
		.replace(/&quot;/g, '"')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&');
};
/** The preview's hidden fields: the file's grid and the corrections so far. */
const hiddenPreview = (html: string) => ({ source: hidden(html, 'source'), corrections: hidden(html, 'corrections') });
/** The file row of a row of the preview's table, by its code or its role. */
const rowOf = (html: string, attribute: string) => {
	const rows = [...html.matchAll(/<tr[^>]*>/g)].map((m) => m[0]).filter((tr) => tr.includes(attribute));
	const match = /data-row="(\d+)"/.exec(rows.at(-1) ?? '');
	if (!match) throw new Error(`no row ${attribute}`);
	return match[1]!;
};

describe('a unit’s .xlsx sheet', () => {
	it('a valid sheet is stored with who submitted it', async () => {
		const scores = { ...hagiang.self_assessment.scores, 'I.1': '9,5' };
		const response = await uploadSheet(await unitSheetXlsx(input, scores, { total: '91,5' }));
		expect(response.status).toBe(200);
		expect(await response.text()).toContain('Đã lưu bảng tự chấm.');
		expect(stored()).toMatchObject({
			'I.1': 950,
			'II.2.2': Math.round(hagiang.self_assessment.scores['II.2.2'] * 100)
		});
		expect(reported()).toEqual({ total: 9150 });
		const delegateId = (
			sqlite
				.prepare(
					"select p.user_id from participants p join units u on u.id = p.unit_id where u.slug = 'ha-giang' and p.meeting_id = 1 and p.role = 'delegate'"
				)
				.get() as { user_id: number }
		).user_id;
		expect(sheetRow().submitted_by).toBe(delegateId);
	});

	it('a subtotal that does not add up is stored as written, and the sheet shows the mismatch', async () => {
		const response = await uploadSheet(
			await unitSheetXlsx(
				input,
				hagiang.self_assessment.scores,
				{ II: 26, total: 91 },
				{ letters: true, spacerRows: true }
			)
		);
		expect(response.status).toBe(200);
		expect(reported()).toEqual({ II: 2600, total: 9100 });
		const page = await (
			await fetch(`${server.url}/meetings/1/units/ha-giang`, { headers: { cookie: delegate } })
		).text();
		expect(page).toContain('Mục II: đơn vị ghi 26, cộng từ các tiêu chí được 22.');
	});

	it('an item above its maximum is refused with every problem listed, and nothing is stored', async () => {
		const before = stored();
		const response = await uploadSheet(
			await unitSheetXlsx(input, { ...hagiang.self_assessment.scores, 'II.4': 3, 'I.1': 'mười' })
		);
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('Mục II.4: điểm tối đa là 2.');
		expect(html).toContain('Mục I.1: \u201cmười\u201d không phải là số'.replace(/\u201c|\u201d/g, '"'));
		expect(stored()).toEqual(before);
	});

	it('a UTF-16 CSV with a header and a title column is read', async () => {
		const text = [
			'Mã\tNội dung\tĐiểm tự chấm',
			...Object.entries(hagiang.self_assessment.scores).map(
				([c, v]) => `${c}\tTiêu chí\t${c === 'I.1' ? '8,5' : v}`
			)
		].join('\r\n');
		const response = await uploadSheet(
			Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
			'ha-giang.csv'
		);
		expect(response.status).toBe(200);
		expect(stored()['I.1']).toBe(850);
	});

	it('a picture is refused with what to send instead', async () => {
		const png = new Uint8Array([
			0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52
		]);
		const response = await uploadSheet(png, 'bang-diem.png');
		expect(response.status).toBe(400);
		expect(await response.text()).toContain(
			'Hãy gửi tệp Excel (.xlsx) theo mẫu bảng tự chấm, hoặc tệp CSV hai cột'
		);
	});

	it('the blank workbook downloads for a participant, not for a visitor', async () => {
		const response = await fetch(`${server.url}/meetings/1/self-assessment.xlsx`, {
			headers: { cookie: delegate }
		});
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toContain('spreadsheetml');
		const file = await readTableFile(new Uint8Array(await response.arrayBuffer()));
		expect(file.ok && file.grid.rows.some((r) => r.includes('Đơn vị: Trường Chính trị tỉnh Hà Giang'))).toBe(true);
		expect((await fetch(`${server.url}/meetings/1/self-assessment.xlsx`, { redirect: 'manual' })).status).toBe(303);
	});
});

describe('the criteria import page', () => {
	let meetingId: number;
	const templateOf = () =>
		(sqlite.prepare('select template_id from meetings where id = ?').get(meetingId) as { template_id: number })
			.template_id;
	const templateCount = () =>
		(sqlite.prepare('select count(*) as n from criteria_templates').get() as { n: number }).n;
	const page = `/setup/criteria`;
	const read = async (bytes: Uint8Array) => {
		const body = new FormData();
		body.set('file', new File([new Uint8Array(bytes)], 'tieu-chi-2022.xlsx'));
		return post(`/meetings/${meetingId}${page}?/read`, body, host);
	};

	beforeAll(() => {
		// A new meeting of the demo cluster, in preparation, no sheet submitted yet; the demo's host hosts it too.
		const meeting = sqlite
			.prepare(
				"insert into meetings (cluster_id, template_id, year, title, held_on, phase, created_at) values (1, 1, 2022, 'Hội nghị 2022', '2022-11-15', 'preparation', ?) returning id"
			)
			.get(new Date().toISOString()) as { id: number };
		meetingId = meeting.id;
		for (const unit of sqlite.prepare('select id from units').all() as { id: number }[]) {
			sqlite.prepare('insert into sheets (meeting_id, unit_id) values (?, ?)').run(meetingId, unit.id);
		}
		const hostUser = sqlite
			.prepare("select user_id from participants where meeting_id = 1 and role = 'host'")
			.get() as { user_id: number };
		sqlite
			.prepare(
				"insert into participants (meeting_id, user_id, role, unit_id, created_at) values (?, ?, 'host', null, ?)"
			)
			.run(meetingId, hostUser.user_id, new Date().toISOString());
	});

	it('is the host’s, not a delegate’s', async () => {
		expect((await fetch(`${server.url}/meetings/${meetingId}${page}`, { headers: { cookie: host } })).status).toBe(
			200
		);
		expect((await fetch(`${server.url}/meetings/1${page}`, { headers: { cookie: delegate } })).status).toBe(403);
	});

	it('a file with errors is previewed with every problem by row, and nothing is stored', async () => {
		const before = [templateOf(), templateCount()];
		const response = await read(await criteriaTableXlsx(input, { sectionMax: { II: 26 }, totalRow: 96 }));
		expect(response.status).toBe(200);
		const html = await response.text();
		expect(html).toMatch(
			/Dòng \d+, mục II: bảng ghi tối đa 26 điểm nhưng các tiêu chí bên trong cộng lại được 30\./
		);
		expect(html).toMatch(/Dòng \d+: dòng tổng cộng ghi 96 điểm nhưng các tiêu chí chấm điểm cộng lại được 100\./);
		// Confirming as it is stores nothing.
		const confirm = await post(
			`/meetings/${meetingId}${page}?/confirm`,
			new URLSearchParams(hiddenPreview(html)),
			host
		);
		expect(confirm.status).toBe(400);
		expect(await confirm.text()).toContain('Chưa lưu: bảng còn lỗi.');
		expect([templateOf(), templateCount()]).toEqual(before);
	});

	it('the corrected preview is stored as the meeting’s table, a new version', async () => {
		const html = await (
			await read(await criteriaTableXlsx(input, { sectionMax: { II: 26 }, totalRow: 96, spacerRows: true }))
		).text();
		const sectionII = rowOf(html, 'data-code="II"');
		const totalRow = rowOf(html, 'data-role="sum"');
		const before = templateOf();
		const response = await post(
			`/meetings/${meetingId}${page}?/confirm`,
			new URLSearchParams({
				...hiddenPreview(html),
				[`max:${sectionII}`]: '30',
				[`max:${totalRow}`]: '100',
				name: 'Bảng tiêu chí 2022',
				step: '0,5'
			}),
			host
		);
		expect(response.status).toBe(200);
		expect(await response.text()).toContain(
			'Đã lưu bảng tiêu chí “Bảng tiêu chí 2022” (phiên bản 1) cho hội nghị.'
		);
		const now = templateOf();
		expect(now).not.toBe(before);
		expect(
			sqlite
				.prepare('select name, step, nominal_total, version, year from criteria_templates where id = ?')
				.get(now)
		).toEqual({
			name: 'Bảng tiêu chí 2022',
			step: 50,
			nominal_total: 10000,
			version: 1,
			year: 2022
		});
		expect(
			sqlite.prepare("select max, kind from criteria where template_id = ? and code = 'B.3'").get(now)
		).toEqual({ max: 100, kind: 'bonus' });
		// Replacing it bumps the version.
		const again = await post(
			`/meetings/${meetingId}${page}?/confirm`,
			new URLSearchParams({ ...hiddenPreview(html), [`max:${sectionII}`]: '', [`max:${totalRow}`]: '' }),
			host
		);
		expect(await again.text()).toContain('(phiên bản 2)');
	});

	it('once a unit has submitted its sheet, the table cannot be replaced', async () => {
		sqlite
			.prepare(
				"update sheets set submitted_at = '2022-11-01' where meeting_id = ? and id = (select min(id) from sheets where meeting_id = ?)"
			)
			.run(meetingId, meetingId);
		const before = [templateOf(), templateCount()];
		const html = await (await read(await criteriaTableXlsx(input))).text();
		expect(html).toContain('không thể thay bảng tiêu chí nữa');
		const response = await post(
			`/meetings/${meetingId}${page}?/confirm`,
			new URLSearchParams(hiddenPreview(html)),
			host
		);
		expect(response.status).toBe(409);
		expect([templateOf(), templateCount()]).toEqual(before);
	});

	it('a file that is not a table gets a message, not a preview', async () => {
		const response = await read(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('Tệp này không phải bảng tính Excel hay văn bản Word.');
	});
});
