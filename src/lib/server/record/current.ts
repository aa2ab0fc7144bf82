import { readRecord, recordBytes, type MeetingRecord } from '$lib/core/record';
import type { DB } from '../db/open';
import { buildRecord, type LiveState } from './build';
import { storedRecord } from './stored';

// One model of a meeting: after the close, the record read from its sealed bytes; before it, the same record built
// from the board as it stands (from the live documents when given), passed through the same bytes, so that a draft
// holds exactly what the close would seal (and a value the bytes cannot hold fails now, not at the close).

export interface CurrentRecord {
	record: MeetingRecord;
	/** The seal, after the close. */
	digest: string | null;
	intact: boolean | null;
}

export async function meetingRecord(db: DB, meetingId: number, live?: LiveState): Promise<CurrentRecord | undefined> {
	const stored = await storedRecord(db, meetingId);
	if (stored) return { record: stored.record, digest: stored.digest, intact: stored.intact };
	const record = await buildRecord(db, meetingId, live);
	return record && { record: readRecord(recordBytes(record)), digest: null, intact: null };
}
