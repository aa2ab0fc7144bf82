import type { Kysely } from 'kysely';

// The summary report's narrative section by section, as report 76-BC/CTĐ is written: the documents it is made
// under, the difficulties beside the advantages (`situation`), the general assessment, shortcomings and causes
// beside the results (`activities`), the tasks and the proposals to the superior body beside the direction.
const SECTIONS = ['basis', 'difficulties', 'assessment', 'shortcomings', 'causes', 'tasks', 'proposals'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
	for (const column of SECTIONS) {
		await db.schema
			.alterTable('meeting_documents')
			.addColumn(column, 'text', (c) => c.notNull().defaultTo(''))
			.execute();
	}
}
