import { sql, type Kysely } from 'kysely';
import { generatedId, millisType } from './dialect';

// Users, their sessions, meeting participants with their role, and personal join links.
// Session ids and join-link ids are SHA-256 hashes of the tokens: the tokens themselves are never stored.
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('users')
		.addColumn('id', 'integer', generatedId(db))
		.addColumn('display_name', 'text', (c) => c.notNull())
		.addColumn('username', 'text', (c) => c.unique())
		.addColumn('password_hash', 'text')
		.addColumn('unit_id', 'integer', (c) => c.references('units.id'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('sessions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
		.addColumn('expires_at', millisType(db), (c) => c.notNull())
		.addColumn('created_at', millisType(db), (c) => c.notNull())
		.execute();
	await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

	await db.schema
		.createTable('participants')
		.addColumn('id', 'integer', generatedId(db))
		.addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id'))
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
		.addColumn('role', 'text', (c) =>
			c.notNull().check(sql`role in ('host', 'head', 'vice_head', 'delegate', 'observer')`)
		)
		.addColumn('unit_id', 'integer', (c) => c.references('units.id'))
		.addColumn('joined_at', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('participants_meeting_user', ['meeting_id', 'user_id'])
		.addCheckConstraint('participants_delegate_has_unit', sql`role <> 'delegate' or unit_id is not null`)
		.execute();
	// One delegate per member unit and meeting: the unit's one vote is theirs.
	await db.schema
		.createIndex('participants_one_delegate_per_unit')
		.on('participants')
		.columns(['meeting_id', 'unit_id'])
		.unique()
		.where(sql.ref('role'), '=', 'delegate')
		.execute();

	await db.schema
		.createTable('join_links')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('participant_id', 'integer', (c) => c.notNull().references('participants.id'))
		.addColumn('created_at', millisType(db), (c) => c.notNull())
		.addColumn('expires_at', millisType(db), (c) => c.notNull())
		.addColumn('used_at', millisType(db))
		.addColumn('revoked_at', millisType(db))
		.execute();
	await db.schema.createIndex('join_links_participant').on('join_links').column('participant_id').execute();
}
