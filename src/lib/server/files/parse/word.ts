import { XMLParser } from 'fast-xml-parser';
import type { CellValue, Grid, Merge } from '$lib/core/import/grid';
import { findTableHeader } from '$lib/core/import/table';
import {
	MAX_CELLS,
	MAX_CELL_TEXT,
	MAX_COLUMNS,
	MAX_ROWS,
	MAX_TEXT,
	MAX_XML_ELEMENTS,
	OverBound,
	type BoundRefusal
} from './limits';
import { hasDoctype } from './xml';
import type { ZipArchive } from './zip';

// Reads the tables of a Word document (.docx) into Grids, from the document's XML: a cell spanning columns
// (w:gridSpan) keeps its text in its first column, a cell continuing a vertical merge (w:vMerge) is empty, and both
// are recorded as merges, as a worksheet's would be. The paragraphs around a table come along as its context
// (the title above it, a note on the step below it). The document's XML is counted before it is parsed (elements),
// and its tables and text while they are read (rows, columns, cells, text), against the bounds of ./limits.

export type WordRefusal = 'empty' | 'too_large' | 'not_a_table' | 'unreadable' | 'no_table' | BoundRefusal;

export interface WordTable {
	grid: Grid;
	/** Paragraphs before the table (since the previous one) and after it (until the next one). */
	context: string[];
}

/** `adjacent[i]`: whether table i and table i + 1 follow each other with no text between them. */
export type WordTablesResult =
	{ ok: true; tables: WordTable[]; adjacent: boolean[] } | { ok: false; reason: WordRefusal };

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
	preserveOrder: true,
	ignoreAttributes: false,
	attributeNamePrefix: '',
	trimValues: false,
	parseTagValue: false,
	parseAttributeValue: false,
	processEntities: true
});

/** Whether a zip archive is a Word document. */
export function isWordDocument(zip: ZipArchive): boolean {
	return zip.has('word/document.xml');
}

/** What a document may still take while it is read: cells of its tables and characters of text. */
interface Budget {
	cells: number;
	text: number;
}

function spendText(budget: Budget, text: string): string {
	if (text.length > MAX_CELL_TEXT) throw new OverBound('too_much_text');
	budget.text -= text.length;
	if (budget.text < 0) throw new OverBound('too_much_text');
	return text;
}

/** The number of elements (start tags and empty tags) in a part, counted without parsing it. */
function elementCount(xml: string): number {
	let count = 0;
	for (let at = xml.indexOf('<'); at >= 0; at = xml.indexOf('<', at + 1)) {
		const next = xml.charCodeAt(at + 1);
		// Not end tags (</), comments and declarations (<!, <?).
		if (next !== 47 && next !== 33 && next !== 63) count++;
	}
	return count;
}

/** The document's tables; throws OverBound past a bound, anything else for a document that cannot be read. */
export function readWordTables(zip: ZipArchive): WordTablesResult {
	const xml = zip.text('word/document.xml');
	if (xml === null) return { ok: false, reason: 'not_a_table' };
	if (hasDoctype(xml)) return { ok: false, reason: 'unreadable' };
	if (elementCount(xml) > MAX_XML_ELEMENTS) throw new OverBound('too_large_unpacked');
	const tree = parser.parse(xml) as XmlNode[];
	const budget: Budget = { cells: MAX_CELLS, text: MAX_TEXT };
	const body = childrenOf(find(childrenOf(find(tree, 'w:document')), 'w:body'));
	const tables: { grid: Grid; index: number }[] = [];
	const blocks: ({ kind: 'p'; text: string } | { kind: 'tbl'; table: number })[] = [];
	const walkBlocks = (nodes: XmlNode[]) => {
		for (const node of nodes) {
			const tag = tagOf(node);
			if (tag === 'w:p') blocks.push({ kind: 'p', text: spendText(budget, textOf(node).trim()) });
			else if (tag === 'w:tbl') {
				tables.push({ grid: tableGrid(node, budget), index: tables.length });
				blocks.push({ kind: 'tbl', table: tables.length - 1 });
			} else if (tag === 'w:sdt') walkBlocks(childrenOf(find(childrenOf(node), 'w:sdtContent')));
		}
	};
	walkBlocks(body);
	if (tables.length === 0) return { ok: false, reason: 'no_table' };
	// Where each table sits among the blocks.
	const places = blocks.flatMap((b, i) => (b.kind === 'tbl' ? [i] : []));
	const adjacent = tables
		.slice(0, -1)
		.map((_, i) => blocks.slice(places[i]! + 1, places[i + 1]!).every((b) => b.kind === 'p' && b.text === ''));
	return {
		ok: true,
		adjacent,
		tables: tables.map(({ grid, index }) => {
			const at = places[index]!;
			const context: string[] = [];
			for (let i = at - 1; i >= 0 && blocks[i]!.kind === 'p'; i--)
				context.unshift((blocks[i] as { text: string }).text);
			for (let i = at + 1; i < blocks.length && blocks[i]!.kind === 'p'; i++)
				context.push((blocks[i] as { text: string }).text);
			return { grid, context: context.filter((t) => t !== '') };
		})
	};
}

/**
 * The document's criteria table: the first whose header row names the columns `need` asks for (maxima, or self
 * scores), else the largest table.
 */
export function readWordTable(
	zip: ZipArchive,
	need: 'max' | 'self' = 'max'
): { ok: true; table: WordTable } | { ok: false; reason: WordRefusal } {
	const read = readWordTables(zip);
	if (!read.ok) return read;
	const at = read.tables.findIndex((t) => findTableHeader(t.grid, need) !== null);
	if (at < 0)
		return { ok: true, table: [...read.tables].sort((a, b) => b.grid.rows.length - a.grid.rows.length)[0]! };
	// A table split where a page broke (or pasted in pieces) goes on in the next tables of the same width, with
	// no text between them and no header of their own.
	const table: WordTable = {
		grid: { rows: [...read.tables[at]!.grid.rows], merges: [...read.tables[at]!.grid.merges] },
		context: [...read.tables[at]!.context]
	};
	const width = table.grid.rows[0]?.length ?? 0;
	for (let i = at + 1; i < read.tables.length; i++) {
		const next = read.tables[i]!;
		if (
			!read.adjacent[i - 1] ||
			(next.grid.rows[0]?.length ?? 0) !== width ||
			findTableHeader(next.grid, need) !== null
		)
			break;
		const offset = table.grid.rows.length;
		table.grid.rows.push(...next.grid.rows);
		table.grid.merges.push(
			...next.grid.merges.map((m) => ({ ...m, top: m.top + offset, bottom: m.bottom + offset }))
		);
		table.context.push(...next.context.filter((line) => !table.context.includes(line)));
	}
	return { ok: true, table };
}

function tagOf(node: XmlNode): string {
	return Object.keys(node).find((k) => k !== ':@') ?? '';
}

function childrenOf(node: XmlNode | undefined): XmlNode[] {
	if (!node) return [];
	const value = node[tagOf(node)];
	return Array.isArray(value) ? (value as XmlNode[]) : [];
}

function find(nodes: XmlNode[], tag: string): XmlNode | undefined {
	return nodes.find((n) => tagOf(n) === tag);
}

function attr(node: XmlNode | undefined, name: string): string | undefined {
	const attrs = node?.[':@'] as Record<string, string> | undefined;
	return attrs?.[name];
}

/** The text of a paragraph or a cell: runs joined, tabs as spaces, paragraphs and breaks as line breaks. */
function textOf(node: XmlNode): string {
	const parts: string[] = [];
	const walk = (n: XmlNode) => {
		const tag = tagOf(n);
		if (tag === '#text') {
			parts.push(String(n['#text']));
			return;
		}
		if (tag === 'w:tab') parts.push(' ');
		else if (tag === 'w:br' || tag === 'w:cr') parts.push('\n');
		// Deleted text in tracked changes and field instructions are not what the reader sees.
		if (tag === 'w:del' || tag === 'w:instrText' || tag === 'w:tcPr' || tag === 'w:pPr' || tag === 'w:rPr') return;
		const children = childrenOf(n);
		children.forEach((child, i) => {
			walk(child);
			if (tagOf(child) === 'w:p' && i < children.length - 1) parts.push('\n');
		});
	};
	walk(node);
	return parts.join('');
}

function tableGrid(tbl: XmlNode, budget: Budget): Grid {
	const rows: CellValue[][] = [];
	const merges: Merge[] = [];
	// The merge each column's cell belongs to in the row above, to extend a vertical merge.
	let open = new Map<number, Merge>();
	const trs = childrenOf(tbl).filter((n) => tagOf(n) === 'w:tr');
	if (trs.length > MAX_ROWS) throw new OverBound('too_many_cells');
	trs.forEach((tr, r) => {
		const cells: CellValue[] = [];
		const nextOpen = new Map<number, Merge>();
		const trPr = find(childrenOf(tr), 'w:trPr');
		const before = Number(attr(find(childrenOf(trPr), 'w:gridBefore'), 'w:val') ?? 0) || 0;
		if (before > MAX_COLUMNS) throw new OverBound('too_many_cells');
		for (let i = 0; i < before; i++) cells.push(null);
		for (const tc of childrenOf(tr).filter((n) => tagOf(n) === 'w:tc')) {
			const props = childrenOf(find(childrenOf(tc), 'w:tcPr'));
			const span = Math.max(1, Number(attr(find(props, 'w:gridSpan'), 'w:val') ?? 1) || 1);
			if (cells.length + span > MAX_COLUMNS) throw new OverBound('too_many_cells');
			const vMergeNode = find(props, 'w:vMerge');
			const vMerge = vMergeNode ? (attr(vMergeNode, 'w:val') ?? 'continue') : null;
			const c = cells.length;
			const text = spendText(
				budget,
				textOf({ cell: childrenOf(tc).filter((n) => tagOf(n) !== 'w:tcPr') } as XmlNode)
					.split('\n')
					.map((l) => l.trim())
					.filter((l) => l !== '')
					.join('\n')
			);
			if (vMerge === 'continue' && open.has(c)) {
				const merge = open.get(c)!;
				merge.bottom = r;
				nextOpen.set(c, merge);
				cells.push(null);
			} else {
				cells.push(text === '' ? null : text);
				if (span > 1 || vMerge === 'restart') {
					const merge: Merge = { top: r, left: c, bottom: r, right: c + span - 1 };
					merges.push(merge);
					if (vMerge === 'restart') nextOpen.set(c, merge);
				}
			}
			for (let i = 1; i < span; i++) cells.push(null);
		}
		open = nextOpen;
		rows.push(cells);
	});
	const width = rows.reduce((w, row) => Math.max(w, row.length), 0);
	budget.cells -= rows.length * width;
	if (budget.cells < 0) throw new OverBound('too_many_cells');
	for (const row of rows) while (row.length < width) row.push(null);
	// Merges of one cell (a vMerge restart never continued) are no merges.
	return { rows, merges: merges.filter((m) => m.bottom > m.top || m.right > m.left) };
}
