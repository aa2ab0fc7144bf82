import type { Transaction } from 'kysely';
import type { DB } from '../db/open';
import type { Database } from '../db/schema';

/** The names a meeting's files were sent under, by SHA-256 (for citations in the record). */
export async function evidenceNames(
	_db: DB | Transaction<Database>,
	_meetingId: number
): Promise<ReadonlyMap<string, string>> {
	return new Map();
}
