import type { Kysely } from 'kysely';
import { bytesType } from './dialect';

// Each snapshot keeps its state vector beside the state, so that a document can answer a late joiner straight from
// the stored bytes without first decoding them into a Y.Doc. Older snapshots have none (null) until rewritten.
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('sync_snapshots').addColumn('state_vector', bytesType(db)).execute();
}
