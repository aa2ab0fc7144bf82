import type { Kysely } from 'kysely';

// Documents an official signs as they come out: each vote count its own number (by ballot id, as JSON), the
// issuer's abbreviation the symbols are made with ("CTĐ"), and the participants who did not attend (their ids, as
// JSON) for the minutes' attendance.
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.alterTable('meeting_documents')
		.addColumn('issuer', 'text', (c) => c.notNull().defaultTo(''))
		.execute();
	await db.schema
		.alterTable('meeting_documents')
		.addColumn('count_numbers', 'text', (c) => c.notNull().defaultTo('{}'))
		.execute();
	await db.schema
		.alterTable('meeting_documents')
		.addColumn('absent', 'text', (c) => c.notNull().defaultTo('[]'))
		.execute();
}
