// A table read from a file (a worksheet, a Word table, CSV text), as the importers see it: rows of cells, each a
// string, a number or empty. Where cells were merged, the top-left cell holds the value and the others are empty;
// `merges` says which rectangles were merged, for the importers that care.

export type CellValue = string | number | null;

export interface Merge {
	/** Zero-based, inclusive. */
	top: number;
	left: number;
	bottom: number;
	right: number;
}

export interface Grid {
	rows: CellValue[][];
	merges: Merge[];
}

export function emptyGrid(): Grid {
	return { rows: [], merges: [] };
}

/** A cell as text, trimmed, with runs of white space (line breaks in a cell included) folded to one space. */
export function cellText(value: CellValue | undefined): string {
	if (value === null || value === undefined) return '';
	return String(value).replace(/\s+/g, ' ').trim();
}

export function isBlankRow(row: readonly CellValue[]): boolean {
	return row.every((cell) => cellText(cell) === '');
}

/**
 * Folds text for matching words as officials write them: lower case, Vietnamese diacritics removed (đ → d),
 * punctuation to spaces. "Điểm chuẩn" and "DIEM CHUAN:" both fold to "diem chuan".
 */
export function foldText(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}
