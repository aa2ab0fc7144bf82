// Accounts belong to their owners, and set-up links die once an administrator exists: on the storage functions the
// pages and the admin command call, on a real temporary SQLite database, with two clusters on one installation.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoIfEmpty } from '$lib/server/demo/load-demo';
import { ensureDemoParticipants } from '$lib/server/demo/demo-participants';
import { acceptParticipation, declineParticipation, pendingParticipations } from '$lib/server/people/consent';
import { importPeople } from '$lib/server/people/import';
import { issueAllLinks } from '$lib/server/people/invitations';
import { issueJoinLink, JoinLinkRefused, redeemJoinLink } from '$lib/server/people/join-links';
import { findParticipant, listParticipants, meetingIdsOf } from '$lib/server/people/participants';
import {
	hasAdministrator,
	inspectSetupLink,
	issueSetupLink,
	redeemSetupLink,
	setAdministrator
} from '$lib/server/setup/admins';
import { addUnits, createCluster } from '$lib/server/setup/clusters';
import { copyMeeting, createMeeting } from '$lib/server/setup/meetings';
import { DIALECTS, temporaryDatabase, type TemporaryDatabase } from '../support/database';

// Every storage guarantee holds on both engines.
describe.each(DIALECTS)('on %s', (dialect) => {
	let database: TemporaryDatabase;
	/** Cluster A's meeting (the demo's people) and cluster B's, whose host is the one who tries. */
	let meetingA: number;
	let meetingB: number;
	let headOfA: number;

	const grid = (rows: (string | null)[][]) => ({ rows, merges: [] });
	const BASE = 'https://binhxet.example.vn';

	beforeEach(async () => {
		database = await temporaryDatabase(dialect);
		const { db } = database;
		meetingA = (await loadDemoIfEmpty(db))!;
		await ensureDemoParticipants(db, meetingA);
		const head = (await listParticipants(db, meetingA)).find((p) => p.role === 'head')!;
		headOfA = head.userId;
		await db.updateTable('users').set({ email: 'hieutruong@sonla.example.vn' }).where('id', '=', headOfA).execute();

		const cluster = await createCluster(db, {
			name: 'Cụm thi đua các Sở Nội vụ vùng Tây Bắc',
			shortName: 'Cụm Tây Bắc',
			parent: 'Bộ Nội vụ',
			layout: 'state'
		});
		const units = await addUnits(db, cluster, [
			{ name: 'Sở Nội vụ tỉnh Hòa Bình', shortName: 'Hòa Bình' },
			{ name: 'Sở Nội vụ tỉnh Yên Bái', shortName: 'Yên Bái' }
		]);
		if (!units.ok) throw new Error('units');
		meetingB = await createMeeting(db, {
			clusterId: cluster,
			details: {
				title: 'Hội nghị tổng kết 2026',
				year: 2026,
				startsAt: '2026-12-15T08:00',
				location: '',
				callUrl: ''
			},
			unitIds: units.ids,
			host: { name: 'Thư ký Cụm Tây Bắc', position: 'Chuyên viên Văn phòng Sở Nội vụ tỉnh Hòa Bình' }
		});
	});
	afterEach(async () => {
		await database.close();
	});

	describe("a host cannot take over another cluster's account", () => {
		it("a host's list naming another cluster's head by e-mail gives no rights and no link until that person accepts", async () => {
			const { db } = database;
			const imported = await importPeople(
				db,
				meetingB,
				grid([
					['Họ và tên', 'Đơn vị', 'Vai trò', 'Email'],
					['Người Lạ', 'Hòa Bình', 'Đại biểu', 'hieutruong@sonla.example.vn']
				])
			);
			expect(imported).toMatchObject({ ok: true, added: 1, pending: 1 });
			// One account still: the list did not make a second one, but it did not take this one either.
			expect(
				await db.selectFrom('users').select('id').where('email', '=', 'hieutruong@sonla.example.vn').execute()
			).toHaveLength(1);
			expect(await findParticipant(db, meetingB, headOfA)).toBeUndefined();
			expect(await meetingIdsOf(db, headOfA)).toEqual([meetingA]);

			// The host's invitations issue nothing for that account, and no single link can be made for it.
			const issued = await issueAllLinks(db, meetingB, BASE);
			expect(issued.map((i) => i.name)).toEqual(['Thư ký Cụm Tây Bắc']);
			const pending = (await listParticipants(db, meetingB)).find((p) => p.userId === headOfA)!;
			expect(pending.pending).toBe(true);
			await expect(issueJoinLink(db, pending.id)).rejects.toBeInstanceOf(JoinLinkRefused);
			// Nor can the host's account import grab the account's details.
			const user = await db
				.selectFrom('users')
				.select(['display_name', 'position'])
				.where('id', '=', headOfA)
				.executeTakeFirstOrThrow();
			expect(user.display_name).toBe('Lò Thị Thúy Hà');
		});

		it('the person accepts from their own session; the account then serves both meetings, and still no host issues a link for it', async () => {
			const { db } = database;
			await importPeople(
				db,
				meetingB,
				grid([
					['Họ và tên', 'Đơn vị', 'Vai trò', 'Email'],
					['Hiệu trưởng', 'Hòa Bình', 'Khách mời', 'hieutruong@sonla.example.vn']
				])
			);
			// A's host had issued the head a link earlier, before the account served two meetings.
			const headInA = (await findParticipant(db, meetingA, headOfA))!;
			const earlier = await issueJoinLink(db, headInA.id);

			const offers = await pendingParticipations(db, headOfA);
			expect(offers).toMatchObject([
				{ meetingId: meetingB, meetingTitle: 'Hội nghị tổng kết 2026', role: 'observer' }
			]);
			// Someone else cannot accept it for them.
			expect(await acceptParticipation(db, headOfA + 1000, offers[0]!.participantId)).toBeNull();
			expect(await acceptParticipation(db, headOfA, offers[0]!.participantId)).toBe(meetingB);
			expect((await meetingIdsOf(db, headOfA)).sort()).toEqual([meetingA, meetingB].sort());
			expect(await findParticipant(db, meetingB, headOfA)).toMatchObject({ role: 'observer', pending: false });

			// Neither meeting's host may now issue a link that signs into the shared account; the earlier one is void.
			await expect(issueJoinLink(db, headInA.id)).rejects.toMatchObject({ reason: 'other_meetings' });
			await expect(issueJoinLink(db, offers[0]!.participantId)).rejects.toMatchObject({
				reason: 'other_meetings'
			});
			expect((await redeemJoinLink(db, earlier.token)).state).toBe('revoked');
			// An administrator may.
			const byAdmin = await issueJoinLink(db, headInA.id, { byAdministrator: true });
			expect((await redeemJoinLink(db, byAdmin.token)).state).toBe('valid');
		});

		it('the person may decline instead: the place is gone', async () => {
			const { db } = database;
			await importPeople(
				db,
				meetingB,
				grid([
					['Họ và tên', 'Vai trò', 'Email'],
					['Hiệu trưởng', 'Khách mời', 'hieutruong@sonla.example.vn']
				])
			);
			const [offer] = await pendingParticipations(db, headOfA);
			expect(await declineParticipation(db, headOfA, offer!.participantId)).toBe(true);
			expect((await listParticipants(db, meetingB)).map((p) => p.userId)).not.toContain(headOfA);
		});

		it("an administrator's import adds the existing account at once", async () => {
			const { db } = database;
			const imported = await importPeople(
				db,
				meetingB,
				grid([
					['Họ và tên', 'Vai trò', 'Email'],
					['Hiệu trưởng', 'Khách mời', 'hieutruong@sonla.example.vn']
				]),
				new Date(),
				{ byAdministrator: true }
			);
			expect(imported).toMatchObject({ ok: true, added: 1, pending: 0 });
			expect(await findParticipant(db, meetingB, headOfA)).toMatchObject({ role: 'observer' });
		});

		it("a join link never signs into an administrator's account, even one issued before they became one", async () => {
			const { db } = database;
			const hostOfB = (await listParticipants(db, meetingB)).find((p) => p.role === 'host')!;
			const before = await issueJoinLink(db, hostOfB.id);
			// Another earlier link, as the first administrator's own meeting might hold for them.
			await db.updateTable('join_links').set({ revoked_at: null }).execute();
			expect(await setAdministrator(db, hostOfB.userId, true)).toBe(true);
			expect((await redeemJoinLink(db, before.token)).state).not.toBe('valid');
			await expect(issueJoinLink(db, hostOfB.id)).rejects.toMatchObject({ reason: 'administrator' });
			await expect(issueJoinLink(db, hostOfB.id, { byAdministrator: true })).rejects.toMatchObject({
				reason: 'administrator'
			});
			expect(await issueAllLinks(db, meetingB, BASE, { byAdministrator: true })).toEqual([]);

			// A link whose revocation was somehow missed is still refused when opened.
			const sneaked = '0123456789abcdefghijklmnopqrstuv';
			const { hashToken } = await import('$lib/server/auth/tokens');
			await db
				.insertInto('join_links')
				.values({
					id: hashToken(sneaked),
					participant_id: hostOfB.id,
					created_at: Date.now(),
					expires_at: Date.now() + 60_000
				})
				.execute();
			expect((await redeemJoinLink(db, sneaked)).state).toBe('refused');
			const joined = await db
				.selectFrom('join_links')
				.select('used_at')
				.where('id', '=', hashToken(sneaked))
				.executeTakeFirstOrThrow();
			expect(joined.used_at).toBeNull();
		});

		it("a host's list naming an administrator's e-mail waits for the administrator's own consent", async () => {
			const { db } = database;
			await db.updateTable('users').set({ is_admin: 1 }).where('id', '=', headOfA).execute();
			await importPeople(
				db,
				meetingB,
				grid([
					['Họ và tên', 'Vai trò', 'Email'],
					['Quản trị', 'Thư ký', 'hieutruong@sonla.example.vn']
				])
			);
			expect(await findParticipant(db, meetingB, headOfA)).toBeUndefined();
			const participation = (await listParticipants(db, meetingB)).find((p) => p.userId === headOfA)!;
			await expect(issueJoinLink(db, participation.id)).rejects.toBeInstanceOf(JoinLinkRefused);
		});
	});

	describe("a host speaks for their own cluster's people", () => {
		it("next year's meeting, copied: its host invites last year's people, and a list names them by e-mail at once", async () => {
			const { db } = database;
			const { meetingId: next } = await copyMeeting(db, meetingA, {
				title: 'Hội nghị tổng kết năm 2022',
				year: 2022,
				startsAt: '2022-11-20T08:00',
				location: 'Sơn La',
				callUrl: ''
			});
			const issued = await issueAllLinks(db, next, BASE);
			const copied = await listParticipants(db, next);
			expect(issued).toHaveLength(copied.length);
			const head = copied.find((p) => p.userId === headOfA)!;
			expect((await redeemJoinLink(db, (await issueJoinLink(db, head.id)).token)).state).toBe('valid');

			// Someone who was at last year's meeting only, named by e-mail in this year's list, is the same account,
			// attached at once (no consent to wait for: the account is this cluster's alone).
			const at = new Date().toISOString();
			const { id: guest } = await db
				.insertInto('users')
				.values({ display_name: 'Khách năm trước', created_at: at, email: 'khach@example.vn' })
				.returning('id')
				.executeTakeFirstOrThrow();
			await db
				.insertInto('participants')
				.values({
					meeting_id: meetingA,
					user_id: guest,
					role: 'observer',
					unit_id: null,
					created_at: at,
					pending: 0
				})
				.execute();
			const imported = await importPeople(
				db,
				next,
				grid([
					['Họ và tên', 'Vai trò', 'Email'],
					['Khách năm trước', 'Khách mời', 'khach@example.vn']
				])
			);
			expect(imported).toMatchObject({ ok: true, added: 1, pending: 0 });
			expect(await findParticipant(db, next, guest)).toMatchObject({ role: 'observer', pending: false });

			// The same account, once it also sits in another cluster's meeting, is no longer this host's to invite.
			await importPeople(
				db,
				meetingB,
				grid([
					['Họ và tên', 'Vai trò', 'Email'],
					['Khách', 'Khách mời', 'khach@example.vn']
				])
			);
			const [offer] = await pendingParticipations(db, guest);
			expect(await acceptParticipation(db, guest, offer!.participantId)).toBe(meetingB);
			const inNext = (await findParticipant(db, next, guest))!;
			await expect(issueJoinLink(db, inNext.id)).rejects.toMatchObject({ reason: 'other_meetings' });
		});
	});

	describe('set-up links once an administrator exists', () => {
		it('a link printed by an earlier start makes nobody an administrator once the first one has', async () => {
			const { db } = database;
			const first = await issueSetupLink(db); // printed at the first start
			const second = await issueSetupLink(db); // printed at a second start, before anyone opened the first
			expect(await redeemSetupLink(db, first, { displayName: 'Quản trị viên' })).toMatchObject({ ok: true });
			expect((await inspectSetupLink(db, second)).state).toBe('revoked');
			expect(await redeemSetupLink(db, second, { displayName: 'Kẻ thứ hai' })).toEqual({
				ok: false,
				reason: 'revoked'
			});
			expect(await db.selectFrom('users').select('display_name').where('is_admin', '=', 1).execute()).toEqual([
				{ display_name: 'Quản trị viên' }
			]);
		});

		it('an administrator made another way (the admin command) revokes the outstanding links too', async () => {
			const { db } = database;
			const printed = await issueSetupLink(db);
			const hostOfB = (await listParticipants(db, meetingB)).find((p) => p.role === 'host')!;
			await setAdministrator(db, hostOfB.userId, true);
			expect(await hasAdministrator(db)).toBe(true);
			expect(await redeemSetupLink(db, printed, { displayName: 'Kẻ thứ hai' })).toEqual({
				ok: false,
				reason: 'revoked'
			});
			expect(await db.selectFrom('users').select('id').where('is_admin', '=', 1).execute()).toHaveLength(1);
		});

		it('even a link left outstanding when an administrator was written straight into the database is not honoured', async () => {
			const { db } = database;
			const printed = await issueSetupLink(db);
			await db.updateTable('users').set({ is_admin: 1 }).where('id', '=', headOfA).execute();
			expect((await inspectSetupLink(db, printed)).state).toBe('revoked');
			expect(await redeemSetupLink(db, printed, { displayName: 'Kẻ thứ hai' })).toMatchObject({ ok: false });
			expect(await db.selectFrom('users').select('id').where('is_admin', '=', 1).execute()).toHaveLength(1);
		});

		it("create-admin's link for a named administrator still signs them in", async () => {
			const { db } = database;
			const hostOfB = (await listParticipants(db, meetingB)).find((p) => p.role === 'host')!;
			await setAdministrator(db, hostOfB.userId, true);
			const link = await issueSetupLink(db, { userId: hostOfB.userId });
			expect(await redeemSetupLink(db, link, { displayName: '' })).toEqual({ ok: true, userId: hostOfB.userId });
		});
	});
});
