import type { Kysely } from 'kysely';

// The documents a cluster files after its meeting: the fields the host fills once (numbers and symbols, the place on
// the date line, chair, secretary, recipients, the report's narrative), the vote-counting committee of each ballot,
// and who last edited each deduction (the minutes name both author and last editor).
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('meeting_documents')
		.addColumn('meeting_id', 'integer', (c) => c.primaryKey().references('meetings.id'))
		// "76-BC/CTĐ" (party) or "12/BB-CTĐ" (state): typed as the office numbers its outgoing papers.
		.addColumn('minutes_number', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('count_number', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('report_number', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
		// The date the documents bear ("2021-11-15"); empty means the meeting's own date.
		.addColumn('issued_on', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('chair_name', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('chair_office', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('secretary_name', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('secretary_office', 'text', (c) => c.notNull().defaultTo(''))
		// One recipient a line, as the "Nơi nhận" list prints them.
		.addColumn('recipients', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('situation', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('activities', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('direction', 'text', (c) => c.notNull().defaultTo(''))
		// The report's statistics appendix as JSON (tables of figures per unit), when the meeting has any.
		.addColumn('statistics', 'text')
		.addColumn('updated_at', 'text')
		.addColumn('updated_by', 'integer', (c) => c.references('users.id'))
		.execute();

	// Named when the ballot is prepared: the head of the vote-counting committee and its members, one a line.
	await db.schema
		.alterTable('ballots')
		.addColumn('committee_head', 'text', (c) => c.notNull().defaultTo(''))
		.execute();
	await db.schema
		.alterTable('ballots')
		.addColumn('committee_members', 'text', (c) => c.notNull().defaultTo(''))
		.execute();

	await db.schema.alterTable('deductions').addColumn('updated_at', 'text').execute();
	await db.schema.alterTable('deductions').addColumn('updated_by', 'text').execute();
}
