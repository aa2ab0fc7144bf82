import { documentFileNames } from '$lib/core/documents';
import type { DB } from '../db/open';
import { DOCX_TYPE, XLSX_TYPE, ZIP_TYPE, type DocumentFile } from './types';

/**
 * The files a meeting offers for download, from its ballots alone (cheap enough for every page load): the minutes,
 * one vote count per counted ballot, numbered in the order the ballots were prepared, the report, the tables, the zip.
 */
export async function documentLinks(db: DB, meetingId: number, year: number): Promise<DocumentFile[]> {
	const ballots = await db.selectFrom('ballots').select(['id', 'status']).where('meeting_id', '=', meetingId).orderBy('id').execute();
	const counted = ballots.flatMap((b, i) => (b.status === 'closed' ? [i + 1] : []));
	const names = documentFileNames(year, counted);
	return [
		{ name: names.minutes, type: DOCX_TYPE, kind: 'minutes' },
		...names.counts.map((c) => ({ name: c.name, type: DOCX_TYPE, kind: 'count' as const, ballot: c.number })),
		{ name: names.report, type: DOCX_TYPE, kind: 'report' },
		{ name: names.scores, type: XLSX_TYPE, kind: 'scores' },
		{ name: names.bundle, type: ZIP_TYPE, kind: 'bundle' }
	];
}
