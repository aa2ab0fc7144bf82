import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import type { Phase, Role } from '$lib/core/rights';
import { demo } from '$lib/server/demo/load-demo';
import { startServer, type RunningServer } from '../support/server';
import { postForm, signInAs } from '../support/people';

// The rights matrix through the real endpoints: for every role, each action that has an HTTP endpoint is tried;
// an allowed one works, a refused one answers 403 with a message and changes nothing. (Scoring and answers go
// through the WebSocket and are tested with the sync server; ballots with the voting endpoints.)

let server: RunningServer;
let sqlite: SQLite.Database;
const cookies = new Map<string, string>();

// Sơn La is the head's unit; its delegate is "delegate". Hà Giang's delegate stands for "another unit".
const PEOPLE: Record<string, { role: Role; unit?: string }> = {
	host: { role: 'host' },
	head: { role: 'head' },
	vice_head: { role: 'vice_head', unit: 'Lai Châu' },
	delegate: { role: 'delegate', unit: 'Sơn La' },
	other_delegate: { role: 'delegate', unit: 'Hà Giang' },
	observer: { role: 'observer' }
};

beforeAll(async () => {
	server = await startServer({ demo: true });
	for (const [key, who] of Object.entries(PEOPLE))
		cookies.set(key, await signInAs(server.url, server.databasePath, who));
	sqlite = new SQLite(server.databasePath);
});
afterAll(async () => {
	sqlite.close();
	await server.stop();
	server.cleanup();
});

const setPhase = (phase: Phase) => sqlite.prepare('update meetings set phase = ? where id = 1').run(phase);
const phase = () => (sqlite.prepare('select phase from meetings where id = 1').get() as { phase: string }).phase;
const count = (table: string) => (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
const sheetOf = (slug: string) =>
	sqlite
		.prepare(
			`select s.criterion_code as code, s.points from sheet_scores s join sheets on sheets.id = s.sheet_id
			 join units on units.id = sheets.unit_id where units.slug = ? order by code`
		)
		.all(slug);

async function expectRefused(response: Response) {
	expect(response.status).toBe(403);
	const body = await response.text();
	expect(body).toMatch(
		/Vai trò của bạn không được làm việc này\.|Bạn chỉ được làm việc này cho đơn vị của mình\.|không làm được ở giai đoạn hiện tại|Bạn không thay mặt đơn vị này/
	);
}

describe('meeting.view', () => {
	it.each(Object.keys(PEOPLE))('%s sees the board and every unit sheet', async (who) => {
		const board = await fetch(`${server.url}/meetings/1`, { headers: { cookie: cookies.get(who)! } });
		expect(board.status).toBe(200);
		const sheet = await fetch(`${server.url}/meetings/1/units/ha-giang`, {
			headers: { cookie: cookies.get(who)! }
		});
		expect(sheet.status).toBe(200);
	});

	it('a signed-in user who is not a participant gets 403 with a message', async () => {
		sqlite.prepare("insert into users (display_name, created_at) values ('Người ngoài', '2021-11-15')").run();
		const outsider = sqlite.prepare("select id from users where display_name = 'Người ngoài'").get() as {
			id: number;
		};
		// A participant of no meeting: give them a session the way a link would.
		sqlite
			.prepare(
				"insert into meetings (cluster_id, template_id, year, title, held_on, phase, created_at) values (1, 1, 2022, 'Khác', '2022-11-15', 'review', '')"
			)
			.run();
		sqlite
			.prepare("insert into participants (meeting_id, user_id, role, created_at) values (2, ?, 'observer', '')")
			.run(outsider.id);
		const { issueLinkFor, joinByLink } = await import('../support/people');
		const cookie = await joinByLink(server.url, await issueLinkFor(server.databasePath, { role: 'observer' }, 2));
		const response = await fetch(`${server.url}/meetings/1`, { headers: { cookie } });
		expect(response.status).toBe(403);
		expect(await response.text()).toContain('Bạn không tham gia hội nghị này.');
	});
});

describe('meeting.set_phase (host and head)', () => {
	const allowed = new Set(['host', 'head']);
	it.each(Object.keys(PEOPLE))('%s', async (who) => {
		setPhase('review');
		const response = await postForm(server.url, '/meetings/1?/phase', { to: 'voting' }, cookies.get(who));
		if (allowed.has(who)) {
			expect(response.status).toBe(200);
			expect(phase()).toBe('voting');
		} else {
			await expectRefused(response);
			expect(phase()).toBe('review');
		}
		setPhase('review');
	});

	it('a move the phases do not allow is refused with a message, not a crash', async () => {
		setPhase('preparation');
		const response = await postForm(server.url, '/meetings/1?/phase', { to: 'voting' }, cookies.get('head'));
		expect(response.status).toBe(409);
		expect(await response.text()).toContain('Không chuyển được từ Chuẩn bị sang Biểu quyết.');
		expect(phase()).toBe('preparation');
		setPhase('review');
	});
});

describe('participants.manage (host only)', () => {
	it.each(Object.keys(PEOPLE))('%s', async (who) => {
		const before = { users: count('users'), participants: count('participants'), links: count('join_links') };
		const page = await fetch(`${server.url}/meetings/1/participants`, { headers: { cookie: cookies.get(who)! } });
		const add = await postForm(
			server.url,
			'/meetings/1/participants?/add',
			{ name: `Khách của ${who}`, role: 'observer', unit: '' },
			cookies.get(who)
		);
		const issue = await postForm(
			server.url,
			'/meetings/1/participants?/issue',
			{ participant: '1' },
			cookies.get(who)
		);
		const revoke = await postForm(
			server.url,
			'/meetings/1/participants?/revoke',
			{ participant: '1' },
			cookies.get(who)
		);
		if (who === 'host') {
			expect(page.status).toBe(200);
			expect(add.status).toBe(200);
			expect(await issue.text()).toMatch(/\/join\/[a-z2-7]{32}/);
			expect(revoke.status).toBe(200);
			expect(count('participants')).toBe(before.participants + 1);
		} else {
			for (const response of [page, add, issue, revoke]) await expectRefused(response);
			expect({ users: count('users'), participants: count('participants'), links: count('join_links') }).toEqual(
				before
			);
		}
	});

	it('the host is told why a participant cannot be added, and no account is left behind', async () => {
		const before = count('users');
		const hagiang = sqlite.prepare("select id from units where slug = 'ha-giang'").get() as { id: number };
		const response = await postForm(
			server.url,
			'/meetings/1/participants?/add',
			{ name: 'Đại biểu thứ hai', role: 'delegate', unit: String(hagiang.id) },
			cookies.get('host')
		);
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('Đơn vị này đã có đại biểu.');
		expect(count('users')).toBe(before);
	});
});

describe('sheet.self_assess (a delegate, for their own unit, in preparation)', () => {
	const sonLa = demo.units.find((u) => u.slug === 'son-la')!;
	// Sơn La's own sheet, with I.1 lowered from 10 to 9,5 (typed the Vietnamese way).
	const fields = Object.fromEntries(
		Object.entries(sonLa.self_assessment.scores).map(([code, value]) => [
			`score:${code}`,
			code === 'I.1' ? '9,5' : String(value)
		])
	);

	it.each(Object.keys(PEOPLE))('%s', async (who) => {
		setPhase('preparation');
		const before = sheetOf('son-la');
		const response = await postForm(
			server.url,
			'/meetings/1/units/son-la?/selfAssess',
			{ ...fields, 'reported:total': '97,5' },
			cookies.get(who)
		);
		if (who === 'delegate') {
			expect(response.status).toBe(200);
			expect(sheetOf('son-la')).toContainEqual({ code: 'I.1', points: 950 });
			// Put the sheet back for the next role.
			sqlite
				.prepare(
					"update sheet_scores set points = 1000 where criterion_code = 'I.1' and sheet_id = (select sheets.id from sheets join units on units.id = sheets.unit_id where units.slug = 'son-la')"
				)
				.run();
		} else {
			await expectRefused(response);
			expect(sheetOf('son-la')).toEqual(before);
		}
		setPhase('review');
	});

	it('the delegate cannot fill their sheet once the review has begun', async () => {
		setPhase('review');
		const before = sheetOf('son-la');
		const response = await postForm(
			server.url,
			'/meetings/1/units/son-la?/selfAssess',
			fields,
			cookies.get('delegate')
		);
		expect(response.status).toBe(403);
		expect(await response.text()).toContain('Việc này không làm được ở giai đoạn hiện tại của hội nghị.');
		expect(sheetOf('son-la')).toEqual(before);
	});
});
