import { answerChanges, deductionItems, scoringChanges, type Change, type LogRow } from '$lib/live/history';
import { answersDocumentName, scoringDocumentName } from '$lib/live/documents';
import type { DB } from '../db/open';

// A meeting's live history from the update log (kept whole: it is the audit trail), with the names of the users
// the server recorded as each update's author.

async function logOf(db: DB, document: string): Promise<LogRow[]> {
	const rows = await db.selectFrom('sync_updates').select(['id', 'user_id', 'created_at', 'update']).where('document', '=', document).orderBy('id').execute();
	return rows.map((r) => ({ id: r.id, userId: r.user_id, createdAt: r.created_at, update: r.update }));
}

export interface MeetingHistory {
	/** Every change to deductions in the meeting (all units: the ranking "as at" needs them), oldest first. */
	deductionChanges: Change[];
	/** This unit's comments and answers, oldest first. */
	talk: Change[];
	/** Display names of the authors, by user id. */
	names: Record<number, string>;
}

export async function meetingHistory(db: DB, meetingId: number, unit: string): Promise<MeetingHistory> {
	const scoring = scoringChanges(await logOf(db, scoringDocumentName(meetingId)));
	const items = deductionItems(scoring);
	const answers = answerChanges(unit, await logOf(db, answersDocumentName(meetingId, unit)), (id) => items.get(id));
	const deductionChanges = scoring.filter((c) => c.kind !== 'comment');
	const talk = [...scoring.filter((c) => c.kind === 'comment' && c.unit === unit), ...answers].sort((a, b) => a.at - b.at || a.logId - b.logId);
	const ids = [...new Set([...deductionChanges, ...talk].map((c) => c.userId).filter((id): id is number => id !== null))];
	const users = ids.length === 0 ? [] : await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
	return { deductionChanges, talk, names: Object.fromEntries(users.map((u) => [u.id, u.display_name])) };
}
