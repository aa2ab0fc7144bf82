import type { Kysely } from 'kysely';

// Two things the meeting must count as the minutes do.
// - excess_notes: an item whose listed deductions exceed what it can lose may be kept as listed only with a note,
//   written when the head moves to voting or closes; the note names the figures it was written about (hundredths).
// - ballot_papers.against: a confirmation paper that says "Không đồng ý" is a valid paper against its candidate,
//   not a blank one (JSON array of unit ids, empty for every other paper).
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('excess_notes')
		.addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id'))
		.addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
		.addColumn('criterion_code', 'text', (c) => c.notNull())
		.addColumn('listed', 'integer', (c) => c.notNull())
		.addColumn('effective', 'integer', (c) => c.notNull())
		.addColumn('note', 'text', (c) => c.notNull())
		.addColumn('noted_by', 'text', (c) => c.notNull())
		.addColumn('noted_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('excess_notes_pk', ['meeting_id', 'unit_id', 'criterion_code'])
		.execute();
	await db.schema
		.alterTable('ballot_papers')
		.addColumn('against', 'text', (c) => c.notNull().defaultTo('[]'))
		.execute();
}
