import { foldText } from '../import/grid';
import { templateItems, type Criterion, type Template } from '../scoring';

// Where a unit's self-inspection report speaks of each item of the criteria table. A report is the unit's account of
// its year, item by item, under headings that number and name the items as the unit wrote them: "1. Hoàn thành chỉ
// tiêu…" under "I. CÔNG TÁC ĐÀO TẠO…", "2.1 Đổi mới nội dung…", "Tiêu chí II.1.1: …", or only the item's title. An
// item's paragraphs are its heading and what follows it up to the next heading; a paragraph that names an item's
// full code ("theo tiêu chí II.1.1") counts for it too. A number read under the report's own sections (a "1." under
// "I.") is taken only when the heading's words agree with the item's title, since a report's numbering need not
// follow the table's; failing that, the title alone decides. The head's own link replaces what was found. Pure.

/** How an item's paragraphs were found: its number, its title, or the head's link. */
export type ParagraphSource = 'number' | 'title' | 'link';

export interface ItemParagraphs {
	/** Positions in the report's paragraphs, ascending. */
	paragraphs: number[];
	by: ParagraphSource;
}

/** An item's paragraphs, by item code; an item the report does not name is absent. */
export type ReportMatch = Record<string, ItemParagraphs>;

/** At most this many paragraphs follow a heading: a missed heading must not hand an item the rest of the report. */
export const MAX_SECTION_PARAGRAPHS = 25;
/** A paragraph longer than this is body text, never a heading. */
const MAX_HEADING_LENGTH = 300;

/** A heading's number as written: its parts ("II", "1", "a") and whether a word such as "Tiêu chí" led it. */
interface Written {
	parts: string[];
	led: boolean;
	/** The heading's words after the number. */
	rest: string;
}

const LEAD = /^(?:tieu chi|tieu chuan|muc|phan|noi dung)\s+/;
// Folded words that say nothing about which item a heading is: they do not count towards a title's agreement.
const COMMON = new Set(
	'va cac cua trong ve cho duoc voi la co nam theo tai tu den mot nhung cong tac thuc hien viec nay do nhu diem toi da'.split(
		' '
	)
);

/**
 * The number a paragraph opens with, if it opens like a heading: "I.", "1.", "1.2", "1.2.", "a)", "B.", or any
 * number after "Tiêu chí", "Mục", "Phần", "Nội dung" (with or without diacritics). "1)" alone opens a list entry
 * (reports list documents so), and a bare number followed by a space is a figure ("15 năm"), not a heading.
 */
export function readHeadingNumber(paragraph: string): Written | null {
	const text = paragraph.trim();
	if (text.length === 0 || text.length > MAX_HEADING_LENGTH) return null;
	// The lead word, by words: folding keeps a word's count, not its length.
	const leadWords =
		LEAD.exec(foldText(text.split(/\s+/).slice(0, 3).join(' ')))?.[0]
			.trim()
			.split(' ').length ?? 0;
	const body = leadWords > 0 ? text.split(/\s+/).slice(leadWords).join(' ') : text;
	const match =
		/^((?:[IVX]{1,5}|[ivx]{2,5}|[A-Za-z]|\d{1,2})(?:\.(?:\d{1,2}|[a-z]))*)(\.(?!\d)|\)|:|\s*[-–—]\s|\s+|$)/.exec(
			body
		);
	if (!match) return null;
	const [whole, number, end] = match as unknown as [string, string, string];
	const parts = number.split('.');
	if (leadWords === 0 && parts.length === 1) {
		const first = parts[0]!;
		const punctuated = end === '.' || end === ':' || /[-–—]/.test(end);
		// "1)" opens a list entry and "15 năm" a figure; a heading's number is punctuated as one.
		if (/^\d+$/.test(first) && !punctuated) return null;
		if (/^[IVX]+$/.test(first) && !punctuated && !(first.length === 1 && end === ')')) return null;
		if (/^[A-Z]$/.test(first) && !punctuated && end !== ')') return null;
		if (/^[a-z]$/.test(first) && end !== ')' && end !== '.') return null;
		if (/^[ivx]{2,}$/.test(first)) return null; // "ii." alone reads as a word more often than a number
	}
	return { parts: parts.map(normalPart), led: leadWords > 0, rest: body.slice(whole.length).trim() };
}

/** "ii" → "II", "01" → "1", "a" stays "a": the template's spelling of a code's part. */
function normalPart(part: string): string {
	if (/^\d+$/.test(part)) return String(Number(part));
	if (part.length > 1 || /^[IVX]$/.test(part)) return part.toUpperCase();
	return part;
}

/** The words of a text that can tell items apart, folded. */
function words(text: string): string[] {
	return foldText(text)
		.split(' ')
		.filter((w) => w.length > 0 && !COMMON.has(w) && !/^\d+$/.test(w));
}

/** How much of a title a heading's words say, 0 to 1. */
export function titleAgreement(heading: string, title: string): number {
	const wanted = words(title);
	if (wanted.length === 0) return 0;
	const have = new Set(words(heading));
	return wanted.filter((w) => have.has(w)).length / wanted.length;
}

/** Enough of a title for a heading's number to be read as that item's: half its telling words. */
const AGREES = 0.5;

function allCriteria(t: Template): Criterion[] {
	const out: Criterion[] = [];
	const walk = (list: readonly Criterion[]) => {
		for (const c of list) {
			out.push(c);
			if (c.type === 'section') walk(c.children);
		}
	};
	walk(t.criteria);
	return out;
}

/**
 * The item (or section) a heading stands for, or null. `context`: the codes of the headings read so far that
 * a following number may be read under, innermost first.
 */
function resolveHeading(
	paragraph: string,
	written: Written | null,
	context: readonly string[],
	byCode: ReadonlyMap<string, Criterion>,
	criteria: readonly Criterion[]
): { code: string; by: 'number' | 'title' } | null {
	if (written) {
		const literal = written.parts.join('.');
		// The table's own code, written out: "Tiêu chí II.1.1", "II.1.1 Đề án…", "1.2" in a table numbered so.
		if (byCode.has(literal) && (written.led || written.parts.length > 1 || context.length === 0)) {
			const c = byCode.get(literal)!;
			if (written.led || written.parts.length > 1 || agrees(written.rest, c.title))
				return { code: literal, by: 'number' };
		}
		// Under the report's sections: the first reading whose title the heading's words agree with.
		const candidates = [...context.map((parent) => `${parent}.${literal}`), literal].filter((code) =>
			byCode.has(code)
		);
		const agreeing = candidates.find((code) => agrees(written.rest, byCode.get(code)!.title));
		if (agreeing) return { code: agreeing, by: 'number' };
		// A heading that is its number alone ("Tiêu chí 3", "1.2. (5 điểm)") has nothing to disagree with.
		if (candidates.length > 0 && words(written.rest).length === 0) return { code: candidates[0]!, by: 'number' };
	}
	// The title alone: a short paragraph that says one item's title word for word (the longest such, the most
	// specific), or opens with the first words of one, and says little else.
	const text = written ? written.rest : paragraph.trim();
	if (text.length === 0 || text.length > MAX_HEADING_LENGTH) return null;
	const said = ` ${foldText(text)} `;
	const saidWords = said.trim().split(' ').length;
	let best: { code: string; length: number } | null = null;
	for (const c of criteria) {
		const title = foldText(c.title);
		const length = title.split(' ').length;
		if (length < 2 || saidWords > length * 2 + 4) continue;
		const named =
			said.includes(` ${title} `) ||
			(saidWords >= 3 && saidWords < length && title.startsWith(said.trim() + ' '));
		if (named && (!best || title.length > best.length)) best = { code: c.code, length: title.length };
	}
	return best ? { code: best.code, by: 'title' } : null;
}

function agrees(heading: string, title: string): boolean {
	return titleAgreement(heading, title) >= AGREES;
}

/** The paragraphs that mention an item's full code after "tiêu chí", "mục" or "phần" anywhere in their text. */
function mentions(paragraph: string, codes: ReadonlySet<string>): string[] {
	const found: string[] = [];
	const folded = paragraph
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D');
	for (const m of folded.matchAll(
		/\b(?:tieu chi|muc|phan)\s+([IVXivx]{1,5}(?:\.(?:\d{1,2}|[a-z]))+|\d{1,2}(?:\.\d{1,2})+)/gi
	)) {
		const code = m[1]!.split('.').map(normalPart).join('.');
		if (codes.has(code)) found.push(code);
	}
	return found;
}

/**
 * Each item's paragraphs in a report (`paragraphs`: the report's text a paragraph each, as read from its file; a
 * report with no text has none). `links`: the head's own links by item code, which replace what was found (an empty
 * list: the report says nothing on that item); positions outside the report are dropped.
 */
export function matchReportParagraphs(
	paragraphs: readonly string[],
	template: Template,
	links: Readonly<Record<string, readonly number[]>> = {}
): ReportMatch {
	const criteria = allCriteria(template);
	const byCode = new Map(criteria.map((c) => [c.code, c]));
	const items = new Set(templateItems(template).map((i) => i.code));
	const found = new Map<string, { paragraphs: Set<number>; by: 'number' | 'title' }>();
	const note = (code: string, by: 'number' | 'title', positions: Iterable<number>) => {
		if (!items.has(code)) return;
		const entry = found.get(code) ?? { paragraphs: new Set<number>(), by };
		if (by === 'number') entry.by = 'number';
		for (const p of positions) entry.paragraphs.add(p);
		found.set(code, entry);
	};

	// Every heading first: an item's paragraphs end where the next heading, of any item or none, begins.
	const headings: { at: number; code: string | null; by: 'number' | 'title' }[] = [];
	let context: string[] = [];
	paragraphs.forEach((paragraph, at) => {
		const written = readHeadingNumber(paragraph);
		const resolved = resolveHeading(paragraph, written, context, byCode, criteria);
		if (resolved) {
			headings.push({ at, ...resolved });
			// What follows is read under this heading and the sections that hold it.
			const path: string[] = [];
			for (let code: string | undefined = resolved.code; code;) {
				path.push(code);
				const dot = code.lastIndexOf('.');
				code = dot > 0 ? code.slice(0, dot) : undefined;
			}
			context = path.filter((code) => byCode.get(code)?.type === 'section');
		} else if (written) {
			// A numbered heading the table does not know closes the item before it. A top section's number is
			// still read as that section's, its words notwithstanding: what follows must agree with its own titles.
			headings.push({ at, code: null, by: 'number' });
			const section = byCode.get(written.parts.join('.'));
			if (written.parts.length === 1 && section?.type === 'section' && !written.parts[0]!.match(/^\d/))
				context = [section.code];
		}
	});
	headings.forEach((heading, i) => {
		if (heading.code === null) return;
		const end = Math.min(
			headings[i + 1]?.at ?? paragraphs.length,
			heading.at + 1 + MAX_SECTION_PARAGRAPHS,
			paragraphs.length
		);
		note(
			heading.code,
			heading.by,
			Array.from({ length: end - heading.at }, (_, k) => heading.at + k)
		);
	});
	paragraphs.forEach((paragraph, at) => {
		for (const code of mentions(paragraph, items)) note(code, 'number', [at]);
	});

	const result: ReportMatch = {};
	for (const code of templateItems(template).map((i) => i.code)) {
		const link = links[code];
		if (link) {
			const kept = [...new Set(link)].filter((p) => Number.isInteger(p) && p >= 0 && p < paragraphs.length);
			result[code] = { paragraphs: kept.sort((a, b) => a - b), by: 'link' };
			continue;
		}
		const entry = found.get(code);
		if (entry) result[code] = { paragraphs: [...entry.paragraphs].sort((a, b) => a - b), by: entry.by };
	}
	return result;
}
