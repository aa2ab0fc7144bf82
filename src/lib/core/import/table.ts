import { parsePoints, points as toPoints, type Points } from '../scoring/points';
import { cellText, foldText, isBlankRow, type CellValue, type Grid } from './grid';

// What the criteria importer and the unit-sheet reader share: finding the header row of a criteria table by its
// words, reading the numbering officials write (I, 1, 1.1, a), -, or full codes like I.2.3), and reading numbers
// typed as text ("0,5", "10 điểm").

/** Which column holds what, zero-based; -1 when the table has no such column. */
export interface TableColumns {
	code: number;
	title: number;
	max: number;
	self: number;
	note: number;
}

export interface TableHeader {
	/** Zero-based index of the (last) header row; data starts after it. */
	row: number;
	columns: TableColumns;
}

const HEADER_SCAN_ROWS = 40;

type Role = keyof TableColumns;

/** The role a header cell's words give its column, or null. "Điểm" alone is the maximum unless `loneScoreIsSelf`. */
function headerRole(folded: string, loneScoreIsSelf: boolean): Role | null {
	if (folded === '') return null;
	if (/\b(tu cham|tu danh gia|don vi cham|don vi tu)\b/.test(folded)) return 'self';
	if (/\bghi chu\b/.test(folded)) return 'note';
	if (/^(s?tt|so tt|so thu tu|muc|ma|ma so|ma muc|ky hieu|code|no)$/.test(folded)) return 'code';
	if (/\b(noi dung|tieu chi|ten tieu chi|chi tieu)\b/.test(folded)) return 'title';
	if (/\b(diem chuan|diem toi da|toi da|thang diem|khung diem|diem quy dinh|max|maximum)\b/.test(folded))
		return 'max';
	if (/^(diem|so diem|diem so|score)$/.test(folded)) return loneScoreIsSelf ? 'self' : 'max';
	return null;
}

function rolesOf(labels: readonly string[], loneScoreIsSelf: boolean): TableColumns {
	const columns: TableColumns = { code: -1, title: -1, max: -1, self: -1, note: -1 };
	labels.forEach((label, index) => {
		const role = headerRole(label, loneScoreIsSelf);
		if (role && columns[role] === -1) columns[role] = index;
	});
	return columns;
}

/** The text of a cell, or of the merged cell that covers it. */
export function coveredText(grid: Grid, row: number, column: number): string {
	const own = cellText(grid.rows[row]?.[column]);
	if (own !== '') return own;
	const merge = grid.merges.find((m) => m.top <= row && row <= m.bottom && m.left <= column && column <= m.right);
	return merge ? cellText(grid.rows[merge.top]?.[merge.left]) : '';
}

function labelsOf(grid: Grid, row: number): string[] {
	const width = grid.rows[row]?.length ?? 0;
	return Array.from({ length: width }, (_, c) => foldText(coveredText(grid, row, c)));
}

/**
 * Finds the header row by its words, not its position: a column of titles ("Nội dung", "Tiêu chí") and one of
 * maxima ("Điểm chuẩn", "Điểm tối đa", "Điểm") — or, for a unit's sheet, of self scores ("Điểm tự chấm"). A header
 * on two rows ("Điểm" merged over "Tối đa" | "Tự chấm") is read as one.
 */
export function findTableHeader(grid: Grid, need: 'max' | 'self'): TableHeader | null {
	const last = Math.min(grid.rows.length, HEADER_SCAN_ROWS);
	const complete = (c: TableColumns) =>
		need === 'max' ? c.title >= 0 && c.max >= 0 : c.self >= 0 && (c.code >= 0 || c.title >= 0);
	for (let r = 0; r < last; r++) {
		const labels = labelsOf(grid, r);
		if (labels.every((l) => l === '')) continue;
		// On a unit's sheet a lone "Điểm" is what the unit scored, unless a "tự chấm" column says otherwise.
		const loneScoreIsSelf = need === 'self' && !labels.some((l) => headerRole(l, false) === 'self');
		const single = rolesOf(labels, loneScoreIsSelf);
		if (complete(single)) {
			// A second header row under this one ("Tối đa" | "Tự chấm") may name what this row left unnamed.
			// Its own cells only: a TT or Nội dung cell merged down from this row says nothing new.
			const below = (grid.rows[r + 1] ?? []).map((cell) => foldText(cellText(cell)));
			const lower = rolesOf(below, false);
			if ((lower.max >= 0 || lower.self >= 0) && lower.title < 0 && !looksLikeData(grid, r + 1)) {
				return { row: r + 1, columns: merged(single, lower) };
			}
			return { row: r, columns: single };
		}
		if (r + 1 < grid.rows.length) {
			const below = labelsOf(grid, r + 1);
			// The next row is a header by itself (this one is a title just above it): it is found next time round.
			if (complete(rolesOf(below, need === 'self'))) continue;
			const joined = labels.map((l, c) => `${l} ${below[c] ?? ''}`.trim());
			const two = rolesOf(joined, need === 'self');
			if (complete(two)) return { row: r + 1, columns: two };
		}
	}
	return null;
}

function merged(upper: TableColumns, lower: TableColumns): TableColumns {
	const out = { ...upper };
	for (const role of ['max', 'self', 'note'] as const) if (lower[role] >= 0) out[role] = lower[role];
	if (out.max === out.self) out.max = -1;
	return out;
}

function looksLikeData(grid: Grid, row: number): boolean {
	// A number, or a figure in words ("tối đa 10 điểm"): a header's words carry no figures.
	return (grid.rows[row] ?? []).some((cell) => typeof cell === 'number' || /\d/.test(cellText(cell)));
}

/** "(1) (2) (3)…" or "1 2 3…" under a header: column numbers, not data. */
export function isColumnNumberRow(row: readonly CellValue[]): boolean {
	const texts = row.map((c) => cellText(c)).filter((t) => t !== '');
	if (texts.length < 2) return false;
	return texts.every((t, i) => t.replace(/[()]/g, '') === String(i + 1));
}

export { isBlankRow };

// ——— numbering ———

export type NumberingStyle = 'upper' | 'roman' | 'arabic' | 'dotted' | 'letter' | 'bullet' | 'full';

export interface Numbering {
	style: NumberingStyle;
	/** What is written, cleaned: "I", "2", "2.1", "a", "" for a bullet, "I.2.3" for a full code. */
	label: string;
	/** Nesting rank among relative styles: a larger rank sits below a smaller one. */
	rank: number;
}

const ROMAN = /^(X{0,3})(IX|IV|V?I{0,3})$/;

function isRoman(text: string): boolean {
	return text !== '' && ROMAN.test(text);
}

/** Reads a label as written in a TT column: "I.", "II", "1", "1.", "2.1", "a)", "b.", "-", "+", "I.2.3", "B.1". */
export function readNumbering(raw: string): Numbering | null {
	// "Mục I", "Phần 2", "Tiêu chí 3": the word says what the number is.
	const text = raw
		.replace(/^\s*(mục|phần|tiêu chí|chỉ tiêu|nội dung)\s+/iu, '')
		.replace(/\s+/g, '')
		.replace(/^\((.*)\)$/, '$1');
	if (text === '') return null;
	if (/^[-+•–—*]$/.test(text)) return { style: 'bullet', label: '', rank: 9 };
	const bare = text.replace(/[.):]$/, '');
	if (/^[IVXivx]+$/.test(bare) && isRoman(bare.toUpperCase()) && bare === bare.toUpperCase())
		return { style: 'roman', label: bare, rank: 2 };
	if (/^[A-Z]$/.test(bare)) return { style: 'upper', label: bare, rank: 1 };
	if (/^\d{1,3}$/.test(bare)) return { style: 'arabic', label: String(Number(bare)), rank: 3 };
	if (/^\d{1,3}(\.\d{1,3})+$/.test(bare)) {
		const parts = bare.split('.').map((p) => String(Number(p)));
		return { style: 'dotted', label: parts.join('.'), rank: 2 + parts.length };
	}
	// "a)", "b.", or a bare "c" in a TT cell.
	if (/^[a-zđ]$/.test(bare)) return { style: 'letter', label: bare, rank: 8 };
	// A full code as the board writes it: a Roman numeral or a capital letter, then dotted parts.
	if (/^([IVX]+|[A-Z])(\.[0-9]{1,3}|\.[a-zđ])+$/.test(bare)) {
		const first = bare.split('.')[0]!;
		if (first.length === 1 || isRoman(first)) return { style: 'full', label: bare, rank: 0 };
	}
	return null;
}

/** A cell that begins with its numbering ("I. CÔNG TÁC…", "2.1. Thực hiện…", "a) Đề tài…"): the label and the rest. */
export function splitLeadingNumbering(text: string): { numbering: Numbering; rest: string } | null {
	const match =
		/^\s*((?:[IVX]+|[A-Z]|\d{1,3}(?:\.\d{1,3})*|[a-zđ]|(?:[IVX]+|[A-Z])(?:\.[0-9a-zđ]{1,3})+)[.):]|[-+•–]|\d{1,3}(?:\.\d{1,3})+)\s+(\S.*)$/u.exec(
			text
		);
	if (!match) return null;
	const numbering = readNumbering(match[1]!);
	return numbering ? { numbering, rest: match[2]!.trim() } : null;
}

// ——— numbers ———

export type NumberRead = { ok: true; value: Points } | { ok: false };

/** A number as a cell holds it: a number, or text "0,5", "0.5", "10 điểm", "(2)", "−1". */
export function readCellPoints(value: CellValue | undefined): NumberRead {
	if (typeof value === 'number') {
		try {
			return { ok: true, value: toPoints(Math.round(value * 1e6) / 1e6) };
		} catch {
			return { ok: false };
		}
	}
	const text = cellText(value)
		.replace(/\s*(điểm|đ|diem|d)\.?$/iu, '')
		.replace(/^\((.*)\)$/, '$1')
		.trim();
	if (text === '') return { ok: false };
	const parsed = parsePoints(text);
	return parsed.ok ? { ok: true, value: parsed.value } : { ok: false };
}

/** A cell's content as text for a score field: numbers written with a point, text as typed. */
export function cellAsScoreText(value: CellValue | undefined): string {
	if (typeof value === 'number') {
		const rounded = Math.round(value * 1e6) / 1e6;
		return String(rounded);
	}
	return cellText(value)
		.replace(/\s*(điểm|đ)\.?$/iu, '')
		.trim();
}

/** Lower case without diacritics, punctuation kept: for phrases with numbers in them ("lẻ đến 0,5"). */
export function plainText(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D')
		.toLowerCase();
}

export type RowKind = 'bonus' | 'penalty' | null;

/** What a row's words make it, beyond its numbering: the heading of a bonus or penalty section (sum rows: words.ts). */
export function rowWords(title: string): RowKind {
	const f = foldText(title).replace(/^phan [a-z0-9]+ /, '');
	if (
		/^(diem thuong|diem cong|cong diem|diem uu tien|cac tieu chi thuong|tieu chi thuong)\b/.test(f) ||
		f === 'thuong'
	)
		return 'bonus';
	if (/^(diem tru|diem phat|tru diem|cac tieu chi tru|tieu chi tru|cac truong hop tru diem)\b/.test(f) || f === 'tru')
		return 'penalty';
	return null;
}

/**
 * Turns the numbering of successive rows into hierarchical codes: a row sits below the nearest row above it of a
 * smaller rank (I above 1 above 1.1 above a) above -), and its code is its parent's code, a dot, and its own label
 * ("2.1" under "2" adds ".1"). Full codes (I.2.3) find their parent by prefix. Each entry carries a reference
 * (a tree node) for the caller.
 */
export class Numberer<T> {
	private stack: { code: string; label: string; rank: number; children: number; ref: T }[] = [];
	private roots = 0;
	private readonly rootCodes = new Set<string>();

	get parent(): T | undefined {
		return this.stack.at(-1)?.ref;
	}

	/** The rows still open, outermost first: where a row without a number would go, and what a "Cộng" closes. */
	get open(): T[] {
		return this.stack.map((entry) => entry.ref);
	}

	/** The first capital letter no top-level part uses yet, for an unnumbered heading. */
	freeLetter(): string {
		for (const letter of 'ACDEFGHKLMNOQRSTUVWXYZ') if (!this.rootCodes.has(letter)) return letter;
		return 'Z';
	}

	private push(code: string, label: string, rank: number, ref: T): string {
		const top = this.stack.at(-1);
		if (top) top.children++;
		else {
			this.roots++;
			this.rootCodes.add(code);
		}
		this.stack.push({ code, label, rank, children: 0, ref });
		return code;
	}

	/** The row's code, and the reference of its parent (before it is pushed). */
	place(numbering: Numbering, ref: T): { code: string; parent: T | undefined } {
		if (numbering.style === 'full') {
			const parentCode = numbering.label.split('.').slice(0, -1).join('.');
			while (this.stack.length > 0 && this.stack.at(-1)!.code !== parentCode) this.stack.pop();
			const top = this.stack.at(-1);
			return { parent: top?.ref, code: this.push(numbering.label, numbering.label, (top?.rank ?? 1) + 1, ref) };
		}
		while (this.stack.length > 0 && this.stack.at(-1)!.rank >= numbering.rank) this.stack.pop();
		const top = this.stack.at(-1);
		let segment = numbering.label;
		if (numbering.style === 'dotted' && top) {
			// "2.1" under "2" adds ".1"; under anything else it keeps all of itself.
			const prefix = segment.split('.').slice(0, -1).join('.');
			if (top.label === prefix || top.code.endsWith(`.${prefix}`)) segment = segment.split('.').at(-1)!;
		}
		return {
			parent: top?.ref,
			code: this.push(top ? `${top.code}.${segment}` : segment, numbering.label, numbering.rank, ref)
		};
	}

	/** A row without a number (or a bullet): numbered by its place among its parent's rows. Not a parent itself. */
	positional(): { code: string; parent: T | undefined } {
		const top = this.stack.at(-1);
		if (top) {
			top.children++;
			return { parent: top.ref, code: `${top.code}.${top.children}` };
		}
		this.roots++;
		return { parent: undefined, code: String(this.roots) };
	}

	/** An unnumbered heading that starts a part of its own at the top (a bonus or penalty section). */
	topLevel(wanted: string, ref: T): string {
		this.stack.length = 0;
		let code = wanted;
		for (let i = 2; this.rootCodes.has(code); i++) code = `${wanted}${i}`;
		return this.push(code, '', 1, ref);
	}
}

/**
 * A data row's numbering, title and words: the numbering from the TT cell, or from the start of a cell merged
 * across TT and Nội dung ("I. CÔNG TÁC ĐÀO TẠO"), or from the start of the title when TT is empty or absent.
 */
export function readRowLabel(
	row: readonly CellValue[],
	columns: Pick<TableColumns, 'code' | 'title'>
): { numbering: Numbering | null; title: string; words: RowKind } {
	const codeText = columns.code >= 0 ? cellText(row[columns.code]) : '';
	let title = columns.title >= 0 ? cellText(row[columns.title]) : '';
	let numbering: Numbering | null = codeText === '' ? null : readNumbering(codeText);
	if (codeText !== '' && numbering === null && title === '') {
		const split = splitLeadingNumbering(codeText);
		if (split) {
			numbering = split.numbering;
			title = split.rest;
		} else title = codeText;
	}
	if (numbering === null) {
		const split = splitLeadingNumbering(title);
		if (split) {
			numbering = split.numbering;
			title = split.rest;
		}
	}
	return { numbering, title, words: rowWords(title) };
}
