import type { Kysely } from 'kysely';

// Several instances on one PostgreSQL: each meeting's live documents have one owner instance at a time. The owner
// holds a PostgreSQL advisory lock on a connection of its own (released by PostgreSQL when the owner or that
// connection dies) and this row, whose fencing token grows by one at every acquisition: the owner's commits check
// the token they acquired, so a former owner that has not yet noticed its loss can never commit again. The address
// is where other instances relay the meeting's sockets. Unused on SQLite (one process owns everything).
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('meeting_leases')
		.addColumn('meeting_id', 'integer', (c) => c.primaryKey())
		.addColumn('token', 'integer', (c) => c.notNull())
		.addColumn('owner', 'text', (c) => c.notNull())
		.addColumn('address', 'text', (c) => c.notNull())
		.addColumn('acquired_at', 'text', (c) => c.notNull())
		.execute();
}
