import { parsePoints } from '../scoring/points';
import type { CriterionKind } from '../scoring/template';
import type { CellValue, Merge } from './grid';
import {
	ROW_ROLES,
	previewRows,
	type CriteriaCorrections,
	type CriteriaPreview,
	type CriteriaSource,
	type RowRole
} from './criteria';
import { readMaxCell } from './words';

// The preview page between requests: the file's grid and the host's corrections travel in hidden fields (they came
// through the browser, so their shape is checked and bounded), and the page's fields become corrections only where
// the host changed what the preview showed. A correction is keyed by the file's row, so it survives every re-read.

const MAX_ROWS = 5000;
const MAX_COLUMNS = 60;
const MAX_CELL = 4000;
const MAX_CONTEXT = 200;

/** The source of a preview back from its hidden field; null when it is not one. */
export function parseCriteriaSource(json: string): CriteriaSource | null {
	let data: unknown;
	try {
		data = JSON.parse(json);
	} catch {
		return null;
	}
	if (typeof data !== 'object' || data === null) return null;
	const o = data as Record<string, unknown>;
	if (
		!Array.isArray(o.rows) ||
		o.rows.length > MAX_ROWS ||
		!Array.isArray(o.merges) ||
		!Array.isArray(o.context) ||
		o.context.length > MAX_CONTEXT
	)
		return null;
	if (!Number.isSafeInteger(o.firstRow) || (o.firstRow as number) < 1) return null;
	const cell = (v: unknown): v is CellValue =>
		v === null || (typeof v === 'string' && v.length <= MAX_CELL) || (typeof v === 'number' && Number.isFinite(v));
	const rows: CellValue[][] = [];
	for (const row of o.rows as unknown[]) {
		if (!Array.isArray(row) || row.length > MAX_COLUMNS || !row.every(cell)) return null;
		rows.push(row as CellValue[]);
	}
	const merges: Merge[] = [];
	for (const m of o.merges as unknown[]) {
		if (typeof m !== 'object' || m === null) return null;
		const { top, left, bottom, right } = m as Record<string, unknown>;
		const ints = [top, left, bottom, right];
		if (!ints.every((n) => Number.isSafeInteger(n) && (n as number) >= 0 && (n as number) <= MAX_ROWS)) return null;
		merges.push({ top: top as number, left: left as number, bottom: bottom as number, right: right as number });
	}
	if (merges.length > MAX_ROWS) return null;
	if (!(o.context as unknown[]).every((l) => typeof l === 'string' && l.length <= MAX_CELL)) return null;
	return { rows, merges, firstRow: o.firstRow as number, context: o.context as string[] };
}

const KINDS: readonly string[] = ['score', 'bonus', 'penalty'];

/** The corrections so far, back from their hidden field; anything malformed is dropped, never trusted. */
export function parseCriteriaCorrections(json: string): CriteriaCorrections {
	let data: unknown;
	try {
		data = JSON.parse(json);
	} catch {
		return {};
	}
	if (typeof data !== 'object' || data === null) return {};
	const o = data as Record<string, unknown>;
	const byRow = <T>(value: unknown, accept: (v: unknown) => v is T): Record<number, T> => {
		const out: Record<number, T> = {};
		if (typeof value !== 'object' || value === null) return out;
		for (const [key, v] of Object.entries(value).slice(0, MAX_ROWS)) {
			const row = Number(key);
			if (Number.isSafeInteger(row) && row > 0 && accept(v)) out[row] = v;
		}
		return out;
	};
	const text = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_CELL;
	const out: CriteriaCorrections = {
		roles: byRow(
			o.roles,
			(v): v is RowRole => typeof v === 'string' && (ROW_ROLES as readonly string[]).includes(v)
		),
		titles: byRow(o.titles, text),
		maxima: byRow(o.maxima, text),
		kinds: byRow(o.kinds, (v): v is CriterionKind => typeof v === 'string' && KINDS.includes(v))
	};
	if (text(o.name)) out.name = o.name;
	if (text(o.step)) out.step = o.step;
	return out;
}

/**
 * The corrections after a submit of the preview's form: the earlier ones, and every field (`name`, `step`,
 * `role:<row>`, `title:<row>`, `max:<row>`, `kind:<row>`) whose value differs from what the preview showed. A
 * field left as shown changes nothing, so a title merged from a split line is not merged twice.
 */
export function correctionsFromForm(
	preview: CriteriaPreview,
	earlier: CriteriaCorrections,
	fields: Iterable<[string, string]>
): CriteriaCorrections {
	const next: CriteriaCorrections = {
		...earlier,
		roles: { ...earlier.roles },
		titles: { ...earlier.titles },
		maxima: { ...earlier.maxima },
		kinds: { ...earlier.kinds }
	};
	const lines = new Map(preview.lines.map((l) => [l.row, l]));
	const nodes = new Map(previewRows(preview).map(({ node }) => [node.row, node]));
	const sums = new Map(preview.sums.map((s) => [s.row, s]));
	const clean = (v: string) => v.replace(/\s+/g, ' ').trim();
	for (const [key, raw] of fields) {
		const value = clean(raw);
		if (key === 'name') {
			if (value !== '' && value !== preview.name) next.name = value;
			continue;
		}
		if (key === 'step') {
			const parsed = parsePoints(value);
			if (value !== '' && (!parsed.ok || parsed.value !== preview.step)) next.step = value;
			continue;
		}
		const match = /^(role|title|max|kind):(\d{1,6})$/.exec(key);
		if (!match) continue;
		const row = Number(match[2]);
		const line = lines.get(row);
		if (!line) continue;
		const node = nodes.get(row);
		const sum = sums.get(row);
		switch (match[1]) {
			case 'role':
				if ((ROW_ROLES as readonly string[]).includes(value) && value !== line.role) {
					if (value === line.readRole) delete next.roles![row];
					else next.roles![row] = value as RowRole;
				}
				break;
			case 'title':
				if (node && value !== '' && value !== node.title) next.titles![row] = value;
				break;
			case 'max': {
				const shown = node
					? { max: node.max, text: node.maxText }
					: sum
						? { max: sum.figure, text: sum.figureText }
						: null;
				if (!shown) break;
				const read = readMaxCell(value);
				const same =
					value === ''
						? shown.text === ''
						: read !== null && shown.max !== null
							? read.value === shown.max && !read.penalty
							: value === shown.text;
				if (!same) next.maxima![row] = value;
				break;
			}
			case 'kind':
				if (node && KINDS.includes(value) && value !== node.kind) next.kinds![row] = value as CriterionKind;
				break;
		}
	}
	return next;
}
