import { parsePoints, sumPoints, toDecimal, type Points } from '../scoring/points';
import {
	templateFromInput,
	type CriterionInput,
	type CriterionKind,
	type Template,
	type TemplateError,
	type TemplateInput
} from '../scoring/template';
import { cellText, isBlankRow, type CellValue, type Grid, type Merge } from './grid';
import {
	Numberer,
	findTableHeader,
	isColumnNumberRow,
	plainText,
	readRowLabel,
	type Numbering,
	type RowKind
} from './table';
import { maxInTitle, readMaxCell, readSumWords, type MaxRead, type SumWords } from './words';

// Reads a criteria table as a secretariat writes it (a title, a header row found by its words, sections numbered
// I, II…, items 1, 2, 2.1, a), a bonus and a penalty section, maxima as numbers or in words, sum rows in any form
// anywhere) into a preview the host checks and corrects before it becomes the meeting's template. The preview is a
// function of the file's grid and the host's corrections (keyed by the file's row numbers), so the host fixes
// anything without going back to Excel and every correction is checked again from the file. Every problem is listed
// at once, naming its row. A section row's maximum and a sum row's figure are what the file states: checks, never data.

export interface CriteriaNode {
	/** The row in the file (1-based, as a spreadsheet numbers it); the key of the host's corrections. */
	row: number;
	/** Hierarchical and unique: I, I.2, I.2.3, II.1.a, B.1. */
	code: string;
	/** The numbering as written: "2.1", "a", "" for a bullet or none. */
	label: string;
	title: string;
	/** The maximum as written (the cell, or the words at the end of the title), '' when none. */
	maxText: string;
	/** An item's maximum; a section's stated maximum (a check on its items). Null when absent or unreadable. */
	max: Points | null;
	kind: CriterionKind;
	children: CriteriaNode[];
	/** Sections only: the sum of the maxima below (items without a maximum count 0). */
	sum: Points | null;
	/** Marked a heading (by its words or by the host): a section, never an item. */
	heading?: boolean;
}

/** What a row of the table is. */
export type RowRole = 'criterion' | 'heading' | 'sum' | 'continuation' | 'ignore';
export const ROW_ROLES: readonly RowRole[] = ['criterion', 'heading', 'sum', 'continuation', 'ignore'];

/** A row that adds up others ("Cộng", "Cộng mục I", "Tổng cộng"): its figure is checked against what it sums. */
export interface CriteriaSum {
	row: number;
	title: string;
	/** The figure as written, '' when none. */
	figureText: string;
	figure: Points | null;
	/** What it sums: the whole table, or the codes it was resolved to (empty when its words named nothing found). */
	grand: boolean;
	codes: string[];
	/** What those add up to; null when there is nothing to compare. */
	computed: Points | null;
	/** Alternatives to choose from by the figure (a bare "Cộng" closes the innermost section that agrees). */
	candidates: string[][];
	/** A bare "Cộng": its candidates are the rows open above it, of which only sections count. */
	closes?: boolean;
}

/** Every row of the table in file order, as the page lists it for the host's corrections. */
export interface CriteriaLine {
	row: number;
	role: RowRole;
	/** What the reader made of it by itself: a correction back to it is no correction. */
	readRole: RowRole;
	title: string;
	/** The criterion's code, for criteria and headings. */
	code?: string;
	depth: number;
}

export type CriteriaProblemReason =
	| 'no_header'
	| 'no_criteria'
	| 'section_sum_mismatch'
	| 'item_without_max'
	| 'max_not_a_number'
	| 'max_not_positive'
	| 'max_off_step'
	| 'duplicate_code'
	| 'total_mismatch'
	| 'sum_mismatch'
	| 'sum_unresolved'
	| 'empty_heading'
	| 'bad_step'
	| 'empty_title'
	| 'unnumbered_row';

export interface CriteriaProblem {
	reason: CriteriaProblemReason;
	/** Errors keep the table from being stored; warnings are for the host to look at. */
	severity: 'error' | 'warning';
	row?: number;
	code?: string;
	text?: string;
	stated?: Points;
	computed?: Points;
	step?: Points;
}

/** What the preview is made from, kept in the page so that every correction is re-read from the file. */
export interface CriteriaSource {
	/** The table's grid as read. */
	rows: CellValue[][];
	merges: Merge[];
	/** The file row (1-based) of rows[0]. */
	firstRow: number;
	/** Text around the table: a Word document's paragraphs. */
	context: string[];
}

export interface CriteriaPreview {
	name: string;
	step: Points;
	/** Where the step came from: written in the file, the finest granularity of the maxima, or the host. */
	stepSource: 'stated' | 'maxima' | 'host';
	criteria: CriteriaNode[];
	sums: CriteriaSum[];
	lines: CriteriaLine[];
	/** The sum of the 'score' items' maxima: the nominal total. */
	total: Points;
	/** Bonus and penalty items' maxima, beside the total. */
	bonusTotal: Points;
	penaltyTotal: Points;
	/** The header row (1-based), null when none was found. */
	headerRow: number | null;
	problems: CriteriaProblem[];
	source: CriteriaSource;
}

/** The host's corrections, keyed by the file's row: a row's role, title, maximum (a sum row's figure), kind. */
export interface CriteriaCorrections {
	name?: string;
	step?: string;
	roles?: Record<number, RowRole>;
	titles?: Record<number, string>;
	maxima?: Record<number, string>;
	kinds?: Record<number, CriterionKind>;
}

const HALF_POINT: Points = 50;

export interface ReadCriteriaOptions {
	/** Text around the table (a Word document's paragraphs): its title, a sentence giving the step. */
	context?: readonly string[];
	corrections?: CriteriaCorrections;
	/** The file row (1-based) of the grid's first row, when the grid is a part of the file. */
	firstRow?: number;
}

/** A row of the table as the reader sees it before the tree is built. */
interface RowRead {
	row: number;
	numbering: Numbering | null;
	title: string;
	maxText: string;
	max: MaxRead | null;
	words: RowKind;
	sum: SumWords | null;
	/** What the reader made of the row by itself, and what it is after the host's corrections. */
	readRole: RowRole;
	role: RowRole;
}

export function readCriteriaTable(grid: Grid, options: ReadCriteriaOptions = {}): CriteriaPreview {
	const offset = (options.firstRow ?? 1) - 1;
	const corrections = options.corrections ?? {};
	const header = findTableHeader(grid, 'max');
	const above = grid.rows
		.slice(0, header ? header.row : Math.min(grid.rows.length, 10))
		.flatMap((row) => row.map((c) => cellText(c)).filter((t) => t !== ''));
	const context = [...(options.context ?? []), ...above];
	const source: CriteriaSource = {
		rows: trimmedRows(grid.rows),
		merges: grid.merges.map((m) => ({ ...m })),
		firstRow: offset + 1,
		context: [...(options.context ?? [])]
	};
	let name = tableName(context);
	if (corrections.name !== undefined && corrections.name.trim() !== '')
		name = corrections.name.replace(/\s+/g, ' ').trim();
	if (!header) {
		return {
			name,
			step: HALF_POINT,
			stepSource: 'maxima',
			criteria: [],
			sums: [],
			lines: [],
			total: 0,
			bonusTotal: 0,
			penaltyTotal: 0,
			headerRow: null,
			problems: [{ reason: 'no_header', severity: 'error' }],
			source
		};
	}

	const rows = readRows(grid, header, offset);
	for (const r of rows) {
		r.readRole = r.role;
		const wanted = corrections.roles?.[r.row];
		if (wanted && ROW_ROLES.includes(wanted)) r.role = wanted;
	}
	const built = buildTree(rows, corrections);
	const notes = rows.filter((r) => r.role === 'ignore').map((r) => r.title);
	let step = statedStep([...context, ...notes]);
	let stepSource: CriteriaPreview['stepSource'] = step ? 'stated' : 'maxima';
	step ??= stepOfMaxima(built.roots);
	if (corrections.step !== undefined && corrections.step.trim() !== '') {
		const parsed = parsePoints(corrections.step);
		const value = parsed.ok ? parsed.value : -1;
		if (value !== step) stepSource = 'host';
		step = value;
	}
	const preview: CriteriaPreview = {
		name,
		step,
		stepSource,
		criteria: built.roots,
		sums: built.sums,
		lines: [],
		total: 0,
		bonusTotal: 0,
		penaltyTotal: 0,
		headerRow: offset + header.row + 1,
		problems: built.unnumbered.map((row): CriteriaProblem => ({
			reason: 'unnumbered_row',
			severity: 'warning',
			row
		})),
		source
	};
	const checked = reviewCriteria(preview);
	checked.lines = linesOf(rows, checked);
	return checked;
}

/** The grid's rows without trailing empty cells and rows: what the page keeps of the file. */
function trimmedRows(rows: readonly CellValue[][]): CellValue[][] {
	const out = rows.map((r) => {
		let end = r.length;
		while (end > 0 && cellText(r[end - 1]) === '') end--;
		return r.slice(0, end);
	});
	while (out.length > 0 && out.at(-1)!.length === 0) out.pop();
	return out;
}

function readRows(grid: Grid, header: NonNullable<ReturnType<typeof findTableHeader>>, offset: number): RowRead[] {
	const { columns } = header;
	const out: RowRead[] = [];
	let started = false;
	let blankBefore = false;
	for (let r = header.row + 1; r < grid.rows.length; r++) {
		const cells = grid.rows[r]!;
		if (isBlankRow(cells)) {
			blankBefore = true;
			continue;
		}
		if (!started && isColumnNumberRow(cells)) continue;
		const label = readRowLabel(cells, columns);
		let { title } = label;
		const maxCell = columns.max >= 0 ? cells[columns.max] : null;
		let maxText = cellText(maxCell);
		let max = readMaxCell(maxCell);
		const numbered = label.numbering !== null && label.numbering.style !== 'bullet';
		if (maxText === '' && (numbered || label.words === 'bonus' || label.words === 'penalty')) {
			// "Công tác đào tạo (tối đa 10 điểm)" with the maximum column empty; never an explanation line's figure.
			const inTitle = maxInTitle(title);
			if (inTitle) {
				title = inTitle.title;
				maxText = inTitle.text;
				max = inTitle.max;
			}
		}
		const sum = numbered ? numberedSum(title, label.numbering!, grid, r, columns) : readSumWords(title);
		const row: RowRead = {
			row: offset + r + 1,
			numbering: label.numbering,
			title,
			maxText,
			max,
			words: label.words,
			sum,
			readRole: 'criterion',
			role: 'criterion'
		};
		const previous = out.at(-1);
		if (sum) {
			row.role = 'sum';
			// "Cộng điểm thưởng" before any bonus item heads the bonus part; after them, it adds them up.
			if (
				(sum.scope === 'bonus' || sum.scope === 'penalty') &&
				!out.some((o) => o.role !== 'sum' && o.role !== 'ignore' && o.words === sum.scope)
			) {
				row.role = 'heading';
				row.words = sum.scope;
				row.sum = null;
			}
		} else if (!numbered && label.words !== 'bonus' && label.words !== 'penalty' && maxText === '') {
			if (label.numbering?.style === 'bullet') row.role = 'ignore';
			else if (
				previous &&
				!blankBefore &&
				(previous.role === 'criterion' || previous.role === 'heading') &&
				/^\p{Ll}/u.test(title)
			)
				row.role = 'continuation';
			else if (isCapitalHeading(title) && nextIsNumbered(grid, r, columns)) row.role = 'heading';
			else row.role = 'ignore';
		}
		if (row.role !== 'ignore') started = true;
		blankBefore = false;
		out.push(row);
	}
	return out;
}

/**
 * A numbered row whose words say it is a total ("C | TỔNG CỘNG (A + B)", "III | Tổng số điểm") is a sum, unless
 * rows numbered below it follow (then it heads a section that happens to be called so).
 */
function numberedSum(
	title: string,
	numbering: Numbering,
	grid: Grid,
	r: number,
	columns: Parameters<typeof readRowLabel>[1]
): SumWords | null {
	const words = readSumWords(title);
	if (!words || (words.scope !== 'grand' && words.scope !== 'refs')) return null;
	for (let n = r + 1; n < grid.rows.length; n++) {
		const cells = grid.rows[n]!;
		if (isBlankRow(cells)) continue;
		const next = readRowLabel(cells, columns);
		if (readSumWords(next.title)) continue;
		return next.numbering !== null && next.numbering.style !== 'bullet' && next.numbering.rank > numbering.rank
			? null
			: words;
	}
	return words;
}

/** "PHẦN A: CÁC TIÊU CHÍ CHẤM ĐIỂM": a line in capitals, with letters. */
function isCapitalHeading(title: string): boolean {
	return /\p{Lu}.*\p{Lu}/u.test(title) && title === title.toLocaleUpperCase('vi');
}

function nextIsNumbered(grid: Grid, r: number, columns: Parameters<typeof readRowLabel>[1]): boolean {
	for (let n = r + 1; n < grid.rows.length; n++) {
		const cells = grid.rows[n]!;
		if (isBlankRow(cells)) continue;
		const { numbering } = readRowLabel(cells, columns);
		return numbering !== null && numbering.style !== 'bullet';
	}
	return false;
}

interface Built {
	roots: CriteriaNode[];
	sums: CriteriaSum[];
	unnumbered: number[];
	/** Each criterion or heading row's node. */
	nodes: Map<number, CriteriaNode>;
}

function buildTree(rows: readonly RowRead[], corrections: CriteriaCorrections): Built {
	const roots: CriteriaNode[] = [];
	const numberer = new Numberer<CriteriaNode>();
	const nodes = new Map<number, CriteriaNode>();
	const order: CriteriaNode[] = [];
	const sums: CriteriaSum[] = [];
	const unnumbered: number[] = [];
	const attach = (node: CriteriaNode, parent: CriteriaNode | undefined) =>
		(parent ? parent.children : roots).push(node);
	let last: CriteriaNode | undefined;

	for (const r of rows) {
		if (r.role === 'ignore') continue;
		if (r.role === 'continuation') {
			if (last) last.title = `${last.title} ${r.title}`.trim();
			continue;
		}
		if (r.role === 'sum') {
			sums.push(sumOf(r, numberer.open, order, corrections));
			continue;
		}
		const node: CriteriaNode = {
			row: r.row,
			code: '',
			label: r.numbering?.label ?? '',
			title: r.title,
			maxText: r.maxText,
			max: null,
			kind: 'score',
			children: [],
			sum: null
		};
		if (r.max) {
			node.max = r.max.value;
			if (r.max.penalty) node.kind = 'penalty';
		}
		if (r.words === 'bonus' || r.words === 'penalty') node.kind = r.words;
		const numbered = r.numbering !== null && r.numbering.style !== 'bullet';
		if (r.role === 'heading') node.heading = true;

		if (!numbered && (r.role === 'heading' || r.words === 'bonus' || r.words === 'penalty')) {
			// An unnumbered heading starts a part of its own, at the top.
			node.code = numberer.topLevel(
				node.kind === 'bonus' ? 'B' : node.kind === 'penalty' ? 'P' : numberer.freeLetter(),
				node
			);
			roots.push(node);
		} else if (!numbered) {
			unnumbered.push(r.row);
			const placed = numberer.positional();
			node.code = placed.code;
			attach(node, placed.parent);
		} else {
			const placed = numberer.place(r.numbering!, node);
			node.code = placed.code;
			attach(node, placed.parent);
		}
		nodes.set(r.row, node);
		order.push(node);
		last = node;
	}

	inheritKinds(roots, 'score');
	// The host's corrections of titles, maxima and kinds; kinds after the rest, sections before what is below them,
	// so that an item's own choice wins.
	for (const node of order) {
		const title = corrections.titles?.[node.row];
		if (title !== undefined && title.trim() !== '') node.title = title.replace(/\s+/g, ' ').trim();
		const max = corrections.maxima?.[node.row];
		if (max !== undefined) {
			node.maxText = max.trim();
			const read = readMaxCell(max);
			node.max = read ? read.value : null;
			if (read?.penalty) setKind(node, 'penalty');
		}
	}
	for (const node of order) {
		const kind = corrections.kinds?.[node.row];
		if (kind === 'score' || kind === 'bonus' || kind === 'penalty') setKind(node, kind);
	}
	return { roots, sums, unnumbered, nodes };
}

function setKind(node: CriteriaNode, kind: CriterionKind): void {
	node.kind = kind;
	node.children.forEach((c) => setKind(c, kind));
}

/** A sum row: what it adds up is decided by its words and by where it stands. */
function sumOf(
	r: RowRead,
	open: readonly CriteriaNode[],
	before: readonly CriteriaNode[],
	corrections: CriteriaCorrections
): CriteriaSum {
	let figureText = r.maxText;
	let figure = r.max ? r.max.value : null;
	const corrected = corrections.maxima?.[r.row];
	if (corrected !== undefined) {
		figureText = corrected.trim();
		figure = readMaxCell(corrected)?.value ?? null;
	}
	const sum: CriteriaSum = {
		row: r.row,
		title: r.title,
		figureText,
		figure,
		grand: false,
		codes: [],
		computed: null,
		candidates: []
	};
	const words = r.sum ?? { scope: 'close', refs: [] };
	if (words.scope === 'grand') sum.grand = true;
	else if (words.scope === 'refs') {
		// Each number names the latest section so numbered before this row ("I" of part A, not of part B).
		const found = words.refs.map((ref) =>
			[...before]
				.reverse()
				.find((n) => n.code.toUpperCase() === ref || (n.label.toUpperCase() === ref && n.children.length > 0))
		);
		if (found.every((n) => n !== undefined)) sum.candidates = [found.map((n) => n!.code)];
	} else if (words.scope === 'bonus' || words.scope === 'penalty') {
		const part = [...before]
			.reverse()
			.find(
				(n) =>
					n.kind === words.scope &&
					n.children.length > 0 &&
					!before.some((p) => p.children.includes(n) && p.kind === words.scope)
			);
		if (part) sum.candidates = [[part.code]];
	} else {
		// "Cộng": the innermost open section that agrees with the figure, else the outermost; none open: the whole.
		// Rows still without children are candidates too: a "Cộng" may stand right under its section's title, and
		// the review keeps only those that turned out to be sections.
		if (open.length === 0) sum.grand = true;
		else {
			sum.closes = true;
			sum.candidates = [...open].reverse().map((n) => [n.code]);
		}
	}
	return sum;
}

/** A node's kind comes from its own words (or a penalty maximum), else from its section. */
function inheritKinds(nodes: CriteriaNode[], inherited: CriterionKind): void {
	for (const node of nodes) {
		if (node.kind === 'score') node.kind = inherited;
		inheritKinds(node.children, node.kind);
	}
}

function tableName(lines: readonly string[]): string {
	const official = /^(cong hoa|doc lap|dang cong san|hoc vien|so:|so |ubnd|uy ban)/;
	const named = lines.find(
		(l) => /\b(tieu chi|cham diem|thang diem|bang diem)\b/.test(plainText(l)) && !official.test(plainText(l))
	);
	return named ?? lines.find((l) => !official.test(plainText(l)) && l.length > 8) ?? 'Bảng tiêu chí thi đua';
}

/** "chấm lẻ đến 0,5 điểm", "bước điểm: 0,25": a step the file states. */
function statedStep(lines: readonly string[]): Points | null {
	for (const line of lines) {
		const match = /(buoc|le den|le toi|cham le|diem le|lam tron)[^0-9]{0,24}(\d+(?:[.,]\d+)?)/.exec(
			plainText(line)
		);
		if (!match) continue;
		const parsed = parsePoints(match[2]!);
		if (parsed.ok && parsed.value > 0 && parsed.value <= 100) return parsed.value;
	}
	return null;
}

function gcd(a: number, b: number): number {
	return b === 0 ? a : gcd(b, a % b);
}

/** The finest granularity of the items' maxima, at most half a point: units score in half points at least. */
function stepOfMaxima(roots: readonly CriteriaNode[]): Points {
	let g = HALF_POINT;
	for (const item of itemsOf(roots)) if (item.max !== null && item.max > 0) g = gcd(g, item.max);
	return g;
}

function itemsOf(nodes: readonly CriteriaNode[]): CriteriaNode[] {
	return nodes.flatMap((n) => (n.children.length === 0 ? [n] : itemsOf(n.children)));
}

/**
 * Recomputes what follows from the tree (sums, totals) and every check: sections against their stated maxima, sum
 * rows against what they add up, items without a usable maximum, maxima off the step, duplicate codes. Problems
 * found in reading that the tree cannot show (no header row, unnumbered rows) are kept.
 */
export function reviewCriteria(preview: CriteriaPreview): CriteriaPreview {
	const kept = preview.problems.filter((p) => p.reason === 'no_header' || p.reason === 'unnumbered_row');
	const problems: CriteriaProblem[] = [];
	const step = preview.step;
	const stepOk = Number.isSafeInteger(step) && step > 0;
	if (!stepOk) problems.push({ reason: 'bad_step', severity: 'error', step });
	const seen = new Map<string, number>();
	const byCode = new Map<string, CriteriaNode>();

	const visit = (node: CriteriaNode): Points => {
		const where = { row: node.row, code: node.code };
		if (seen.has(node.code))
			problems.push({ reason: 'duplicate_code', severity: 'error', ...where, text: String(seen.get(node.code)) });
		else {
			seen.set(node.code, node.row);
			byCode.set(node.code, node);
		}
		if (node.title.trim() === '') problems.push({ reason: 'empty_title', severity: 'warning', ...where });
		if (node.max === null && node.maxText !== '')
			problems.push({ reason: 'max_not_a_number', severity: 'error', ...where, text: node.maxText });
		if (node.children.length > 0) {
			const sum = sumPoints(node.children.map(visit));
			node.sum = sum;
			if (node.max !== null && node.max !== sum)
				problems.push({
					reason: 'section_sum_mismatch',
					severity: 'error',
					...where,
					stated: node.max,
					computed: sum
				});
			return sum;
		}
		node.sum = null;
		if (node.heading) {
			problems.push({ reason: 'empty_heading', severity: 'error', ...where });
			return 0;
		}
		if (node.max === null) {
			if (node.maxText === '') problems.push({ reason: 'item_without_max', severity: 'error', ...where });
			return 0;
		}
		if (node.max <= 0) problems.push({ reason: 'max_not_positive', severity: 'error', ...where });
		else if (stepOk && node.max % step !== 0)
			problems.push({ reason: 'max_off_step', severity: 'error', ...where, stated: node.max, step });
		return node.max;
	};
	preview.criteria.forEach(visit);
	if (preview.headerRow !== null && preview.criteria.length === 0)
		problems.push({ reason: 'no_criteria', severity: 'error' });

	const items = itemsOf(preview.criteria);
	const byKind = (kind: CriterionKind) => sumPoints(items.filter((i) => i.kind === kind).map((i) => i.max ?? 0));
	const total = byKind('score');
	const bonusTotal = byKind('bonus');
	const penaltyTotal = byKind('penalty');
	const valueOf = (code: string) => {
		const node = byCode.get(code);
		return node ? (node.children.length > 0 ? (node.sum ?? 0) : (node.max ?? 0)) : 0;
	};

	const sums = preview.sums.map((s): CriteriaSum => {
		const next = { ...s, codes: [] as string[], computed: null as Points | null };
		if (s.grand) {
			next.computed = total;
			// A total may count the bonus or not; either agrees.
			if (s.figure !== null && s.figure !== total && s.figure !== total + bonusTotal) {
				problems.push({
					reason: 'total_mismatch',
					severity: 'error',
					row: s.row,
					stated: s.figure,
					computed: total
				});
			}
			return next;
		}
		const alternatives = s.candidates.filter(
			(codes) =>
				codes.every((c) => byCode.has(c)) && (s.closes ? byCode.get(codes[0]!)!.children.length > 0 : true)
		);
		if (alternatives.length === 0) {
			if (s.figure !== null)
				problems.push({ reason: 'sum_unresolved', severity: 'warning', row: s.row, text: s.title });
			return next;
		}
		const sumOfCodes = (codes: readonly string[]) => sumPoints(codes.map(valueOf));
		const chosen =
			(s.figure === null ? undefined : alternatives.find((codes) => sumOfCodes(codes) === s.figure)) ??
			alternatives.at(-1)!;
		next.codes = chosen;
		next.computed = sumOfCodes(chosen);
		if (s.figure !== null && s.figure !== next.computed) {
			problems.push({
				reason: 'sum_mismatch',
				severity: 'error',
				row: s.row,
				text: chosen.join(' + '),
				stated: s.figure,
				computed: next.computed
			});
		}
		return next;
	});

	const order = (p: CriteriaProblem) => p.row ?? 0;
	return {
		...preview,
		sums,
		total,
		bonusTotal,
		penaltyTotal,
		problems: [...kept, ...problems].sort((a, b) => order(a) - order(b))
	};
}

function linesOf(rows: readonly RowRead[], preview: CriteriaPreview): CriteriaLine[] {
	const depth = new Map<number, { code: string; depth: number }>();
	for (const { node, depth: d } of previewRows(preview)) depth.set(node.row, { code: node.code, depth: d });
	return rows.map((r) => {
		const placed = depth.get(r.row);
		return {
			row: r.row,
			role: r.role,
			readRole: r.readRole,
			title: r.title,
			...(placed ? { code: placed.code } : {}),
			depth: placed?.depth ?? 0
		};
	});
}

export function blockingProblems(preview: CriteriaPreview): CriteriaProblem[] {
	return preview.problems.filter((p) => p.severity === 'error');
}

/** The template a preview describes, in the JSON shape `templateFromInput` checks. The total is computed. */
export function criteriaTemplateInput(preview: CriteriaPreview): TemplateInput {
	const convert = (node: CriteriaNode): CriterionInput =>
		node.children.length > 0
			? { code: node.code, title: node.title, children: node.children.map(convert) }
			: {
					code: node.code,
					title: node.title,
					...(node.max === null ? {} : { max: toDecimal(node.max) }),
					kind: node.kind
				};
	return {
		name: preview.name,
		total: toDecimal(preview.total),
		step: preview.step > 0 ? toDecimal(preview.step) : 0,
		items: preview.criteria.map(convert)
	};
}

/** A confirmed preview as a template, or why not: its own errors, else the template core's. */
export function confirmCriteria(
	preview: CriteriaPreview
):
	| { ok: true; template: Template; input: TemplateInput }
	| { ok: false; problems: CriteriaProblem[]; templateErrors: TemplateError[] } {
	const blocking = blockingProblems(preview);
	if (blocking.length > 0) return { ok: false, problems: blocking, templateErrors: [] };
	const input = criteriaTemplateInput(preview);
	const built = templateFromInput(input);
	if (!built.ok) return { ok: false, problems: [], templateErrors: built.errors };
	return { ok: true, template: built.template, input };
}

/** Every criterion of a preview in document order with its depth. */
export function previewRows(preview: Pick<CriteriaPreview, 'criteria'>): { node: CriteriaNode; depth: number }[] {
	const out: { node: CriteriaNode; depth: number }[] = [];
	const walk = (nodes: readonly CriteriaNode[], depth: number) => {
		for (const node of nodes) {
			out.push({ node, depth });
			walk(node.children, depth + 1);
		}
	};
	walk(preview.criteria, 0);
	return out;
}

/** Reads a preview again from its source with corrections: what every request of the preview page does. */
export function rereadCriteria(source: CriteriaSource, corrections: CriteriaCorrections): CriteriaPreview {
	return readCriteriaTable(
		{ rows: source.rows, merges: source.merges },
		{ context: source.context, firstRow: source.firstRow, corrections }
	);
}
