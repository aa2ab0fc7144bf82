import type { Points } from '../scoring';
import type { CriterionRow, ExcessEntry } from './model';
import { pointsText } from './text';
import { excessText } from './wording';

// The reasons for a unit's score as the summary table of a report writes them (report 76-BC/CTĐ): the self-assessed
// score as the unit wrote it, the cluster's score, and one line per reason, each deduction and each error in the
// unit's own arithmetic, ending with the total deducted. Pure.

export interface ScoredUnit {
	/** Self scores of the items (the unit's). */
	items: Record<string, { self: Points }>;
	/** The unit's computed self-assessed total: what its items give. */
	self: Points;
	/** The cluster's score. */
	cluster: Points;
	/** The subtotals and total the unit typed (section codes and 'total'); a penalty section's as points taken away. */
	reported: Record<string, Points>;
	deductions: readonly {
		criterion: string;
		points: Points;
		reason: string;
		citation?: { text: string; file?: { name: string } };
	}[];
	/** Items whose listed deductions exceed what took effect, with the note that kept them (after their deductions). */
	excesses?: readonly ExcessEntry[];
}

export interface ArithmeticError {
	/** A section's code, or 'total'. */
	code: string;
	/** What the unit's own figures one level below add up to (its typed subtotals where it typed them). */
	parts: Points;
	/** What the unit wrote. */
	written: Points;
	/** Whether the parts are items only (the unit's scores), not subtotals it typed itself. */
	fromItems: boolean;
	/** The part of the error that reaches the written total (0 when a figure above it was written right). */
	counted: Points;
}

const TOTAL = 'total';

/** The self-assessed score as the unit wrote it: its typed total, or what its items give when it typed none. */
export function writtenTotal(u: Pick<ScoredUnit, 'reported' | 'self'>): Points {
	return Object.hasOwn(u.reported, TOTAL) ? u.reported[TOTAL]! : u.self;
}

/**
 * Each figure the unit typed that does not equal what the figures below it, as the unit itself wrote them, add up
 * to: every arithmetic error once, where it was made, not again in every total above it. An error under a figure
 * that was written right (the unit corrected itself further up) does not reach the total and counts 0. The counted
 * amounts add up to the written total less what the items give.
 */
export function arithmeticErrors(
	criteria: readonly CriterionRow[],
	u: Pick<ScoredUnit, 'items' | 'reported' | 'self'>
): ArithmeticError[] {
	const byCode = new Map(criteria.map((c) => [c.code, c]));
	const penaltyOnly = (code: string): boolean => {
		const c = byCode.get(code);
		if (!c) return false;
		if (!c.section) return c.kind === 'penalty';
		return c.children.length > 0 && c.children.every(penaltyOnly);
	};
	// A figure as it counts: a penalty section is written as the points it takes away (with or without a minus).
	const writtenSigned = (code: string): Points | undefined => {
		if (!Object.hasOwn(u.reported, code)) return undefined;
		const value = u.reported[code]!;
		return code !== TOTAL && penaltyOnly(code) ? -Math.abs(value) : value;
	};
	const itemValue = (code: string): Points => {
		const self = u.items[code]?.self ?? 0;
		return byCode.get(code)?.kind === 'penalty' ? -self : self;
	};
	const errors: ArithmeticError[] = [];
	// A node's figure as its items give it, and as the unit's own figures give it.
	const walk = (code: string, children: readonly string[]): { computed: Points; effective: Points } => {
		let computed = 0;
		let parts = 0;
		let fromItems = true;
		const below = errors.length;
		for (const k of children) {
			const c = byCode.get(k);
			if (!c) continue;
			if (!c.section) {
				const v = itemValue(k);
				computed += v;
				parts += v;
				continue;
			}
			const sub = walk(k, c.children);
			computed += sub.computed;
			parts += sub.effective;
			if (Object.hasOwn(u.reported, k)) fromItems = false;
		}
		const written = writtenSigned(code);
		if (written === undefined) return { computed, effective: parts };
		if (written === computed) {
			// Written right: whatever went wrong below it did not reach this figure.
			for (const e of errors.slice(below)) e.counted = 0;
			return { computed, effective: written };
		}
		if (written !== parts)
			errors.push({
				code,
				parts: Math.abs(parts),
				written: Math.abs(written),
				fromItems,
				counted: written - parts
			});
		return { computed, effective: written };
	};
	walk(
		TOTAL,
		criteria.filter((c) => c.depth === 0).map((c) => c.code)
	);
	// A unit that typed no total is taken at its items: nothing it wrote below reaches its score.
	if (!Object.hasOwn(u.reported, TOTAL)) for (const e of errors) e.counted = 0;
	// As they were found: a section's subsections before the section itself, where the parts were added up.
	return errors;
}

/**
 * Where a criterion is, as reports name it: "Mục I, phần 2.3" (the top section, then the rest of the code),
 * "Mục II" for a top section, "tổng số điểm" for the total.
 */
export function criterionPlace(criteria: readonly CriterionRow[], code: string): string {
	if (code === TOTAL) return 'Tổng số điểm';
	const row = criteria.find((c) => c.code === code);
	if (!row) return `Tiêu chí ${code}`;
	const index = criteria.indexOf(row);
	let topCode = row.code;
	for (let i = index; i >= 0; i -= 1) {
		if (criteria[i]!.depth === 0) {
			topCode = criteria[i]!.code;
			break;
		}
	}
	if (topCode === code) return `Mục ${code}`;
	const rest = code.startsWith(`${topCode}.`) ? code.slice(topCode.length + 1) : code;
	return `Mục ${topCode}, phần ${rest}`;
}

const amount = (p: Points) => `${pointsText(p)} điểm`;

/** One arithmetic error in the officials' words. */
export function arithmeticReason(criteria: readonly CriterionRow[], e: ArithmeticError): string {
	const row = criteria.find((c) => c.code === e.code);
	const place = criterionPlace(criteria, e.code);
	const named = row ? `${place} (${row.title})` : place;
	const what = e.fromItems
		? `đơn vị chấm ${amount(e.parts)} nhưng cộng sai số học thành ${amount(e.written)}`
		: `các phần đơn vị ghi cộng lại ${amount(e.parts)} nhưng đơn vị cộng sai số học thành ${amount(e.written)}`;
	const effect =
		e.counted > 0
			? `Cụm trừ ${amount(e.counted)}`
			: e.counted < 0
				? `Cụm cộng lại ${amount(-e.counted)}`
				: 'không ảnh hưởng tổng điểm đơn vị ghi, không trừ điểm';
	return `${named}: ${what}, ${effect}.`;
}

/** One deduction in the officials' words: where, what the unit gave itself, what the cluster took and why. */
export function deductionReason(
	criteria: readonly CriterionRow[],
	u: Pick<ScoredUnit, 'items'>,
	d: ScoredUnit['deductions'][number]
): string {
	const row = criteria.find((c) => c.code === d.criterion);
	const place = criterionPlace(criteria, d.criterion);
	const named = row ? `${place} (${row.title})` : place;
	const self = u.items[d.criterion]?.self;
	const given =
		self === undefined
			? ''
			: row?.kind === 'penalty'
				? `đơn vị tự trừ ${amount(self)}, `
				: `đơn vị chấm ${amount(self)}, `;
	const why = [d.reason.trim().replace(/[.;,\s]+$/, ''), citationText(d.citation)].filter(Boolean).join('; ');
	return `${named}: ${given}Cụm trừ ${amount(d.points)}${why ? ` (${why})` : ''}.`;
}

/** "minh chứng: Quyết định số 12 chỉ ghi phối hợp, tệp quyet-dinh.pdf": the evidence a deduction cites, or ''. */
export function citationText(citation: ScoredUnit['deductions'][number]['citation']): string {
	if (!citation) return '';
	const text = citation.text.trim().replace(/[.;,\s]+$/, '');
	const file = citation.file?.name ? `tệp ${citation.file.name}` : '';
	const said = [text, file].filter(Boolean).join(', ');
	return said ? `minh chứng: ${said}` : '';
}

/** "Tổng điểm trừ 12 điểm." — what the written total lost; a total the unit under-added can gain. */
export function totalDeductedLine(deducted: Points): string {
	return deducted >= 0 ? `Tổng điểm trừ ${amount(deducted)}.` : `Tổng điểm được cộng thêm ${amount(-deducted)}.`;
}

export interface ReasonsCell {
	/** The self-assessed score as the unit wrote it. */
	written: Points;
	cluster: Points;
	/** The written total less the cluster's score. */
	deducted: Points;
	/** One line a reason ("- …"), then the total deducted; empty when nothing was taken away and nothing was wrong. */
	lines: string[];
}

/** The reasons cell of a unit's row in the summary table. */
export function reasonsCell(criteria: readonly CriterionRow[], u: ScoredUnit): ReasonsCell {
	const written = writtenTotal(u);
	const deducted = written - u.cluster;
	const order = new Map(criteria.map((c, i) => [c.code, i]));
	// A section's own error stands after everything inside it, where its parts were added up.
	const end = (code: string): number => {
		const start = order.get(code);
		if (start === undefined) return Infinity;
		let i = start + 1;
		while (i < criteria.length && criteria[i]!.depth > criteria[start]!.depth) i += 1;
		return i - 0.5;
	};
	const entries: { at: number; text: string }[] = [
		...u.deductions.map((d) => ({ at: order.get(d.criterion) ?? Infinity, text: deductionReason(criteria, u, d) })),
		...(u.excesses ?? []).map((e) => ({ at: order.get(e.criterion) ?? Infinity, text: excessText(e) })),
		...arithmeticErrors(criteria, u).map((e) => ({ at: end(e.code), text: arithmeticReason(criteria, e) }))
	];
	// In the order of the criteria table, as the seed lists them (stable: equal places keep their order).
	const sorted = entries.map((e, i) => ({ ...e, i })).sort((a, b) => a.at - b.at || a.i - b.i);
	const lines = sorted.map((e) => `- ${e.text}`);
	if (lines.length === 0 && deducted === 0) return { written, cluster: u.cluster, deducted, lines: [] };
	return { written, cluster: u.cluster, deducted, lines: [...lines, totalDeductedLine(deducted)] };
}
