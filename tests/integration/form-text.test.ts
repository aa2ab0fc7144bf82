import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { startServer, type RunningServer } from '../support/server';
import { postForm, sessionCookieOf, signInAs } from '../support/people';

// Form fields against the real server: every text a form stores is bounded by its kind with a message in
// Vietnamese that names the field and the bound, nothing is stored from a refused form, and characters a document
// cannot hold (Word's Shift+Enter pastes as U+000B) are normalised before anything is stored.

let server: RunningServer;
let sqlite: SQLite.Database;
let host: string;
let head: string;

const one = <T>(sql: string, ...args: unknown[]) => sqlite.prepare(sql).get(...args) as T;
const count = (sql: string, ...args: unknown[]) => one<{ n: number }>(sql, ...args).n;

beforeAll(async () => {
	server = await startServer({ demo: true });
	sqlite = new SQLite(server.databasePath);
	host = await signInAs(server.url, server.databasePath, { role: 'host' });
	head = await signInAs(server.url, server.databasePath, { role: 'head' });
});
afterAll(async () => {
	sqlite.close();
	await server.stop();
	server.cleanup();
});

describe('form fields are bounded like live fields', () => {
	it('refuses a 5 MB participant name, saying so, and stores no one', async () => {
		const users = count('select count(*) as n from users');
		const response = await postForm(
			server.url,
			'/meetings/1/participants?/add',
			{ name: 'x'.repeat(5_000_000), role: 'observer', unit: '' },
			host
		);
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('Họ và tên: quá dài (tối đa 200 ký tự, đã nhập 5.000.000 ký tự)');
		expect(count('select count(*) as n from users')).toBe(users);
		expect(count('select count(*) as n from users where length(display_name) > 200')).toBe(0);
	});

	it('refuses a participant’s position over 200 characters', async () => {
		const participant = one<{ id: number; user_id: number }>(
			"select id, user_id from participants where meeting_id = 1 and role = 'observer'"
		);
		const position = () =>
			one<{ position: string | null }>('select position from users where id = ?', participant.user_id).position;
		const before = position();
		const response = await postForm(
			server.url,
			'/meetings/1/participants?/contact',
			{ participant: String(participant.id), position: 'p'.repeat(100_000), email: '', phone: '' },
			host
		);
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('Chức vụ: quá dài (tối đa 200 ký tự');
		expect(position()).toBe(before);
	});

	it('refuses a 1 MB ballot title and stores no ballot', async () => {
		const ballots = count('select count(*) as n from ballots');
		const body = new URLSearchParams({
			purpose: 'flag',
			title: 't'.repeat(1_000_000),
			maxChoices: '1',
			seats: '1',
			quorum: '5',
			thresholdNumerator: '1',
			thresholdDenominator: '2',
			thresholdBase: 'members',
			thresholdComparison: 'more_than'
		});
		body.append('candidate', 'son-la');
		const response = await fetch(`${server.url}/meetings/1/ballots?/create`, {
			method: 'POST',
			headers: {
				origin: server.url,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded',
				cookie: head
			},
			body
		});
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('Tiêu đề: quá dài (tối đa 500 ký tự, đã nhập 1.000.000 ký tự)');
		expect(count('select count(*) as n from ballots')).toBe(ballots);
	});

	it('refuses a report section over 20,000 characters and keeps the fields as they were', async () => {
		const before = one<Record<string, unknown> | undefined>('select * from meeting_documents where meeting_id = 1');
		const response = await postForm(
			server.url,
			'/meetings/1/documents?/save',
			{ situation: 's'.repeat(20_001), place: 'Sơn La' },
			host
		);
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('Tình hình: quá dài (tối đa 20.000 ký tự, đã nhập 20.001 ký tự)');
		expect(
			one<Record<string, unknown> | undefined>('select * from meeting_documents where meeting_id = 1')
		).toEqual(before);
	});

	it('refuses a meeting title over 500 characters', async () => {
		sqlite.prepare("update meetings set phase = 'preparation' where id = 1").run();
		try {
			const title = one<{ title: string }>('select title from meetings where id = 1').title;
			const response = await postForm(
				server.url,
				'/meetings/1/setup?/details',
				{ title: 't'.repeat(1_000_000), year: '2021', startsAt: '2021-11-15T08:00', location: '', callUrl: '' },
				host
			);
			expect(response.status).toBe(400);
			expect(await response.text()).toContain('quá dài (tối đa 500 ký tự, đã nhập 1.000.000 ký tự)');
			expect(one<{ title: string }>('select title from meetings where id = 1').title).toBe(title);
		} finally {
			sqlite.prepare("update meetings set phase = 'review' where id = 1").run();
		}
	});

	it('refuses a people list with a name over 200 characters, listing its row, and imports no one', async () => {
		const people = count('select count(*) as n from participants where meeting_id = 1');
		const text = `Họ và tên\tChức vụ\tVai trò\n${'N'.repeat(300)}\tChuyên viên\tKhách mời\nNguyễn Văn Khách\tChuyên viên\tKhách mời`;
		const response = await postForm(server.url, '/meetings/1/setup/people?/import', { text }, host);
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('Họ và tên (2): quá dài (tối đa 200 ký tự, đã nhập 300 ký tự)');
		expect(count('select count(*) as n from participants where meeting_id = 1')).toBe(people);
	});
});

describe('form text never holds a character a document cannot hold', () => {
	it('stores Word’s line break in a name as a space, and drops other control characters', async () => {
		const response = await postForm(
			server.url,
			'/meetings/1/participants?/add',
			{ name: 'Nguyễn\u000BVăn\u0001 Khách', role: 'observer', unit: '' },
			host
		);
		expect(response.status).toBe(200);
		expect(count("select count(*) as n from users where display_name = 'Nguyễn Văn Khách'")).toBe(1);
		expect(
			count(
				"select count(*) as n from users where display_name glob '*[\u0001-\u0008\u000B\u000C\u000E-\u001F]*'"
			)
		).toBe(0);
	});

	it('reads Word’s line break inside a pasted table’s cell as a space, not a new row', async () => {
		const text = `Họ và tên\tChức vụ\tVai trò\nNguyễn\u000BVăn Bảy\tChuyên viên\u000Bphòng Đào tạo\tKhách mời`;
		const response = await postForm(server.url, '/meetings/1/setup/people?/import', { text }, host);
		expect(response.status).toBe(200);
		expect(count("select count(*) as n from users where display_name = 'Nguyễn Văn Bảy'")).toBe(1);
	});

	it('stores Word’s line break in a report section as a new line', async () => {
		const response = await postForm(
			server.url,
			'/meetings/1/documents?/save',
			{ situation: 'Đoạn một\u000BĐoạn hai\uFFFF', place: 'Sơn\u000C La' },
			host
		);
		expect(response.status).toBe(200);
		expect(one('select situation, place from meeting_documents where meeting_id = 1')).toEqual({
			situation: 'Đoạn một\nĐoạn hai',
			place: 'Sơn La'
		});
	});
});

describe('an administrator’s forms on a fresh installation', () => {
	let fresh: RunningServer;
	let admin: string;
	const rows = (sql: string, ...args: unknown[]) => {
		const db = new SQLite(fresh.databasePath, { readonly: true });
		try {
			return db.prepare(sql).all(...args) as Record<string, unknown>[];
		} finally {
			db.close();
		}
	};

	beforeAll(async () => {
		fresh = await startServer({ demo: false });
	});
	afterAll(async () => {
		await fresh.stop();
		fresh.cleanup();
	});

	it('bounds the first administrator’s name, and keeps the link', async () => {
		const setupPath = /\/setup\/[a-z0-9]+/.exec(fresh.output())![0];
		const long = await postForm(fresh.url, setupPath, { name: 'Q'.repeat(300), username: '', password: '' });
		expect(long.status).toBe(400);
		expect(await long.text()).toContain('Họ và tên: quá dài (tối đa 200 ký tự, đã nhập 300 ký tự)');
		expect(rows('select count(*) as n from users')[0]!.n).toBe(0);
		const made = await postForm(fresh.url, setupPath, { name: 'Nguyễn\u000BVăn Quản', username: '', password: '' });
		expect(made.status).toBe(303);
		admin = sessionCookieOf(made);
		expect(rows('select display_name from users')).toEqual([{ display_name: 'Nguyễn Văn Quản' }]);
	});

	it('bounds a cluster’s name, its units (typed, pasted or listed) and a new meeting’s host', async () => {
		const cluster = await postForm(
			fresh.url,
			'/admin?/createCluster',
			{ name: 'C'.repeat(5_000), parent: 'Học viện', layout: 'party' },
			admin
		);
		expect(cluster.status).toBe(400);
		expect(await cluster.text()).toContain('quá dài (tối đa 200 ký tự, đã nhập 5.000 ký tự)');
		expect(rows('select count(*) as n from clusters')[0]!.n).toBe(0);

		const made = await postForm(
			fresh.url,
			'/admin?/createCluster',
			{ name: 'Cụm thi đua số 1', parent: 'Học viện', layout: 'party' },
			admin
		);
		expect(made.status).toBe(303);
		const clusterId = Number(/\/admin\/clusters\/(\d+)/.exec(made.headers.get('location')!)![1]);
		const units = () => rows('select count(*) as n from units')[0]!.n;

		const typed = await postForm(
			fresh.url,
			`/admin/clusters/${clusterId}?/addUnits`,
			{ name: 'U'.repeat(201), shortName: '' },
			admin
		);
		expect(typed.status).toBe(400);
		expect(await typed.text()).toContain('Tên đơn vị: quá dài (tối đa 200 ký tự, đã nhập 201 ký tự)');
		const pasted = await postForm(
			fresh.url,
			`/admin/clusters/${clusterId}?/addUnits`,
			{ list: `Sở Nội vụ tỉnh Sơn La\tSơn La\n${'U'.repeat(1_000)}\tDài` },
			admin
		);
		expect(pasted.status).toBe(400);
		expect(await pasted.text()).toContain('Tên đơn vị: quá dài (tối đa 200 ký tự, đã nhập 1.000 ký tự)');
		const huge = await postForm(
			fresh.url,
			`/admin/clusters/${clusterId}?/addUnits`,
			{ list: 'Sở Nội vụ\n'.repeat(3_000) },
			admin
		);
		expect(huge.status).toBe(400);
		expect(await huge.text()).toContain('Danh sách dán vào: quá dài (tối đa 20.000 ký tự');
		expect(units()).toBe(0);
		expect(
			(
				await postForm(
					fresh.url,
					`/admin/clusters/${clusterId}?/addUnits`,
					{ list: 'Sở Nội vụ\u000Btỉnh Sơn La\tSơn La' },
					admin
				)
			).status
		).toBe(200);
		expect(rows('select name, short_name from units')).toEqual([
			{ name: 'Sở Nội vụ tỉnh Sơn La', short_name: 'Sơn La' }
		]);

		const meeting = await postForm(
			fresh.url,
			`/admin/clusters/${clusterId}?/createMeeting`,
			{
				title: 'Hội nghị tổng kết năm 2026',
				year: '2026',
				startsAt: '2026-12-15T08:00',
				location: '',
				callUrl: '',
				hostName: 'H'.repeat(250),
				hostPosition: ''
			},
			admin
		);
		expect(meeting.status).toBe(400);
		expect(await meeting.text()).toContain('Họ và tên Thư ký: quá dài (tối đa 200 ký tự, đã nhập 250 ký tự)');
		expect(rows('select count(*) as n from meetings')[0]!.n).toBe(0);
	});
});
