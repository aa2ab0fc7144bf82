import {
	AlignmentType,
	BorderStyle,
	Header,
	PageNumber,
	PageOrientation,
	Paragraph,
	Table,
	TableCell,
	TableLayoutType,
	TableRow,
	Tab,
	TabStopType,
	TextRun,
	VerticalAlign,
	WidthType,
	type ISectionOptions,
	type IStylesOptions
} from 'docx';
import { DRAFT_MARK } from '$lib/core/documents';

// The page and type of every document: A4 portrait, Times New Roman, body 14 pt, margins inside Nghị định
// 30/2020's ranges (top and bottom 20 mm, left 30 mm, right 15 mm), page numbers at the top centre from page 2.

export const FONT = 'Times New Roman';
/** Half-points. */
export const SIZE = { body: 28, heading: 26, table: 24, small: 22, title: 28, mark: 30 } as const;

const MM = 1440 / 25.4;
export const PAGE = {
	width: 11906,
	height: 16838,
	margin: {
		top: Math.round(20 * MM),
		bottom: Math.round(20 * MM),
		left: Math.round(30 * MM),
		right: Math.round(15 * MM),
		header: Math.round(10 * MM),
		footer: Math.round(10 * MM)
	}
} as const;
/** The text width of a portrait page and of a landscape one, in twips. */
export const TEXT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;
export const LANDSCAPE_TEXT_WIDTH = PAGE.height - PAGE.margin.left - PAGE.margin.right;

export const styles: IStylesOptions = {
	default: {
		document: { run: { font: FONT, size: SIZE.body }, paragraph: { spacing: { before: 60, after: 60, line: 300 } } }
	}
};

export interface RunOptions {
	bold?: boolean;
	italic?: boolean;
	underline?: boolean;
	size?: number;
}

export function run(text: string, o: RunOptions = {}): TextRun {
	return new TextRun({
		text,
		font: FONT,
		bold: o.bold,
		italics: o.italic,
		size: o.size,
		underline: o.underline ? {} : undefined
	});
}

/**
 * A body paragraph: justified, first line indented as official documents are. `keepNext` keeps it on the page of
 * what follows (a heading, a table's title, the last line before a signature).
 */
export function para(
	text: string | TextRun[],
	o: RunOptions & {
		indent?: boolean;
		align?: 'left' | 'center' | 'right' | 'justify';
		before?: number;
		after?: number;
		keepNext?: boolean;
	} = {}
): Paragraph {
	const alignment = {
		left: AlignmentType.LEFT,
		center: AlignmentType.CENTER,
		right: AlignmentType.RIGHT,
		justify: AlignmentType.JUSTIFIED
	}[o.align ?? 'justify'];
	return new Paragraph({
		alignment,
		indent: o.indent === false || o.align === 'center' ? undefined : { firstLine: 720 },
		spacing:
			o.before !== undefined || o.after !== undefined
				? { before: o.before ?? 60, after: o.after ?? 60 }
				: undefined,
		keepNext: o.keepNext,
		keepLines: o.keepNext,
		children: typeof text === 'string' ? [run(text, o)] : text
	});
}

/** Paragraphs of a text the host typed: one per line, blank lines skipped. */
export function paragraphsOf(text: string): Paragraph[] {
	return text
		.split(/\r?\n/)
		.map((l) => l.trim())
		.filter(Boolean)
		.map((l) => para(l));
}

/** A heading never stands at the foot of a page: it keeps with the paragraph under it. */
export function heading(text: string, o: { italic?: boolean } = {}): Paragraph {
	return para(text, { bold: !o.italic, italic: o.italic, indent: true, before: 160, keepNext: true });
}

/** The title in capitals, bold, centred, with its summary line under it. */
export function title(name: string, summary: string): Paragraph[] {
	return [
		new Paragraph({
			alignment: AlignmentType.CENTER,
			keepNext: true,
			spacing: { before: 360, after: 0 },
			children: [run(name, { bold: true, size: SIZE.title + 2 })]
		}),
		new Paragraph({
			alignment: AlignmentType.CENTER,
			keepNext: true,
			spacing: { before: 0, after: 240 },
			children: [run(summary, { bold: true, size: SIZE.title })]
		})
	];
}

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
const LINE = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;
export const NO_BORDERS = {
	top: NONE,
	bottom: NONE,
	left: NONE,
	right: NONE,
	insideHorizontal: NONE,
	insideVertical: NONE
};
const ALL_BORDERS = { top: LINE, bottom: LINE, left: LINE, right: LINE, insideHorizontal: LINE, insideVertical: LINE };

export type CellValue =
	string | { text: string; bold?: boolean; italic?: boolean; align?: 'left' | 'center' | 'right' | 'justify' };

function cellParagraphs(
	value: CellValue,
	size: number,
	header: boolean,
	numeric: boolean,
	keepNext = false
): Paragraph[] {
	const v = typeof value === 'string' ? { text: value } : value;
	const align = v.align ?? (header ? 'center' : numeric ? 'center' : 'left');
	return v.text.split('\n').map(
		(line) =>
			new Paragraph({
				alignment: {
					left: AlignmentType.LEFT,
					center: AlignmentType.CENTER,
					right: AlignmentType.RIGHT,
					justify: AlignmentType.JUSTIFIED
				}[align],
				spacing: { before: 20, after: 20, line: 260 },
				keepNext,
				children: [run(line, { bold: header || v.bold, italic: v.italic, size })]
			})
	);
}

/**
 * A ruled table of fixed column widths (twips) whose header row repeats on every page. Columns marked numeric
 * are centred. `keepWithNext` keeps the last row with what follows (a signature under the table).
 */
export function grid(
	columns: { header: string; width: number; numeric?: boolean }[],
	rows: CellValue[][],
	size: number = SIZE.table,
	o: { keepWithNext?: boolean } = {}
): Table {
	const width = columns.reduce((s, c) => s + c.width, 0);
	// The header keeps with the first row, and the row before the last with the last: no row alone on a page.
	const cell = (value: CellValue, i: number, header: boolean, keepNext = false) =>
		new TableCell({
			width: { size: columns[i]!.width, type: WidthType.DXA },
			verticalAlign: VerticalAlign.CENTER,
			margins: { left: 60, right: 60 },
			children: cellParagraphs(value, size, header, columns[i]!.numeric ?? false, keepNext)
		});
	return new Table({
		width: { size: width, type: WidthType.DXA },
		columnWidths: columns.map((c) => c.width),
		layout: TableLayoutType.FIXED,
		borders: ALL_BORDERS,
		rows: [
			new TableRow({
				tableHeader: true,
				cantSplit: true,
				children: columns.map((c, i) => cell(c.header, i, true, true))
			}),
			...rows.map(
				(r, index) =>
					new TableRow({
						cantSplit: true,
						children: r.map((v, i) =>
							cell(
								v,
								i,
								false,
								index === rows.length - 2 || (o.keepWithNext === true && index === rows.length - 1)
							)
						)
					})
			)
		]
	});
}

/** A table of two unruled columns: heading blocks and signature blocks. */
export function sideBySide(widths: [number, number], left: Paragraph[], right: Paragraph[]): Table {
	const cell = (children: Paragraph[], width: number) =>
		new TableCell({
			width: { size: width, type: WidthType.DXA },
			borders: NO_BORDERS,
			children: children.length ? children : [new Paragraph('')]
		});
	return new Table({
		width: { size: widths[0] + widths[1], type: WidthType.DXA },
		columnWidths: widths,
		layout: TableLayoutType.FIXED,
		borders: NO_BORDERS,
		rows: [new TableRow({ cantSplit: true, children: [cell(left, widths[0]), cell(right, widths[1])] })]
	});
}

const markRun = () =>
	new TextRun({ text: DRAFT_MARK, font: FONT, bold: true, size: SIZE.mark, color: 'C00000', characterSpacing: 120 });

/**
 * The header line of a page: its number at the centre from page 2, and on a draft "DỰ THẢO" (centred on the first
 * page, at the right beside the number on the others). One line, so that it stays inside the top margin.
 */
function headerLine(o: { draft: boolean; number: boolean; width: number }): Paragraph {
	const spacing = { before: 0, after: 0, line: 240 };
	if (!o.number)
		return new Paragraph({ alignment: AlignmentType.CENTER, spacing, children: o.draft ? [markRun()] : [] });
	return new Paragraph({
		spacing,
		tabStops: [
			{ type: TabStopType.CENTER, position: Math.round(o.width / 2) },
			{ type: TabStopType.RIGHT, position: o.width }
		],
		children: [
			new TextRun({ children: [new Tab(), PageNumber.CURRENT], font: FONT, size: SIZE.heading }),
			...(o.draft ? [new TextRun({ children: [new Tab()], font: FONT }), markRun()] : [])
		]
	});
}

/**
 * A section of the document. The first page has no number; later pages have theirs at the top centre. A draft
 * carries "DỰ THẢO" across the top of every page.
 */
export function section(
	children: ISectionOptions['children'],
	o: { draft: boolean; landscape?: boolean; first?: boolean }
): ISectionOptions {
	const width = o.landscape ? LANDSCAPE_TEXT_WIDTH : TEXT_WIDTH;
	return {
		properties: {
			titlePage: o.first ?? false,
			page: {
				size: {
					width: PAGE.width,
					height: PAGE.height,
					orientation: o.landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT
				},
				margin: { ...PAGE.margin }
			}
		},
		headers: {
			default: new Header({ children: [headerLine({ draft: o.draft, number: true, width })] }),
			...(o.first
				? { first: new Header({ children: [headerLine({ draft: o.draft, number: false, width })] }) }
				: {})
		},
		children
	};
}
