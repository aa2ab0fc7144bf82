import * as Y from 'yjs';
import type { Author } from './scoring-doc';

// A unit's answers to its deductions (giải trình): answers: Y.Map<deductionId, Y.Map{text, authorId, authorName, at}>.

export interface LiveAnswer {
	deductionId: string;
	text: string;
	authorId: number;
	authorName: string;
	at: string;
}

export const MAX_ANSWER_LENGTH = 4000;

export function answersMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap('answers');
}

export function readAnswer(deductionId: string, entry: unknown): LiveAnswer | undefined {
	if (!(entry instanceof Y.Map)) return undefined;
	const text = entry.get('text');
	const authorId = entry.get('authorId');
	const authorName = entry.get('authorName');
	const at = entry.get('at');
	if (typeof text !== 'string' || typeof authorName !== 'string' || typeof at !== 'string') return undefined;
	if (typeof authorId !== 'number' || !Number.isSafeInteger(authorId)) return undefined;
	return { deductionId, text, authorId, authorName, at };
}

export function readAnswers(doc: Y.Doc): Map<string, LiveAnswer> {
	const out = new Map<string, LiveAnswer>();
	answersMap(doc).forEach((entry, id) => {
		const a = readAnswer(id, entry);
		if (a) out.set(id, a);
	});
	return out;
}

export function setAnswer(doc: Y.Doc, deductionId: string, text: string, author: Author, now = new Date()): void {
	const entry = new Y.Map<unknown>();
	doc.transact(() => {
		answersMap(doc).set(deductionId, entry);
		entry.set('text', text.trim());
		entry.set('authorId', author.id);
		entry.set('authorName', author.name);
		entry.set('at', now.toISOString());
	});
}
