import { parsePoints, sumPoints, toDecimal, type Points } from '../scoring/points';
import { templateFromInput, type CriterionInput, type CriterionKind, type Template, type TemplateError, type TemplateInput } from '../scoring/template';
import { cellText, isBlankRow, type Grid } from './grid';
import { Numberer, findTableHeader, isColumnNumberRow, plainText, readCellPoints, readRowLabel } from './table';

// Reads a criteria table as a secretariat writes it (a title, a header row found by its words, sections numbered
// I, II…, items 1, 2, 2.1, a), a bonus and a penalty section, maxima as numbers or text) into a preview the host
// checks and edits before it becomes the meeting's template. Every problem is listed at once, naming its row.
// A section row's maximum is what the file states: a check on its items, never data.

export interface CriteriaNode {
	/** The row in the file (1-based, as a spreadsheet numbers it); the key of the host's edits. */
	row: number;
	/** Hierarchical and unique: I, I.2, I.2.3, II.1.a, B.1. */
	code: string;
	/** The numbering as written: "2.1", "a", "" for a bullet or none. */
	label: string;
	title: string;
	/** The maximum cell as written, '' when empty. */
	maxText: string;
	/** An item's maximum; a section's stated maximum (a check on its items). Null when absent or unreadable. */
	max: Points | null;
	kind: CriterionKind;
	children: CriteriaNode[];
	/** Sections only: the sum of the maxima below (items without a maximum count 0). */
	sum: Points | null;
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

export interface CriteriaPreview {
	name: string;
	step: Points;
	/** Where the step came from: written in the file, the finest granularity of the maxima, or the host. */
	stepSource: 'stated' | 'maxima' | 'host';
	criteria: CriteriaNode[];
	/** The sum of the 'score' items' maxima: the nominal total. */
	total: Points;
	/** Bonus items' maxima, beside the total. */
	bonusTotal: Points;
	/** A "Tổng cộng" row's figure, a check like a section's stated maximum. */
	statedTotal: Points | null;
	statedTotalRow: number | null;
	/** The header row (1-based), null when none was found. */
	headerRow: number | null;
	problems: CriteriaProblem[];
}

const HALF_POINT: Points = 50;

export interface ReadCriteriaOptions {
	/** Text around the table (a Word document's paragraphs): its title, a sentence giving the step. */
	context?: readonly string[];
}

export function readCriteriaTable(grid: Grid, options: ReadCriteriaOptions = {}): CriteriaPreview {
	const header = findTableHeader(grid, 'max');
	const above = grid.rows.slice(0, header ? header.row : Math.min(grid.rows.length, 10)).flatMap((row) => row.map((c) => cellText(c)).filter((t) => t !== ''));
	const context = [...(options.context ?? []), ...above];
	const name = tableName(context);
	if (!header) {
		return {
			name,
			step: HALF_POINT,
			stepSource: 'maxima',
			criteria: [],
			total: 0,
			bonusTotal: 0,
			statedTotal: null,
			statedTotalRow: null,
			headerRow: null,
			problems: [{ reason: 'no_header', severity: 'error' }]
		};
	}
	const { columns } = header;
	const roots: CriteriaNode[] = [];
	const numberer = new Numberer<CriteriaNode>();
	let statedTotal: Points | null = null;
	let statedTotalRow: number | null = null;
	const unnumbered: number[] = [];
	const below: string[] = [];
	let started = false;
	const attach = (node: CriteriaNode, parent: CriteriaNode | undefined) => (parent ? parent.children : roots).push(node);

	for (let r = header.row + 1; r < grid.rows.length; r++) {
		const row = grid.rows[r]!;
		if (isBlankRow(row)) continue;
		if (!started && isColumnNumberRow(row)) continue;
		const { numbering, title, words } = readRowLabel(row, columns);
		const maxCell = columns.max >= 0 ? row[columns.max] : null;
		const maxText = cellText(maxCell);
		const excelRow = r + 1;

		if (words === 'total' && (numbering === null || numbering.style === 'bullet')) {
			const read = readCellPoints(maxCell);
			statedTotal = read.ok ? Math.abs(read.value) : null;
			statedTotalRow = excelRow;
			continue;
		}
		if (numbering === null && words !== 'bonus' && words !== 'penalty' && maxText === '') {
			// A line of explanation under a criterion, or a note after the table.
			if (started) below.push(title);
			continue;
		}
		if (numbering?.style === 'bullet' && maxText === '') continue;
		started = true;

		const node: CriteriaNode = { row: excelRow, code: '', label: numbering?.label ?? '', title, maxText, max: null, kind: 'score', children: [], sum: null };
		const read = readCellPoints(maxCell);
		if (read.ok) {
			node.max = Math.abs(read.value);
			if (read.value < 0) node.kind = 'penalty';
		}
		if (words === 'bonus' || words === 'penalty') node.kind = words;

		if (numbering === null && (words === 'bonus' || words === 'penalty')) {
			// An unnumbered bonus or penalty heading starts a part of its own, at the top.
			node.code = numberer.topLevel(words === 'bonus' ? 'B' : 'P', node);
			roots.push(node);
			continue;
		}
		if (numbering === null || numbering.style === 'bullet') {
			if (numbering === null) unnumbered.push(excelRow);
			const placed = numberer.positional();
			node.code = placed.code;
			attach(node, placed.parent);
			continue;
		}
		const placed = numberer.place(numbering, node);
		node.code = placed.code;
		attach(node, placed.parent);
	}

	inheritKinds(roots, 'score');
	const stated = statedStep([...context, ...below]);
	const preview: CriteriaPreview = {
		name,
		step: stated ?? stepOfMaxima(roots),
		stepSource: stated ? 'stated' : 'maxima',
		criteria: roots,
		total: 0,
		bonusTotal: 0,
		statedTotal,
		statedTotalRow,
		headerRow: header.row + 1,
		problems: []
	};
	const checked = reviewCriteria(preview);
	checked.problems.push(...unnumbered.map((row): CriteriaProblem => ({ reason: 'unnumbered_row', severity: 'warning', row })));
	return checked;
}

/** A node's kind comes from its own words (or a negative maximum), else from its section. */
function inheritKinds(nodes: CriteriaNode[], inherited: CriterionKind): void {
	for (const node of nodes) {
		if (node.kind === 'score') node.kind = inherited;
		inheritKinds(node.children, node.kind);
	}
}

function tableName(lines: readonly string[]): string {
	const official = /^(cong hoa|doc lap|dang cong san|hoc vien|so:|so |ubnd|uy ban)/;
	const named = lines.find((l) => /\b(tieu chi|cham diem|thang diem|bang diem)\b/.test(plainText(l)) && !official.test(plainText(l)));
	return named ?? lines.find((l) => !official.test(plainText(l)) && l.length > 8) ?? 'Bảng tiêu chí thi đua';
}

/** "chấm lẻ đến 0,5 điểm", "bước điểm: 0,25": a step the file states. */
function statedStep(lines: readonly string[]): Points | null {
	for (const line of lines) {
		const match = /(buoc|le den|le toi|cham le|diem le|lam tron)[^0-9]{0,24}(\d+(?:[.,]\d+)?)/.exec(plainText(line));
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

function allNodes(nodes: readonly CriteriaNode[]): CriteriaNode[] {
	return nodes.flatMap((n) => [n, ...allNodes(n.children)]);
}

/**
 * Recomputes what follows from the tree (sums, totals) and every check: sections against their stated maxima,
 * items without a usable maximum, maxima off the step, duplicate codes, the stated total. Problems found in
 * reading that the tree cannot show (no header row, unnumbered rows) are kept.
 */
export function reviewCriteria(preview: CriteriaPreview): CriteriaPreview {
	const kept = preview.problems.filter((p) => p.reason === 'no_header' || p.reason === 'unnumbered_row');
	const problems: CriteriaProblem[] = [];
	const step = preview.step;
	if (!(Number.isSafeInteger(step) && step > 0)) problems.push({ reason: 'bad_step', severity: 'error', step });
	const stepOk = Number.isSafeInteger(step) && step > 0;
	const seen = new Map<string, number>();

	const visit = (node: CriteriaNode): Points => {
		const where = { row: node.row, code: node.code };
		if (seen.has(node.code)) problems.push({ reason: 'duplicate_code', severity: 'error', ...where, text: String(seen.get(node.code)) });
		else seen.set(node.code, node.row);
		if (node.title.trim() === '') problems.push({ reason: 'empty_title', severity: 'warning', ...where });
		if (node.max === null && node.maxText !== '') problems.push({ reason: 'max_not_a_number', severity: 'error', ...where, text: node.maxText });
		if (node.children.length > 0) {
			const sum = sumPoints(node.children.map(visit));
			node.sum = sum;
			if (node.max !== null && node.max !== sum) problems.push({ reason: 'section_sum_mismatch', severity: 'error', ...where, stated: node.max, computed: sum });
			return sum;
		}
		node.sum = null;
		if (node.max === null) {
			if (node.maxText === '') problems.push({ reason: 'item_without_max', severity: 'error', ...where });
			return 0;
		}
		if (node.max <= 0) problems.push({ reason: 'max_not_positive', severity: 'error', ...where });
		else if (stepOk && node.max % step !== 0) problems.push({ reason: 'max_off_step', severity: 'error', ...where, stated: node.max, step });
		return node.max;
	};
	preview.criteria.forEach(visit);
	if (preview.headerRow !== null && preview.criteria.length === 0) problems.push({ reason: 'no_criteria', severity: 'error' });

	const items = itemsOf(preview.criteria);
	const total = sumPoints(items.filter((i) => i.kind === 'score').map((i) => i.max ?? 0));
	const bonusTotal = sumPoints(items.filter((i) => i.kind === 'bonus').map((i) => i.max ?? 0));
	// A "Tổng cộng" row may count the bonus or not; either agrees.
	if (preview.statedTotal !== null && preview.statedTotal !== total && preview.statedTotal !== total + bonusTotal) {
		problems.push({ reason: 'total_mismatch', severity: 'error', row: preview.statedTotalRow ?? undefined, stated: preview.statedTotal, computed: total });
	}
	const order = (p: CriteriaProblem) => p.row ?? 0;
	return { ...preview, total, bonusTotal, problems: [...kept, ...problems].sort((a, b) => order(a) - order(b)) };
}

export function blockingProblems(preview: CriteriaPreview): CriteriaProblem[] {
	return preview.problems.filter((p) => p.severity === 'error');
}

/** The host's corrections, keyed by a criterion's row: text as typed in the preview's fields. */
export interface CriteriaEdits {
	name?: string;
	step?: string;
	titles?: Readonly<Record<number, string>>;
	maxima?: Readonly<Record<number, string>>;
	kinds?: Readonly<Record<number, string>>;
	statedTotal?: string;
}

export type EditProblem = { reason: 'step_not_a_number' | 'max_not_a_number'; row?: number; text: string };

/**
 * Applies the host's edits to a preview and checks it again. A kind set on a section applies to all below it.
 * Clearing a section's stated maximum (or the total's) removes that check. Text that is not a number is kept as
 * written and reported, so the host sees what they typed.
 */
export function editCriteria(preview: CriteriaPreview, edits: CriteriaEdits): CriteriaPreview {
	const next: CriteriaPreview = structuredClone(preview);
	if (edits.name !== undefined && edits.name.trim() !== '') next.name = edits.name.trim();
	if (edits.step !== undefined && edits.step.trim() !== '') {
		const parsed = parsePoints(edits.step);
		if (parsed.ok) {
			if (parsed.value !== next.step) next.stepSource = 'host';
			next.step = parsed.value;
		} else {
			next.step = -1;
			next.stepSource = 'host';
		}
	}
	if (edits.statedTotal !== undefined) {
		const parsed = readCellPoints(edits.statedTotal);
		next.statedTotal = parsed.ok ? Math.abs(parsed.value) : null;
	}
	const setKind = (node: CriteriaNode, kind: CriterionKind) => {
		node.kind = kind;
		node.children.forEach((c) => setKind(c, kind));
	};
	for (const node of allNodes(next.criteria)) {
		const title = edits.titles?.[node.row];
		if (title !== undefined) node.title = title.replace(/\s+/g, ' ').trim();
		const max = edits.maxima?.[node.row];
		if (max !== undefined) {
			node.maxText = max.trim();
			const parsed = readCellPoints(max);
			node.max = parsed.ok ? Math.abs(parsed.value) : null;
		}
	}
	// Kinds after the other edits, sections before what is below them, so an item's own choice wins.
	for (const node of allNodes(next.criteria)) {
		const kind = edits.kinds?.[node.row];
		if (kind === 'score' || kind === 'bonus' || kind === 'penalty') {
			if (node.children.length > 0) setKind(node, kind);
			else node.kind = kind;
		}
	}
	return reviewCriteria(next);
}

/** The template a preview describes, in the JSON shape `templateFromInput` checks. The total is computed. */
export function criteriaTemplateInput(preview: CriteriaPreview): TemplateInput {
	const convert = (node: CriteriaNode): CriterionInput =>
		node.children.length > 0
			? { code: node.code, title: node.title, children: node.children.map(convert) }
			: { code: node.code, title: node.title, ...(node.max === null ? {} : { max: toDecimal(node.max) }), kind: node.kind };
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
): { ok: true; template: Template; input: TemplateInput } | { ok: false; problems: CriteriaProblem[]; templateErrors: TemplateError[] } {
	const checked = reviewCriteria(preview);
	const blocking = blockingProblems(checked);
	if (blocking.length > 0) return { ok: false, problems: blocking, templateErrors: [] };
	const input = criteriaTemplateInput(checked);
	const built = templateFromInput(input);
	if (!built.ok) return { ok: false, problems: [], templateErrors: built.errors };
	return { ok: true, template: built.template, input };
}

// ——— the preview between requests (a hidden form field) ———

const MAX_NODES = 2000;

/** Reads a preview back from its JSON, checking its shape (it came through the browser); null when it is not one. */
export function parseCriteriaPreview(json: string): CriteriaPreview | null {
	let data: unknown;
	try {
		data = JSON.parse(json);
	} catch {
		return null;
	}
	let count = 0;
	const isPoints = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
	const node = (v: unknown, depth: number): CriteriaNode | null => {
		if (depth > 8 || ++count > MAX_NODES || typeof v !== 'object' || v === null) return null;
		const o = v as Record<string, unknown>;
		if (!isPoints(o.row) || typeof o.code !== 'string' || typeof o.label !== 'string' || typeof o.title !== 'string' || typeof o.maxText !== 'string') return null;
		if (!(o.max === null || isPoints(o.max))) return null;
		if (o.kind !== 'score' && o.kind !== 'bonus' && o.kind !== 'penalty') return null;
		if (!Array.isArray(o.children)) return null;
		const children: CriteriaNode[] = [];
		for (const c of o.children) {
			const child = node(c, depth + 1);
			if (!child) return null;
			children.push(child);
		}
		return { row: o.row, code: o.code, label: o.label, title: o.title, maxText: o.maxText, max: o.max, kind: o.kind, children, sum: null };
	};
	if (typeof data !== 'object' || data === null) return null;
	const o = data as Record<string, unknown>;
	if (typeof o.name !== 'string' || !isPoints(o.step) || !Array.isArray(o.criteria)) return null;
	if (o.stepSource !== 'stated' && o.stepSource !== 'maxima' && o.stepSource !== 'host') return null;
	const criteria: CriteriaNode[] = [];
	for (const c of o.criteria) {
		const built = node(c, 0);
		if (!built) return null;
		criteria.push(built);
	}
	const statedTotal = isPoints(o.statedTotal) ? o.statedTotal : null;
	const statedTotalRow = isPoints(o.statedTotalRow) ? o.statedTotalRow : null;
	const headerRow = isPoints(o.headerRow) ? o.headerRow : null;
	const kept = Array.isArray(o.problems)
		? (o.problems as unknown[]).filter(
				(p): p is CriteriaProblem =>
					typeof p === 'object' && p !== null && ((p as CriteriaProblem).reason === 'unnumbered_row' || (p as CriteriaProblem).reason === 'no_header') && (p as CriteriaProblem).severity !== undefined
			)
		: [];
	return reviewCriteria({
		name: o.name,
		step: o.step,
		stepSource: o.stepSource,
		criteria,
		total: 0,
		bonusTotal: 0,
		statedTotal,
		statedTotalRow,
		headerRow,
		problems: kept.map((p) => ({ reason: p.reason, severity: p.reason === 'no_header' ? 'error' : 'warning', ...(isPoints(p.row) ? { row: p.row } : {}) }))
	});
}

/** Every criterion of a preview in document order with its depth: the rows of the preview's table. */
export function previewRows(preview: CriteriaPreview): { node: CriteriaNode; depth: number }[] {
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

/**
 * The host's edits from the preview's form fields: `name`, `step`, `statedTotal`, and per criterion row
 * `title:<row>`, `max:<row>`, `kind:<row>`.
 */
export function readCriteriaEdits(fields: Iterable<[string, string]>): CriteriaEdits {
	const titles: Record<number, string> = {};
	const maxima: Record<number, string> = {};
	const kinds: Record<number, string> = {};
	const edits: CriteriaEdits = { titles, maxima, kinds };
	for (const [key, value] of fields) {
		if (key === 'name') edits.name = value;
		else if (key === 'step') edits.step = value;
		else if (key === 'statedTotal') edits.statedTotal = value;
		else {
			const match = /^(title|max|kind):(\d+)$/.exec(key);
			if (!match) continue;
			const row = Number(match[2]);
			if (match[1] === 'title') titles[row] = value;
			else if (match[1] === 'max') maxima[row] = value;
			else kinds[row] = value;
		}
	}
	return edits;
}
