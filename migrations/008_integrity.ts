import type { Kysely } from 'kysely';

// The frozen record names who last edited each deduction, and when, beside its author: both are the users the
// server verified as the writers (never a name the client typed).
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('deductions').addColumn('updated_by', 'text').execute();
	await db.schema.alterTable('deductions').addColumn('updated_at', 'text').execute();
}
