import * as Y from 'yjs';
import { writableText } from '$lib/core/text';
import {
	ENTRY_ID,
	isNow,
	MAX_NAME_LENGTH,
	readEntry,
	unwritableTextProblem,
	type Author,
	type EntryShape
} from './entry';
import { deductionsMap, type Written } from './scoring-doc';

// A unit's answers to its deductions (giải trình): answers: Y.Map<deductionId, Y.Map{text, authorId, authorName, at}>.
// The key is a deduction of the document's own unit; any write of an answer is the writer's, now.

export interface LiveAnswer {
	deductionId: string;
	text: string;
	authorId: number;
	authorName: string;
	at: string;
}

export const MAX_ANSWER_LENGTH = 4000;

/** An answer entry holds exactly these fields. */
export const ANSWER_FIELDS = {
	text: { kind: 'text', max: MAX_ANSWER_LENGTH, nonEmpty: true },
	authorId: { kind: 'userId' },
	authorName: { kind: 'text', max: MAX_NAME_LENGTH },
	at: { kind: 'time' }
} as const satisfies EntryShape;

/** The document's top-level maps: nothing else may exist in it. */
export const ANSWERS_ROOTS = ['answers'] as const;

export function answersMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap('answers');
}

export function readAnswer(deductionId: string, entry: unknown): LiveAnswer | undefined {
	if (!ENTRY_ID.test(deductionId)) return undefined;
	const f = readEntry(entry, ANSWER_FIELDS);
	if (!f) return undefined;
	return {
		deductionId,
		text: f.text as string,
		authorId: f.authorId as number,
		authorName: f.authorName as string,
		at: f.at as string
	};
}

export function readAnswers(doc: Y.Doc): Map<string, LiveAnswer> {
	const out = new Map<string, LiveAnswer>();
	answersMap(doc).forEach((entry, id) => {
		const a = readAnswer(id, entry);
		if (a) out.set(id, a);
	});
	return out;
}

/**
 * Why one answer write may not stand, or null. `scoring`: the meeting's scoring document, where the answered
 * deduction must exist on `unit` (the answers document's own unit). `written`: what the update wrote into the entry
 * ('all': a new or replaced entry); whoever writes an answer signs it, now.
 */
export function answerWriteProblem(
	deductionId: string,
	entry: unknown,
	written: Written,
	unit: string,
	scoring: Y.Doc,
	writer: Author,
	now: number
): string | null {
	const answer = readAnswer(deductionId, entry);
	if (!answer) return 'an answer is malformed';
	const unwritable = unwritableTextProblem(entry as { get(field: string): unknown }, written, ['text']);
	if (unwritable) return unwritable;
	const deduction = deductionsMap(scoring).get(deductionId);
	if (!(deduction instanceof Y.Map) || deduction.get('unit') !== unit)
		return 'an answer must be to a deduction on its own unit';
	const signed =
		written === 'all'
			? { authorId: answer.authorId, authorName: answer.authorName, at: answer.at }
			: Object.fromEntries(written);
	if (written !== 'all' && written.size === 0) return null;
	if (signed.authorId !== writer.id || signed.authorName !== writer.name) return 'an answer must be the writer’s';
	if (!isNow(signed.at, now)) return 'an answer’s time is not now';
	return null;
}

export function setAnswer(doc: Y.Doc, deductionId: string, text: string, author: Author, now = new Date()): void {
	const entry = new Y.Map<unknown>();
	doc.transact(() => {
		answersMap(doc).set(deductionId, entry);
		entry.set('text', writableText(text).trim());
		entry.set('authorId', author.id);
		entry.set('authorName', author.name);
		entry.set('at', now.toISOString());
	});
}
