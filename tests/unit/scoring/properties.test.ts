import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	checkArithmetic,
	sectionFigure,
	checkDeduction,
	formatPoints,
	parsePoints,
	points,
	rankBy,
	scoreSheet,
	sumPoints,
	summaryTable,
	toDecimal,
	templateItems,
	templateSections,
	type Criterion,
	type Item,
	type SheetResult,
	type Template
} from '$lib/core/scoring';
import { caseArb, sheetArb, templateArb } from './arbitraries';

function leavesOf(c: Criterion): Item[] {
	return c.type === 'item' ? [c] : c.children.flatMap(leavesOf);
}
const signed = (item: Item, value: number) => (item.kind === 'penalty' ? -value : value);

function expectSumsOfLeaves(t: Template, r: SheetResult): void {
	const items = templateItems(t);
	for (const side of ['self', 'cluster'] as const) {
		const value = (item: Item) => r.items[item.code]?.[side] ?? Number.NaN;
		const byKind = (kind: Item['kind']) => sumPoints(items.filter((i) => i.kind === kind).map(value));
		expect(r[side].base).toBe(byKind('score'));
		expect(r[side].bonus).toBe(byKind('bonus'));
		expect(r[side].penalty).toBe(byKind('penalty'));
		expect(r[side].total).toBe(r[side].base + r[side].bonus - r[side].penalty);
		expect(r[side].total).toBe(sumPoints(items.map((i) => signed(i, value(i)))));
		for (const section of templateSections(t)) {
			expect(r.sections[section.code]?.[side]).toBe(sumPoints(leavesOf(section).map((i) => signed(i, value(i)))));
		}
	}
}

describe('property: totals are sums of their leaves', () => {
	it('total = base + bonus − penalty, each the sum of its items; sections the signed sums of theirs', () => {
		fc.assert(
			fc.property(caseArb, ([t, sheet, deductions]) => {
				expectSumsOfLeaves(t, scoreSheet(t, sheet, deductions));
			})
		);
	});

	it('a sheet reporting its own computed subtotals (a penalty section’s as the points taken away) and total has no mismatch; changing one figure gives exactly that mismatch', () => {
		fc.assert(
			fc.property(
				templateArb.chain((t) => fc.tuple(fc.constant(t), sheetArb(t), fc.integer({ min: 1, max: 1000 }))),
				([t, sheet, delta]) => {
					const r = scoreSheet(t, sheet, []);
					const reported: Record<string, number> = { total: r.self.total };
					for (const s of templateSections(t))
						reported[s.code] = sectionFigure(s, r.sections[s.code]?.self ?? Number.NaN);
					expect(checkArithmetic(t, { ...sheet, reported })).toEqual([]);
					for (const code of Object.keys(reported)) {
						const wrong = { ...reported, [code]: (reported[code] ?? 0) + delta };
						expect(checkArithmetic(t, { ...sheet, reported: wrong })).toEqual([
							{ code, reported: (reported[code] ?? 0) + delta, computed: reported[code] }
						]);
					}
				}
			),
			{ numRuns: 50 }
		);
	});
});

describe('property: deductions never raise a score or a total', () => {
	it('no item, section or total ends above its self figure, and penalties only grow', () => {
		fc.assert(
			fc.property(caseArb, ([t, sheet, deductions]) => {
				const r = scoreSheet(t, sheet, deductions);
				for (const item of templateItems(t)) {
					const ir = r.items[item.code];
					expect(ir).toBeDefined();
					if (!ir) continue;
					if (item.kind === 'penalty') expect(ir.cluster).toBeGreaterThanOrEqual(ir.self);
					else expect(ir.cluster).toBeLessThanOrEqual(ir.self);
					expect(ir.deducted).toBeGreaterThanOrEqual(0);
					expect(ir.overDeducted).toBeGreaterThanOrEqual(0);
					const asked = deductions.filter(
						(d) => d.criterion === item.code && Number.isSafeInteger(d.points) && d.points > 0
					);
					expect(ir.deducted + ir.overDeducted).toBe(sumPoints(asked.map((d) => d.points)));
				}
				for (const s of Object.values(r.sections)) expect(s.cluster).toBeLessThanOrEqual(s.self);
				expect(r.cluster.total).toBeLessThanOrEqual(r.self.total);
				expect(r.cluster.base).toBeLessThanOrEqual(r.self.base);
				expect(r.cluster.bonus).toBeLessThanOrEqual(r.self.bonus);
				expect(r.cluster.penalty).toBeGreaterThanOrEqual(r.self.penalty);
			})
		);
	});

	it('one more deduction never raises anything', () => {
		fc.assert(
			fc.property(caseArb, ([t, sheet, deductions]) => {
				const before = scoreSheet(t, sheet, deductions.slice(0, -1));
				const after = scoreSheet(t, sheet, deductions);
				for (const item of templateItems(t)) {
					const b = before.items[item.code]?.cluster ?? Number.NaN;
					const a = after.items[item.code]?.cluster ?? Number.NaN;
					if (item.kind === 'penalty') expect(a).toBeGreaterThanOrEqual(b);
					else expect(a).toBeLessThanOrEqual(b);
				}
				expect(after.cluster.total).toBeLessThanOrEqual(before.cluster.total);
			})
		);
	});

	it('deductions that checkDeduction accepts are taken in full: cluster total = self total − their sum', () => {
		fc.assert(
			fc.property(caseArb, ([t, sheet, proposals]) => {
				const accepted = [];
				for (const d of proposals) if (checkDeduction(t, sheet, accepted, d).ok) accepted.push(d);
				const r = scoreSheet(t, sheet, accepted);
				for (const ir of Object.values(r.items)) expect(ir.overDeducted).toBe(0);
				expect(r.deductionCount).toBe(accepted.length);
				expect(r.self.total - r.cluster.total).toBe(sumPoints(accepted.map((d) => d.points)));
				const [row] = summaryTable(t, [{ unit: 'u', sheet, deductions: accepted }]);
				expect(row?.deductionTotal).toBe(sumPoints(accepted.map((d) => d.points)));
			})
		);
	});
});

describe('property: ranking', () => {
	const entries = fc.array(fc.record({ id: fc.nat(), score: fc.integer({ min: -5, max: 5 }).map((n) => n * 50) }), {
		maxLength: 30
	});

	it('is a permutation of its input that respects ties', () => {
		fc.assert(
			fc.property(entries, (list) => {
				const ranked = rankBy(list, (e) => e.score);
				expect(ranked).toHaveLength(list.length);
				expect(new Set(ranked.map((r) => r.entry))).toEqual(new Set(list));
				expect([...ranked.map((r) => r.entry)].sort((a, b) => list.indexOf(a) - list.indexOf(b))).toEqual(list);
				for (let i = 0; i < ranked.length; i++) {
					const r = ranked[i]!;
					expect(r.rank).toBe(1 + list.filter((e) => e.score > r.entry.score).length);
					expect(r.tied).toBe(list.filter((e) => e.score === r.entry.score).length > 1);
					const next = ranked[i + 1];
					if (next) {
						expect(next.rank).toBeGreaterThanOrEqual(r.rank);
						expect(next.entry.score).toBeLessThanOrEqual(r.entry.score);
						if (next.entry.score === r.entry.score)
							expect(list.indexOf(next.entry)).toBeGreaterThan(list.indexOf(r.entry));
					}
					for (const other of ranked) expect(other.rank === r.rank).toBe(other.entry.score === r.entry.score);
				}
			})
		);
	});
});

describe('property: points', () => {
	const anyPoints = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });

	it('formatPoints then parsePoints is the identity, in both locales', () => {
		fc.assert(
			fc.property(anyPoints, fc.constantFrom<'vi' | 'en'>('vi', 'en'), (p, locale) => {
				expect(parsePoints(formatPoints(p, locale))).toEqual({ ok: true, value: p });
			}),
			{ numRuns: 1000 }
		);
	});

	it('formatPoints then parsePoints is the identity for everyday scores', () => {
		fc.assert(
			fc.property(fc.integer({ min: -20000, max: 20000 }), (p) => {
				expect(parsePoints(formatPoints(p, 'vi'))).toEqual({ ok: true, value: p });
				expect(parsePoints(formatPoints(p, 'en'))).toEqual({ ok: true, value: p });
				expect(formatPoints(p, 'en')).toBe(String(p / 100));
				expect(formatPoints(p, 'vi')).toBe(String(p / 100).replace('.', ','));
			})
		);
	});

	it('parsePoints never throws, and what it accepts formats back to the same value', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\s?-?\d{0,4}[.,]?\d{0,3}\s?$/)), (text) => {
				const parsed = parsePoints(text);
				if (parsed.ok) {
					expect(Number.isSafeInteger(parsed.value)).toBe(true);
					expect(parsePoints(formatPoints(parsed.value, 'vi'))).toEqual(parsed);
				} else {
					expect(['empty', 'not_a_number', 'too_precise']).toContain(parsed.reason);
				}
			})
		);
	});

	it('points and toDecimal are inverse for any number of hundredths', () => {
		fc.assert(
			fc.property(fc.integer({ min: -1e9, max: 1e9 }), (p) => {
				expect(points(toDecimal(p))).toBe(p);
				expect(toDecimal(points(p / 100))).toBe(p / 100);
			})
		);
	});

	it('sums of 0.1-step values are exact, where floats drift', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 300 }), (tenths) => {
				const total = sumPoints(tenths.map((n) => points(n / 10)));
				expect(total).toBe(10 * tenths.reduce((a, b) => a + b, 0));
				expect(formatPoints(total, 'en')).toBe(String(tenths.reduce((a, b) => a + b, 0) / 10));
			})
		);
		// the float sum that motivates Points
		const tenTenths = Array.from({ length: 10 }, () => 0.1);
		expect(tenTenths.reduce((a, b) => a + b, 0)).not.toBe(1);
		expect(sumPoints(tenTenths.map(points))).toBe(points(1));
	});
});
