import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { startServer, type RunningServer } from '../support/server';
import { postForm, signInAs } from '../support/people';

// The host's people pages on the real server: importing a list from a generated .xlsx into a meeting in
// preparation, all or nothing; issuing every link at once, each signing its person in; revoking; the preparation
// dashboard; going back from voting to review; and the refusals for everyone who is not the host.

let server: RunningServer;
let sqlite: SQLite.Database;
let meetingId: number;
const cookies = new Map<string, string>();

const count = (sql: string, ...args: unknown[]) => (sqlite.prepare(sql).get(...args) as { n: number }).n;
const snapshot = () => ({
	users: count('select count(*) as n from users'),
	participants: count('select count(*) as n from participants'),
	links: count('select count(*) as n from join_links'),
	revoked: count('select count(*) as n from join_links where revoked_at is not null'),
	contacts: count(
		"select count(*) as n from users where coalesce(position, '') || coalesce(email, '') || coalesce(phone, '') <> ''"
	)
});

type Row = (string | number | null)[];
const HEADER: Row = ['STT', 'Họ và tên', 'Chức vụ', 'Đơn vị', 'Vai trò', 'Email', 'Điện thoại'];
const TEN_PEOPLE: Row[] = [
	[1, 'Nguyễn Văn An', 'Hiệu trưởng', 'Trường Chính trị tỉnh Sơn La', 'Cụm trưởng', 'an@example.vn', '0912000001'],
	[2, 'Trần Thị Bình', 'Hiệu trưởng', 'Lai Châu', 'Cụm phó thường trực', 'binh@example.vn', null],
	[3, 'Lê Văn Cường', 'Phó Hiệu trưởng', 'Quảng Ninh', 'Cụm phó', null, 912000003],
	[4, 'Phạm Thị Dung', 'Trưởng phòng', 'Hà Giang', 'Đại biểu', 'dung@example.vn', null],
	[5, 'Hoàng Văn Em', 'Trưởng phòng', 'dien bien', 'dai bieu', null, null],
	[6, 'Vũ Thị Giang', 'Phó Trưởng phòng', 'Lào Cai', 'ĐẠI BIỂU', null, null],
	[7, 'Đặng Văn Hải', 'Giảng viên', 'Lạng Sơn', 'Đại biểu', null, null],
	[8, 'Bùi Thị Khánh', 'Giảng viên', 'Sơn La', 'Đại biểu', null, null],
	[9, 'Ngô Văn Long', 'Chuyên viên', 'Sơn La', 'Thư ký', null, null],
	[10, 'Đỗ Thị Mai', 'Phó Vụ trưởng', 'Học viện Chính trị quốc gia Hồ Chí Minh', 'Khách mời', 'mai@example.vn', null]
];

async function xlsx(rows: Row[]): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Danh sách');
	sheet.addRow(['DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ']);
	sheet.mergeCells('A1:G1');
	sheet.addRow([]);
	for (const row of rows) sheet.addRow(row);
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Posts a multipart form (a file upload) the way a browser does. */
function postFile(path: string, fields: Record<string, string | Blob>, cookie: string): Promise<Response> {
	const body = new FormData();
	for (const [name, value] of Object.entries(fields)) {
		if (value instanceof Blob) body.set(name, value, 'danh-sach.xlsx');
		else body.set(name, value);
	}
	return fetch(`${server.url}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: server.url, accept: 'text/html', cookie },
		body
	});
}

const xlsxBlob = (bytes: Uint8Array) =>
	new Blob([bytes as BlobPart], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
const decode = (html: string) =>
	html
		.replace(/&quot;/g, '"')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&');
const joinTokens = (html: string) => [...new Set([...html.matchAll(/\/join\/([a-z2-7]{32})/g)].map((m) => m[1]!))];

beforeAll(async () => {
	server = await startServer({ demo: true });
	sqlite = new SQLite(server.databasePath);
	sqlite.pragma('busy_timeout = 5000');
	for (const [key, who] of Object.entries({
		host: { role: 'host' as const },
		head: { role: 'head' as const },
		vice_head: { role: 'vice_head' as const, unit: 'Lai Châu' },
		delegate: { role: 'delegate' as const, unit: 'Cao Bằng' }
	})) {
		cookies.set(key, await signInAs(server.url, server.databasePath, who));
	}
	// A meeting of next year in preparation, with the demo cluster's units; the demo's host, a vice-head and a
	// delegate take part in it with the same roles.
	const demo = sqlite.prepare('select cluster_id, template_id from meetings where id = 1').get() as {
		cluster_id: number;
		template_id: number;
	};
	meetingId = Number(
		sqlite
			.prepare(
				`insert into meetings (cluster_id, template_id, year, title, held_on, phase, created_at, starts_at, location, call_url)
				 values (?, ?, 2026, 'Hội nghị tổng kết thi đua năm 2026', '2026-12-15', 'preparation', '2026-11-30', '2026-12-15T08:00', 'Hội trường Sơn La', 'https://meet.example.vn/cum')`
			)
			.run(demo.cluster_id, demo.template_id).lastInsertRowid
	);
	for (const unit of sqlite.prepare('select id from units where cluster_id = ?').all(demo.cluster_id) as {
		id: number;
	}[]) {
		sqlite.prepare('insert into sheets (meeting_id, unit_id) values (?, ?)').run(meetingId, unit.id);
	}
	const demoParticipant = (role: string, slug: string | null) =>
		sqlite
			.prepare(
				'select p.user_id, p.unit_id from participants p left join units u on u.id = p.unit_id where p.meeting_id = 1 and p.role = ? and (? is null or u.slug = ?)'
			)
			.get(role, slug, slug) as { user_id: number; unit_id: number | null };
	for (const [role, slug] of [
		['host', null],
		['vice_head', 'lai-chau'],
		['delegate', 'cao-bang']
	] as const) {
		const p = demoParticipant(role, slug);
		sqlite
			.prepare(
				"insert into participants (meeting_id, user_id, role, unit_id, joined_at, created_at) values (?, ?, ?, ?, '2026-11-30T01:00:00Z', '')"
			)
			.run(meetingId, p.user_id, role, p.unit_id);
	}
});

afterAll(async () => {
	sqlite?.close();
	await server?.stop();
	server?.cleanup();
});

describe('importing people', () => {
	it('a preview lists every row and stores nothing', async () => {
		const before = snapshot();
		const response = await postFile(
			`/meetings/${meetingId}/setup/people?/preview`,
			{ file: xlsxBlob(await xlsx([HEADER, ...TEN_PEOPLE])) },
			cookies.get('host')!
		);
		expect(response.status).toBe(200);
		const html = await response.text();
		for (const row of TEN_PEOPLE) expect(html).toContain(String(row[1]));
		expect(html).toContain('Mọi dòng đều hợp lệ.');
		expect(html).toContain('Lưu 10 người vào hội nghị');
		expect(snapshot()).toEqual(before);
	});

	it('a file with one bad row stores nothing and names the row', async () => {
		const before = snapshot();
		const rows = TEN_PEOPLE.map((r) => [...r]);
		rows[6]![3] = 'Tuyên Quang'; // row 7 of the people, spreadsheet row 10 (a title and a blank line above the header)
		const response = await postFile(
			`/meetings/${meetingId}/setup/people?/import`,
			{ file: xlsxBlob(await xlsx([HEADER, ...rows])) },
			cookies.get('host')!
		);
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('Dòng 10: đơn vị "Tuyên Quang" không phải đơn vị thành viên của hội nghị.');
		expect(html).toContain('Chưa lưu gì');
		expect(snapshot()).toEqual(before);
	});

	it('every problem at once: a second delegate, a bad e-mail, a duplicate, a delegate without a unit', async () => {
		const before = snapshot();
		const rows: Row[] = [
			...TEN_PEOPLE.slice(0, 4),
			[11, 'Lý Văn Nam', null, 'Hà Giang', 'Đại biểu', null, null],
			[12, 'Trịnh Thị Oanh', null, 'Lào Cai', 'Khách mời', 'oanh@@example', null],
			[13, 'Nguyễn Văn An', null, 'Sơn La', 'Cụm trưởng', null, null],
			[14, 'Mạc Văn Phúc', null, null, 'Đại biểu', null, null],
			[15, 'Tô Thị Quyên', null, 'Điện Biên', 'Chủ tọa', null, null]
		];
		const response = await postFile(
			`/meetings/${meetingId}/setup/people?/preview`,
			{ file: xlsxBlob(await xlsx([HEADER, ...rows])) },
			cookies.get('host')!
		);
		const html = decode(await response.text());
		expect(html).toContain('Có 5 lỗi.');
		expect(html).toContain('Dòng 8: Hà Giang đã có đại biểu ở dòng 7; mỗi đơn vị một đại biểu.');
		expect(html).toContain('Dòng 9: email "oanh@@example" không hợp lệ.');
		expect(html).toContain('Dòng 10: Nguyễn Văn An đã có ở dòng 4.');
		expect(html).toContain('Dòng 11: đại biểu phải ghi đơn vị mình đại diện.');
		expect(html).toContain('Dòng 12: không hiểu vai trò "Chủ tọa"');
		expect(html).not.toContain('data-testid="import-confirm"');
		expect(snapshot()).toEqual(before);
	});

	it('preview, then confirm: 10 people are stored with their roles, units, positions and contacts', async () => {
		const before = snapshot();
		const preview = await postFile(
			`/meetings/${meetingId}/setup/people?/preview`,
			{ file: xlsxBlob(await xlsx([HEADER, ...TEN_PEOPLE])) },
			cookies.get('host')!
		);
		const grid = /name="grid" value="([^"]*)"/.exec(await preview.text())?.[1];
		expect(grid).toBeDefined();
		const response = await postForm(
			server.url,
			`/meetings/${meetingId}/setup/people?/import`,
			{ grid: decode(grid!) },
			cookies.get('host')
		);
		expect(response.status).toBe(200);
		expect(await response.text()).toContain('Đã thêm 10 người vào hội nghị.');
		expect(snapshot().participants).toBe(before.participants + 10);
		const stored = sqlite
			.prepare(
				`select u.display_name as name, u.position, u.email, u.phone, p.role, un.slug as unit from participants p
				 join users u on u.id = p.user_id left join units un on un.id = p.unit_id where p.meeting_id = ? and p.joined_at is null order by p.id`
			)
			.all(meetingId);
		expect(stored).toEqual([
			{
				name: 'Nguyễn Văn An',
				position: 'Hiệu trưởng',
				email: 'an@example.vn',
				phone: '0912000001',
				role: 'head',
				unit: 'son-la'
			},
			{
				name: 'Trần Thị Bình',
				position: 'Hiệu trưởng',
				email: 'binh@example.vn',
				phone: null,
				role: 'vice_head',
				unit: 'lai-chau'
			},
			{
				name: 'Lê Văn Cường',
				position: 'Phó Hiệu trưởng',
				email: null,
				phone: '0912000003',
				role: 'vice_head',
				unit: 'quang-ninh'
			},
			{
				name: 'Phạm Thị Dung',
				position: 'Trưởng phòng',
				email: 'dung@example.vn',
				phone: null,
				role: 'delegate',
				unit: 'ha-giang'
			},
			{
				name: 'Hoàng Văn Em',
				position: 'Trưởng phòng',
				email: null,
				phone: null,
				role: 'delegate',
				unit: 'dien-bien'
			},
			{
				name: 'Vũ Thị Giang',
				position: 'Phó Trưởng phòng',
				email: null,
				phone: null,
				role: 'delegate',
				unit: 'lao-cai'
			},
			{
				name: 'Đặng Văn Hải',
				position: 'Giảng viên',
				email: null,
				phone: null,
				role: 'delegate',
				unit: 'lang-son'
			},
			{
				name: 'Bùi Thị Khánh',
				position: 'Giảng viên',
				email: null,
				phone: null,
				role: 'delegate',
				unit: 'son-la'
			},
			{ name: 'Ngô Văn Long', position: 'Chuyên viên', email: null, phone: null, role: 'host', unit: 'son-la' },
			{
				name: 'Đỗ Thị Mai',
				position: 'Phó Vụ trưởng, Học viện Chính trị quốc gia Hồ Chí Minh',
				email: 'mai@example.vn',
				phone: null,
				role: 'observer',
				unit: null
			}
		]);
	});

	it('the same list again, with a new position, updates the ten people and adds nobody', async () => {
		const before = snapshot();
		const changed = TEN_PEOPLE.map((row) =>
			row[1] === 'Lê Văn Cường' ? [...row.slice(0, 2), 'Hiệu trưởng', ...row.slice(3)] : row
		);
		const response = await postFile(
			`/meetings/${meetingId}/setup/people?/import`,
			{ file: xlsxBlob(await xlsx([HEADER, ...changed])) },
			cookies.get('host')!
		);
		expect(response.status).toBe(200);
		expect(await response.text()).toContain(
			'Đã cập nhật vai trò, đơn vị, chức vụ của 10 người đã có trong hội nghị.'
		);
		expect(snapshot()).toEqual(before);
		expect(sqlite.prepare("select position from users where display_name = 'Lê Văn Cường'").all()).toEqual([
			{ position: 'Hiệu trưởng' }
		]);
	});

	it('a pasted table (tab-separated, as Excel copies it) is read the same way', async () => {
		const text = 'Họ và tên\tChức vụ\tVai trò\tEmail\nHà Văn Quân\tPhóng viên\tKhách mời\t\n';
		const response = await postForm(
			server.url,
			`/meetings/${meetingId}/setup/people?/preview`,
			{ text },
			cookies.get('host')
		);
		const html = await response.text();
		expect(response.status).toBe(200);
		expect(html).toContain('Hà Văn Quân');
		expect(html).toContain('Lưu 1 người vào hội nghị');
	});

	it('bad input gets a clear message and the server stays up', async () => {
		const host = cookies.get('host')!;
		const before = snapshot();
		const damaged = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array(200).fill(7)]);
		const notXlsx = await postFile(
			`/meetings/${meetingId}/setup/people?/preview`,
			{ file: xlsxBlob(damaged) },
			host
		);
		expect(notXlsx.status).toBe(400);
		expect(await notXlsx.text()).toContain('Không đọc được tệp Excel này');

		const binary = await postFile(
			`/meetings/${meetingId}/setup/people?/preview`,
			{ file: new Blob([new Uint8Array([0, 1, 2, 3, 0, 255])]) },
			host
		);
		expect(binary.status).toBe(400);
		expect(await binary.text()).toContain('Tệp này không phải bảng tính .xlsx hay .csv.');

		const nothing = await postFile(`/meetings/${meetingId}/setup/people?/preview`, { text: '  ' }, host);
		expect(nothing.status).toBe(400);
		expect(await nothing.text()).toContain('Hãy chọn một tệp hoặc dán bảng.');

		const forged = await postForm(
			server.url,
			`/meetings/${meetingId}/setup/people?/import`,
			{ grid: '{"rows": "x"}' },
			host
		);
		expect(forged.status).toBe(400);
		expect(await forged.text()).toContain('Dữ liệu gửi lên không đọc được');

		const huge = await postFile(
			`/meetings/${meetingId}/setup/people?/import`,
			{ file: new Blob([new Uint8Array(20 * 1024 * 1024).fill(65)]) },
			host
		);
		expect(huge.status).toBe(413);
		expect(await huge.text()).toContain('Tệp quá lớn để tải lên (tối đa 512 KB).');

		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		expect(snapshot()).toEqual(before);
	});
});

describe('invitations', () => {
	it('without SMTP the page says nothing is sent, and sending is refused', async () => {
		const page = await fetch(`${server.url}/meetings/${meetingId}/invitations`, {
			headers: { cookie: cookies.get('host')! }
		});
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain('không thư nào được gửi');
		expect(html).toContain('Liên kết đã tạo trước đây không hiện lại được');
		const before = snapshot();
		const send = await postForm(server.url, `/meetings/${meetingId}/invitations?/send`, {}, cookies.get('host'));
		expect(send.status).toBe(409);
		expect(snapshot()).toEqual(before);
	});

	let tokens: string[] = [];
	it('one action issues a link for everyone who has not joined, each with a QR code and a message', async () => {
		const notJoined = count(
			'select count(*) as n from participants where meeting_id = ? and joined_at is null',
			meetingId
		);
		expect(notJoined).toBe(10);
		const response = await postForm(
			server.url,
			`/meetings/${meetingId}/invitations?/issueAll`,
			{},
			cookies.get('host')
		);
		expect(response.status).toBe(200);
		const html = decode(await response.text());
		tokens = joinTokens(html);
		expect(tokens).toHaveLength(10);
		expect(html.match(/data-testid="invitation"/g)).toHaveLength(10);
		expect(html.match(/<svg[^>]*>/g)!.length).toBeGreaterThanOrEqual(10);
		expect(html).toContain('Kính gửi đồng chí Phạm Thị Dung – Trưởng phòng,');
		expect(html).toContain('Thời gian: 08 giờ 00, thứ Ba, ngày 15/12/2026.');
		expect(html).toContain('Vui lòng không chuyển tiếp liên kết này.');
		expect(html).toContain('Đã tạo 10 liên kết.');
		expect(
			count(
				'select count(*) as n from join_links j join participants p on p.id = j.participant_id where p.meeting_id = ? and j.revoked_at is null',
				meetingId
			)
		).toBe(10);
	});

	it('issuing again replaces the earlier links: only the newest works', async () => {
		const response = await postForm(
			server.url,
			`/meetings/${meetingId}/invitations?/issueAll`,
			{},
			cookies.get('host')
		);
		const fresh = joinTokens(await response.text());
		expect(fresh).toHaveLength(10);
		const old = await postForm(server.url, `/join/${tokens[0]}`, {});
		expect(old.status).not.toBe(303);
		tokens = fresh;
	});

	it('revoking one person’s link stops it; every other link signs its own person in', async () => {
		const participant = sqlite
			.prepare(
				"select p.id from participants p join users u on u.id = p.user_id where p.meeting_id = ? and u.display_name = 'Đỗ Thị Mai'"
			)
			.get(meetingId) as { id: number };
		const revoke = await postForm(
			server.url,
			`/meetings/${meetingId}/invitations?/revoke`,
			{ participant: String(participant.id) },
			cookies.get('host')
		);
		expect(revoke.status).toBe(200);
		expect(await revoke.text()).toContain('Đã thu hồi 1 liên kết của Đỗ Thị Mai.');

		const names = new Set<string>();
		let refused = 0;
		for (const token of tokens) {
			const response = await postForm(server.url, `/join/${token}`, {});
			if (response.status !== 303) {
				refused += 1;
				continue;
			}
			const cookie = response.headers
				.getSetCookie()
				.find((c) => c.startsWith('session='))!
				.split(';')[0]!;
			const board = await fetch(`${server.url}/meetings/${meetingId}`, { headers: { cookie } });
			const me = /data-testid="me"[^>]*>([^<]*)</.exec(await board.text())?.[1] ?? '';
			names.add(
				me
					.replace(/^Bạn: /, '')
					.split(' · ')[0]!
					.trim()
			);
		}
		expect(refused).toBe(1);
		expect(names.size).toBe(9);
		expect(names.has('Đỗ Thị Mai')).toBe(false);
		expect(names.has('Nguyễn Văn An')).toBe(true);
		expect(
			count('select count(*) as n from participants where meeting_id = ? and joined_at is null', meetingId)
		).toBe(1);
	});

	it('re-issuing one person gives a link that works', async () => {
		const participant = sqlite
			.prepare(
				"select p.id from participants p join users u on u.id = p.user_id where p.meeting_id = ? and u.display_name = 'Đỗ Thị Mai'"
			)
			.get(meetingId) as { id: number };
		const response = await postForm(
			server.url,
			`/meetings/${meetingId}/invitations?/reissue`,
			{ participant: String(participant.id) },
			cookies.get('host')
		);
		const [token] = joinTokens(await response.text());
		expect(token).toBeDefined();
		expect((await postForm(server.url, `/join/${token}`, {})).status).toBe(303);
	});
});

describe('the preparation dashboard', () => {
	it('shows who submitted, when and by whom, the arithmetic warnings, who joined, and the reminder', async () => {
		const submitter = sqlite.prepare("select id from users where display_name = 'Phạm Thị Dung'").get() as {
			id: number;
		};
		const unit = (slug: string) =>
			(sqlite.prepare('select id from units where slug = ?').get(slug) as { id: number }).id;
		sqlite
			.prepare(
				"update sheets set submitted_at = '2026-12-01T02:30:00Z', submitted_by = ? where meeting_id = ? and unit_id = ?"
			)
			.run(submitter.id, meetingId, unit('ha-giang'));
		sqlite
			.prepare("update sheets set submitted_at = '2026-12-02T03:00:00Z' where meeting_id = ? and unit_id = ?")
			.run(meetingId, unit('son-la'));
		// Hà Giang's sheet of the demo: its reported section II (26) is more than its items give (22).
		const demoSheet = (
			sqlite.prepare('select id from sheets where meeting_id = 1 and unit_id = ?').get(unit('ha-giang')) as {
				id: number;
			}
		).id;
		const newSheet = (
			sqlite
				.prepare('select id from sheets where meeting_id = ? and unit_id = ?')
				.get(meetingId, unit('ha-giang')) as { id: number }
		).id;
		sqlite
			.prepare(
				'insert into sheet_scores (sheet_id, criterion_code, points) select ?, criterion_code, points from sheet_scores where sheet_id = ?'
			)
			.run(newSheet, demoSheet);
		sqlite
			.prepare(
				'insert into sheet_reported_figures (sheet_id, code, points) select ?, code, points from sheet_reported_figures where sheet_id = ?'
			)
			.run(newSheet, demoSheet);

		const response = await fetch(`${server.url}/meetings/${meetingId}/preparation`, {
			headers: { cookie: cookies.get('host')! }
		});
		expect(response.status).toBe(200);
		const html = decode(await response.text());
		expect(html).toContain('Đã nhận 2/8 bảng tự chấm điểm.');
		const row = (slug: string) => new RegExp(`<tr data-unit="${slug}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
		expect(row('ha-giang')).toContain('Phạm Thị Dung');
		expect(row('ha-giang')).toContain('Mục II');
		expect(row('son-la')).toContain('—');
		expect(row('lai-chau')).toContain('Chưa gửi');
		expect(html).toMatch(/Kính gửi: [^\n]*Lai Châu/);
		expect(html).not.toMatch(/Kính gửi:[^\n]*Hà Giang/);
		expect(html).toMatch(/Đã vào \d+\/13 người\./);
	});
});

describe('a position, e-mail and phone are edited on the participants page', () => {
	it('saves them, and refuses a bad e-mail', async () => {
		const participant = sqlite
			.prepare(
				"select p.id, p.user_id from participants p join users u on u.id = p.user_id where p.meeting_id = ? and u.display_name = 'Hoàng Văn Em'"
			)
			.get(meetingId) as { id: number; user_id: number };
		const path = `/meetings/${meetingId}/participants?/contact`;
		const bad = await postForm(
			server.url,
			path,
			{ participant: String(participant.id), position: 'Trưởng phòng', email: 'em@', phone: '' },
			cookies.get('host')
		);
		expect(bad.status).toBe(400);
		expect(await bad.text()).toContain('Email không hợp lệ.');
		const good = await postForm(
			server.url,
			path,
			{
				participant: String(participant.id),
				position: ' Trưởng  phòng Đào tạo ',
				email: 'Em@Example.vn',
				phone: '0214 3 123 456'
			},
			cookies.get('host')
		);
		expect(good.status).toBe(200);
		expect(
			sqlite.prepare('select position, email, phone from users where id = ?').get(participant.user_id)
		).toEqual({
			position: 'Trưởng phòng Đào tạo',
			email: 'em@example.vn',
			phone: '0214 3 123 456'
		});
	});
});

describe('only the host (or an administrator) may use these pages', () => {
	const pages = ['setup/people', 'invitations', 'preparation'];
	const actions: [string, Record<string, string>][] = [
		['setup/people?/preview', { text: 'Họ và tên\tVai trò\nKhách\tKhách mời' }],
		['setup/people?/import', { text: 'Họ và tên\tVai trò\nKhách\tKhách mời' }],
		['invitations?/issueAll', {}],
		['invitations?/reissue', { participant: '1' }],
		['invitations?/revoke', { participant: '1' }],
		['invitations?/send', {}],
		['participants?/contact', { participant: '1', position: 'x', email: '', phone: '' }]
	];

	it.each(['vice_head', 'delegate'])('%s gets 403 on each page and action, and nothing changes', async (who) => {
		const before = snapshot();
		for (const page of pages) {
			const response = await fetch(`${server.url}/meetings/${meetingId}/${page}`, {
				headers: { cookie: cookies.get(who)! }
			});
			expect(response.status, page).toBe(403);
			expect(await response.text()).toContain('Vai trò của bạn không được làm việc này.');
		}
		for (const [action, fields] of actions) {
			const response = await postForm(server.url, `/meetings/${meetingId}/${action}`, fields, cookies.get(who));
			expect(response.status, action).toBe(403);
		}
		expect(snapshot()).toEqual(before);
	});

	it('someone outside the meeting gets 403; an administrator outside it gets in', async () => {
		const head = cookies.get('head')!; // the demo's head takes no part in the new meeting
		expect(
			(await fetch(`${server.url}/meetings/${meetingId}/invitations`, { headers: { cookie: head } })).status
		).toBe(403);
		sqlite
			.prepare(
				"update users set is_admin = 1 where id = (select user_id from participants where meeting_id = 1 and role = 'head')"
			)
			.run();
		try {
			for (const page of pages) {
				expect(
					(await fetch(`${server.url}/meetings/${meetingId}/${page}`, { headers: { cookie: head } })).status,
					page
				).toBe(200);
			}
		} finally {
			sqlite
				.prepare(
					"update users set is_admin = 0 where id = (select user_id from participants where meeting_id = 1 and role = 'head')"
				)
				.run();
		}
	});
});

describe('back from voting to review', () => {
	const phase = () => (sqlite.prepare('select phase from meetings where id = 1').get() as { phase: string }).phase;

	it('is offered and works while no ballot has been opened', async () => {
		sqlite.prepare("update meetings set phase = 'voting' where id = 1").run();
		sqlite.prepare("update ballots set status = 'draft' where meeting_id = 1").run();
		const page = await fetch(`${server.url}/meetings/1`, { headers: { cookie: cookies.get('head')! } });
		expect(await page.text()).toContain('data-testid="phase-review"');
		const response = await postForm(server.url, '/meetings/1?/phase', { to: 'review' }, cookies.get('head'));
		expect(response.status).toBe(200);
		expect(phase()).toBe('review');
	});

	it('is not offered, and refused with 409 and a message, once a ballot has been opened', async () => {
		sqlite.prepare("update meetings set phase = 'voting' where id = 1").run();
		sqlite
			.prepare(
				`insert into ballots (meeting_id, title, purpose, status, max_choices, seats, secret, quorum, threshold_numerator,
				 threshold_denominator, threshold_base, threshold_comparison, allow_self_vote, created_at, opened_at)
				 values (1, 'Suy tôn Cờ thi đua', 'flag', 'open', 1, 1, 1, 5, 1, 2, 'members', 'more_than', 0, '', '')`
			)
			.run();
		const page = await fetch(`${server.url}/meetings/1`, { headers: { cookie: cookies.get('head')! } });
		expect(await page.text()).not.toContain('data-testid="phase-review"');
		const response = await postForm(server.url, '/meetings/1?/phase', { to: 'review' }, cookies.get('head'));
		expect(response.status).toBe(409);
		expect(await response.text()).toContain(
			'Không quay lại giai đoạn bình xét được: đã có phiếu biểu quyết được mở.'
		);
		expect(phase()).toBe('voting');
	});
});
