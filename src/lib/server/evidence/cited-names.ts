import type { Transaction } from 'kysely';
import type { DB } from '../db/open';
import type { Database } from '../db/schema';

/** The names a meeting's files were sent under, by SHA-256 (for the citations in the record). */
export async function evidenceNames(
	db: DB | Transaction<Database>,
	meetingId: number
): Promise<ReadonlyMap<string, string>> {
	const rows = await db
		.selectFrom('unit_files')
		.select(['sha256', 'name'])
		.where('meeting_id', '=', meetingId)
		.orderBy('id')
		.execute();
	// One content sent twice under two names is cited by its first.
	const names = new Map<string, string>();
	for (const row of rows) if (!names.has(row.sha256)) names.set(row.sha256, row.name);
	return names;
}
