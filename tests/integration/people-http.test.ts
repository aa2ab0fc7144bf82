// One person, every hat, and accounts that belong to their owners, on the real server: the host removes the head's
// unit's delegate (who has done nothing) and the head's ballot page then offers the unit's vote, which counts once;
// a host cannot issue a link for an account of another meeting; a join link never opens an administrator's account;
// a person accepts a place from their own account page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { demo } from '$lib/server/demo/load-demo';
import { openDatabase } from '$lib/server/db/open';
import { createDraft, openBallot } from '$lib/server/ballots/store';
import { importPeople } from '$lib/server/people/import';
import { issueJoinLink } from '$lib/server/people/join-links';
import { listParticipants } from '$lib/server/people/participants';
import { startServer, type RunningServer } from '../support/server';
import { postForm, signInAs } from '../support/people';

let server: RunningServer;
let sqlite: SQLite.Database;
let head: string;
let host: string;

const get = (path: string, cookie: string) =>
	fetch(`${server.url}${path}`, { redirect: 'manual', headers: { cookie } });
const row = <T>(sql: string, ...args: unknown[]) => sqlite.prepare(sql).get(...args) as T;

async function withDb<T>(work: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
	const { db } = await openDatabase(server.databasePath);
	try {
		return await work(db);
	} finally {
		await db.destroy();
	}
}

beforeAll(async () => {
	server = await startServer({ demo: true });
	sqlite = new SQLite(server.databasePath);
	sqlite.pragma('busy_timeout = 5000');
	head = await signInAs(server.url, server.databasePath, { role: 'head' });
	host = await signInAs(server.url, server.databasePath, { role: 'host' });
});
afterAll(async () => {
	sqlite.close();
	await server.stop();
	server.cleanup();
});

describe("the head's unit votes through the head", () => {
	it('once the host removes the unit’s own delegate, the participants page says the head acts for the unit', async () => {
		const delegate = row<{ id: number }>(
			"select p.id from participants p join units u on u.id = p.unit_id where p.meeting_id = 1 and p.role = 'delegate' and u.slug = 'son-la'"
		);
		const removed = await postForm(
			server.url,
			'/meetings/1/participants?/remove',
			{ participant: String(delegate.id) },
			host
		);
		expect(removed.status).toBe(200);
		expect(await removed.text()).toContain('khỏi hội nghị');
		const page = await (await get('/meetings/1/participants', host)).text();
		const headRow = page.split('<tr').find((r) => r.includes('Hiệu trưởng Trường Chính trị tỉnh Sơn La'))!;
		expect(headRow).toContain('Thay mặt đơn vị');
	});

	it("the head fills their own unit's sheet, which no delegate of its own does now", async () => {
		sqlite.prepare("update meetings set phase = 'preparation' where id = 1").run();
		const sonLa = demo.units.find((u) => u.slug === 'son-la')!;
		const fields = Object.fromEntries(
			Object.entries(sonLa.self_assessment.scores).map(([code, value]) => [
				`score:${code}`,
				code === 'I.1' ? '9,5' : String(value)
			])
		);
		const saved = await postForm(
			server.url,
			'/meetings/1/units/son-la?/selfAssess',
			{ ...fields, 'reported:total': '97,5' },
			head
		);
		expect(saved.status).toBe(200);
		const points = row<{ points: number }>(
			"select s.points from sheet_scores s join sheets on sheets.id = s.sheet_id join units on units.id = sheets.unit_id where units.slug = 'son-la' and s.criterion_code = 'I.1'"
		).points;
		expect(points).toBe(950);
		// Not another unit's.
		const other = await postForm(
			server.url,
			'/meetings/1/units/lai-chau?/selfAssess',
			{ ...fields, 'reported:total': '97,5' },
			head
		);
		expect(other.status).toBe(403);
	});

	it("the head's ballot page offers the unit's vote; it counts once", async () => {
		const ballotId = await withDb(async (db) => {
			await db.updateTable('meetings').set({ phase: 'voting' }).where('id', '=', 1).execute();
			const created = await createDraft(db, 1, {
				title: 'Suy tôn Cờ thi đua',
				purpose: 'flag',
				candidates: ['son-la', 'lai-chau']
			});
			if (!created.ok) throw new Error('draft');
			const headUser = (await listParticipants(db, 1)).find((p) => p.role === 'head')!.userId;
			await openBallot(db, 1, created.id, headUser);
			return created.id;
		});
		const page = await (await get('/meetings/1/ballots', head)).text();
		expect(page).toContain('action="?/vote"');
		const vote = () =>
			postForm(server.url, '/meetings/1/ballots?/vote', { ballot: String(ballotId), choice: 'lai-chau' }, head);
		const first = await vote();
		expect(first.status).toBe(200);
		expect(await first.text()).toContain('Đã ghi nhận phiếu của đơn vị');
		expect((await vote()).status).toBe(409);
		expect(row<{ n: number }>('select count(*) as n from ballot_voters where ballot_id = ?', ballotId).n).toBe(1);
	});

	it('the host cannot remove someone who has acted, but marks them absent', async () => {
		const headId = row<{ id: number }>("select id from participants where meeting_id = 1 and role = 'head'").id;
		const refused = await postForm(
			server.url,
			'/meetings/1/participants?/remove',
			{ participant: String(headId) },
			host
		);
		expect(refused.status).toBe(409);
		expect(await refused.text()).toContain('không xóa được');
		const absent = await postForm(
			server.url,
			'/meetings/1/participants?/attendance',
			{ participant: String(headId), absent: '1' },
			host
		);
		expect(absent.status).toBe(200);
		expect(
			row<{ absent_since: string | null }>('select absent_since from participants where id = ?', headId)
				.absent_since
		).not.toBeNull();
		const page = await (await get('/meetings/1/participants', host)).text();
		expect(page).toContain('data-testid="absent"');
	});
});

describe('accounts belong to their owners', () => {
	it("a host's list cannot hand them another meeting's account: the link is refused and the place waits for its person", async () => {
		// A second meeting of another cluster, whose host is signed in with their own link.
		const { secondHost, headUser } = await withDb(async (db) => {
			const cluster = await db
				.insertInto('clusters')
				.values({ name: 'Cụm khác', name_en: null, parent: 'Bộ', layout: 'state' })
				.returning('id')
				.executeTakeFirstOrThrow();
			const { createMeeting } = await import('$lib/server/setup/meetings');
			const meeting = await createMeeting(db, {
				clusterId: cluster.id,
				details: {
					title: 'Hội nghị khác',
					year: 2026,
					startsAt: '2026-12-15T08:00',
					location: '',
					callUrl: ''
				},
				unitIds: [],
				host: { name: 'Thư ký cụm khác' }
			});
			const headUser = (await listParticipants(db, 1)).find((p) => p.role === 'head')!.userId;
			await db
				.updateTable('users')
				.set({ email: 'head@cluster-one.example.vn' })
				.where('id', '=', headUser)
				.execute();
			const hostParticipant = (await listParticipants(db, meeting))[0]!;
			const token = (await issueJoinLink(db, hostParticipant.id)).token;
			const imported = await importPeople(db, meeting, {
				rows: [
					['Họ và tên', 'Vai trò', 'Email'],
					['Cụm trưởng cụm một', 'Khách mời', 'head@cluster-one.example.vn']
				],
				merges: []
			});
			expect(imported).toMatchObject({ ok: true, pending: 1 });
			return { secondHost: { meeting, token }, headUser };
		});
		const joined = await postForm(server.url, `/join/${secondHost.token}`, {});
		const otherHost = joined.headers
			.getSetCookie()
			.find((c) => c.startsWith('session='))!
			.split(';')[0]!;
		const pendingId = row<{ id: number }>(
			'select id from participants where meeting_id = ? and user_id = ?',
			secondHost.meeting,
			headUser
		).id;
		const issue = await postForm(
			server.url,
			`/meetings/${secondHost.meeting}/participants?/issue`,
			{ participant: String(pendingId) },
			otherHost
		);
		expect(issue.status).toBe(409);
		expect(await issue.text()).toContain('chưa nhận lời');
		expect(row<{ n: number }>('select count(*) as n from join_links where participant_id = ?', pendingId).n).toBe(
			0
		);
		// The other meeting is not the head's until they accept, from their own session.
		expect((await get(`/meetings/${secondHost.meeting}`, head)).status).toBe(403);
		const account = await (await get('/account', head)).text();
		expect(account).toContain('Hội nghị khác');
		const accepted = await postForm(server.url, '/account?/accept', { participant: String(pendingId) }, head);
		expect(accepted.status).toBe(200);
		expect((await get(`/meetings/${secondHost.meeting}`, head)).status).toBe(200);
		// Still no link from that host for an account that now serves two meetings.
		const again = await postForm(
			server.url,
			`/meetings/${secondHost.meeting}/participants?/issue`,
			{ participant: String(pendingId) },
			otherHost
		);
		expect(again.status).toBe(409);
		expect(await again.text()).toContain('còn dùng ở hội nghị khác');
		// Issuing every link at once leaves them out, and says so.
		const all = await postForm(server.url, `/meetings/${secondHost.meeting}/invitations?/issueAll`, {}, otherHost);
		expect(all.status).toBe(200);
		const allText = await all.text();
		expect(allText).toContain('Không tạo liên kết cho 1 người (Lò Thị Thúy Hà)');
		expect(row<{ n: number }>('select count(*) as n from join_links where participant_id = ?', pendingId).n).toBe(
			0
		);
	});

	it("a join link made before its account became an administrator's signs no one in", async () => {
		const { token, userId } = await withDb(async (db) => {
			const observer = (await listParticipants(db, 1)).find((p) => p.role === 'observer')!;
			return { token: (await issueJoinLink(db, observer.id)).token, userId: observer.userId };
		});
		sqlite.prepare('update users set is_admin = 1 where id = ?').run(userId);
		const opened = await postForm(server.url, `/join/${token}`, {});
		expect(opened.status).toBe(410);
		expect(opened.headers.getSetCookie().some((c) => c.startsWith('session='))).toBe(false);
		expect(await opened.text()).toContain('Quản trị viên đăng nhập bằng mật khẩu');
	});
});
