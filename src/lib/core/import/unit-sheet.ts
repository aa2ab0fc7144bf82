import type { SelfAssessmentEntry } from '../scoring/entry';
import { TOTAL_CODE, criterionIndex, type Criterion, type Template } from '../scoring/template';
import { cellText, foldText, isBlankRow, type Grid } from './grid';
import { Numberer, cellAsScoreText, findTableHeader, isColumnNumberRow, readCellPoints, readNumbering, readRowLabel, rowWords, type TableHeader } from './table';

// A unit's filled-in sheet (the criteria table with its "Điểm tự chấm" column) read into the same entry the form
// sends. Rows are matched to the template by their number, else by their title. The unit's own figures on section
// rows and on the total row are kept as reported figures: the arithmetic check compares them with the items.

export type UnitSheetProblemReason = 'no_header' | 'unknown_row' | 'duplicate_row';

export interface UnitSheetProblem {
	reason: UnitSheetProblemReason;
	/** The row in the file (1-based). */
	row?: number;
	/** The criterion concerned; for an unknown row, its number as written. */
	code?: string;
	text?: string;
	/** For a duplicate: the row that already gave this criterion. */
	other?: number;
}

export interface UnitSheetRead {
	entry: SelfAssessmentEntry;
	problems: UnitSheetProblem[];
	/** Where each criterion was read from, to name rows in messages. */
	rows: Record<string, number>;
}

export function readUnitSheet(grid: Grid, template: Template): UnitSheetRead {
	const scores: Record<string, string> = {};
	const reported: Record<string, string> = {};
	const rows: Record<string, number> = {};
	const problems: UnitSheetProblem[] = [];
	// Without a self-score column, a criteria table (with its maxima) is not a sheet; plain "mã;điểm" lines are.
	const header = findTableHeader(grid, 'self') ?? (findTableHeader(grid, 'max') ? null : codeValueColumns(grid));
	if (!header) return { entry: { scores, reported }, problems: [{ reason: 'no_header' }], rows };

	const index = criterionIndex(template);
	const byTitle = new Map<string, Criterion[]>();
	for (const c of index.values()) {
		const key = foldText(c.title);
		byTitle.set(key, [...(byTitle.get(key) ?? []), c]);
	}
	const { columns } = header;
	const numberer = new Numberer<null>();
	let started = false;

	for (let r = header.row + 1; r < grid.rows.length; r++) {
		const row = grid.rows[r]!;
		if (isBlankRow(row)) continue;
		if (!started && isColumnNumberRow(row)) continue;
		const { numbering, title, words } = readRowLabel(row, columns);
		const value = cellAsScoreText(row[columns.self]);
		const excelRow = r + 1;
		if (words === 'total' && (numbering === null || numbering.style === 'bullet')) {
			if (value !== '') record(TOTAL_CODE, excelRow, value, true);
			continue;
		}
		if (numbering === null && words === null && value === '') continue;
		started = true;

		// The row's code by its numbering, as the criteria importer would give it; the template's word wins.
		let code: string | null = null;
		if (numbering && numbering.style !== 'bullet') code = numberer.place(numbering, null).code;
		else if (numbering === null && (words === 'bonus' || words === 'penalty')) code = numberer.topLevel(words === 'bonus' ? 'B' : 'P', null);
		else code = numberer.positional().code;
		const written = numbering && numbering.style !== 'bullet' ? numbering.label : '';
		const candidates = [code, written].filter((c) => c !== '');
		let criterion = candidates.map((c) => index.get(c)).find((c) => c !== undefined && titlesAgree(c.title, title));
		if (!criterion) {
			// The title names another criterion: it wins. Otherwise the number stands, whatever the title says.
			const sameTitle = title === '' ? [] : (byTitle.get(foldText(title)) ?? []);
			criterion = sameTitle.length === 1 ? sameTitle[0] : candidates.map((c) => index.get(c)).find((c) => c !== undefined);
		}
		if (!criterion) {
			if (value !== '') problems.push({ reason: 'unknown_row', row: excelRow, code: written || undefined, text: title });
			continue;
		}
		if (value === '' && criterion.type === 'section') {
			rows[criterion.code] ??= excelRow;
			continue;
		}
		record(criterion.code, excelRow, value, criterion.type === 'section');
	}

	function record(code: string, row: number, value: string, isReported: boolean) {
		if (rows[code] !== undefined && (isReported ? reported[code] : scores[code]) !== undefined) {
			problems.push({ reason: 'duplicate_row', row, code, other: rows[code] });
			return;
		}
		rows[code] = row;
		if (isReported) reported[code] = value;
		else scores[code] = value;
	}

	return { entry: { scores, reported }, problems: problems.sort((a, b) => (a.row ?? Infinity) - (b.row ?? Infinity)), rows };
}

/** Whether a row's title is the template's (folded, allowing a shortened or lengthened title); an empty one agrees. */
function titlesAgree(expected: string, written: string): boolean {
	if (written === '') return true;
	const a = foldText(expected);
	const b = foldText(written);
	return a === b || a.startsWith(b) || b.startsWith(a) || overlap(a, b) >= 0.6;
}

function overlap(a: string, b: string): number {
	const wordsA = new Set(a.split(' '));
	const wordsB = b.split(' ');
	const shared = wordsB.filter((w) => wordsA.has(w)).length;
	return shared / Math.max(wordsA.size, wordsB.length);
}

/**
 * A table without a header row, "mã;điểm" per line: the code first, the score in the last column that holds
 * numbers. Only when most first cells are criterion numbers.
 */
function codeValueColumns(grid: Grid): TableHeader | null {
	const rows = grid.rows.filter((row) => !isBlankRow(row));
	const numbered = rows.filter((row) => readNumbering(cellText(row[0])) !== null || rowWords(cellText(row[0])) === 'total').length;
	if (rows.length === 0 || numbered < rows.length / 2) return null;
	const width = Math.max(...rows.map((row) => row.length));
	let self = -1;
	for (let c = width - 1; c >= 1 && self < 0; c--) if (rows.some((row) => readCellPoints(row[c]).ok)) self = c;
	return self < 0 ? null : { row: -1, columns: { code: 0, title: -1, max: -1, self, note: -1 } };
}

/** Whether a table has a self-score column at all (a unit's sheet rather than a plain list of codes). */
export function hasSelfColumn(grid: Grid): boolean {
	return findTableHeader(grid, 'self') !== null;
}
