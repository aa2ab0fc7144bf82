import * as Y from 'yjs';
import type { Deduction, Points } from '../core/scoring';
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

// The shape of the scoring document, and the only code that reads or writes it. Used by the browser (editing),
// the server (checking incoming updates, rendering pages, freezing the record) and tests alike.
//
//   deductions: Y.Map<deductionId, Y.Map>  unit, criterion, points (integer hundredths), reason,
//                                          authorId, authorName, createdAt, updatedAt, updatedById, updatedBy,
//                                          citedFile (a SHA-256 of one of the unit's files, or ''), citation
//   comments:   Y.Map<commentId, Y.Map>    unit, criterion, parentId (null for a thread's first comment), text,
//                                          authorId, authorName, createdAt
// A deduction is one nested map so that two people editing different fields both keep their change, and two
// editing the same field converge on one value. Removing a deduction deletes its key; an edit racing the removal
// lands in the deleted map and is dropped everywhere alike.

/**
 * The evidence a deduction rests on: one of the unit's files (its SHA-256), a short text ("Quyết định số … chỉ ghi
 * phối hợp"), or both.
 */
export interface Citation {
	file: string | null;
	text: string;
}

export interface LiveDeduction extends Deduction {
	unit: string;
	authorId: number;
	createdAt: string;
	updatedAt: string;
	/** Who last edited it: the writer's user id (absent on entries written before it existed: the author). */
	updatedById: number;
	updatedBy: string;
	/** Absent when the deduction cites nothing. */
	citation?: Citation;
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

export type { Author };

export const MAX_REASON_LENGTH = 2000;
export const MAX_COMMENT_LENGTH = 4000;
/** A citation points at the evidence; the reason says the rest. */
export const MAX_CITATION_LENGTH = 500;

/** A deduction entry holds exactly these fields. */
export const DEDUCTION_FIELDS = {
	unit: { kind: 'slug' },
	criterion: { kind: 'code' },
	points: { kind: 'points' },
	reason: { kind: 'text', max: MAX_REASON_LENGTH, nonEmpty: true },
	authorId: { kind: 'userId' },
	authorName: { kind: 'text', max: MAX_NAME_LENGTH },
	createdAt: { kind: 'time' },
	updatedAt: { kind: 'time' },
	updatedById: { kind: 'userId' },
	updatedBy: { kind: 'text', max: MAX_NAME_LENGTH },
	citedFile: { kind: 'digest' },
	citation: { kind: 'text', max: MAX_CITATION_LENGTH }
} as const satisfies EntryShape;
/** Fields an entry may lack: the stamp and the citation came after the first entries were written. */
const DEDUCTION_OPTIONAL = ['updatedAt', 'updatedById', 'updatedBy', 'citedFile', 'citation'] as const;
/** Set once, by the author, when the deduction is made. */
const DEDUCTION_FIXED = ['unit', 'authorId', 'authorName', 'createdAt'] as const;
/** Rewritten by every edit: who and when. */
const DEDUCTION_STAMP = ['updatedAt', 'updatedById', 'updatedBy'] as const;

/** A comment entry holds exactly these fields; a comment is never edited. */
export const COMMENT_FIELDS = {
	unit: { kind: 'slug' },
	criterion: { kind: 'code' },
	parentId: { kind: 'entryId', nullable: true },
	text: { kind: 'text', max: MAX_COMMENT_LENGTH, nonEmpty: true },
	authorId: { kind: 'userId' },
	authorName: { kind: 'text', max: MAX_NAME_LENGTH },
	createdAt: { kind: 'time' }
} as const satisfies EntryShape;

export function deductionsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap('deductions');
}

export function commentsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap('comments');
}

/** The document's top-level maps: nothing else may exist in it. */
export const SCORING_ROOTS = ['deductions', 'comments'] as const;

/** A deduction entry read strictly: anything malformed is left out (the server never accepts one). */
export function readDeduction(id: string, entry: unknown): LiveDeduction | undefined {
	if (!ENTRY_ID.test(id)) return undefined;
	const f = readEntry(entry, DEDUCTION_FIELDS, DEDUCTION_OPTIONAL);
	if (!f) return undefined;
	const citedFile = (f.citedFile as string | undefined) ?? '';
	const citationText = (f.citation as string | undefined) ?? '';
	const authorId = f.authorId as number;
	const author = f.authorName as string;
	const createdAt = f.createdAt as string;
	return {
		id,
		unit: f.unit as string,
		criterion: f.criterion as string,
		points: f.points as number,
		reason: f.reason as string,
		authorId,
		author,
		at: createdAt,
		createdAt,
		updatedAt: (f.updatedAt as string | undefined) ?? createdAt,
		updatedById: (f.updatedById as number | undefined) ?? authorId,
		updatedBy: (f.updatedBy as string | undefined) ?? author,
		...(citedFile || citationText.trim() ? { citation: { file: citedFile || null, text: citationText } } : {})
	};
}

/**
 * What one update wrote into an entry: its fields and the values it wrote (whether or not a concurrent write won),
 * or 'all' when it set the entry itself (a new entry, or one replaced whole).
 */
export type Written = ReadonlyMap<string, unknown> | 'all';

/**
 * Why one deduction write may not stand, or null. `before`: the entry as the server had it (undefined: a new one);
 * `entry`: the entry after the write. The writer is the author of a new deduction, for good: author and creation
 * time never change; every edit stamps the writer and the time. An edit is judged by what it wrote, so that an
 * honest edit that loses a race to another still passes.
 */
export function deductionWriteProblem(
	before: LiveDeduction | undefined,
	id: string,
	entry: unknown,
	written: Written,
	writer: Author,
	now: number
): string | null {
	const after = readDeduction(id, entry);
	if (!after) return 'a deduction is malformed';
	const unwritable = unwritableTextProblem(entry as { get(field: string): unknown }, written, ['reason', 'citation']);
	if (unwritable) return unwritable;
	if (before !== undefined) {
		const fixed = {
			unit: after.unit,
			authorId: after.authorId,
			authorName: after.author,
			createdAt: after.createdAt
		};
		const was: typeof fixed = {
			unit: before.unit,
			authorId: before.authorId,
			authorName: before.author,
			createdAt: before.createdAt
		};
		for (const key of DEDUCTION_FIXED) {
			if (fixed[key] !== was[key] || (written !== 'all' && written.has(key)))
				return `a deduction’s ${key} cannot change`;
		}
	}
	if (written === 'all') {
		if (!(entry as { has(field: string): boolean }).has('updatedById')) return 'a deduction lacks its stamp';
		if (before === undefined && (after.authorId !== writer.id || after.author !== writer.name))
			return 'a new deduction must be the writer’s';
		if (before === undefined && !isNow(after.createdAt, now)) return 'a new deduction’s time is not now';
		return stampProblem(
			{ updatedAt: after.updatedAt, updatedById: after.updatedById, updatedBy: after.updatedBy },
			writer,
			now
		);
	}
	if (written.size === 0) return null;
	if (!DEDUCTION_STAMP.every((key) => written.has(key))) return 'an edit must say who made it and when';
	return stampProblem(Object.fromEntries(written), writer, now);
}

function stampProblem(stamp: Record<string, unknown>, writer: Author, now: number): string | null {
	if (stamp.updatedById !== writer.id || stamp.updatedBy !== writer.name)
		return 'an edit must be stamped with its writer';
	if (!isNow(stamp.updatedAt, now)) return 'an edit’s time is not now';
	return null;
}

/**
 * Why one comment write may not stand, or null: a comment is written once, by its author, and never edited.
 * `exists`: whether a comment will exist after the write (a reply's parent may come in the same update).
 */
export function commentWriteProblem(
	existed: boolean,
	id: string,
	entry: unknown,
	exists: (commentId: string) => boolean,
	writer: Author,
	now: number
): string | null {
	if (existed) return 'a comment cannot be edited';
	const c = readComment(id, entry);
	if (!c) return 'a comment is malformed';
	const unwritable = unwritableTextProblem(entry as { get(field: string): unknown }, 'all', ['text']);
	if (unwritable) return unwritable;
	if (c.authorId !== writer.id || c.authorName !== writer.name) return 'a new comment must be the writer’s';
	if (!isNow(c.createdAt, now)) return 'a new comment’s time is not now';
	if (c.parentId !== null && !exists(c.parentId)) return 'a reply to no comment';
	return null;
}

/** The well-formed entries of a map, oldest first (ties by id, so every replica lists them in the same order). */
function readAll<T extends { id: string; createdAt: string }>(
	map: Y.Map<Y.Map<unknown>>,
	read: (id: string, entry: unknown) => T | undefined
): T[] {
	const out: T[] = [];
	map.forEach((entry, id) => {
		const value = read(id, entry);
		if (value) out.push(value);
	});
	return out.sort((a, b) =>
		a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1
	);
}

export function readDeductions(doc: Y.Doc): LiveDeduction[] {
	return readAll(deductionsMap(doc), readDeduction);
}

export function readComment(id: string, entry: unknown): LiveComment | undefined {
	if (!ENTRY_ID.test(id)) return undefined;
	const f = readEntry(entry, COMMENT_FIELDS);
	if (!f) return undefined;
	return {
		id,
		unit: f.unit as string,
		criterion: f.criterion as string,
		parentId: f.parentId as string | null,
		text: f.text as string,
		authorId: f.authorId as number,
		authorName: f.authorName as string,
		createdAt: f.createdAt as string
	};
}

export function readComments(doc: Y.Doc): LiveComment[] {
	return readAll(commentsMap(doc), readComment);
}

function newId(): string {
	return crypto.randomUUID();
}

export function addDeduction(
	doc: Y.Doc,
	input: { unit: string; criterion: string; points: Points; reason: string; citation?: Citation },
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
			reason: writableText(input.reason).trim(),
			authorId: author.id,
			authorName: author.name,
			createdAt: at,
			updatedAt: at,
			updatedById: author.id,
			updatedBy: author.name,
			// Written only when there is one, so that an entry without a citation is what it always was.
			...(input.citation ? citationFields(input.citation) : {})
		})) {
			entry.set(key, value);
		}
	});
	return id;
}

/** A citation as the entry's two fields ('' for what it lacks). */
function citationFields(citation: Citation | null): { citedFile: string; citation: string } {
	return { citedFile: citation?.file ?? '', citation: writableText(citation?.text ?? '').trim() };
}

/** Changes some fields of a deduction; returns false if it no longer exists (someone removed it). */
export function updateDeduction(
	doc: Y.Doc,
	id: string,
	patch: { points?: Points; reason?: string; criterion?: string; citation?: Citation | null },
	author: Author,
	now = new Date()
): boolean {
	const entry = deductionsMap(doc).get(id);
	if (!(entry instanceof Y.Map)) return false;
	doc.transact(() => {
		if (patch.points !== undefined) entry.set('points', patch.points);
		if (patch.reason !== undefined) entry.set('reason', writableText(patch.reason).trim());
		if (patch.criterion !== undefined) entry.set('criterion', patch.criterion);
		// Null takes the citation away; the fields stay, empty, since an edit only ever sets fields.
		if (patch.citation !== undefined)
			for (const [key, value] of Object.entries(citationFields(patch.citation))) entry.set(key, value);
		entry.set('updatedAt', now.toISOString());
		entry.set('updatedById', author.id);
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
			text: writableText(input.text).trim(),
			authorId: author.id,
			authorName: author.name,
			createdAt: now.toISOString()
		})) {
			entry.set(key, value);
		}
	});
	return id;
}
