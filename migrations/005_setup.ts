import { sql, type Kysely } from 'kysely';
import { millisType } from './dialect';

// A cluster sets up its own meetings: administrators of the installation, the cluster's layout and short name,
// a meeting's time and place, who submitted each sheet, versions of a criteria table, and people's contact details.
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.alterTable('users')
		.addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema.alterTable('users').addColumn('position', 'text').execute();
	await db.schema.alterTable('users').addColumn('email', 'text').execute();
	await db.schema.alterTable('users').addColumn('phone', 'text').execute();

	await db.schema.alterTable('clusters').addColumn('short_name', 'text').execute();
	// The official layout of the body the cluster reports to: the Party's (36-HD/VPTW) or the State's (30/2020/NĐ-CP).
	await db.schema
		.alterTable('clusters')
		.addColumn('layout', 'text', (c) =>
			c
				.notNull()
				.defaultTo('party')
				.check(sql`layout in ('party', 'state')`)
		)
		.execute();

	await db.schema
		.alterTable('units')
		.addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
		.execute();

	// Local date and time in Vietnam ("2026-12-15T08:00"), a room, and the video call's address.
	await db.schema.alterTable('meetings').addColumn('starts_at', 'text').execute();
	await db.schema.alterTable('meetings').addColumn('location', 'text').execute();
	await db.schema.alterTable('meetings').addColumn('call_url', 'text').execute();
	await db.schema
		.alterTable('meetings')
		.addColumn('copied_from', 'integer', (c) => c.references('meetings.id'))
		.execute();

	await db.schema
		.alterTable('sheets')
		.addColumn('submitted_by', 'integer', (c) => c.references('users.id'))
		.execute();

	await db.schema
		.alterTable('criteria_templates')
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.execute();

	// One-time links that make their opener an administrator (or, with user_id, sign in an administrator created
	// from the command line); only the SHA-256 of the token is kept.
	await db.schema
		.createTable('admin_setup_links')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('created_at', millisType(db), (c) => c.notNull())
		.addColumn('expires_at', millisType(db), (c) => c.notNull())
		.addColumn('used_at', millisType(db))
		.addColumn('user_id', 'integer', (c) => c.references('users.id'))
		.addColumn('used_by', 'integer', (c) => c.references('users.id'))
		.execute();
}
