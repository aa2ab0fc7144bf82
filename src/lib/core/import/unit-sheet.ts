import { isPenaltySection, sectionFigure } from '../scoring/check';
import type { SelfAssessmentEntry } from '../scoring/entry';
import { parsePoints, type Points } from '../scoring/points';
import { scoreSheet } from '../scoring/sheet';
import {
	TOTAL_CODE,
	criterionIndex,
	criterionPath,
	templateSections,
	type Criterion,
	type Section,
	type Template
} from '../scoring/template';
import { cellText, foldText, isBlankRow, type Grid } from './grid';
import {
	Numberer,
	cellAsScoreText,
	findTableHeader,
	isColumnNumberRow,
	readCellPoints,
	readNumbering,
	readRowLabel,
	type TableHeader
} from './table';
import { readSumWords, type SumWords } from './words';

// A unit's filled-in sheet (the criteria table with its "Điểm tự chấm" column) read into the same entry the form
// sends. Rows are matched to the template by their number, else by their title. The unit's own figures on section
// rows and on the total row are kept as reported figures: the arithmetic check compares them with the items. Sum
// rows in any form ("Cộng", "Cộng mục I", "Cộng (I + II + III)", "Tổng số điểm") are never read as criteria: the
// figure the unit typed on one is kept as the section's or the total's reported figure when it names one section
// or the whole, and is otherwise passed over.

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
	/** Criteria matched so far, in the sheet's order: what a sum row below them adds up. */
	const seen: Criterion[] = [];
	/** The last grand total row with a figure: a sheet may give several ("Tổng điểm", then "Tổng cộng"). */
	let total: { row: number; value: string } | null = null;
	const sections = templateSections(template);

	/** What a sum row's figure is reported for: a section, the total, or nothing the check compares. */
	function summedCode(sum: SumWords, value: string): string | null {
		if (sum.scope === 'grand') return TOTAL_CODE;
		const recent = [...seen].reverse();
		if (sum.scope === 'refs') {
			if (sum.refs.length !== 1) return null;
			const ref = sum.refs[0]!;
			const named = (c: Criterion) =>
				c.type === 'section' && (c.code.toUpperCase() === ref || c.code.toUpperCase().endsWith(`.${ref}`));
			// The latest section of that number seen so far (part A's "I", not part B's).
			for (const c of recent) for (const p of criterionPath(template, c.code)) if (named(p)) return p.code;
			return sections.find(named)?.code ?? null;
		}
		if (sum.scope === 'bonus' || sum.scope === 'penalty') {
			const ofKind = (s: Section) =>
				sum.scope === 'penalty' ? isPenaltySection(s) : templateItemsOf(s).every((i) => i.kind === 'bonus');
			for (const c of recent) {
				const part = criterionPath(template, c.code).find(
					(p): p is Section => p.type === 'section' && ofKind(p)
				);
				if (part) return part.code;
			}
			return null;
		}
		// "Cộng": the innermost open section its figure agrees with, else the outermost; none open: the total.
		const last = recent[0];
		const open = last
			? criterionPath(template, last.code)
					.filter((p): p is Section => p.type === 'section')
					.reverse()
			: [];
		if (open.length === 0) return TOTAL_CODE;
		const figure = parsePoints(value);
		if (figure.ok) {
			const computed = computedSoFar();
			const agrees = open.find(
				(s) =>
					(isPenaltySection(s) ? Math.abs(figure.value) : figure.value) ===
					sectionFigure(s, computed[s.code] ?? 0)
			);
			if (agrees) return agrees.code;
		}
		return open.at(-1)!.code;
	}

	/** The sections' subtotals from the scores read so far (what does not parse counts 0, as in the check). */
	function computedSoFar(): Record<string, Points> {
		const parsed: Record<string, Points> = {};
		for (const [code, text] of Object.entries(scores)) {
			const p = parsePoints(text);
			if (p.ok) parsed[code] = p.value;
		}
		const result = scoreSheet(template, { scores: parsed, reported: {} }, []);
		return Object.fromEntries(Object.entries(result.sections).map(([code, s]) => [code, s.self]));
	}

	for (let r = header.row + 1; r < grid.rows.length; r++) {
		const row = grid.rows[r]!;
		if (isBlankRow(row)) continue;
		if (!started && isColumnNumberRow(row)) continue;
		const label = readRowLabel(row, columns);
		const { numbering, title } = label;
		let { words } = label;
		const value = cellAsScoreText(row[columns.self]);
		const excelRow = r + 1;
		const numbered = numbering !== null && numbering.style !== 'bullet';
		// A numbered total ("C | TỔNG CỘNG (A + B)") is a sum too, unless its title is one of the template's.
		let sum = readSumWords(title);
		if (numbered && (sum?.scope === 'grand' || sum?.scope === 'refs') && byTitle.has(foldText(title))) sum = null;
		if (numbered && sum?.scope !== 'grand' && sum?.scope !== 'refs') sum = null;
		if (
			sum &&
			(sum.scope === 'bonus' || sum.scope === 'penalty') &&
			!seen.some((c) => c.type === 'item' && c.kind === sum.scope)
		) {
			// "Cộng điểm thưởng" before any bonus item heads the bonus part.
			words = sum.scope;
		} else if (sum) {
			if (value !== '') {
				const code = summedCode(sum, value);
				if (code === TOTAL_CODE) total = { row: excelRow, value };
				else if (code !== null && reported[code] === undefined) record(code, excelRow, value, true);
			}
			continue;
		}
		// An unnumbered heading that is one of the template's parts ("PHẦN CHẤM ĐIỂM" read as part A).
		const part =
			numbering === null && words === null
				? template.criteria.find((c) => c.type === 'section' && foldText(c.title) === foldText(title))
				: undefined;
		if (numbering === null && words === null && value === '' && !part) continue;
		started = true;

		// The row's code by its numbering, as the criteria importer would give it; the template's word wins.
		let code: string | null;
		if (part) code = numberer.topLevel(part.code, null);
		else if (numbering && numbering.style !== 'bullet') code = numberer.place(numbering, null).code;
		else if (numbering === null && (words === 'bonus' || words === 'penalty'))
			code = numberer.topLevel(words === 'bonus' ? 'B' : 'P', null);
		else code = numberer.positional().code;
		const written = numbering && numbering.style !== 'bullet' ? numbering.label : '';
		const candidates = [code, written].filter((c) => c !== '');
		let criterion = candidates.map((c) => index.get(c)).find((c) => c !== undefined && titlesAgree(c.title, title));
		if (!criterion) {
			// The title names another criterion: it wins. Otherwise the number stands, whatever the title says.
			const sameTitle = title === '' ? [] : (byTitle.get(foldText(title)) ?? []);
			criterion =
				sameTitle.length === 1
					? sameTitle[0]
					: candidates.map((c) => index.get(c)).find((c) => c !== undefined);
		}
		if (!criterion) {
			if (value !== '')
				problems.push({ reason: 'unknown_row', row: excelRow, code: written || undefined, text: title });
			continue;
		}
		seen.push(criterion);
		if (value === '' && criterion.type === 'section') {
			rows[criterion.code] ??= excelRow;
			continue;
		}
		record(criterion.code, excelRow, value, criterion.type === 'section');
	}

	if (total) record(TOTAL_CODE, total.row, total.value, true);

	function record(code: string, row: number, value: string, isReported: boolean) {
		if (rows[code] !== undefined && (isReported ? reported[code] : scores[code]) !== undefined) {
			problems.push({ reason: 'duplicate_row', row, code, other: rows[code] });
			return;
		}
		rows[code] = row;
		if (isReported) reported[code] = value;
		else scores[code] = value;
	}

	return {
		entry: { scores, reported },
		problems: problems.sort((a, b) => (a.row ?? Infinity) - (b.row ?? Infinity)),
		rows
	};
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
	const numbered = rows.filter(
		(row) => readNumbering(cellText(row[0])) !== null || readSumWords(cellText(row[0])) !== null
	).length;
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

function templateItemsOf(section: Section): Extract<Criterion, { type: 'item' }>[] {
	return section.children.flatMap((c) => (c.type === 'item' ? [c] : templateItemsOf(c)));
}
