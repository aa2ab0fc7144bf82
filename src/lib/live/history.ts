import * as Y from 'yjs';
import { readAnswers } from './answers-doc';
import { readComments, readDeductions, type LiveDeduction } from './scoring-doc';

// A live document's history, rebuilt from its update log: every update replayed in order with Yjs, each one
// compared with the state before it, and the difference said as changes with the log's author (the signed-in user
// the server recorded, not the name an entry claims) and time. An undone change is one more update in the log,
// so it appears as the change it makes.

export interface LogRow {
	id: number;
	userId: number | null;
	/** Milliseconds since the epoch, as the server stored it. */
	createdAt: number;
	update: Uint8Array;
}

interface Base {
	/** The log row that made the change (several changes may share one). */
	logId: number;
	userId: number | null;
	at: number;
	unit: string;
	criterion: string;
}

export type Change =
	| (Base & { kind: 'add'; deductionId: string; points: number; reason: string })
	| (Base & { kind: 'points'; deductionId: string; from: number; to: number })
	| (Base & { kind: 'reason'; deductionId: string; reason: string })
	| (Base & { kind: 'move'; deductionId: string; from: string })
	| (Base & { kind: 'remove'; deductionId: string; points: number; reason: string })
	| (Base & { kind: 'comment'; commentId: string; text: string })
	| (Base & { kind: 'answer'; deductionId: string; text: string });

export type DeductionChange = Extract<Change, { deductionId: string }>;

/**
 * The scoring document's history, read a slice of the log at a time: it keeps the document as replayed so far, so
 * that the rows after it are all a later reading needs (the history of a long log is not replayed from the start
 * for every look at it). Rows that do not apply (should never happen) are skipped.
 */
export class ScoringReplay {
	private readonly doc = new Y.Doc();
	private deductions = new Map<string, LiveDeduction>();
	private commentIds = new Set<string>();
	/** Where each deduction ever was (its last item), for naming answers to it. */
	readonly items = new Map<string, string>();

	/** The changes the rows make, oldest first. */
	read(rows: readonly LogRow[]): Change[] {
		const changes: Change[] = [];
		for (const row of rows) {
			try {
				Y.applyUpdate(this.doc, row.update);
			} catch {
				continue;
			}
			const base = { logId: row.id, userId: row.userId, at: row.createdAt };
			const now = new Map(readDeductions(this.doc).map((d) => [d.id, d]));
			for (const [id, d] of now) {
				const was = this.deductions.get(id);
				const at = { ...base, unit: d.unit, criterion: d.criterion, deductionId: id };
				this.items.set(id, d.criterion);
				if (!was) {
					changes.push({ ...at, kind: 'add', points: d.points, reason: d.reason });
					continue;
				}
				if (was.criterion !== d.criterion) changes.push({ ...at, kind: 'move', from: was.criterion });
				if (was.points !== d.points) changes.push({ ...at, kind: 'points', from: was.points, to: d.points });
				if (was.reason !== d.reason) changes.push({ ...at, kind: 'reason', reason: d.reason });
			}
			for (const [id, was] of this.deductions) {
				if (!now.has(id))
					changes.push({
						...base,
						unit: was.unit,
						criterion: was.criterion,
						kind: 'remove',
						deductionId: id,
						points: was.points,
						reason: was.reason
					});
			}
			this.deductions = now;
			const comments = readComments(this.doc);
			for (const c of comments) {
				if (!this.commentIds.has(c.id))
					changes.push({
						...base,
						unit: c.unit,
						criterion: c.criterion,
						kind: 'comment',
						commentId: c.id,
						text: c.text
					});
			}
			this.commentIds = new Set(comments.map((c) => c.id));
		}
		return changes;
	}

	destroy(): void {
		this.doc.destroy();
	}
}

/** The scoring document's changes, oldest first. */
export function scoringChanges(rows: readonly LogRow[]): Change[] {
	const replay = new ScoringReplay();
	const changes = replay.read(rows);
	replay.destroy();
	return changes;
}

/** A unit's answers document's history, read a slice of the log at a time (see ScoringReplay). */
export class AnswersReplay {
	private readonly doc = new Y.Doc();
	private before = new Map<string, string>();

	/** `criterionOf` names the item of the deduction answered (from the scoring history: a removed one's too). */
	constructor(
		private readonly unit: string,
		private readonly criterionOf: (deductionId: string) => string | undefined
	) {}

	/** Each new or rewritten answer, oldest first. */
	read(rows: readonly LogRow[]): Change[] {
		const changes: Change[] = [];
		for (const row of rows) {
			try {
				Y.applyUpdate(this.doc, row.update);
			} catch {
				continue;
			}
			const now = new Map<string, string>();
			for (const [id, answer] of readAnswers(this.doc)) {
				now.set(id, answer.text);
				if (this.before.get(id) !== answer.text) {
					changes.push({
						logId: row.id,
						userId: row.userId,
						at: row.createdAt,
						unit: this.unit,
						criterion: this.criterionOf(id) ?? '?',
						kind: 'answer',
						deductionId: id,
						text: answer.text
					});
				}
			}
			this.before = now;
		}
		return changes;
	}

	destroy(): void {
		this.doc.destroy();
	}
}

/**
 * A unit's answers document's changes, oldest first: each new or rewritten answer. `criterionOf` names the item of
 * the deduction answered (from the scoring history, so a removed deduction's answer still says where it was).
 */
export function answerChanges(
	unit: string,
	rows: readonly LogRow[],
	criterionOf: (deductionId: string) => string | undefined
): Change[] {
	const replay = new AnswersReplay(unit, criterionOf);
	const changes = replay.read(rows);
	replay.destroy();
	return changes;
}

/** Where each deduction ever was (its last item), for naming answers to it. */
export function deductionItems(changes: readonly Change[]): Map<string, string> {
	const items = new Map<string, string>();
	for (const c of changes) if ('deductionId' in c && c.kind !== 'answer') items.set(c.deductionId, c.criterion);
	return items;
}

export interface PastDeduction {
	id: string;
	unit: string;
	criterion: string;
	points: number;
	reason: string;
}

/**
 * The deductions as they stood at `moment` (ms), folded from the changes (oldest first): the state the log had
 * after its last update at or before that moment. Read-only pictures for "view as at".
 */
export function deductionsAt(changes: readonly Change[], moment: number): PastDeduction[] {
	const state = new Map<string, PastDeduction>();
	for (const c of changes) {
		if (c.at > moment) break;
		switch (c.kind) {
			case 'add':
				state.set(c.deductionId, {
					id: c.deductionId,
					unit: c.unit,
					criterion: c.criterion,
					points: c.points,
					reason: c.reason
				});
				break;
			case 'points':
			case 'reason':
			case 'move': {
				const d = state.get(c.deductionId);
				if (!d) break;
				if (c.kind === 'points') d.points = c.to;
				else if (c.kind === 'reason') d.reason = c.reason;
				else d.criterion = c.criterion;
				break;
			}
			case 'remove':
				state.delete(c.deductionId);
				break;
		}
	}
	return [...state.values()];
}
