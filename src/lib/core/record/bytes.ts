import { canonicalBytes } from './canonical';
import { EARLIER_RECORD_FORMATS, RECORD_FORMAT, type MeetingRecord } from './types';

// A record to its bytes, once, at the close; and the bytes back to a record, every time it is shown.

export function recordBytes(record: MeetingRecord): Uint8Array {
	return canonicalBytes(record);
}

/**
 * The record the bytes hold. A record of the current format is read as it is; one of an unknown format is refused
 * (a later format that changes the shape adds the upgrade from this one here). The bytes stay as they were stored:
 * the seal is over them, not over what this code makes of them.
 */
export function readRecord(bytes: Uint8Array): MeetingRecord {
	const value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as { format?: unknown };
	if (value === null || typeof value !== 'object') throw new Error(`not a meeting record of format ${RECORD_FORMAT}`);
	// Format 1 kept no files: the same record with none.
	if ((EARLIER_RECORD_FORMATS as readonly unknown[]).includes(value.format))
		return { ...(value as Omit<MeetingRecord, 'format' | 'files'>), format: RECORD_FORMAT, files: [] };
	if (value.format !== RECORD_FORMAT) throw new Error(`not a meeting record of format ${RECORD_FORMAT}`);
	return value as MeetingRecord;
}
