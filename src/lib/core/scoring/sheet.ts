import type { Points } from './points';
import type { Criterion, CriterionKind, Item, Template } from './template';

export type Scores = Readonly<Record<string, Points>>;
/** What a unit submitted: its self-assessed score per item, and the subtotals/total it typed on its paper (keys: section codes and 'total'). */
export interface SelfAssessment {
	scores: Scores;
	reported: Scores;
}
/** A deduction agreed by the head and vice-heads: always on one item, always with a reason and an author. */
export interface Deduction {
	id: string;
	criterion: string;
	points: Points;
	reason: string;
	author: string;
	at: string;
}

/**
 * deducted: what the deductions actually took effect (score/bonus: self − cluster; penalty: cluster − self).
 * overDeducted: what the deductions asked beyond that (their sum = deducted + overDeducted).
 */
export interface ItemResult {
	code: string;
	self: Points;
	deducted: Points;
	cluster: Points;
	overDeducted: Points;
}
/** Subtotal of a section: the signed sum of its items, penalty items counting negative. */
export interface SectionResult {
	code: string;
	self: Points;
	cluster: Points;
}
export interface Totals {
	base: Points;
	bonus: Points;
	penalty: Points;
	total: Points;
} // total = base + bonus − penalty
export interface SheetResult {
	items: Record<string, ItemResult>;
	sections: Record<string, SectionResult>;
	self: Totals;
	cluster: Totals;
	deductionCount: number;
}

/** An item's value as it counts towards subtotals and the total: penalty points count against. */
export function signedValue(kind: CriterionKind, value: Points): Points {
	return kind === 'penalty' ? -value : value;
}

/** A score by code, own keys only (a code like "constructor" must not hit Object.prototype). */
export function scoreOf(scores: Scores, code: string): Points | undefined {
	return Object.hasOwn(scores, code) ? scores[code] : undefined;
}

/** Whether scoreSheet applies this deduction to this template (checkDeduction refuses the rest). */
function appliesTo(items: ReadonlyMap<string, Item>, d: Deduction): boolean {
	return items.has(d.criterion) && Number.isSafeInteger(d.points) && d.points > 0;
}

/*
 * Scoring rules:
 * - A missing self score counts as 0. Self scores are taken as given (validateSheet reports out-of-range ones).
 * - A deduction always lowers the unit's total and never raises any score or total:
 *   · on a score or bonus item it lowers the item's cluster score, which floors at 0 (or at the self score, if a
 *     malformed sheet has it below 0); the excess is reported as overDeducted;
 *   · on a penalty item (whose self score is the penalty the unit declares) it raises the penalty, capped at the
 *     item's max (or at the self score, if already above the max); the excess is reported as overDeducted.
 * - Deductions on unknown criteria, on sections, or with points that are not positive integers are ignored
 *   (checkDeduction refuses them); deductionCount counts the ones applied, including over-deducted ones.
 * - A section's subtotal is the signed sum of its items (penalty items count negative), nested sections included.
 * - Totals: base = score items, bonus = bonus items, penalty = penalty items; total = base + bonus − penalty.
 */
export function scoreSheet(t: Template, sheet: SelfAssessment, deductions: readonly Deduction[]): SheetResult {
	const itemList: Item[] = [];
	const collect = (list: readonly Criterion[]): void => {
		for (const c of list) {
			if (c.type === 'item') itemList.push(c);
			else collect(c.children);
		}
	};
	collect(t.criteria);
	const byCode = new Map(itemList.map((item) => [item.code, item]));

	const requested = new Map<string, Points>();
	let deductionCount = 0;
	for (const d of deductions) {
		if (!appliesTo(byCode, d)) continue;
		requested.set(d.criterion, (requested.get(d.criterion) ?? 0) + d.points);
		deductionCount += 1;
	}

	const items: Record<string, ItemResult> = {};
	const self: Totals = { base: 0, bonus: 0, penalty: 0, total: 0 };
	const cluster: Totals = { base: 0, bonus: 0, penalty: 0, total: 0 };
	for (const item of itemList) {
		const own = scoreOf(sheet.scores, item.code) ?? 0;
		const asked = requested.get(item.code) ?? 0;
		let result: Points;
		if (item.kind === 'penalty') {
			result = Math.max(own, Math.min(item.max, own + asked));
		} else {
			result = Math.max(Math.min(own, 0), own - asked);
		}
		const deducted = Math.abs(result - own);
		items[item.code] = { code: item.code, self: own, deducted, cluster: result, overDeducted: asked - deducted };
		const key = item.kind === 'score' ? 'base' : item.kind;
		self[key] += own;
		cluster[key] += result;
	}
	self.total = self.base + self.bonus - self.penalty;
	cluster.total = cluster.base + cluster.bonus - cluster.penalty;

	const sections: Record<string, SectionResult> = {};
	const subtotal = (list: readonly Criterion[]): { self: Points; cluster: Points } => {
		let sum = { self: 0, cluster: 0 };
		for (const c of list) {
			if (c.type === 'item') {
				const r = items[c.code];
				if (!r) continue;
				sum = {
					self: sum.self + signedValue(c.kind, r.self),
					cluster: sum.cluster + signedValue(c.kind, r.cluster)
				};
			} else {
				const entry: SectionResult = { code: c.code, self: 0, cluster: 0 };
				sections[c.code] = entry; // before its subsections, so sections keep document order
				const s = subtotal(c.children);
				entry.self = s.self;
				entry.cluster = s.cluster;
				sum = { self: sum.self + s.self, cluster: sum.cluster + s.cluster };
			}
		}
		return sum;
	};
	subtotal(t.criteria);

	return { items, sections, self, cluster, deductionCount };
}
