import { writableText } from './xml';

// The rules of every text a form stores, in one place: how long each kind may be, whether it is one line, and what
// is done to characters a document cannot hold (normalised, see ./xml.ts). The form actions read their text fields
// through these, so that a name, a title or a report's narrative is bounded like the live board's fields. Pure.

export const TEXT_KINDS = {
	/** A person's, a unit's or a body's name, a username. */
	name: { max: 200, lines: 'one' },
	/** A position, an office, a number and symbol, a place, a phone number, an e-mail address. */
	short: { max: 200, lines: 'one' },
	/** A meeting's or a ballot's title, a criterion's title, an address or a link. */
	title: { max: 500, lines: 'one' },
	/** A criterion's content in a criteria table (official wording can run to a paragraph). */
	criterion: { max: 2_000, lines: 'one' },
	/** A web address (a video call's link can be long). */
	link: { max: 2_000, lines: 'one' },
	/** A list typed one item a line (recipients, committee members, candidates). */
	list: { max: 4_000, lines: 'many' },
	/** A note, a comment on a sheet. */
	note: { max: 2_000, lines: 'many' },
	/** A report's narrative section, a pasted table. */
	narrative: { max: 20_000, lines: 'many' }
} as const satisfies Record<string, { max: number; lines: 'one' | 'many' }>;

export type TextKind = keyof typeof TEXT_KINDS;

/**
 * The form fields that hold a table pasted from Excel or Word, a row a line: there Word's line break (U+000B) is a
 * break inside a cell, and becomes a space rather than a new row.
 */
export const PASTED_TABLE_FIELDS: ReadonlySet<string> = new Set(['list', 'text']);

export type TextRead = { ok: true; value: string } | { ok: false; max: number; length: number };

/**
 * A form's text as stored: characters a document cannot hold normalised, a one-line kind's line breaks and runs of
 * white space made one space, trimmed; too long for its kind is refused (with the bound and the length, to say so).
 */
export function readText(raw: unknown, kind: TextKind): TextRead {
	const rule = TEXT_KINDS[kind];
	let value = writableText(typeof raw === 'string' ? raw : '');
	value = rule.lines === 'one' ? value.replace(/\s+/g, ' ').trim() : value.replace(/\r\n?/g, '\n').trim();
	// Counted in characters as a person sees them (code points), not UTF-16 units.
	const length = [...value].length;
	return length > rule.max ? { ok: false, max: rule.max, length } : { ok: true, value };
}

export interface TextProblem {
	field: string;
	/** What the field belongs to, when a form has several of it (a criterion's code). */
	of?: string;
	max: number;
	length: number;
}

/** Reads several fields of a form at once: the stored values, and every field that is too long. */
export function readTexts<F extends string>(
	form: { get(name: string): unknown },
	fields: Readonly<Record<F, TextKind>>
): { values: Record<F, string>; problems: TextProblem[] } {
	const values = {} as Record<F, string>;
	const problems: TextProblem[] = [];
	for (const [field, kind] of Object.entries(fields) as [F, TextKind][]) {
		const read = readText(form.get(field), kind);
		if (read.ok) values[field] = read.value;
		else {
			values[field] = '';
			problems.push({ field, max: read.max, length: read.length });
		}
	}
	return { values, problems };
}
