import type { DB } from '../db/open';
import { filesOf, type DocumentFile } from './types';

/**
 * The files a meeting offers for download, from its ballots alone (cheap enough for every page load); ballots are
 * numbered in the order they were prepared, as the model numbers them.
 */
export async function documentLinks(db: DB, meetingId: number, year: number): Promise<DocumentFile[]> {
	const ballots = await db
		.selectFrom('ballots')
		.select(['id', 'status'])
		.where('meeting_id', '=', meetingId)
		.orderBy('id')
		.execute();
	return filesOf(
		year,
		ballots.flatMap((b, i) => (b.status === 'closed' ? [i + 1] : []))
	);
}
