import { filterHistory, quote } from '$lib/i18n/history-wording';
import {
	AnswersReplay,
	deductionsAt,
	ScoringReplay,
	type Change,
	type LogRow,
	type PastDeduction
} from '$lib/live/history';
import { answersDocumentName, scoringDocumentName } from '$lib/live/documents';
import type { DB } from '../db/open';

// A meeting's live history from the update log (kept whole: it is the audit trail), with the names of the users
// the server recorded as each update's author, served a page at a time.
//
// The log is replayed once per process: each meeting's replay (the documents as replayed so far and the changes
// read from them, their texts cut as the page quotes them) is kept, and a later look reads only the rows logged
// since, in slices that let the board's other work in between. A page of changes and the sheet "as at" a moment are
// then picked from memory: nobody's request replays the log from its start again, nor is the whole history sent to
// a screen. The log itself is never rewritten: every row still says who changed what, and when.

/** Changes per page of the list. */
export const HISTORY_PAGE_SIZE = 50;
/** Log rows replayed between two turns of the event loop. */
const ROWS_PER_SLICE = 100;
/** Meetings whose replay is kept (least recently looked at out first). */
const MAX_KEPT_MEETINGS = 4;

interface Replayed<R> {
	lastId: number;
	replay: R;
	changes: Change[];
}

interface MeetingReplay {
	scoring: Replayed<ScoringReplay>;
	answers: Map<string, Replayed<AnswersReplay>>;
	/** Readers of the log take turns: two looks at once read the new rows once. */
	turn: Promise<unknown>;
}

const kept = new WeakMap<DB, Map<number, MeetingReplay>>();

function replayOf(db: DB, meetingId: number): MeetingReplay {
	let meetings = kept.get(db);
	if (!meetings) kept.set(db, (meetings = new Map()));
	let meeting = meetings.get(meetingId);
	if (meeting) {
		meetings.delete(meetingId);
	} else {
		meeting = {
			scoring: { lastId: 0, replay: new ScoringReplay(), changes: [] },
			answers: new Map(),
			turn: Promise.resolve()
		};
		for (const [oldest, dropped] of meetings) {
			if (meetings.size < MAX_KEPT_MEETINGS) break;
			meetings.delete(oldest);
			dropped.scoring.replay.destroy();
			for (const a of dropped.answers.values()) a.replay.destroy();
		}
	}
	meetings.set(meetingId, meeting);
	return meeting;
}

/** Reads the rows of `document` logged after what `replayed` has read, a slice at a time. */
async function catchUp<R extends { read(rows: readonly LogRow[]): Change[] }>(
	db: DB,
	document: string,
	replayed: Replayed<R>
): Promise<void> {
	for (;;) {
		const rows = await db
			.selectFrom('sync_updates')
			.select(['id', 'user_id', 'created_at', 'update'])
			.where('document', '=', document)
			.where('id', '>', replayed.lastId)
			.orderBy('id')
			.limit(ROWS_PER_SLICE)
			.execute();
		if (rows.length === 0) return;
		console.log(`history: read ${rows.length} logged update(s) of "${document}" after ${replayed.lastId}`);
		for (const change of replayed.replay.read(
			rows.map((r) => ({ id: r.id, userId: r.user_id, createdAt: r.created_at, update: r.update }))
		)) {
			replayed.changes.push(compact(change));
		}
		replayed.lastId = rows.at(-1)!.id;
		if (rows.length < ROWS_PER_SLICE) return;
		await new Promise((resolve) => setImmediate(resolve));
	}
}

/**
 * A change as the history shows it: its texts as quoted on the page (a line each; the whole text is on the sheet
 * and in the log). What is kept of a long log is then a few hundred bytes a change, whatever was rewritten.
 */
function compact(change: Change): Change {
	if ('reason' in change) return { ...change, reason: quote(change.reason) };
	if ('text' in change) return { ...change, text: quote(change.text) };
	return change;
}

/** The meeting's scoring changes and `unit`'s answers, brought up to the log's end. */
async function upToDate(db: DB, meetingId: number, unit: string): Promise<{ scoring: Change[]; answers: Change[] }> {
	const meeting = replayOf(db, meetingId);
	const run = meeting.turn.then(async () => {
		await catchUp(db, scoringDocumentName(meetingId), meeting.scoring);
		let answers = meeting.answers.get(unit);
		if (!answers) {
			const items = meeting.scoring.replay.items;
			meeting.answers.set(
				unit,
				(answers = { lastId: 0, replay: new AnswersReplay(unit, (id) => items.get(id)), changes: [] })
			);
		}
		await catchUp(db, answersDocumentName(meetingId, unit), answers);
		return { scoring: meeting.scoring.changes, answers: answers.changes };
	});
	meeting.turn = run.catch(() => undefined);
	return run;
}

export interface HistoryQuery {
	/** 1-based, newest first. */
	page: number;
	criterion?: string;
	userId?: number;
	/** The "as at" position: 0 before this unit's first change, n after its n-th moment; undefined: now. */
	at?: number;
}

export interface HistoryPage {
	/** This page of the unit's changes (deductions, comments, answers), filtered, newest first. */
	changes: Change[];
	total: number;
	page: number;
	pages: number;
	/** What the filters offer: the items and the people of the unit's changes. */
	criteria: string[];
	people: number[];
	/** Display names of the authors, by user id. */
	names: Record<number, string>;
	asAt: {
		/** The position shown (moments: now). */
		position: number;
		/** How many moments this unit's deductions changed at. */
		moments: number;
		/** The first moment and the one shown (ms), for the slider's label. */
		first: number | null;
		moment: number | null;
		/** The change the picture stands after (the last of its moment), null before the first. */
		after: Change | null;
		/** The page of the list (with the filters in force) that holds it, or null when the filters hide it. */
		afterPage: number | null;
		/** Every unit's deductions as they stood then (reasons left out: the sheet and ranking need points). */
		deductions: PastDeduction[];
	};
}

export async function meetingHistory(
	db: DB,
	meetingId: number,
	unit: string,
	query: HistoryQuery = { page: 1 }
): Promise<HistoryPage> {
	const { scoring, answers } = await upToDate(db, meetingId, unit);
	const mine: Change[] = [];
	const times = new Set<number>();
	for (const c of scoring) {
		if (c.unit !== unit) continue;
		mine.push(c);
		if (c.kind !== 'comment') times.add(c.at);
	}
	for (const c of answers) mine.push(c);
	const moments = [...times].sort((a, b) => a - b);
	const shown = filterHistory(mine, { criterion: query.criterion, userId: query.userId });
	const pages = Math.max(1, Math.ceil(shown.length / HISTORY_PAGE_SIZE));
	const page = Math.min(Math.max(1, Math.floor(query.page) || 1), pages);
	const changes = shown.slice((page - 1) * HISTORY_PAGE_SIZE, page * HISTORY_PAGE_SIZE);

	const position =
		query.at === undefined ? moments.length : Math.min(Math.max(0, Math.floor(query.at) || 0), moments.length);
	const moment =
		position === 0
			? Number.NEGATIVE_INFINITY
			: position >= moments.length
				? Number.POSITIVE_INFINITY
				: moments[position - 1]!;
	const deductions = deductionsAt(scoring, moment).map((d) => ({ ...d, reason: '' }));
	const atMoment = position === 0 ? undefined : moments[Math.min(position, moments.length) - 1];
	let after: Change | null = null;
	for (const c of mine) if (c.kind !== 'comment' && c.kind !== 'answer' && c.at === atMoment) after = c;
	const afterIndex = after === null ? -1 : shown.indexOf(after);
	const afterPage = afterIndex < 0 ? null : Math.floor(afterIndex / HISTORY_PAGE_SIZE) + 1;

	const criteria = [...new Set(mine.map((c) => c.criterion))].sort();
	const people = [...new Set(mine.map((c) => c.userId).filter((id): id is number => id !== null))];
	const named = [...new Set([...people, ...changes.map((c) => c.userId).filter((id): id is number => id !== null)])];
	const users =
		named.length === 0
			? []
			: await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', named).execute();
	return {
		changes,
		total: shown.length,
		page,
		pages,
		criteria,
		people,
		names: Object.fromEntries(users.map((u) => [u.id, u.display_name])),
		asAt: {
			position,
			moments: moments.length,
			first: moments[0] ?? null,
			moment: position > 0 && position < moments.length ? moments[position - 1]! : null,
			after,
			afterPage,
			deductions
		}
	};
}
