import type { Kysely } from 'kysely';

// Scoring beside the evidence.
// - deductions.cited_file, deductions.citation: the evidence a deduction rests on, as the live entry held it at the
//   close (the file's SHA-256, a short text); null where it cited none.
// - report_paragraph_links: the head's own link between an item and paragraphs of a unit's report, for a report
//   that does not name the item as the board reads it. `paragraphs` is a JSON array of paragraph positions in the
//   report with that SHA-256 (empty: the report says nothing on the item); a replaced report leaves the link unused.
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('deductions').addColumn('cited_file', 'text').execute();
	await db.schema.alterTable('deductions').addColumn('citation', 'text').execute();
	await db.schema
		.createTable('report_paragraph_links')
		.addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id'))
		.addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
		.addColumn('criterion_code', 'text', (c) => c.notNull())
		.addColumn('report_sha256', 'text', (c) => c.notNull())
		.addColumn('paragraphs', 'text', (c) => c.notNull())
		.addColumn('linked_by', 'integer', (c) => c.notNull().references('users.id'))
		.addColumn('linked_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('report_paragraph_links_pk', ['meeting_id', 'unit_id', 'criterion_code'])
		.execute();
}
