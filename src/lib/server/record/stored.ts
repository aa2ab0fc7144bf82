import type { Transaction } from 'kysely';
import { bytesDigest, readRecord, recordBytes, type MeetingRecord } from '$lib/core/record';
import type { DB } from '../db/open';
import type { Database } from '../db/schema';
import { buildRecord } from './build';
import { serializable } from '../db/serializable';

type Executor = DB | Transaction<Database>;

// The sealed record of a closed meeting: its bytes, written once at the close, and their SHA-256. Checking the seal
// is hashing the stored bytes; what any version of this code would build from the rows does not enter into it.

export interface StoredRecord {
	record: MeetingRecord;
	bytes: Uint8Array;
	/** The digest written at the close. */
	digest: string;
	/** Whether the stored bytes still hash to it. */
	intact: boolean;
}

/** Writes the record's bytes and their digest beside the close (the row must exist); returns the digest. */
export async function sealRecord(db: Executor, meetingId: number, record: MeetingRecord): Promise<string> {
	const bytes = recordBytes(record);
	const digest = bytesDigest(bytes);
	await db
		.updateTable('meeting_records')
		.set({ record: bytes, digest })
		.where('meeting_id', '=', meetingId)
		.execute();
	return digest;
}

/**
 * A meeting closed before the record was kept as bytes is sealed from its rows the first time it is read (once: the
 * bytes are written only where there are none).
 */
async function sealFromRows(db: DB, meetingId: number): Promise<void> {
	await serializable(db, async (trx) => {
		const row = await trx
			.selectFrom('meeting_records')
			.select('record')
			.where('meeting_id', '=', meetingId)
			.executeTakeFirst();
		if (!row || row.record !== null) return;
		const record = await buildRecord(trx, meetingId);
		if (record) await sealRecord(trx, meetingId, record);
	});
}

async function storedBytes(db: DB, meetingId: number): Promise<{ bytes: Uint8Array; digest: string } | undefined> {
	const read = () =>
		db
			.selectFrom('meeting_records')
			.select(['record', 'digest'])
			.where('meeting_id', '=', meetingId)
			.executeTakeFirst();
	let row = await read();
	if (row && row.record === null) {
		await sealFromRows(db, meetingId);
		row = await read();
	}
	return row?.record ? { bytes: new Uint8Array(row.record), digest: row.digest } : undefined;
}

/** The sealed record of a closed meeting, read from its bytes; undefined if the meeting has not been closed. */
export async function storedRecord(db: DB, meetingId: number): Promise<StoredRecord | undefined> {
	const stored = await storedBytes(db, meetingId);
	if (!stored) return undefined;
	return { record: readRecord(stored.bytes), ...stored, intact: bytesDigest(stored.bytes) === stored.digest };
}

/** Whether the stored bytes still give the digest written at the close (bytes that no longer read as a record do not). */
export async function verifyRecord(
	db: DB,
	meetingId: number
): Promise<{ stored: string; computed: string; intact: boolean } | undefined> {
	const stored = await storedBytes(db, meetingId);
	if (!stored) return undefined;
	const computed = bytesDigest(stored.bytes);
	return { stored: stored.digest, computed, intact: computed === stored.digest };
}
