// One set of queries for both engines: the same meeting stored on SQLite and on PostgreSQL gives the same answers
// to every read the pages make, and the same record, sealed as the same bytes. The closing meeting is played with
// the storage functions (votes, the close of a ballot); the record is the one sealed from the rows.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, loadDemoIfEmpty } from '$lib/server/demo/load-demo';
import { ensureDemoParticipants } from '$lib/server/demo/demo-participants';
import { castVote, closeBallot, createDraft, listBallots, openBallot } from '$lib/server/ballots/store';
import { setPhase } from '$lib/server/meetings/phase';
import { listMeetings, loadMeetingBoard } from '$lib/server/meetings/board';
import { preparationView } from '$lib/server/meetings/preparation';
import { personalNextStep } from '$lib/server/meetings/next-steps';
import { listClusters, listClusterUnits } from '$lib/server/setup/clusters';
import { listClusterMeetings, loadMeetingSetup } from '$lib/server/setup/meetings';
import { listUsers } from '$lib/server/setup/admins';
import { invitationStatus } from '$lib/server/people/invitation-status';
import { listParticipants, meetingSeats } from '$lib/server/people/participants';
import { loadDocumentFields } from '$lib/server/documents/fields';
import { storedRecord, verifyRecord } from '$lib/server/record/stored';
import { query, temporaryDatabase, type TemporaryDatabase } from '../support/database';

const CLOSED_AT = '2021-11-15T04:00:00.000Z';

/** The demo meeting, voted on and closed the same way on one engine. */
async function playedMeeting(database: TemporaryDatabase): Promise<{ meetingId: number; head: number }> {
	const meetingId = (await loadDemoIfEmpty(database.db))!;
	await ensureDemoParticipants(database.db, meetingId);
	expect(await setPhase(database.db, meetingId, 'voting', Date.parse('2021-11-15T02:00:00Z'))).toMatchObject({
		ok: true
	});
	const [{ user_id: head }] = (await query<{ user_id: number }>(
		database,
		"select user_id from participants where meeting_id = ? and role = 'head'",
		meetingId
	)) as [{ user_id: number }];
	const draft = await createDraft(
		database.db,
		meetingId,
		{ title: 'Đề nghị tặng Cờ thi đua', purpose: 'flag', candidates: ['quang-ninh', 'son-la'] },
		new Date('2021-11-15T03:00:00Z')
	);
	if (!draft.ok) throw new Error('draft refused');
	await openBallot(database.db, meetingId, draft.id, head, new Date('2021-11-15T03:10:00Z'));
	for (const [i, unit] of demo.units.map((u) => u.slug).entries())
		await castVote(
			database.db,
			meetingId,
			draft.id,
			unit,
			unit === 'quang-ninh' || i > 5 ? ['son-la'] : ['quang-ninh']
		);
	await closeBallot(database.db, meetingId, draft.id, head, new Date('2021-11-15T03:20:00Z'));
	// Closed as a meeting closed before the record was kept as bytes: sealed from its rows when first read.
	await database.db.updateTable('meetings').set({ phase: 'closed' }).where('id', '=', meetingId).execute();
	await database.db
		.insertInto('meeting_records')
		.values({ meeting_id: meetingId, closed_at: CLOSED_AT, closed_by: head, digest: 'earlier', record: null })
		.execute();
	return { meetingId, head };
}

let sqlite: TemporaryDatabase;
let postgres: TemporaryDatabase;
let meetingId: number;
let head: number;

beforeAll(async () => {
	[sqlite, postgres] = await Promise.all([temporaryDatabase('sqlite'), temporaryDatabase('postgres')]);
	const [a, b] = [await playedMeeting(sqlite), await playedMeeting(postgres)];
	expect(b).toEqual(a);
	({ meetingId, head } = a);
}, 120_000);
afterAll(async () => {
	await sqlite?.close();
	await postgres?.close();
});

describe('the same meeting on SQLite and on PostgreSQL', () => {
	it('gives the same answers to the pages’ reads', async () => {
		const clusterId = (await listClusters(sqlite.db))[0]!.id;
		const reads = (database: TemporaryDatabase) => {
			const db = database.db;
			return Promise.all([
				listMeetings(db),
				loadMeetingBoard(db, meetingId),
				loadMeetingSetup(db, meetingId),
				preparationView(db, meetingId),
				personalNextStep(db, meetingId, head),
				listClusters(db),
				listClusterUnits(db, clusterId),
				listClusterMeetings(db, clusterId),
				invitationStatus(db, meetingId),
				listParticipants(db, meetingId),
				meetingSeats(db, meetingId),
				loadDocumentFields(db, meetingId),
				listBallots(db, meetingId)
			]);
		};
		const [onSqlite, onPostgres] = [await reads(sqlite), await reads(postgres)];
		// Users carry the time they were created: compared without it.
		const users = async (database: TemporaryDatabase) =>
			(await listUsers(database.db)).map((u) => ({ ...u, createdAt: undefined }));
		expect(onPostgres).toEqual(onSqlite);
		expect(await users(postgres)).toEqual(await users(sqlite));
		expect(onSqlite[0]).toHaveLength(1);
	});

	it('seals the same record, whose SHA-256 is the digest; a changed byte is seen on both', async () => {
		const [a, b] = [(await storedRecord(sqlite.db, meetingId))!, (await storedRecord(postgres.db, meetingId))!];
		expect(a.intact).toBe(true);
		expect(b.intact).toBe(true);
		// The same but for the receipts: random codes each voter was given, by which the papers are listed.
		const withoutReceipts = (bytes: Uint8Array) => {
			const record = JSON.parse(Buffer.from(bytes).toString('utf8')) as { ballots: { papers: object[] }[] };
			for (const ballot of record.ballots)
				ballot.papers = ballot.papers
					.map((paper) => JSON.stringify({ ...paper, receipt: '…' }))
					.sort()
					.map((paper) => JSON.parse(paper) as object);
			return record;
		};
		expect(withoutReceipts(b.bytes)).toEqual(withoutReceipts(a.bytes));
		expect(b.digest).toBe(createHash('sha256').update(b.bytes).digest('hex'));
		expect(b.record.ballots[0]!.count).toMatchObject({ cast: 8, valid: 8 });
		for (const database of [sqlite, postgres]) {
			const { bytes } = (await storedRecord(database.db, meetingId))!;
			const changed = Buffer.from(bytes);
			changed[changed.indexOf('"cast":8') + 7] = '7'.charCodeAt(0);
			await query(database, 'update meeting_records set record = ? where meeting_id = ?', changed, meetingId);
			expect((await verifyRecord(database.db, meetingId))!.intact).toBe(false);
			await query(
				database,
				'update meeting_records set record = ? where meeting_id = ?',
				Buffer.from(bytes),
				meetingId
			);
			expect((await verifyRecord(database.db, meetingId))!.intact).toBe(true);
		}
	});
});
