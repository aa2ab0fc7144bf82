import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	findExcesses,
	meetingExcesses,
	scoreSheet,
	templateItems,
	unresolvedExcesses,
	type SelfAssessment
} from '$lib/core/scoring';
import { deductionsArb, sheetArb, templateArb } from './arbitraries';
import { deduction, small } from './fixtures';

// Self scores in Points: A.1 4,5 · A.2.1 3 · A.2.2 1 · B.1 10 · B.2 (penalty) 1 of 3 · X.1 (bonus) 2
const sheet: SelfAssessment = {
	scores: { 'A.1': 450, 'A.2.1': 300, 'A.2.2': 100, 'B.1': 1000, 'B.2': 100, 'X.1': 200 },
	reported: {}
};

describe('findExcesses', () => {
	it('finds nothing when every item can give what its deductions ask', () => {
		expect(
			findExcesses(small, sheet, [deduction('A.1', 450), deduction('B.1', 50), deduction('B.2', 200)])
		).toEqual([]);
	});

	it('gives the listed and the effective total of an item raced past its self score, with its deductions', () => {
		// Four deductions listing 8,5 on an item whose self score is 6,5 (here A.1: 4,5 listed 6).
		const ds = [
			deduction('A.1', 150),
			deduction('A.1', 150),
			deduction('A.1', 200),
			deduction('A.1', 100),
			deduction('B.1', 100)
		];
		expect(findExcesses(small, sheet, ds)).toEqual([
			{
				criterion: 'A.1',
				self: 450,
				listed: 600,
				effective: 450,
				over: 150,
				deductions: ds.slice(0, 4).map((d) => d.id)
			}
		]);
	});

	it('counts a penalty item up to its maximum: the rest is excess', () => {
		const ds = [deduction('B.2', 200), deduction('B.2', 100)];
		expect(findExcesses(small, sheet, ds)).toEqual([
			{ criterion: 'B.2', self: 100, listed: 300, effective: 200, over: 100, deductions: ds.map((d) => d.id) }
		]);
	});

	it('lists several items in template order', () => {
		const ds = [deduction('X.1', 300), deduction('A.2.2', 200)];
		expect(findExcesses(small, sheet, ds).map((e) => e.criterion)).toEqual(['A.2.2', 'X.1']);
	});

	it('ignores deductions the scoring ignores (unknown items, sections)', () => {
		expect(findExcesses(small, sheet, [deduction('Z', 5000), deduction('A', 5000)])).toEqual([]);
	});

	it('agrees with the scoring on any template, sheet and deductions: excess = what was listed beyond effect', () => {
		fc.assert(
			fc.property(
				templateArb.chain((t) => fc.tuple(fc.constant(t), sheetArb(t), deductionsArb(t))),
				([t, s, ds]) => {
					const result = scoreSheet(t, s, ds);
					const excesses = findExcesses(t, s, ds);
					const codes = templateItems(t).map((i) => i.code);
					expect(excesses.map((e) => e.criterion)).toEqual(
						codes.filter((c) => result.items[c]!.overDeducted > 0)
					);
					for (const e of excesses) {
						expect(e.listed).toBe(e.effective + e.over);
						expect(e.over).toBeGreaterThan(0);
						expect(e.effective).toBe(result.items[e.criterion]!.deducted);
					}
				}
			)
		);
	});
});

describe('unresolvedExcesses', () => {
	const [excess] = findExcesses(small, sheet, [deduction('A.1', 300), deduction('A.1', 300)]);

	it('leaves an excess without a note unresolved', () => {
		expect(unresolvedExcesses([excess!], [])).toEqual([excess]);
	});

	it('takes a note for the same figures as resolving it', () => {
		expect(
			unresolvedExcesses(
				[excess!],
				[{ criterion: 'A.1', listed: 600, effective: 450, note: 'Giữ nguyên theo biên bản' }]
			)
		).toEqual([]);
	});

	it('does not take a blank note, a note on another item, or a note for other figures', () => {
		expect(unresolvedExcesses([excess!], [{ criterion: 'A.1', listed: 600, effective: 450, note: '  ' }])).toEqual([
			excess
		]);
		expect(unresolvedExcesses([excess!], [{ criterion: 'A.2.1', listed: 600, effective: 450, note: 'x' }])).toEqual(
			[excess]
		);
		expect(unresolvedExcesses([excess!], [{ criterion: 'A.1', listed: 550, effective: 450, note: 'x' }])).toEqual([
			excess
		]);
	});
});

describe('meetingExcesses', () => {
	it('gives each unit its own excesses, from its own sheet and deductions only', () => {
		const low: SelfAssessment = { scores: { ...sheet.scores, 'A.1': 100 }, reported: {} };
		const d1 = { ...deduction('A.1', 300), unit: 'a' };
		const d2 = { ...deduction('A.1', 300), unit: 'b' };
		const excesses = meetingExcesses(
			small,
			[
				{ slug: 'a', sheet },
				{ slug: 'b', sheet: low }
			],
			[d1, d2]
		);
		expect(excesses).toEqual([
			{ unit: 'b', criterion: 'A.1', self: 100, listed: 300, effective: 100, over: 200, deductions: [d2.id] }
		]);
	});
});
