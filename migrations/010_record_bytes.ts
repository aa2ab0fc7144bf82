import type { Kysely } from 'kysely';
import { bytesType } from './dialect';

// The record of a closed meeting as the bytes sealed at the close: its canonical JSON, whose SHA-256 is the stored
// digest. From now on the record page, `record.json`, the seal and the documents read these bytes, never a rebuild
// from the rows. Null for a meeting closed before this was kept (it is sealed from its rows when first read).
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('meeting_records').addColumn('record', bytesType(db)).execute();
}
