import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentModel } from '$lib/core/documents';
import { readRecord, recordBytes } from '$lib/core/record';
import { runDemoMeeting, closeDemoMeeting } from '$lib/server/demo/run-demo-meeting';
import { buildDocumentModel } from '$lib/server/documents/model';
import { storedRecord, verifyRecord } from '$lib/server/record/stored';
import { temporaryDatabase } from '../support/database';

// The demo meeting played to its close: its record is stored once as bytes, and everything after the close (the
// record, its seal, the documents) is read from those bytes, whatever happens to the rows afterwards.

let database: Awaited<ReturnType<typeof temporaryDatabase>>;
let meetingId: number;
let draft: DocumentModel;
beforeAll(async () => {
	database = await temporaryDatabase();
	const run = await runDemoMeeting(database, { close: false });
	meetingId = run.meetingId;
	draft = (await buildDocumentModel(database.db, meetingId, run.live))!;
	await closeDemoMeeting(database, meetingId);
}, 120_000);
afterAll(async () => {
	await database.close();
});

const storedRow = () =>
	database.sqlite.prepare('select record, digest from meeting_records where meeting_id = ?').get(meetingId) as {
		record: Buffer;
		digest: string;
	};

describe('the record stored at the close', () => {
	it('is canonical bytes whose SHA-256 is the digest written beside them', () => {
		const { record, digest } = storedRow();
		expect(createHash('sha256').update(record).digest('hex')).toBe(digest);
		// Reading the bytes and writing them again gives the very same bytes.
		expect(Buffer.from(recordBytes(readRecord(new Uint8Array(record)))).equals(record)).toBe(true);
		const text = record.toString('utf8');
		expect(text.startsWith('{"ballots":[')).toBe(true);
		expect(text).not.toMatch(/\s"|":\s/);
		// Points in hundredths: Điện Biên typed 97 where its items give 85.
		expect(text).toContain('{"code":"total","computed":8500,"reported":9700}');
	});

	it('holds what the record page and the documents show: scores, reasons, counts, people, fields', async () => {
		const { record } = (await storedRecord(database.db, meetingId))!;
		expect(record.meeting).toMatchObject({ year: 2021, closedAt: '2021-11-15T04:00:00.000Z' });
		expect(record.summary.map((u) => [u.unit, u.selfScore, u.clusterScore, u.rank])).toEqual([
			['quang-ninh', 10200, 9950, 1],
			['son-la', 9800, 9800, 2],
			['lai-chau', 9800, 9800, 2],
			['lao-cai', 10000, 9550, 4],
			['lang-son', 9550, 9400, 5],
			['cao-bang', 9300, 9150, 6],
			['ha-giang', 9100, 8750, 7],
			['dien-bien', 8500, 8500, 8]
		]);
		expect(record.ballots).toHaveLength(5);
		// A ballot's count is the voting core's tally, whole.
		expect(record.ballots[1]!.count).toMatchObject({ members: 8, cast: 8, valid: 8, outcome: { kind: 'runoff' } });
		expect(record.ballots[1]!.count!.results.map((r) => r.votes)).toEqual([4, 4]);
		expect(record.present.length).toBeGreaterThan(8);
		expect(record.documents.reportNumber).toBe('76');
		expect(record.documents.issuer).toBe('CTĐ');
	});

	it('gives the documents the same model the draft had from the live board, now closed', async () => {
		const closed = (await buildDocumentModel(database.db, meetingId))!;
		expect(closed.draft).toBe(false);
		expect(draft.draft).toBe(true);
		expect(closed.units).toEqual(draft.units);
		expect(closed.ballots).toEqual(draft.ballots);
		expect(closed.nominations).toEqual(draft.nominations);
		expect(closed.fields).toEqual(draft.fields);
		expect(closed.digest).toBe(storedRow().digest);
	});

	it('is what the documents are made from after the close, whatever the rows say later', async () => {
		const before = (await buildDocumentModel(database.db, meetingId))!;
		const { sqlite } = database;
		sqlite.prepare("update deductions set reason = 'đã sửa sau khi khóa'").run();
		sqlite.prepare('update final_scores set cluster_points = 0').run();
		sqlite.prepare("update units set name = name || ' (đổi tên)'").run();
		sqlite.prepare("update meeting_documents set report_number = '99-BC/CTĐ'").run();
		const after = (await buildDocumentModel(database.db, meetingId))!;
		expect({ ...after, madeAt: null }).toEqual({ ...before, madeAt: null });
		expect(JSON.stringify(after)).not.toContain('đã sửa sau khi khóa');
		expect((await verifyRecord(database.db, meetingId))!.intact).toBe(true);
	});

	it('stays intact whatever the code that reads it: the seal is over the stored bytes, not over a rebuild', async () => {
		const { record, digest } = storedRow();
		// A record as another version would have written it (a field this one does not know, another order of
		// deductions): sealed by its own bytes, it is intact and is read as it is.
		const other = readRecord(new Uint8Array(record)) as unknown as Record<string, unknown>;
		const bytes = Buffer.from(JSON.stringify({ ...other, laterField: [1, 2] }), 'utf8');
		database.sqlite
			.prepare('update meeting_records set record = ?, digest = ? where meeting_id = ?')
			.run(bytes, createHash('sha256').update(bytes).digest('hex'), meetingId);
		expect((await verifyRecord(database.db, meetingId))!.intact).toBe(true);
		expect(
			((await storedRecord(database.db, meetingId))!.record as unknown as { laterField: number[] }).laterField
		).toEqual([1, 2]);
		// One byte changed breaks it.
		const changed = Buffer.from(bytes);
		changed[changed.indexOf('"valid":8')! + 8] = '7'.charCodeAt(0);
		database.sqlite.prepare('update meeting_records set record = ? where meeting_id = ?').run(changed, meetingId);
		expect((await verifyRecord(database.db, meetingId))!.intact).toBe(false);
		database.sqlite
			.prepare('update meeting_records set record = ?, digest = ? where meeting_id = ?')
			.run(record, digest, meetingId);
		expect((await verifyRecord(database.db, meetingId))!.intact).toBe(true);
	});

	it('is sealed from the rows when first read, for a meeting closed before the record was kept as bytes', async () => {
		const { record, digest } = storedRow();
		database.sqlite
			.prepare("update meeting_records set record = null, digest = 'earlier' where meeting_id = ?")
			.run(meetingId);
		const sealed = (await storedRecord(database.db, meetingId))!;
		expect(sealed.intact).toBe(true);
		expect(sealed.digest).toBe(createHash('sha256').update(sealed.bytes).digest('hex'));
		// Sealed once: read again, the same bytes.
		expect(storedRow().record.equals(Buffer.from(sealed.bytes))).toBe(true);
		expect(sealed.record.summary[0]!.name).toContain('(đổi tên)');
		database.sqlite
			.prepare('update meeting_records set record = ?, digest = ? where meeting_id = ?')
			.run(record, digest, meetingId);
	});
});
