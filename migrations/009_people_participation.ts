import type { Kysely } from 'kysely';
import { millisType } from './dialect';

// A participation can wait for its person's consent (a host named an account that is not theirs alone), and a
// participant can be marked absent once the meeting has begun. Set-up links are revoked once an administrator exists.
export async function up(db: Kysely<unknown>): Promise<void> {
	// 1 while the person has not yet accepted: no rights, no link, not listed among those present.
	await db.schema
		.alterTable('participants')
		.addColumn('pending', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	// When the host marked them absent (ISO time), or null.
	await db.schema.alterTable('participants').addColumn('absent_since', 'text').execute();
	await db.schema.alterTable('admin_setup_links').addColumn('revoked_at', millisType(db)).execute();
}
