// Setting up a cluster's own meeting on an empty installation, through the real server: the first administrator's
// link, clusters, units, meetings; and who may not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import SQLite from 'better-sqlite3';
import { startServer, type RunningServer } from '../support/server';
import { joinByLink, postForm, sessionCookieOf } from '../support/people';
import { openDatabase } from '$lib/server/db/open';
import { issueJoinLink } from '$lib/server/people/join-links';
import { listParticipants } from '$lib/server/people/participants';

let server: RunningServer;
let setupPath: string;
let admin: string;

beforeAll(async () => {
	server = await startServer({ demo: false });
	setupPath = /\/setup\/[a-z0-9]+/.exec(server.output())![0];
});
afterAll(async () => {
	await server.stop();
	server.cleanup();
});

const get = (path: string, cookie?: string) =>
	fetch(`${server.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

function postFile(path: string, fields: Record<string, string | Blob>, cookie: string): Promise<Response> {
	const body = new FormData();
	for (const [name, value] of Object.entries(fields)) body.append(name, value);
	return fetch(`${server.url}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: server.url, accept: 'text/html', cookie },
		body
	});
}

function rows(sql: string, ...params: unknown[]) {
	const sqlite = new SQLite(server.databasePath, { readonly: true });
	try {
		return sqlite.prepare(sql).all(...params) as Record<string, unknown>[];
	} finally {
		sqlite.close();
	}
}

async function unitsWorkbook(lines: string[][]): Promise<Blob> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Đơn vị');
	sheet.addRow(['DANH SÁCH ĐƠN VỊ THÀNH VIÊN CỤM THI ĐUA']);
	sheet.addRow([]);
	sheet.addRow(['STT', 'Tên đơn vị', 'Tên viết tắt']);
	lines.forEach((line, i) => sheet.addRow([i + 1, ...line]));
	return new Blob([await workbook.xlsx.writeBuffer()]);
}

describe('the first administrator', () => {
	it('is announced by a one-time link on an empty installation started without the demo', async () => {
		expect(server.output()).toContain('No administrator yet');
		expect(rows('select count(*) as n from meetings')[0]!.n).toBe(0);
		const page = await get(setupPath);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Trở thành quản trị viên');
	});

	it('keeps the link when the form is wrong, then makes its opener an administrator, once', async () => {
		const noName = await postForm(server.url, setupPath, { name: '', username: '', password: '' });
		expect(noName.status).toBe(400);
		expect(await noName.text()).toContain('Vui lòng nhập họ và tên');

		const made = await postForm(server.url, setupPath, {
			name: 'Nguyễn Văn Quản',
			username: 'quantri',
			password: 'mat-khau-quan-tri'
		});
		expect(made.status).toBe(303);
		expect(made.headers.get('location')).toBe('/admin');
		admin = sessionCookieOf(made);
		expect(rows('select display_name, is_admin from users')).toEqual([
			{ display_name: 'Nguyễn Văn Quản', is_admin: 1 }
		]);

		const again = await postForm(server.url, setupPath, { name: 'Kẻ thứ hai', username: '', password: '' });
		expect(again.status).toBe(400);
		expect(await again.text()).toContain('đã được dùng');
		expect(rows('select count(*) as n from users')[0]!.n).toBe(1);
	});

	it('signs in again with the password chosen', async () => {
		const signIn = await postForm(server.url, '/login', { username: 'quantri', password: 'mat-khau-quan-tri' });
		expect(signIn.status).toBe(303);
		expect((await get('/admin', sessionCookieOf(signIn))).status).toBe(200);
	});
});

describe('clusters, units and meetings', () => {
	let clusterId: number;
	let meetingId: number;

	it('creates a cluster, refusing a form with problems and naming each', async () => {
		const wrong = await postForm(
			server.url,
			'/admin?/createCluster',
			{ name: '', parent: '', layout: 'party' },
			admin
		);
		expect(wrong.status).toBe(400);
		const text = await wrong.text();
		expect(text).toContain('Tên Cụm thi đua: chưa nhập.');
		expect(text).toContain('Cơ quan cấp trên: chưa nhập.');

		const made = await postForm(
			server.url,
			'/admin?/createCluster',
			{
				name: 'Cụm thi đua các Sở Nội vụ vùng Tây Bắc',
				shortName: 'Cụm Tây Bắc',
				parent: 'Bộ Nội vụ',
				layout: 'state'
			},
			admin
		);
		expect(made.status).toBe(303);
		clusterId = Number(/\/admin\/clusters\/(\d+)/.exec(made.headers.get('location')!)![1]);
		expect(rows('select name, short_name, parent, layout from clusters where id = ?', clusterId)).toEqual([
			{
				name: 'Cụm thi đua các Sở Nội vụ vùng Tây Bắc',
				short_name: 'Cụm Tây Bắc',
				parent: 'Bộ Nội vụ',
				layout: 'state'
			}
		]);
	});

	it('adds units one by one, pasted, and from an .xlsx, with slugs made from their names', async () => {
		const one = await postForm(
			server.url,
			`/admin/clusters/${clusterId}?/addUnits`,
			{ name: 'Sở Nội vụ tỉnh Điện Biên', shortName: '' },
			admin
		);
		expect(one.status).toBe(200);
		const pasted = await postForm(
			server.url,
			`/admin/clusters/${clusterId}?/addUnits`,
			{ list: 'Sở Nội vụ tỉnh Lai Châu\tLai Châu\nSở Nội vụ tỉnh Sơn La\tSơn La' },
			admin
		);
		expect(pasted.status).toBe(200);
		const file = await unitsWorkbook([
			['Sở Nội vụ tỉnh Hòa Bình', 'Hòa Bình'],
			['Sở Nội vụ tỉnh Yên Bái', 'Yên Bái'],
			['Sở Nội vụ tỉnh Lào Cai', '']
		]);
		const imported = await postFile(
			`/admin/clusters/${clusterId}?/addUnits`,
			{ file: new File([file], 'don-vi.xlsx') },
			admin
		);
		expect(imported.status).toBe(200);
		expect(rows('select slug, short_name from units where cluster_id = ? order by position', clusterId)).toEqual([
			{ slug: 'dien-bien', short_name: 'Điện Biên' },
			{ slug: 'lai-chau', short_name: 'Lai Châu' },
			{ slug: 'son-la', short_name: 'Sơn La' },
			{ slug: 'hoa-binh', short_name: 'Hòa Bình' },
			{ slug: 'yen-bai', short_name: 'Yên Bái' },
			{ slug: 'lao-cai', short_name: 'Lào Cai' }
		]);
	});

	it('refuses a duplicate unit and a file that is not a table, storing nothing', async () => {
		const before = rows('select count(*) as n from units')[0]!.n;
		const duplicate = await postForm(
			server.url,
			`/admin/clusters/${clusterId}?/addUnits`,
			{ list: 'Sở Nội vụ tỉnh Hà Giang\nSở Nội vụ tỉnh Sơn La' },
			admin
		);
		expect(duplicate.status).toBe(400);
		expect(await duplicate.text()).toContain('Cụm đã có đơn vị này');
		const binary = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0, 0])], 'anh.png');
		const notATable = await postFile(`/admin/clusters/${clusterId}?/addUnits`, { file: binary }, admin);
		expect(notATable.status).toBe(400);
		expect(await notATable.text()).toContain('Hãy gửi tệp .xlsx hoặc .docx');
		const broken = await postFile(
			`/admin/clusters/${clusterId}?/addUnits`,
			{ file: new File([new Uint8Array([0x50, 0x4b, 3, 4, 9, 9, 9])], 'hong.xlsx') },
			admin
		);
		expect(broken.status).toBe(400);
		expect(rows('select count(*) as n from units')[0]!.n).toBe(before);
		expect((await get('/healthz')).status).toBe(200);
	});

	it('from a participants list, adds the units it names, not its people, and no guest’s body', async () => {
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Thành phần');
		sheet.addRow(['DANH SÁCH THÀNH PHẦN THAM DỰ HỘI NGHỊ']);
		sheet.addRow(['STT', 'Họ và tên', 'Chức vụ', 'Đơn vị', 'Vai trò']);
		sheet.addRow([1, 'Nguyễn Văn Khách', 'Vụ trưởng Vụ Thi đua', 'Bộ Nội vụ', 'Đại biểu khách mời']);
		sheet.addRow([2, 'Hoàng Thị A', 'Giám đốc', 'Sở Nội vụ tỉnh Tuyên Quang', 'Đại biểu']);
		sheet.addRow([3, 'Ma Văn B', 'Phó Giám đốc', 'Sở Nội vụ tỉnh Tuyên Quang', 'Thành viên']);
		sheet.addRow([4, 'Lê C', 'Chánh Văn phòng', 'Ban Thi đua - Khen thưởng tỉnh X', 'Mời dự']);
		const before = Number(rows('select count(*) as n from units where cluster_id = ?', clusterId)[0]!.n);
		const imported = await postFile(
			`/admin/clusters/${clusterId}?/addUnits`,
			{ file: new File([new Blob([await workbook.xlsx.writeBuffer()])], 'thanh-phan.xlsx') },
			admin
		);
		expect(imported.status).toBe(200);
		expect(
			rows('select slug, name from units where cluster_id = ? order by position', clusterId).slice(before)
		).toEqual([{ slug: 'tuyen-quang', name: 'Sở Nội vụ tỉnh Tuyên Quang' }]);
	});

	it('creates a meeting in preparation with its units, an empty criteria table and a new host', async () => {
		const units = rows('select id from units where cluster_id = ? order by position', clusterId).map((u) =>
			String(u.id)
		);
		const body = new URLSearchParams({
			title: 'Hội nghị tổng kết công tác thi đua năm 2026',
			year: '2026',
			startsAt: '2026-12-15T08:00',
			location: 'Hội trường Sở Nội vụ tỉnh Sơn La',
			callUrl: 'https://meet.google.com/abc-defg-hij',
			hostName: 'Trần Thị Thư Ký',
			hostPosition: 'Chuyên viên Văn phòng Sở Nội vụ tỉnh Sơn La'
		});
		for (const id of units.slice(0, 5)) body.append('units', id);
		const made = await fetch(`${server.url}/admin/clusters/${clusterId}?/createMeeting`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				origin: server.url,
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'text/html',
				cookie: admin
			},
			body
		});
		expect(made.status).toBe(303);
		meetingId = Number(/\/meetings\/(\d+)\/setup/.exec(made.headers.get('location')!)![1]);
		expect(rows('select phase, starts_at, held_on, call_url from meetings where id = ?', meetingId)).toEqual([
			{
				phase: 'preparation',
				starts_at: '2026-12-15T08:00',
				held_on: '2026-12-15',
				call_url: 'https://meet.google.com/abc-defg-hij'
			}
		]);
		expect(rows('select count(*) as n from sheets where meeting_id = ?', meetingId)[0]!.n).toBe(5);
		const { db } = await openDatabase(server.databasePath);
		try {
			expect((await listParticipants(db, meetingId)).map((p) => [p.displayName, p.role])).toEqual([
				['Trần Thị Thư Ký', 'host']
			]);
		} finally {
			await db.destroy();
		}
	});

	it('shows the administrator the setup page, the time, the place and the call button', async () => {
		const setup = await get(`/meetings/${meetingId}/setup`, admin);
		expect(setup.status).toBe(200);
		expect(await setup.text()).toContain('Chưa có bảng tiêu chí');
		const board = await (await get(`/meetings/${meetingId}`, admin)).text();
		expect(board).toContain('08:00 15/12/2026');
		expect(board).toContain('Hội trường Sở Nội vụ tỉnh Sơn La');
		expect(board).toContain('href="https://meet.google.com/abc-defg-hij"');
	});

	it('lets the host edit the details and refuses to start the review without a criteria table', async () => {
		const { db } = await openDatabase(server.databasePath);
		let host: string;
		try {
			const hostRecord = (await listParticipants(db, meetingId)).find((p) => p.role === 'host')!;
			host = await joinByLink(server.url, (await issueJoinLink(db, hostRecord.id)).token);
		} finally {
			await db.destroy();
		}
		const edited = await postForm(
			server.url,
			`/meetings/${meetingId}/setup?/details`,
			{
				title: 'Hội nghị tổng kết năm 2026',
				year: '2026',
				startsAt: '2026-12-16T14:00',
				location: '',
				callUrl: 'ftp://nope'
			},
			host
		);
		expect(edited.status).toBe(400);
		expect(await edited.text()).toContain('Liên kết họp trực tuyến: phải là địa chỉ web');
		expect(rows('select starts_at from meetings where id = ?', meetingId)).toEqual([
			{ starts_at: '2026-12-15T08:00' }
		]);

		const saved = await postForm(
			server.url,
			`/meetings/${meetingId}/setup?/details`,
			{
				title: 'Hội nghị tổng kết năm 2026',
				year: '2026',
				startsAt: '2026-12-16T14:00',
				location: '',
				callUrl: ''
			},
			host
		);
		expect(saved.status).toBe(200);
		expect(rows('select title, starts_at, location from meetings where id = ?', meetingId)).toEqual([
			{ title: 'Hội nghị tổng kết năm 2026', starts_at: '2026-12-16T14:00', location: null }
		]);

		const start = await postForm(server.url, `/meetings/${meetingId}?/phase`, { to: 'review' }, host);
		expect(start.status).toBe(409);
		expect(await start.text()).toContain('Chưa có bảng tiêu chí');
		expect(rows('select phase from meetings where id = ?', meetingId)).toEqual([{ phase: 'preparation' }]);

		// The host is not an administrator of the installation.
		expect((await get('/admin', host)).status).toBe(403);
		expect(
			(await postForm(server.url, '/admin?/createCluster', { name: 'X', parent: 'Y', layout: 'party' }, host))
				.status
		).toBe(403);
	});

	it('makes another user an administrator, and never removes the last right of oneself', async () => {
		const host = rows("select id from users where display_name = 'Trần Thị Thư Ký'")[0]!.id as number;
		expect((await postForm(server.url, '/admin?/setAdmin', { user: String(host), admin: '1' }, admin)).status).toBe(
			200
		);
		expect(rows('select is_admin from users where id = ?', host)).toEqual([{ is_admin: 1 }]);
		const me = rows("select id from users where username = 'quantri'")[0]!.id as number;
		expect((await postForm(server.url, '/admin?/setAdmin', { user: String(me), admin: '0' }, admin)).status).toBe(
			400
		);
		expect(rows('select is_admin from users where id = ?', me)).toEqual([{ is_admin: 1 }]);
	});
});
