import type { Kysely } from 'kysely';
import { millisType } from './dialect';

// Sign-in throttling in the database, so that it holds across every instance that serves the board (and across a
// restart): one row per throttled key (an account name, a client address), written when an attempt fails.
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('sign_in_throttle')
		// "account:<name>" or "address:<ip>".
		.addColumn('key', 'text', (c) => c.primaryKey())
		// The times (ms) of the recent failures within the window, as a JSON array.
		.addColumn('failures', 'text', (c) => c.notNull())
		// Failures beyond the free budget so far: they set the next wait.
		.addColumn('penalties', 'integer', (c) => c.notNull())
		.addColumn('blocked_until', millisType(db), (c) => c.notNull())
		// The last failure: a key quiet for long is forgotten.
		.addColumn('updated_at', millisType(db), (c) => c.notNull())
		.execute();
	await db.schema.createIndex('sign_in_throttle_updated').on('sign_in_throttle').column('updated_at').execute();
}
