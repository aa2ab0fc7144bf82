import { points, sumPoints, type Points } from './points';

/**
 * A criteria template (bảng tiêu chí): sections (Mục I, II…) holding items (phần 2.3…), each item with a maximum.
 * 'score' items make up the nominal total (100); 'bonus' items (điểm thưởng) add on top; 'penalty' items are
 * points a unit declares against itself, subtracted from its total.
 */
export type CriterionKind = 'score' | 'bonus' | 'penalty';
export interface Section {
	type: 'section';
	code: string;
	title: string;
	titleEn: string | null;
	children: Criterion[];
}
export interface Item {
	type: 'item';
	code: string;
	title: string;
	titleEn: string | null;
	max: Points;
	kind: CriterionKind;
}
export type Criterion = Section | Item;
export interface Template {
	name: string;
	step: Points;
	nominalTotal: Points;
	criteria: Criterion[];
}

/** The JSON shape of a template (decimal numbers), as in cluster-2021.json's criteria_template. */
export interface TemplateInput {
	name: string;
	total: number;
	step: number;
	items: CriterionInput[];
}
export interface CriterionInput {
	code: string;
	title: string;
	title_en?: string | null;
	max?: number;
	kind?: CriterionKind;
	children?: CriterionInput[];
}

export type TemplateError = {
	reason:
		| 'duplicate_code'
		| 'empty_code'
		| 'reserved_code'
		| 'empty_section'
		| 'item_without_max'
		| 'max_not_positive'
		| 'max_off_step'
		| 'bad_kind'
		| 'bad_step'
		| 'total_mismatch';
	code?: string;
	expected?: Points;
	actual?: Points;
};

/** The key of the sheet total among reported figures, so no criterion may use it. */
export const TOTAL_CODE = 'total';

const KINDS: readonly string[] = ['score', 'bonus', 'penalty'];

function tryPoints(value: unknown): Points | null {
	if (typeof value !== 'number') return null;
	try {
		return points(value);
	} catch {
		return null;
	}
}

/*
 * Validation rules. An entry with a `children` array is a section (its max/kind, if any, are ignored);
 * otherwise it is an item. A missing kind means 'score'. Every error is collected, not just the first.
 * total_mismatch: the sum of the 'score' items' max (actual) differs from the declared total (expected);
 * `expected` is absent when the declared total is not a number of hundredths. The sum is only checked when every
 * item has a usable max and kind (otherwise it is unknowable and the item's own error says why). When the step
 * itself is bad, max_off_step only checks for whole hundredths (there is no step to check against).
 */
export function templateFromInput(
	input: TemplateInput
): { ok: true; template: Template } | { ok: false; errors: TemplateError[] } {
	const errors: TemplateError[] = [];
	const step = tryPoints(input.step);
	const stepOk = step !== null && step > 0;
	if (!stepOk) errors.push({ reason: 'bad_step' });
	const seen = new Set<string>();

	let sumKnown = true; // false once an item's max or kind is unusable: the score total is then unknowable

	function build(entry: CriterionInput): Criterion | null {
		const code = typeof entry.code === 'string' ? entry.code : '';
		if (code.trim() === '') errors.push({ reason: 'empty_code', code });
		else if (code === TOTAL_CODE) errors.push({ reason: 'reserved_code', code });
		else if (seen.has(code)) errors.push({ reason: 'duplicate_code', code });
		seen.add(code);
		const title = typeof entry.title === 'string' ? entry.title : '';
		const titleEn = typeof entry.title_en === 'string' ? entry.title_en : null;

		if (Array.isArray(entry.children)) {
			if (entry.children.length === 0) errors.push({ reason: 'empty_section', code });
			const children: Criterion[] = [];
			for (const child of entry.children) {
				const built = build(child);
				if (built) children.push(built);
			}
			return { type: 'section', code, title, titleEn, children };
		}

		const kind = entry.kind ?? 'score';
		let usable = true;
		if (!KINDS.includes(kind)) {
			errors.push({ reason: 'bad_kind', code });
			usable = false;
		}
		let max: Points | null = null;
		if (typeof entry.max !== 'number') {
			errors.push({ reason: 'item_without_max', code });
		} else if (!(entry.max > 0)) {
			errors.push({ reason: 'max_not_positive', code });
		} else {
			max = tryPoints(entry.max);
			if (max === null || (stepOk && max % step !== 0)) {
				errors.push({ reason: 'max_off_step', code, ...(max === null ? {} : { actual: max }) });
			}
		}
		if (max === null || !usable) {
			sumKnown = false;
			return null;
		}
		return { type: 'item', code, title, titleEn, max, kind };
	}

	const criteria: Criterion[] = [];
	for (const entry of input.items ?? []) {
		const built = build(entry);
		if (built) criteria.push(built);
	}

	const nominalTotal = tryPoints(input.total);
	if (sumKnown) {
		const scoreMax = sumPoints(
			leaves(criteria)
				.filter((i) => i.kind === 'score')
				.map((i) => i.max)
		);
		if (nominalTotal !== scoreMax) {
			errors.push({
				reason: 'total_mismatch',
				actual: scoreMax,
				...(nominalTotal === null ? {} : { expected: nominalTotal })
			});
		}
	} else if (nominalTotal === null) {
		errors.push({ reason: 'total_mismatch' });
	}

	if (errors.length > 0 || step === null || nominalTotal === null) return { ok: false, errors };
	return {
		ok: true,
		template: { name: typeof input.name === 'string' ? input.name : '', step, nominalTotal, criteria }
	};
}

function leaves(criteria: readonly Criterion[]): Item[] {
	const out: Item[] = [];
	const walk = (list: readonly Criterion[]): void => {
		for (const c of list) {
			if (c.type === 'item') out.push(c);
			else walk(c.children);
		}
	};
	walk(criteria);
	return out;
}

/** Items (leaves) in document order. */
export function templateItems(t: Template): Item[] {
	return leaves(t.criteria);
}

/** Sections in document order, each before its own subsections. */
export function templateSections(t: Template): Section[] {
	const out: Section[] = [];
	const walk = (list: readonly Criterion[]): void => {
		for (const c of list) {
			if (c.type === 'section') {
				out.push(c);
				walk(c.children);
			}
		}
	};
	walk(t.criteria);
	return out;
}

/** The root section … the criterion itself; [] if the code is unknown. */
export function criterionPath(t: Template, code: string): Criterion[] {
	const search = (list: readonly Criterion[]): Criterion[] | null => {
		for (const c of list) {
			if (c.code === code) return [c];
			if (c.type === 'section') {
				const below = search(c.children);
				if (below) return [c, ...below];
			}
		}
		return null;
	};
	return search(t.criteria) ?? [];
}

export function findCriterion(t: Template, code: string): Criterion | undefined {
	return criterionPath(t, code).at(-1);
}

/** Lookup of every criterion by code, for the functions that resolve many codes against one template. */
export function criterionIndex(t: Template): Map<string, Criterion> {
	const index = new Map<string, Criterion>();
	const walk = (list: readonly Criterion[]): void => {
		for (const c of list) {
			index.set(c.code, c);
			if (c.type === 'section') walk(c.children);
		}
	};
	walk(t.criteria);
	return index;
}
