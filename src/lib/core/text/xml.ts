// Characters a document can hold. Word's documents and Excel's workbooks are XML 1.0, which allows no C0 control
// character but tab, line feed and carriage return, no U+FFFE or U+FFFF, and no half of a surrogate pair: one such
// character makes the whole file malformed, and Word will not open it. Word's own Shift+Enter pastes as U+000B.
// Pure.

// A lone high surrogate (not followed by a low one) or a lone low surrogate (not preceded by a high one).
const UNWRITABLE =
	// eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids are control characters
	/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNWRITABLE_ALL = new RegExp(UNWRITABLE.source, 'g');
/** Word's line break (vertical tab) and page break (form feed): they stand for a new line. */
// eslint-disable-next-line no-control-regex -- vertical tab and form feed are control characters
const LINE_BREAKS = /[\u000B\u000C]/g;

/** The first character XML 1.0 does not allow, written "U+000B", or null when there is none. */
export function unwritableChar(text: string): string | null {
	const found = UNWRITABLE.exec(text);
	if (!found) return null;
	return `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The text with what XML 1.0 does not allow normalised: Word's line and page breaks (U+000B, U+000C) become a line
 * feed (or `lineBreak`: a space inside a pasted table's cell, where a line feed would start a new row), every other
 * such character is dropped. Everything else is kept as it is.
 */
export function writableText(text: string, lineBreak: '\n' | ' ' = '\n'): string {
	if (!UNWRITABLE.test(text)) return text;
	return text.replace(LINE_BREAKS, lineBreak).replace(UNWRITABLE_ALL, '');
}

/** Every string in a value (objects, arrays, maps), made writable; other values as they are. */
export function writableDeep<T>(value: T, lineBreak: '\n' | ' ' = '\n'): T {
	const deep = <V>(v: V): V => writableDeep(v, lineBreak);
	if (typeof value === 'string') return writableText(value, lineBreak) as T;
	if (Array.isArray(value)) return value.map(deep) as T;
	if (value instanceof Map) return new Map([...value].map(([k, v]) => [deep(k), deep(v)])) as T;
	if (value instanceof Set) return new Set([...value].map(deep)) as T;
	if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deep(v)])) as T;
	}
	return value;
}
