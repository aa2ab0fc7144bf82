// One person, one account, every hat: the head votes for their own unit unless the host names its delegate; a list
// that names people already in the meeting updates them; the host removes someone who has not acted and marks
// someone absent; the host's position typed at creation is kept. On the storage functions, a real temporary SQLite.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoIfEmpty } from '$lib/server/demo/load-demo';
import { ensureDemoParticipants } from '$lib/server/demo/demo-participants';
import { castVoteAs, closeBallot, createDraft, openBallot } from '$lib/server/ballots/store';
import { removeParticipant, setAbsent } from '$lib/server/people/attendance';
import { importPeople } from '$lib/server/people/import';
import { findParticipant, listParticipants, type ParticipantRecord } from '$lib/server/people/participants';
import { addUnits, createCluster } from '$lib/server/setup/clusters';
import { createMeeting } from '$lib/server/setup/meetings';
import { DIALECTS, temporaryDatabase, type TemporaryDatabase } from '../support/database';

// Every storage guarantee holds on both engines.
describe.each(DIALECTS)('on %s', (dialect) => {
	let database: TemporaryDatabase;
	let meetingId: number;
	let people: ParticipantRecord[];
	const grid = (rows: (string | null)[][]) => ({ rows, merges: [] });
	const person = (name: string) => people.find((p) => p.displayName === name)!;

	beforeEach(async () => {
		database = await temporaryDatabase(dialect);
		meetingId = (await loadDemoIfEmpty(database.db))!;
		await ensureDemoParticipants(database.db, meetingId);
		people = await listParticipants(database.db, meetingId);
	});
	afterEach(async () => {
		await database.close();
	});

	/** A secret ballot on the flag, open; the phase is voting. */
	async function openFlagBallot(): Promise<number> {
		const { db } = database;
		await db.updateTable('meetings').set({ phase: 'voting' }).where('id', '=', meetingId).execute();
		const created = await createDraft(db, meetingId, {
			title: 'Suy tôn Cờ thi đua',
			purpose: 'flag',
			candidates: ['son-la', 'lai-chau']
		});
		if (!created.ok) throw new Error('draft');
		const head = people.find((p) => p.role === 'head')!;
		expect(await openBallot(db, meetingId, created.id, head.userId)).toEqual({ ok: true });
		return created.id;
	}

	describe("the head's unit still votes", () => {
		it('a unit whose head has no delegate of its own votes through the head, once', async () => {
			const { db } = database;
			const head = people.find((p) => p.role === 'head')!;
			const delegate = people.find((p) => p.role === 'delegate' && p.unitId === head.unitId)!;
			// The real cluster's list: the head's unit named no other delegate.
			expect(await removeParticipant(db, meetingId, delegate.id)).toEqual({ ok: true });
			expect(await findParticipant(db, meetingId, head.userId)).toMatchObject({
				role: 'head',
				representsUnit: true
			});

			const ballotId = await openFlagBallot();
			const cast = await castVoteAs(db, meetingId, ballotId, head.userId, ['lai-chau']);
			expect(cast.ok).toBe(true);
			expect(await castVoteAs(db, meetingId, ballotId, head.userId, [])).toMatchObject({
				ok: false,
				error: { code: 'already_voted' }
			});
			// A vice-head whose unit has its delegate does not vote; that delegate does.
			const vice = people.find((p) => p.role === 'vice_head')!;
			expect(await castVoteAs(db, meetingId, ballotId, vice.userId, ['son-la'])).toEqual({
				ok: false,
				error: { code: 'not_representative' }
			});
			const viceDelegate = people.find((p) => p.role === 'delegate' && p.unitId === vice.unitId)!;
			expect((await castVoteAs(db, meetingId, ballotId, viceDelegate.userId, ['son-la'])).ok).toBe(true);

			const closed = await closeBallot(db, meetingId, ballotId, head.userId);
			expect(closed.ok && closed.tally.cast).toBe(2);
		});

		it("a delegate the host names for the head's unit takes the vote; the head then does not vote", async () => {
			const { db } = database;
			const head = people.find((p) => p.role === 'head')!;
			const delegate = people.find((p) => p.role === 'delegate' && p.unitId === head.unitId)!;
			expect(await findParticipant(db, meetingId, head.userId)).toMatchObject({ representsUnit: false });
			expect(await findParticipant(db, meetingId, delegate.userId)).toMatchObject({ representsUnit: true });
			const ballotId = await openFlagBallot();
			expect(await castVoteAs(db, meetingId, ballotId, head.userId, ['lai-chau'])).toEqual({
				ok: false,
				error: { code: 'not_representative' }
			});
			expect((await castVoteAs(db, meetingId, ballotId, delegate.userId, ['lai-chau'])).ok).toBe(true);
		});

		it('an absent delegate does not vote: the head present votes for the unit; an observer never does', async () => {
			const { db } = database;
			const head = people.find((p) => p.role === 'head')!;
			const delegate = people.find((p) => p.role === 'delegate' && p.unitId === head.unitId)!;
			const ballotId = await openFlagBallot();
			expect(await setAbsent(db, meetingId, delegate.id, true)).toBe(true);
			expect(await castVoteAs(db, meetingId, ballotId, delegate.userId, ['son-la'])).toEqual({
				ok: false,
				error: { code: 'not_representative' }
			});
			expect((await castVoteAs(db, meetingId, ballotId, head.userId, ['lai-chau'])).ok).toBe(true);
			// Back present, the delegate finds the unit's one vote cast.
			await setAbsent(db, meetingId, delegate.id, false);
			expect(await castVoteAs(db, meetingId, ballotId, delegate.userId, [])).toMatchObject({
				ok: false,
				error: { code: 'already_voted' }
			});
			const observer = people.find((p) => p.role === 'observer')!;
			expect(await castVoteAs(db, meetingId, ballotId, observer.userId, [])).toEqual({
				ok: false,
				error: { code: 'not_representative' }
			});
		});
	});

	describe('a list that names people already in the meeting', () => {
		it('updates their role, unit and position, the host included, and adds no second account', async () => {
			const { db } = database;
			const usersBefore = (await db.selectFrom('users').select('id').execute()).length;
			const host = people.find((p) => p.role === 'host')!;
			const hgDelegate = people.find((p) => p.role === 'delegate' && p.unitName === 'Hà Giang')!;
			const result = await importPeople(
				db,
				meetingId,
				grid([
					['Họ và tên', 'Chức vụ', 'Đơn vị', 'Vai trò'],
					[host.displayName, 'Chánh Văn phòng', null, 'Thư ký hội nghị'],
					[hgDelegate.displayName, 'Phó Hiệu trưởng', 'Hà Giang', 'Lãnh đạo đơn vị'],
					['Nguyễn Thị Mới', 'Chuyên viên', null, 'Đại biểu khách mời']
				])
			);
			expect(result).toMatchObject({ ok: true, added: 1, updated: 2, pending: 0 });
			expect((await db.selectFrom('users').select('id').execute()).length).toBe(usersBefore + 1);
			const after = await listParticipants(db, meetingId);
			expect(after.find((p) => p.id === host.id)).toMatchObject({ role: 'host', position: 'Chánh Văn phòng' });
			expect(after.find((p) => p.id === hgDelegate.id)).toMatchObject({
				role: 'delegate',
				position: 'Phó Hiệu trưởng'
			});
			expect(after.filter((p) => p.displayName === host.displayName)).toHaveLength(1);
		});

		it("moves a unit's delegate to vice-head and names the unit's new delegate in one list", async () => {
			const { db } = database;
			const hg = people.find((p) => p.role === 'delegate' && p.unitName === 'Hà Giang')!;
			const result = await importPeople(
				db,
				meetingId,
				grid([
					['Họ và tên', 'Đơn vị', 'Vai trò'],
					[hg.displayName, 'Hà Giang', 'Cụm phó'],
					['Đại diện Mới', 'Hà Giang', 'Đại diện đơn vị']
				])
			);
			expect(result).toMatchObject({ ok: true, added: 1, updated: 1 });
			const after = await listParticipants(db, meetingId);
			expect(after.find((p) => p.id === hg.id)).toMatchObject({ role: 'vice_head', representsUnit: false });
			expect(after.find((p) => p.displayName === 'Đại diện Mới')).toMatchObject({
				role: 'delegate',
				representsUnit: true
			});
		});
	});

	describe('removing and marking absent', () => {
		it('removes someone who has done nothing, with their account; refuses someone who has acted', async () => {
			const { db } = database;
			const observer = people.find((p) => p.role === 'observer')!;
			expect(await removeParticipant(db, meetingId, observer.id)).toEqual({ ok: true });
			expect(await db.selectFrom('users').select('id').where('id', '=', observer.userId).execute()).toEqual([]);

			const delegate = people.find((p) => p.role === 'delegate')!;
			await db
				.updateTable('sheets')
				.set({ submitted_at: new Date().toISOString(), submitted_by: delegate.userId })
				.where('meeting_id', '=', meetingId)
				.where('unit_id', '=', delegate.unitId!)
				.execute();
			expect(await removeParticipant(db, meetingId, delegate.id)).toEqual({ ok: false, reason: 'acted' });

			const vice = person(people.find((p) => p.role === 'vice_head')!.displayName);
			await db
				.insertInto('sync_updates')
				.values({
					document: `meeting/${meetingId}/scoring`,
					user_id: vice.userId,
					created_at: Date.now(),
					update: new Uint8Array([0, 0])
				})
				.execute();
			expect(await removeParticipant(db, meetingId, vice.id)).toEqual({ ok: false, reason: 'acted' });
			// Marked absent instead: kept, shown as absent, and out of the minutes' list of those present.
			expect(await setAbsent(db, meetingId, vice.id, true)).toBe(true);
			expect(await findParticipant(db, meetingId, vice.userId)).toMatchObject({ absent: true });
		});

		it('a unit whose delegate voted counts as having acted: the vote names no one, so no voter of the unit is removed', async () => {
			const { db } = database;
			const ballotId = await openFlagBallot();
			const delegate = people.find((p) => p.role === 'delegate' && p.unitName === 'Hà Giang')!;
			expect((await castVoteAs(db, meetingId, ballotId, delegate.userId, ['son-la'])).ok).toBe(true);
			expect(await removeParticipant(db, meetingId, delegate.id)).toEqual({ ok: false, reason: 'acted' });
		});
	});

	describe("the host's position", () => {
		it('typed when creating the meeting is kept, for a new host and for an existing user chosen as host', async () => {
			const { db } = database;
			const cluster = await createCluster(db, {
				name: 'Cụm thi đua Tây Bắc',
				shortName: '',
				parent: 'Bộ Nội vụ',
				layout: 'state'
			});
			const units = await addUnits(db, cluster, [{ name: 'Sở Nội vụ tỉnh Hòa Bình', shortName: 'Hòa Bình' }]);
			if (!units.ok) throw new Error('units');
			const details = {
				title: 'Hội nghị 2026',
				year: 2026,
				startsAt: '2026-12-15T08:00',
				location: '',
				callUrl: ''
			};
			const fresh = await createMeeting(db, {
				clusterId: cluster,
				details,
				unitIds: units.ids,
				host: { name: 'Lê Thư Ký', position: 'Chuyên viên Văn phòng' }
			});
			expect((await listParticipants(db, fresh)).map((p) => [p.displayName, p.role, p.position])).toEqual([
				['Lê Thư Ký', 'host', 'Chuyên viên Văn phòng']
			]);
			const hostUser = (await listParticipants(db, fresh))[0]!.userId;
			const next = await createMeeting(db, {
				clusterId: cluster,
				details: { ...details, year: 2027 },
				unitIds: units.ids,
				host: { userId: hostUser, position: 'Chánh Văn phòng' }
			});
			expect((await listParticipants(db, next)).map((p) => p.position)).toEqual(['Chánh Văn phòng']);
		});
	});
});
