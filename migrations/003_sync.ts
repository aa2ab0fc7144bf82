import type { Kysely } from 'kysely';
import { bytesType, generatedId, millisType } from './dialect';

// The live board's storage: every accepted Yjs update in order (the audit trail, kept forever), and snapshots
// that let a document load without replaying its whole log.
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('sync_updates')
		.addColumn('id', 'integer', generatedId(db))
		.addColumn('document', 'text', (c) => c.notNull())
		.addColumn('user_id', 'integer')
		.addColumn('created_at', millisType(db), (c) => c.notNull())
		.addColumn('update', bytesType(db), (c) => c.notNull())
		.execute();
	await db.schema.createIndex('sync_updates_document').on('sync_updates').columns(['document', 'id']).execute();

	await db.schema
		.createTable('sync_snapshots')
		.addColumn('document', 'text', (c) => c.primaryKey())
		.addColumn('last_update_id', 'integer', (c) => c.notNull())
		.addColumn('state', bytesType(db), (c) => c.notNull())
		.addColumn('created_at', millisType(db), (c) => c.notNull())
		.execute();
}
