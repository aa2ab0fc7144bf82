import * as Y from 'yjs';
import { unwritableChar } from '$lib/core/text';

// The building blocks of the live documents' shapes: each entry is one Y.Map holding exactly its fields, each field
// of one kind with a bound. scoring-doc.ts and answers-doc.ts declare their entries with these; the server's content
// check, the browser and the record read entries through them, so that all agree on what an entry is.

export type FieldRule =
	| { kind: 'text'; max: number; nonEmpty?: boolean }
	| { kind: 'slug' }
	| { kind: 'code' }
	| { kind: 'points' }
	| { kind: 'userId' }
	| { kind: 'time' }
	| { kind: 'entryId'; nullable: true }
	/** A file's SHA-256 in lower-case hex, or '' for none. */
	| { kind: 'digest' };

export type EntryShape = Readonly<Record<string, FieldRule>>;

/** The writer of a change, as the server knows them from the session (never from the document). */
export interface Author {
	id: number;
	name: string;
}

/** Display names are short; the bound keeps a hostile name from filling the database. */
export const MAX_NAME_LENGTH = 200;
/** How far a client's clock may be from the server's for a time it writes. */
export const CLOCK_TOLERANCE_MS = 5 * 60_000;

/** crypto.randomUUID()'s form: the keys of deductions and comments. */
export const ENTRY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** A criterion's code, e.g. "II.1.1". */
const CODE = /^[\p{L}\p{N}._-]{1,32}$/u;
/** Date.prototype.toISOString()'s form. */
/** A SHA-256 in lower-case hex: how a meeting's files are known. */
export const DIGEST = /^[0-9a-f]{64}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function fieldIsValid(rule: FieldRule, value: unknown): boolean {
	switch (rule.kind) {
		case 'text':
			return typeof value === 'string' && value.length <= rule.max && (!rule.nonEmpty || value.trim().length > 0);
		case 'slug':
			return typeof value === 'string' && SLUG.test(value);
		case 'code':
			return typeof value === 'string' && CODE.test(value);
		case 'points':
		case 'userId':
			return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
		case 'time':
			return typeof value === 'string' && TIME.test(value) && !Number.isNaN(Date.parse(value));
		case 'entryId':
			return (rule.nullable && value === null) || (typeof value === 'string' && ENTRY_ID.test(value));
		case 'digest':
			return value === '' || (typeof value === 'string' && DIGEST.test(value));
	}
}

/**
 * The entry's fields as a plain object if it is a map (a Y.Map, or a Map of the fields an update would leave)
 * holding exactly the shape's fields, each valid; otherwise undefined. `optional` fields may be missing (entries
 * written before they existed).
 */
export function readEntry(
	entry: unknown,
	shape: EntryShape,
	optional: readonly string[] = []
): Record<string, unknown> | undefined {
	if (!(entry instanceof Y.Map) && !(entry instanceof Map)) return undefined;
	const fields: Record<string, unknown> = {};
	for (const key of entry.keys()) {
		const rule = shape[key];
		if (!rule) return undefined;
		const value: unknown = entry.get(key);
		if (!fieldIsValid(rule, value)) return undefined;
		fields[key] = value;
	}
	for (const key of Object.keys(shape)) if (!(key in fields) && !optional.includes(key)) return undefined;
	return fields;
}

/** Whether `time` (an ISO string) is the server's now, give or take the clock tolerance. */
export function isNow(time: unknown, now: number): boolean {
	return typeof time === 'string' && Math.abs(Date.parse(time) - now) <= CLOCK_TOLERANCE_MS;
}

/**
 * Why the text a write puts into an entry's `fields` cannot stand, or null: a character XML 1.0 does not allow
 * (Word's Shift+Enter pastes as U+000B) would break every document that shows the text. Judged on what the write
 * wrote (`written`, or the whole entry when it set the entry itself), so that text stored before this rule does not
 * block an edit of another field. The browser normalises such text before writing (writableText).
 */
export function unwritableTextProblem(
	entry: { get(field: string): unknown },
	written: ReadonlyMap<string, unknown> | 'all',
	fields: readonly string[]
): string | null {
	for (const field of fields) {
		if (written !== 'all' && !written.has(field)) continue;
		const value = written === 'all' ? entry.get(field) : written.get(field);
		const found = typeof value === 'string' ? unwritableChar(value) : null;
		if (found) return `the ${field} holds a character documents cannot hold (${found})`;
	}
	return null;
}
