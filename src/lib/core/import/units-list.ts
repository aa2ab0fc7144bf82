import { slugify } from '../setup/slug';
import { cellText, foldText, isBlankRow, type CellValue, type Grid } from './grid';

// A cluster's member units, from a worksheet or a list pasted from Excel or Word: one unit a row, its full name and
// optionally its short name (a header row naming the columns is recognised and skipped). Pure.
//
// Without a short name, the short name is what follows the unit's kind and level in its full name:
// "Trường Chính trị tỉnh Sơn La" → "Sơn La"; a name that does not follow that pattern is its own short name.

export interface ListedUnit {
	row: number;
	name: string;
	shortName: string;
	slug: string;
}

export type UnitsProblem = { row: number; reason: 'no_name' | 'duplicate' | 'bad_slug'; name?: string };

const LEVEL = /\b(tỉnh|thành phố|tp\.?|huyện|quận|thị xã)\s+(.+)$/iu;

export function shortNameOf(name: string): string {
	const match = LEVEL.exec(name);
	return match ? match[2]!.trim() : name;
}

/** Splits pasted text into rows of cells: tab-separated (as copied from a spreadsheet), or ';' separated. */
export function gridFromPastedText(text: string): Grid {
	const rows: CellValue[][] = text
		.replace(/^\uFEFF/, '')
		.split(/\r?\n/)
		.map((line) => (line.includes('\t') ? line.split('\t') : line.split(';')).map((cell) => (cell.trim() === '' ? null : cell.trim())));
	while (rows.length > 0 && isBlankRow(rows.at(-1)!)) rows.pop();
	return { rows, merges: [] };
}

/** A header row names its columns in a few words each: "Tên đơn vị", "Tên viết tắt" (a title line does not). */
function headerColumns(row: readonly CellValue[]): { name: number; short: number | null } | null {
	const folded = row.map((cell) => foldText(cellText(cell)));
	const short = folded.findIndex((f) => /^(ten )?(viet tat|ten ngan|short name)$/.test(f));
	const name = folded.findIndex((f, i) => i !== short && /^(ten don vi|don vi|ten day du|ten|name|unit)$/.test(f));
	return name < 0 ? null : { name, short: short < 0 ? null : short };
}

/** Spreadsheets carry a title and a few lines above the table: the header is looked for in the first rows. */
const HEADER_SEARCH_ROWS = 10;

export function readUnitsList(grid: Grid): { units: ListedUnit[]; problems: UnitsProblem[] } {
	const units: ListedUnit[] = [];
	const problems: UnitsProblem[] = [];
	const firstFilled = grid.rows.findIndex((row) => !isBlankRow(row));
	if (firstFilled < 0) return { units, problems };
	const headerRow = grid.rows.slice(0, HEADER_SEARCH_ROWS).findIndex((row) => headerColumns(row) !== null);
	const header = headerRow >= 0 ? headerColumns(grid.rows[headerRow]!) : null;
	// Without a header: the first column holding text (not a row number) is the name, the next one the short name.
	const columns = header ?? guessColumns(grid.rows[firstFilled]!);
	const seen = new Map<string, number>();
	for (let index = header ? headerRow + 1 : firstFilled; index < grid.rows.length; index++) {
		const row = grid.rows[index]!;
		if (isBlankRow(row)) continue;
		const rowNumber = index + 1;
		const name = cellText(row[columns.name]);
		if (!name) {
			problems.push({ row: rowNumber, reason: 'no_name' });
			continue;
		}
		const shortName = (columns.short !== null ? cellText(row[columns.short]) : '') || shortNameOf(name);
		const slug = slugify(shortName);
		if (!slug) {
			problems.push({ row: rowNumber, reason: 'bad_slug', name });
			continue;
		}
		if (seen.has(slug)) {
			problems.push({ row: rowNumber, reason: 'duplicate', name });
			continue;
		}
		seen.set(slug, rowNumber);
		units.push({ row: rowNumber, name, shortName, slug });
	}
	return { units, problems };
}

function guessColumns(row: readonly CellValue[]): { name: number; short: number | null } {
	const texts = row.map((cell) => cellText(cell));
	const name = texts.findIndex((text) => text !== '' && !/^\d+\.?$/.test(text));
	const short = name >= 0 && texts[name + 1] ? name + 1 : null;
	return { name: Math.max(name, 0), short };
}
