import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { momentText } from '$lib/core/documents';
import { ensureDemoParticipants } from '$lib/server/demo/demo-participants';
import { loadDemoIfEmpty } from '$lib/server/demo/load-demo';
import { issueAllLinks } from '$lib/server/people/invitations';
import { inspectJoinLink, issueJoinLink, redeemJoinLink } from '$lib/server/people/join-links';
import { listParticipants } from '$lib/server/people/participants';
import { updateMeetingDetails } from '$lib/server/setup/meetings';
import { DIALECTS, query, temporaryDatabase, type TemporaryDatabase } from '../support/database';
import { readDocx } from '../support/office';
import { issueLinkFor, joinByLink, postForm, sessionCookieOf, signInAs } from '../support/people';
import { startServer, type RunningServer } from '../support/server';

// The set-up that leads the way: links that last until their meeting is over, a link opened again by its own
// official, ballot drafts that can be changed, and a close before the scheduled start that is asked about and said.

const DAY = 24 * 60 * 60 * 1000;

describe.each(DIALECTS)('a link issued weeks before its meeting, on %s', (dialect) => {
	let database: TemporaryDatabase;
	let meetingId: number;
	beforeEach(async () => {
		database = await temporaryDatabase(dialect);
		meetingId = (await loadDemoIfEmpty(database.db))!;
		await ensureDemoParticipants(database.db, meetingId);
	});
	afterEach(async () => {
		await database.close();
	});

	// The meeting is 30 days after the issue, on a Vietnamese calendar day.
	const issuedAt = Date.UTC(2026, 10, 5, 2, 0); // 09:00 on 5 November 2026 in Vietnam
	const meetingDay = '2026-12-05';
	const dayEnd = Date.UTC(2026, 11, 5, 17, 0); // midnight ending 5 December in Vietnam

	it('is still valid on day 20 and on the meeting’s day, and lasts a week after it', async () => {
		await query(
			database,
			'update meetings set held_on = ?, starts_at = ? where id = ?',
			meetingDay,
			`${meetingDay}T08:00`,
			meetingId
		);
		const delegate = (await listParticipants(database.db, meetingId)).find((p) => p.role === 'delegate')!;
		const { token, expiresAt } = await issueJoinLink(database.db, delegate.id, { now: issuedAt });
		expect(expiresAt).toBe(dayEnd + 7 * DAY);
		expect((await inspectJoinLink(database.db, token, issuedAt + 20 * DAY)).state).toBe('valid');
		expect((await inspectJoinLink(database.db, token, dayEnd - 1)).state).toBe('valid');
		expect((await inspectJoinLink(database.db, token, dayEnd + 7 * DAY)).state).toBe('expired');
		// Still single use, and stored only as a hash.
		expect((await redeemJoinLink(database.db, token, issuedAt + 20 * DAY)).state).toBe('valid');
		expect((await redeemJoinLink(database.db, token, issuedAt + 20 * DAY + 1)).state).toBe('used');
		expect(await query(database, 'select count(*) as n from join_links where id = ?', token)).toEqual([{ n: 0 }]);
	});

	it('a meeting moved to a later day takes its unused links along, and never shortens one', async () => {
		await query(
			database,
			'update meetings set held_on = ?, starts_at = ? where id = ?',
			meetingDay,
			`${meetingDay}T08:00`,
			meetingId
		);
		const [first, second] = (await listParticipants(database.db, meetingId)).filter((p) => p.role === 'delegate');
		const unused = await issueJoinLink(database.db, first!.id, { now: issuedAt });
		const used = await issueJoinLink(database.db, second!.id, { now: issuedAt });
		await redeemJoinLink(database.db, used.token, issuedAt + DAY);
		const expiryOf = async (participantId: number) =>
			(
				await query<{ expires_at: number }>(
					database,
					'select expires_at from join_links where participant_id = ?',
					participantId
				)
			)[0]!.expires_at;

		await updateMeetingDetails(database.db, meetingId, {
			title: 'Hội nghị',
			year: 2026,
			startsAt: '2027-01-20T08:00',
			location: '',
			callUrl: ''
		});
		const newDayEnd = Date.UTC(2027, 0, 20, 17, 0);
		expect(await expiryOf(first!.id)).toBe(newDayEnd + 7 * DAY);
		expect((await inspectJoinLink(database.db, unused.token, newDayEnd - DAY)).state).toBe('valid');
		expect(await expiryOf(second!.id)).toBe(used.expiresAt);

		// Moved earlier again: the link keeps what it promised.
		await updateMeetingDetails(database.db, meetingId, {
			title: 'Hội nghị',
			year: 2026,
			startsAt: '2026-11-20T08:00',
			location: '',
			callUrl: ''
		});
		expect(await expiryOf(first!.id)).toBe(newDayEnd + 7 * DAY);
	});

	it('the host’s “issue every link” gives the same window, and a meeting closed late extends it', async () => {
		await query(
			database,
			'update meetings set held_on = ?, starts_at = ? where id = ?',
			meetingDay,
			`${meetingDay}T08:00`,
			meetingId
		);
		const issued = await issueAllLinks(database.db, meetingId, 'http://localhost', { now: issuedAt });
		expect(issued.length).toBeGreaterThan(0);
		for (const invitation of issued) expect(invitation.expiresAt).toBe(dayEnd + 7 * DAY);

		const closedAt = dayEnd + 3 * DAY;
		const head = (await listParticipants(database.db, meetingId)).find((p) => p.role === 'head')!;
		await query(
			database,
			'insert into meeting_records (meeting_id, closed_at, closed_by, digest) values (?, ?, ?, ?)',
			meetingId,
			new Date(closedAt).toISOString(),
			head.userId,
			'x'
		);
		const observer = (await listParticipants(database.db, meetingId)).find((p) => p.role === 'observer')!;
		expect((await issueJoinLink(database.db, observer.id, { now: closedAt })).expiresAt).toBe(closedAt + 7 * DAY);
	});
});

describe('on the real server', () => {
	let server: RunningServer;
	let sqlite: SQLite.Database;
	let head: string;
	let host: string;

	beforeAll(async () => {
		server = await startServer({ demo: true });
		sqlite = new SQLite(server.databasePath);
		head = await signInAs(server.url, server.databasePath, { role: 'head' });
		host = await signInAs(server.url, server.databasePath, { role: 'host' });
	});
	afterAll(async () => {
		sqlite.close();
		await server.stop();
		server.cleanup();
	});

	const get = (path: string, cookie?: string) =>
		fetch(`${server.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

	describe('a link opened again', () => {
		it('takes its own official, still signed in, straight to the meeting', async () => {
			const token = await issueLinkFor(server.databasePath, { role: 'delegate', unit: 'Cao Bằng' });
			const cookie = await joinByLink(server.url, token);
			const again = await get(`/join/${token}`, cookie);
			expect(again.status).toBe(303);
			expect(again.headers.get('location')).toBe('/meetings/1');
			// Posting it again (a second click) goes there too, without a new session.
			const posted = await postForm(server.url, `/join/${token}`, {}, cookie);
			expect(posted.status).toBe(303);
			expect(posted.headers.get('location')).toBe('/meetings/1');
			// Signed out, the used link says so.
			expect(await (await get(`/join/${token}`)).text()).toContain('Đường dẫn này đã được dùng.');
		});

		it('tells someone signed in as another person so, and changes nothing until they choose', async () => {
			const usedToken = await issueLinkFor(server.databasePath, { role: 'delegate', unit: 'Lào Cai' });
			await joinByLink(server.url, usedToken);
			const page = await (await get(`/join/${usedToken}`, host)).text();
			expect(page).toContain('đang đăng nhập với tên');
			expect(page).toContain('liên kết này dành cho người khác');

			const freshToken = await issueLinkFor(server.databasePath, { role: 'observer' });
			const other = await signInAs(server.url, server.databasePath, { role: 'delegate', unit: 'Lạng Sơn' });
			const fresh = await (await get(`/join/${freshToken}`, other)).text();
			expect(fresh).toMatch(/Trình duyệt này đang đăng nhập với tên [^.]+\. Liên kết này dành cho/);
			expect(fresh).toContain('Vào với tên');
			// Choosing to use it signs in the link's person and ends the other session.
			const switched = await postForm(server.url, `/join/${freshToken}`, {}, other);
			expect(switched.status).toBe(303);
			expect(sessionCookieOf(switched)).not.toBe(other);
			expect((await get('/meetings/1', other)).status).toBe(303);
		});
	});

	describe('ballot drafts', () => {
		const draftFields = (extra: Record<string, string | string[]> = {}) => {
			const body = new URLSearchParams();
			const fields = {
				purpose: 'merit',
				title: 'Đề nghị tặng Bằng khen',
				candidate: ['son-la', 'lai-chau', 'ha-giang'],
				maxChoices: '1',
				seats: '1',
				quorum: '5',
				thresholdNumerator: '1',
				thresholdDenominator: '2',
				thresholdBase: 'members',
				thresholdComparison: 'more_than',
				secret: 'on',
				...extra
			};
			for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
			return body;
		};
		const post = (action: string, body: URLSearchParams, cookie = host) =>
			fetch(`${server.url}/meetings/1/ballots?/${action}`, {
				method: 'POST',
				redirect: 'manual',
				headers: {
					origin: server.url,
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded',
					cookie
				},
				body
			});
		const latest = () =>
			sqlite.prepare('select * from ballots order by id desc limit 1').get() as {
				id: number;
				title: string;
				status: string;
				max_choices: number;
				committee_head: string;
			};
		const candidates = (id: number) =>
			(
				sqlite
					.prepare(
						'select u.slug from ballot_candidates c join units u on u.id = c.unit_id where c.ballot_id = ? order by c.position'
					)
					.all(id) as { slug: string }[]
			).map((r) => r.slug);

		it('says in review what a draft waits for, and can be edited, then deleted', async () => {
			expect((await post('create', draftFields())).status).toBe(200);
			const draft = latest();
			expect(draft.status).toBe('draft');
			const page = await (await get('/meetings/1/ballots', host)).text();
			expect(page).toContain('Mở được khi chuyển sang biểu quyết');
			expect(page).toContain('Sửa bản nháp');

			const edited = await post(
				'edit',
				draftFields({
					ballot: String(draft.id),
					title: 'Đề nghị tặng Bằng khen (sửa)',
					candidate: ['quang-ninh', 'son-la'],
					maxChoices: '2',
					seats: '2',
					committeeHead: 'Nguyễn Văn A'
				})
			);
			expect(edited.status).toBe(200);
			expect(await edited.text()).toContain('Đã sửa cuộc biểu quyết');
			const after = latest();
			expect(after).toMatchObject({
				id: draft.id,
				title: 'Đề nghị tặng Bằng khen (sửa)',
				max_choices: 2,
				committee_head: 'Nguyễn Văn A',
				status: 'draft'
			});
			expect(candidates(draft.id)).toEqual(['quang-ninh', 'son-la']);

			const unknown = await post('edit', draftFields({ ballot: String(draft.id), candidate: ['atlantis'] }));
			expect(unknown.status).toBe(400);
			expect(candidates(draft.id)).toEqual(['quang-ninh', 'son-la']);

			const removed = await post('remove', new URLSearchParams({ ballot: String(draft.id) }));
			expect(removed.status).toBe(200);
			expect(sqlite.prepare('select count(*) as n from ballots where id = ?').get(draft.id)).toEqual({ n: 0 });
			expect(
				sqlite.prepare('select count(*) as n from ballot_candidates where ballot_id = ?').get(draft.id)
			).toEqual({ n: 0 });
		});

		it('an observer can neither edit nor delete a draft', async () => {
			expect((await post('create', draftFields())).status).toBe(200);
			const draft = latest();
			const observer = await signInAs(server.url, server.databasePath, { role: 'observer' });
			expect((await post('edit', draftFields({ ballot: String(draft.id), title: 'x' }), observer)).status).toBe(
				403
			);
			expect((await post('remove', new URLSearchParams({ ballot: String(draft.id) }), observer)).status).toBe(
				403
			);
			expect(latest()).toMatchObject({ id: draft.id, title: 'Đề nghị tặng Bằng khen' });
			expect((await post('remove', new URLSearchParams({ ballot: String(draft.id) }))).status).toBe(200);
		});

		it('an opened ballot is neither edited nor deleted', async () => {
			expect((await postForm(server.url, '/meetings/1?/phase', { to: 'voting' }, head)).status).toBe(200);
			expect((await post('create', draftFields())).status).toBe(200);
			const ballot = latest();
			expect(
				(await postForm(server.url, '/meetings/1/ballots?/open', { ballot: String(ballot.id) }, head)).status
			).toBe(200);
			expect((await post('edit', draftFields({ ballot: String(ballot.id), title: 'Khác' }))).status).toBe(409);
			expect((await post('remove', new URLSearchParams({ ballot: String(ballot.id) }))).status).toBe(409);
			expect(latest()).toMatchObject({ id: ballot.id, title: 'Đề nghị tặng Bằng khen', status: 'open' });
			expect(
				(await postForm(server.url, '/meetings/1/ballots?/close', { ballot: String(ballot.id) }, head)).status
			).toBe(200);
		});
	});

	describe('closing before the scheduled start', () => {
		it('is refused until confirmed as early, says so, and the minutes state the real start and close', async () => {
			// Back to preparation and into review again, as on the day: the move into review is the real start.
			sqlite.prepare("update meetings set phase = 'review' where id = 1").run();
			expect((await postForm(server.url, '/meetings/1?/phase', { to: 'preparation' }, head)).status).toBe(200);
			expect((await postForm(server.url, '/meetings/1?/phase', { to: 'review' }, head)).status).toBe(200);
			const started = (
				sqlite.prepare('select review_started_at as at from meetings where id = 1').get() as {
					at: string | null;
				}
			).at;
			expect(started).not.toBeNull();
			expect(Math.abs(Date.parse(started!) - Date.now())).toBeLessThan(10 * 60 * 1000);
			sqlite.prepare("update meetings set phase = 'voting' where id = 1").run();

			// The meeting is scheduled for a week from now.
			const later = new Date(Date.now() + 7 * DAY + 7 * 60 * 60 * 1000).toISOString().slice(0, 10);
			sqlite.prepare('update meetings set held_on = ?, starts_at = ? where id = 1').run(later, `${later}T08:00`);

			const page = await (await get('/meetings/1', head)).text();
			expect(page).toContain('chưa đến giờ');

			const refused = await postForm(server.url, '/meetings/1?/close', {}, head);
			expect(refused.status).toBe(409);
			expect(await refused.text()).toContain('hãy xác nhận kết thúc sớm');
			expect(sqlite.prepare('select phase from meetings where id = 1').get()).toEqual({ phase: 'voting' });

			const closed = await postForm(server.url, '/meetings/1?/close', { early: 'yes' }, head);
			expect(closed.status).toBe(200);
			expect(await closed.text()).toContain('Đã kết thúc sớm, trước giờ dự kiến');
			const record = sqlite.prepare('select closed_at from meeting_records where meeting_id = 1').get() as {
				closed_at: string;
			};
			expect(Math.abs(Date.parse(record.closed_at) - Date.now())).toBeLessThan(10 * 60 * 1000);

			const minutes = await readDocx(
				Buffer.from(await (await get('/meetings/1/documents/bien-ban-hoi-nghi-2021.docx', head)).arrayBuffer())
			);
			expect(minutes.text).toContain(`Thời gian: bắt đầu lúc ${momentText(started!)}.`);
			expect(minutes.text).toContain(`Hội nghị kết thúc lúc ${momentText(record.closed_at)}.`);
			expect(minutes.text).not.toContain('08 giờ 00 phút');
		});
	});
});
