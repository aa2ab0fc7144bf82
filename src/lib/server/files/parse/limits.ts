// How much of an uploaded file the board will read. Every bound is checked while reading, before the work it
// guards is done: a zip part is refused while it inflates, a cell past the last row before a grid is made. The
// figures are far above any secretariat's table (a criteria table has a few hundred rows) and far below what would
// cost the server.

/** The upload itself. */
export const MAX_TABLE_FILE_BYTES = 5 * 1024 * 1024;
/** Each part of an .xlsx or .docx (a worksheet, the shared strings, the document's XML), inflated. */
export const MAX_PART_BYTES = 16 * 1024 * 1024;
/** Every part read from one file, inflated, together (a workbook of many sheets). */
export const MAX_UNPACKED_BYTES = 48 * 1024 * 1024;
/** Entries in a zip's directory (a workbook or a document has tens). */
export const MAX_ZIP_ENTRIES = 5_000;
/** A table's rows and columns, counted to its last cell with a value; and the cells of the whole grid. */
export const MAX_ROWS = 10_000;
export const MAX_COLUMNS = 200;
export const MAX_CELLS = 500_000;
/** Excel's own limit for the text of one cell; also a Word cell's or paragraph's. */
export const MAX_CELL_TEXT = 32_767;
/** The text of a whole grid, and a workbook's shared strings. */
export const MAX_TEXT = 4_000_000;
export const MAX_SHARED_STRINGS = 100_000;
/** XML elements of a Word document (a 50-page document has some 100,000; parsing 400,000 takes seconds). */
export const MAX_XML_ELEMENTS = 400_000;

/** A file refused for its size once read: too many rows or columns, too much text, too much inside the zip. */
export type BoundRefusal = 'too_many_cells' | 'too_much_text' | 'too_large_unpacked';

/** Thrown where a bound is passed; the job turns it into its refusal. */
export class OverBound extends Error {
	constructor(readonly reason: BoundRefusal) {
		super(reason);
	}
}

/** XML parts of one piece of evidence read for checking (a long report with many images has a few hundred). */
export const MAX_EVIDENCE_XML_PARTS = 2_000;
