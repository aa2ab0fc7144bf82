import { sql, type Kysely } from 'kysely';
import { bytesType, generatedId } from './dialect';

// Each unit's files for a meeting: its self-inspection report and the evidence backing its items. The bytes are
// kept by the file store (content-addressed by SHA-256; see src/lib/server/evidence/store); these tables hold what
// the board knows of each file. One file may back several items and an item may have several files.
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('unit_files')
		.addColumn('id', 'integer', generatedId(db))
		.addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id'))
		.addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
		// The unit's report (báo cáo tự kiểm tra) or a piece of evidence (minh chứng).
		.addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('report', 'evidence')`))
		// The SHA-256 of the bytes (hex): the store's key.
		.addColumn('sha256', 'text', (c) => c.notNull())
		// The cleaned display name: never a path, never used to store anything.
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('size', 'integer', (c) => c.notNull())
		// What the content was found to be, and the Content-Type it is served with.
		.addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('pdf', 'docx', 'xlsx', 'jpg', 'png')`))
		.addColumn('content_type', 'text', (c) => c.notNull())
		.addColumn('caption', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('uploaded_by', 'integer', (c) => c.notNull().references('users.id'))
		.addColumn('uploaded_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('unit_files_meeting_unit')
		.on('unit_files')
		.columns(['meeting_id', 'unit_id'])
		.execute();
	await db.schema.createIndex('unit_files_sha256').on('unit_files').column('sha256').execute();

	// The items a piece of evidence backs, by criterion code (a report backs none).
	await db.schema
		.createTable('unit_file_items')
		.addColumn('file_id', 'integer', (c) => c.notNull().references('unit_files.id').onDelete('cascade'))
		.addColumn('criterion_code', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('unit_file_items_pk', ['file_id', 'criterion_code'])
		.execute();

	// The bytes themselves, for an installation that keeps them in the shared database (several server instances);
	// the embedded default keeps them in a folder beside the database and leaves this table empty.
	await db.schema
		.createTable('file_contents')
		.addColumn('sha256', 'text', (c) => c.primaryKey())
		.addColumn('content', bytesType(db), (c) => c.notNull())
		.execute();

	// Who may read a unit's files: everyone in the meeting, or only the scorers, the host and that unit.
	await db.schema
		.alterTable('meetings')
		.addColumn('files_visibility', 'text', (c) =>
			c
				.notNull()
				.defaultTo('everyone')
				.check(sql`files_visibility in ('everyone', 'restricted')`)
		)
		.execute();
}
