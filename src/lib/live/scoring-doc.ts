import * as Y from 'yjs';
import type { Deduction, Points } from '../core/scoring';

// The shape of the scoring document, and the only code that reads or writes it. Used by the browser (editing),
// the server (checking incoming updates, rendering pages, freezing the record) and tests alike.
//
//   deductions: Y.Map<deductionId, Y.Map>  unit, criterion, points (integer hundredths), reason,
//                                          authorId, authorName, createdAt, updatedAt, updatedBy
//   comments:   Y.Map<commentId, Y.Map>    unit, criterion, parentId (null for a thread's first comment), text,
//                                          authorId, authorName, createdAt
// A deduction is one nested map so that two people editing different fields both keep their change, and two
// editing the same field converge on one value. Removing a deduction deletes its key; an edit racing the removal
// lands in the deleted map and is dropped everywhere alike.

export interface LiveDeduction extends Deduction {
	unit: string;
	authorId: number;
	createdAt: string;
	updatedAt: string;
	updatedBy: string;
}

export interface LiveComment {
	id: string;
	unit: string;
	criterion: string;
	parentId: string | null;
	text: string;
	authorId: number;
	authorName: string;
	createdAt: string;
}

export interface Author {
	id: number;
	name: string;
}

export const MAX_REASON_LENGTH = 2000;
export const MAX_COMMENT_LENGTH = 4000;

export function deductionsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap('deductions');
}

export function commentsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap('comments');
}

const str = (m: Y.Map<unknown>, key: string): string | undefined => {
	const v = m.get(key);
	return typeof v === 'string' ? v : undefined;
};
const int = (m: Y.Map<unknown>, key: string): number | undefined => {
	const v = m.get(key);
	return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
};

/** A deduction entry read defensively: anything malformed is left out (the server never accepts one). */
export function readDeduction(id: string, entry: unknown): LiveDeduction | undefined {
	if (!(entry instanceof Y.Map)) return undefined;
	const unit = str(entry, 'unit');
	const criterion = str(entry, 'criterion');
	const points = int(entry, 'points');
	const reason = str(entry, 'reason');
	const authorId = int(entry, 'authorId');
	const author = str(entry, 'authorName');
	const createdAt = str(entry, 'createdAt');
	if (unit === undefined || criterion === undefined || points === undefined || reason === undefined) return undefined;
	if (authorId === undefined || author === undefined || createdAt === undefined) return undefined;
	const updatedAt = str(entry, 'updatedAt') ?? createdAt;
	return { id, unit, criterion, points, reason, authorId, author, at: createdAt, createdAt, updatedAt, updatedBy: str(entry, 'updatedBy') ?? author };
}

/** The well-formed entries of a map, oldest first (ties by id, so every replica lists them in the same order). */
function readAll<T extends { id: string; createdAt: string }>(map: Y.Map<Y.Map<unknown>>, read: (id: string, entry: unknown) => T | undefined): T[] {
	const out: T[] = [];
	map.forEach((entry, id) => {
		const value = read(id, entry);
		if (value) out.push(value);
	});
	return out.sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1));
}

export function readDeductions(doc: Y.Doc): LiveDeduction[] {
	return readAll(deductionsMap(doc), readDeduction);
}

export function readComment(id: string, entry: unknown): LiveComment | undefined {
	if (!(entry instanceof Y.Map)) return undefined;
	const unit = str(entry, 'unit');
	const criterion = str(entry, 'criterion');
	const text = str(entry, 'text');
	const authorId = int(entry, 'authorId');
	const authorName = str(entry, 'authorName');
	const createdAt = str(entry, 'createdAt');
	const parent = entry.get('parentId');
	if (unit === undefined || criterion === undefined || text === undefined || authorId === undefined) return undefined;
	if (authorName === undefined || createdAt === undefined || (parent !== null && typeof parent !== 'string')) return undefined;
	return { id, unit, criterion, parentId: parent, text, authorId, authorName, createdAt };
}

export function readComments(doc: Y.Doc): LiveComment[] {
	return readAll(commentsMap(doc), readComment);
}

function newId(): string {
	return crypto.randomUUID();
}

export function addDeduction(
	doc: Y.Doc,
	input: { unit: string; criterion: string; points: Points; reason: string },
	author: Author,
	now = new Date()
): string {
	const id = newId();
	const entry = new Y.Map<unknown>();
	doc.transact(() => {
		deductionsMap(doc).set(id, entry);
		const at = now.toISOString();
		for (const [key, value] of Object.entries({
			unit: input.unit,
			criterion: input.criterion,
			points: input.points,
			reason: input.reason.trim(),
			authorId: author.id,
			authorName: author.name,
			createdAt: at,
			updatedAt: at,
			updatedBy: author.name
		})) {
			entry.set(key, value);
		}
	});
	return id;
}

/** Changes some fields of a deduction; returns false if it no longer exists (someone removed it). */
export function updateDeduction(
	doc: Y.Doc,
	id: string,
	patch: { points?: Points; reason?: string; criterion?: string },
	author: Author,
	now = new Date()
): boolean {
	const entry = deductionsMap(doc).get(id);
	if (!(entry instanceof Y.Map)) return false;
	doc.transact(() => {
		if (patch.points !== undefined) entry.set('points', patch.points);
		if (patch.reason !== undefined) entry.set('reason', patch.reason.trim());
		if (patch.criterion !== undefined) entry.set('criterion', patch.criterion);
		entry.set('updatedAt', now.toISOString());
		entry.set('updatedBy', author.name);
	});
	return true;
}

export function removeDeduction(doc: Y.Doc, id: string): boolean {
	const map = deductionsMap(doc);
	if (!map.has(id)) return false;
	map.delete(id);
	return true;
}

export function addComment(
	doc: Y.Doc,
	input: { unit: string; criterion: string; parentId: string | null; text: string },
	author: Author,
	now = new Date()
): string {
	const id = newId();
	const entry = new Y.Map<unknown>();
	doc.transact(() => {
		commentsMap(doc).set(id, entry);
		for (const [key, value] of Object.entries({
			unit: input.unit,
			criterion: input.criterion,
			parentId: input.parentId,
			text: input.text.trim(),
			authorId: author.id,
			authorName: author.name,
			createdAt: now.toISOString()
		})) {
			entry.set(key, value);
		}
	});
	return id;
}
