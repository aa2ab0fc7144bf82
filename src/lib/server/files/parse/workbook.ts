import type { CellValue, Grid, Merge } from '$lib/core/import/grid';
import { MAX_CELLS, MAX_CELL_TEXT, MAX_COLUMNS, MAX_ROWS, MAX_SHARED_STRINGS, MAX_TEXT, OverBound } from './limits';
import { attributes, decodeExcelEscapes, decodeXml, hasDoctype, section } from './xml';
import type { ZipArchive } from './zip';

// An .xlsx workbook's worksheets as Grids, read from the parts themselves: the workbook (which sheets, in which
// order), the shared strings, the styles (which cells are dates) and each worksheet's cells. Only cells that exist
// are read: a cell with a value past the bounds refuses the file before any grid is made, and empty formatted
// cells or merges out there are ignored. The Grid is the one exceljs gave for the same file: a merged range's
// value in its top-left cell, numbers as numbers, dates as YYYY-MM-DD, rich text as its plain text, a formula as
// its cached result.

export interface WorkbookSheets {
	/** How many worksheets the workbook has. */
	count: number;
	/** The worksheets with data, in the workbook's order. */
	grids: Grid[];
}

/** The worksheets, or null when the archive has no workbook at all. */
export function readWorkbook(zip: ZipArchive): WorkbookSheets | null {
	const workbook = xmlPart(zip, 'xl/workbook.xml');
	if (workbook === null) return null;
	const rels = new Map<string, string>();
	for (const m of (xmlPart(zip, 'xl/_rels/workbook.xml.rels') ?? '').matchAll(/<Relationship\b([^>]*)>/g)) {
		const a = attributes(m[1]!);
		if (a.Id && a.Target) rels.set(a.Id, a.Target);
	}
	const properties = /<workbookPr\b([^>]*)>/.exec(workbook);
	const date1904 = properties ? ['1', 'true'].includes(attributes(properties[1]!).date1904 ?? '') : false;
	const paths: string[] = [];
	for (const m of (section(workbook, 'sheets') ?? '').matchAll(/<sheet\b([^>]*)>/g)) {
		const target = rels.get(attributes(m[1]!)['r:id'] ?? '');
		if (!target) continue;
		// Targets are relative to xl/ (or absolute, from the root); chart sheets and others are not worksheets.
		const path = `xl/${target.replace(/^(\s|\/xl\/)+/, '')}`;
		if (/xl\/worksheets\/sheet\d+\.xml/.test(path) && zip.has(path)) paths.push(path);
	}
	if (paths.length === 0) return { count: 0, grids: [] };
	const strings = sharedStrings(xmlPart(zip, 'xl/sharedStrings.xml'));
	const dates = dateStyles(xmlPart(zip, 'xl/styles.xml'));
	const budget = { cells: MAX_CELLS, text: MAX_TEXT };
	const grids: Grid[] = [];
	for (const path of paths) {
		const grid = worksheet(xmlPart(zip, path) ?? '', { strings, dates, date1904, budget });
		if (grid) grids.push(grid);
	}
	return { count: paths.length, grids };
}

function xmlPart(zip: ZipArchive, name: string): string | null {
	const xml = zip.text(name);
	if (xml !== null && hasDoctype(xml)) throw new Error('a DTD in an Office part');
	return xml;
}

/** A shared string (or an inline one): its text, the runs of rich text joined; null when it has no text at all. */
function stringItem(inner: string): string | null {
	const own = inner.includes('<rPh') ? inner.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : inner;
	const texts = [...own.matchAll(/<t(?:\s[^>]*)?(?:\/>|>([^<]*)<\/t>)/g)].map((m) =>
		decodeExcelEscapes(decodeXml(m[1] ?? ''))
	);
	if (texts.length === 0) return /<r[\s>]/.test(own) ? '' : null;
	return /<r[\s>]/.test(own) ? texts.join('') : texts[texts.length - 1]!;
}

function sharedStrings(xml: string | null): (string | null)[] {
	const strings: (string | null)[] = [];
	if (xml === null) return strings;
	let total = 0;
	for (const m of xml.matchAll(/<si(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/si>)/g)) {
		if (strings.length === MAX_SHARED_STRINGS) throw new OverBound('too_much_text');
		const text = m[1] === undefined ? null : stringItem(m[1]);
		if (text !== null) {
			if (text.length > MAX_CELL_TEXT) throw new OverBound('too_much_text');
			total += text.length;
			if (total > MAX_TEXT) throw new OverBound('too_much_text');
		}
		strings.push(text);
	}
	return strings;
}

const BUILT_IN_FORMATS: Record<number, string> = {
	14: 'mm-dd-yy',
	15: 'd-mmm-yy',
	16: 'd-mmm',
	17: 'mmm-yy',
	18: 'h:mm AM/PM',
	19: 'h:mm:ss AM/PM',
	20: 'h:mm',
	21: 'h:mm:ss',
	22: 'm/d/yy "h":mm',
	45: 'mm:ss',
	46: '[h]:mm:ss',
	47: 'mmss.0'
};

/** A number format that shows a date or a time (exceljs's test: y, m, d, h, s or b outside quotes and brackets). */
function isDateFormat(format: string): boolean {
	return /[ymdhMsb]+/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** The style indexes (a cell's s="…") whose number format is a date's. */
function dateStyles(xml: string | null): Set<number> {
	const dates = new Set<number>();
	if (xml === null) return dates;
	const formats = new Map<number, string>();
	for (const m of (section(xml, 'numFmts') ?? '').matchAll(/<numFmt\b([^>]*)>/g)) {
		const a = attributes(m[1]!);
		formats.set(Number(a.numFmtId), (a.formatCode ?? '').replace(/[\\](.)/g, '$1'));
	}
	let index = 0;
	for (const m of (section(xml, 'cellXfs') ?? '').matchAll(/<xf\b([^>]*)>/g)) {
		const id = Number(attributes(m[1]!).numFmtId ?? 0);
		const format = id ? (formats.get(id) ?? BUILT_IN_FORMATS[id]) : undefined;
		if (format && isDateFormat(format)) dates.add(index);
		index++;
	}
	return dates;
}

interface SheetContext {
	strings: (string | null)[];
	dates: Set<number>;
	date1904: boolean;
	/** What the workbook's grids may still take, over all its sheets. */
	budget: { cells: number; text: number };
}

/** "AB12" → column 28 (one-based); 0 when the reference has no letters. */
function columnOf(reference: string): number {
	let column = 0;
	for (let i = 0; i < reference.length; i++) {
		const code = reference.charCodeAt(i);
		if (code < 65 || code > 90) break;
		column = column * 26 + code - 64;
		if (column > 1_000_000) break;
	}
	return column;
}

function rangeOf(ref: string): Merge | null {
	const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(ref);
	if (!m) return null;
	return { top: Number(m[2]), left: columnOf(m[1]!), bottom: Number(m[4]), right: columnOf(m[3]!) };
}

function excelDate(serial: number, date1904: boolean): string | null {
	const date = new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
	return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
}

/** A cell's value: its type (t="…"), its style (s="…") and what it holds. `undefined`: no value at all. */
function cellValue(attrs: Record<string, string>, inner: string, context: SheetContext): CellValue | undefined {
	const formula = /<f\b([^>]*)>/.exec(inner);
	const isFormula = formula !== null && (!/\/\s*$/.test(formula[1]!) || /\bt\s*=/.test(formula[1]!));
	const raw = /<v(?:\s[^>]*)?>([^<]*)<\/v>/.exec(inner)?.[1];
	const v = raw === undefined || raw === '' ? undefined : decodeXml(raw);
	const type = attrs.t;
	const style = attrs.s ? parseInt(attrs.s, 10) : 0;
	const number = (text: string) => {
		const n = parseFloat(text);
		return context.dates.has(style) ? excelDate(n, context.date1904) : n;
	};
	if (isFormula) {
		if (v === undefined) return null;
		if (type === 'str') return decodeXml(v);
		if (type === 'b') return parseInt(v, 10) !== 0 ? 'TRUE' : 'FALSE';
		if (type === 'e') return null;
		return number(v);
	}
	if (type === 'inlineStr') {
		const is = section(inner, 'is');
		return is === null ? undefined : stringItem(is);
	}
	if (v === undefined) return undefined;
	switch (type) {
		case 's': {
			const index = parseInt(v, 10);
			if (!(index >= 0 && index < context.strings.length)) throw new Error('no such shared string');
			return context.strings[index]!;
		}
		case 'str':
			return decodeXml(v);
		case 'b':
			return parseInt(v, 10) !== 0 ? 'TRUE' : 'FALSE';
		case 'e':
			return null;
		default:
			return number(v);
	}
}

/** One worksheet's grid, or null when it has no data. */
function worksheet(xml: string, context: SheetContext): Grid | null {
	// Row number → the values of its cells that hold one (sparse, one-based columns).
	const values = new Map<number, Map<number, CellValue>>();
	// Row number → the last column of a cell that exists there, with a value or a format.
	const extent = new Map<number, number>();
	const withValues = new Set<number>();
	let lastRow = 0;
	let text = 0;
	let count = 0;
	const data = section(xml, 'sheetData') ?? '';
	const rowTag = /<row\b([^>]*)>/g;
	let previousRow = 0;
	for (let row = rowTag.exec(data); row !== null; row = rowTag.exec(data)) {
		const rowAttrs = attributes(row[1]!);
		const r = rowAttrs.r ? parseInt(rowAttrs.r, 10) : previousRow + 1;
		previousRow = r;
		if (!(r >= 1)) throw new Error('bad row number');
		let inner = '';
		if (!/\/\s*$/.test(row[1]!)) {
			const end = data.indexOf('</row>', rowTag.lastIndex);
			if (end < 0) throw new Error('unclosed row');
			inner = data.slice(rowTag.lastIndex, end);
			rowTag.lastIndex = end + 6;
		}
		const inBounds = r <= MAX_ROWS;
		if (inBounds) lastRow = Math.max(lastRow, r);
		const cellTag = /<c\b([^>]*)>/g;
		let previousColumn = 0;
		for (let cell = cellTag.exec(inner); cell !== null; cell = cellTag.exec(inner)) {
			const attrs = attributes(cell[1]!);
			let content = '';
			if (!/\/\s*$/.test(cell[1]!)) {
				const end = inner.indexOf('</c>', cellTag.lastIndex);
				if (end < 0) throw new Error('unclosed cell');
				content = inner.slice(cellTag.lastIndex, end);
				cellTag.lastIndex = end + 4;
			}
			const c = attrs.r ? columnOf(attrs.r) : previousColumn + 1;
			previousColumn = c;
			const value = cellValue(attrs, content, context);
			const formatted = attrs.s !== undefined && parseInt(attrs.s, 10) !== 0;
			if (value === undefined && !formatted) continue;
			if (!inBounds || c > MAX_COLUMNS) {
				// A value out there would make the grid too large to read; an empty formatted cell is ignored.
				if (value !== undefined) throw new OverBound('too_many_cells');
				continue;
			}
			extent.set(r, Math.max(extent.get(r) ?? 0, c));
			if (value === undefined) continue;
			withValues.add(r);
			if (++count > context.budget.cells) throw new OverBound('too_many_cells');
			if (typeof value === 'string') {
				if (value.length > MAX_CELL_TEXT) throw new OverBound('too_much_text');
				text += value.length;
				if (text > context.budget.text) throw new OverBound('too_much_text');
			}
			let cells = values.get(r);
			if (!cells) values.set(r, (cells = new Map()));
			cells.set(c, value);
		}
	}
	// Merged ranges: clipped to the bounds; they widen the rows they cover, as exceljs's cells of a merge do.
	const merges: Merge[] = [];
	for (const m of (section(xml, 'mergeCells') ?? '').matchAll(/<mergeCell\b([^>]*)>/g)) {
		const range = rangeOf(attributes(m[1]!).ref ?? '');
		if (
			!range ||
			range.top > MAX_ROWS ||
			range.left > MAX_COLUMNS ||
			range.bottom < range.top ||
			range.right < range.left
		)
			continue;
		const merge = {
			top: range.top,
			left: range.left,
			bottom: Math.min(range.bottom, MAX_ROWS),
			right: Math.min(range.right, MAX_COLUMNS)
		};
		merges.push(merge);
		lastRow = Math.max(lastRow, merge.bottom);
		for (let r = merge.top; r <= merge.bottom; r++) {
			extent.set(r, Math.max(extent.get(r) ?? 0, merge.right));
			if (merge.bottom > merge.top || merge.right > merge.left) withValues.add(r);
		}
	}
	if (withValues.size === 0) return null;
	let width = 0;
	for (const r of withValues) width = Math.max(width, extent.get(r) ?? 0);
	if (lastRow * width > context.budget.cells) throw new OverBound('too_many_cells');
	context.budget.cells -= lastRow * width;
	context.budget.text -= text;
	const rows: CellValue[][] = [];
	for (let r = 1; r <= lastRow; r++) {
		const cells = values.get(r);
		const row: CellValue[] = new Array<CellValue>(width).fill(null);
		if (cells) for (const [c, value] of cells) if (c <= width) row[c - 1] = value;
		rows.push(row);
	}
	// The cells a merge covers are empty but for its top-left one.
	for (const m of merges) {
		for (let r = m.top; r <= m.bottom; r++) {
			for (let c = m.left; c <= Math.min(m.right, width); c++)
				if (r > m.top || c > m.left) rows[r - 1]![c - 1] = null;
		}
	}
	return {
		rows,
		merges: merges.map((m) => ({ top: m.top - 1, left: m.left - 1, bottom: m.bottom - 1, right: m.right - 1 }))
	};
}
