import type { Kysely } from 'kysely';

// When the review actually began (the move from preparation to review), for the minutes: they state the real time,
// not the scheduled one. Null for meetings still in preparation, and for those reviewed before this was kept.
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('meetings').addColumn('review_started_at', 'text').execute();
}
