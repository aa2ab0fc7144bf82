import { describe, expect, it } from 'vitest';
import { checkDeduction, checkScore, parseScore, type SelfAssessment } from '$lib/core/scoring';
import { deduction, small } from './fixtures';

describe('checkScore', () => {
	it('accepts 0, the max and any whole number of steps between', () => {
		expect(checkScore(small, 'A.1', 0)).toEqual({ ok: true, value: 0 });
		expect(checkScore(small, 'A.1', 500)).toEqual({ ok: true, value: 500 });
		expect(checkScore(small, 'A.1', 250)).toEqual({ ok: true, value: 250 });
		expect(checkScore(small, 'B.2', 300)).toEqual({ ok: true, value: 300 });
		expect(checkScore(small, 'X.1', 150)).toEqual({ ok: true, value: 150 });
	});

	it('refuses unknown criteria and sections, without bounds', () => {
		expect(checkScore(small, 'Z', 100)).toEqual({
			ok: false,
			error: { criterion: 'Z', reason: 'unknown_criterion', min: 0, max: 0, step: 50 }
		});
		expect(checkScore(small, 'A.2', 100)).toEqual({
			ok: false,
			error: { criterion: 'A.2', reason: 'not_an_item', min: 0, max: 0, step: 50 }
		});
	});

	it('refuses values out of range with the bounds', () => {
		expect(checkScore(small, 'A.1', 550)).toEqual({
			ok: false,
			error: { criterion: 'A.1', reason: 'above_max', min: 0, max: 500, step: 50 }
		});
		expect(checkScore(small, 'A.1', -50)).toEqual({
			ok: false,
			error: { criterion: 'A.1', reason: 'below_min', min: 0, max: 500, step: 50 }
		});
	});

	it('refuses values off the step, and values that are not Points', () => {
		expect(checkScore(small, 'A.1', 125)).toEqual({
			ok: false,
			error: { criterion: 'A.1', reason: 'off_step', min: 0, max: 500, step: 50 }
		});
		expect(checkScore(small, 'A.1', 4.5)).toMatchObject({ ok: false, error: { reason: 'off_step' } });
		expect(checkScore(small, 'A.1', Number.NaN)).toMatchObject({ ok: false, error: { reason: 'off_step' } });
	});
});

describe('parseScore', () => {
	it('parses both decimal separators', () => {
		expect(parseScore(small, 'A.1', '4,5')).toEqual({ ok: true, value: 450 });
		expect(parseScore(small, 'A.1', '4.5')).toEqual({ ok: true, value: 450 });
		expect(parseScore(small, 'A.1', ' 5 ')).toEqual({ ok: true, value: 500 });
	});

	it.each([
		['', 'empty'],
		['abc', 'not_a_number'],
		['4,555', 'too_precise'],
		['6', 'above_max'],
		['-0,5', 'below_min'],
		['4,25', 'off_step']
	] as const)('refuses %j with %s and the bounds', (text, reason) => {
		expect(parseScore(small, 'A.1', text)).toEqual({
			ok: false,
			error: { criterion: 'A.1', reason, min: 0, max: 500, step: 50 }
		});
	});

	it('reports the criterion before the text', () => {
		expect(parseScore(small, 'Z', '')).toMatchObject({ ok: false, error: { reason: 'unknown_criterion' } });
		expect(parseScore(small, 'A', 'abc')).toMatchObject({ ok: false, error: { reason: 'not_an_item' } });
	});
});

describe('checkDeduction', () => {
	const sheet: SelfAssessment = {
		scores: { 'A.1': 450, 'A.2.1': 300, 'B.1': 1000, 'B.2': 100, 'X.1': 200 },
		reported: {}
	};
	const proposal = (criterion: string, points: number, reason = 'Partial credit') => ({ criterion, points, reason });

	it('accepts a deduction up to the self score', () => {
		expect(checkDeduction(small, sheet, [], proposal('A.1', 100))).toEqual({ ok: true });
		expect(checkDeduction(small, sheet, [], proposal('A.1', 450))).toEqual({ ok: true });
		expect(checkDeduction(small, sheet, [], proposal('X.1', 200))).toEqual({ ok: true });
	});

	it('refuses unknown criteria and sections', () => {
		expect(checkDeduction(small, sheet, [], proposal('Z', 100))).toEqual({
			ok: false,
			error: { criterion: 'Z', reason: 'unknown_criterion' }
		});
		expect(checkDeduction(small, sheet, [], proposal('total', 100))).toEqual({
			ok: false,
			error: { criterion: 'total', reason: 'unknown_criterion' }
		});
		expect(checkDeduction(small, sheet, [], proposal('A', 100))).toEqual({
			ok: false,
			error: { criterion: 'A', reason: 'not_an_item' }
		});
	});

	it('refuses points that are not a number', () => {
		expect(checkDeduction(small, sheet, [], proposal('A.1', Number.NaN))).toEqual({
			ok: false,
			error: { criterion: 'A.1', reason: 'not_a_number' }
		});
		expect(checkDeduction(small, sheet, [], proposal('A.1', Number.POSITIVE_INFINITY))).toMatchObject({
			ok: false,
			error: { reason: 'not_a_number' }
		});
	});

	it('refuses zero and negative points', () => {
		expect(checkDeduction(small, sheet, [], proposal('A.1', 0))).toEqual({
			ok: false,
			error: { criterion: 'A.1', reason: 'not_positive' }
		});
		expect(checkDeduction(small, sheet, [], proposal('A.1', -50))).toEqual({
			ok: false,
			error: { criterion: 'A.1', reason: 'not_positive' }
		});
	});

	it('refuses points off the step, with the step', () => {
		expect(checkDeduction(small, sheet, [], proposal('A.1', 25))).toEqual({
			ok: false,
			error: { criterion: 'A.1', reason: 'off_step', step: 50 }
		});
		expect(checkDeduction(small, sheet, [], proposal('A.1', 0.5))).toMatchObject({
			ok: false,
			error: { reason: 'off_step' }
		});
	});

	it('refuses taking more than the self score, saying what is left', () => {
		expect(checkDeduction(small, sheet, [], proposal('A.1', 500))).toEqual({
			ok: false,
			error: { criterion: 'A.1', reason: 'exceeds_score', available: 450 }
		});
		const existing = [deduction('A.1', 300), deduction('A.1', 100), deduction('B.1', 900)];
		expect(checkDeduction(small, sheet, existing, proposal('A.1', 100))).toEqual({
			ok: false,
			error: { criterion: 'A.1', reason: 'exceeds_score', available: 50 }
		});
		expect(checkDeduction(small, sheet, existing, proposal('A.1', 50))).toEqual({ ok: true });
	});

	it('refuses any deduction on an item scored 0 or missing', () => {
		expect(checkDeduction(small, sheet, [], proposal('A.2.2', 50))).toEqual({
			ok: false,
			error: { criterion: 'A.2.2', reason: 'exceeds_score', available: 0 }
		});
	});

	it('refuses raising a penalty beyond its max, saying what is left', () => {
		expect(checkDeduction(small, sheet, [], proposal('B.2', 200))).toEqual({ ok: true });
		expect(checkDeduction(small, sheet, [], proposal('B.2', 250))).toEqual({
			ok: false,
			error: { criterion: 'B.2', reason: 'exceeds_max', available: 200 }
		});
		expect(checkDeduction(small, sheet, [deduction('B.2', 150)], proposal('B.2', 100))).toEqual({
			ok: false,
			error: { criterion: 'B.2', reason: 'exceeds_max', available: 50 }
		});
	});

	it('accepts lowering a deduction that, with one made at the same moment, went past the self score', () => {
		// −3 and −2 on an item scored 4,5 (made at once, both kept): lowering the −2 to −1,5 or −1 must be possible.
		const raced = [deduction('A.1', 300, { id: 'three' }), deduction('A.1', 200, { id: 'two' })];
		expect(checkDeduction(small, sheet, raced, proposal('A.1', 150), 'two')).toEqual({ ok: true });
		expect(checkDeduction(small, sheet, raced, proposal('A.1', 200, 'New reason'), 'two')).toEqual({ ok: true });
		// Raising it, or moving it to another item, is checked as usual.
		expect(checkDeduction(small, sheet, raced, proposal('A.1', 250), 'two')).toMatchObject({
			ok: false,
			error: { reason: 'exceeds_score', available: 150 }
		});
		expect(checkDeduction(small, sheet, raced, proposal('X.1', 200), 'two')).toEqual({ ok: true });
		expect(checkDeduction(small, sheet, raced, proposal('A.1', 100, ' '), 'two')).toMatchObject({
			ok: false,
			error: { reason: 'reason_required' }
		});
	});

	it('leaves out the deduction being replaced', () => {
		const existing = [deduction('A.1', 400, { id: 'keep' }), deduction('A.1', 50, { id: 'edit' })];
		expect(checkDeduction(small, sheet, existing, proposal('A.1', 100))).toMatchObject({
			ok: false,
			error: { available: 0 }
		});
		expect(checkDeduction(small, sheet, existing, proposal('A.1', 50), 'edit')).toEqual({ ok: true });
		expect(checkDeduction(small, sheet, existing, proposal('A.1', 100), 'edit')).toEqual({
			ok: false,
			error: { criterion: 'A.1', reason: 'exceeds_score', available: 50 }
		});
		expect(checkDeduction(small, sheet, existing, proposal('A.1', 450), 'keep')).toEqual({
			ok: false,
			error: { criterion: 'A.1', reason: 'exceeds_score', available: 400 }
		});
	});

	it('allows moving a deduction to another criterion', () => {
		const existing = [deduction('B.1', 1000, { id: 'move' })];
		expect(checkDeduction(small, sheet, existing, proposal('A.1', 100), 'move')).toEqual({ ok: true });
	});

	it('ignores existing deductions that scoring ignores', () => {
		const existing = [deduction('A.1', -500), deduction('A.1', 0.5), deduction('A', 400)];
		expect(checkDeduction(small, sheet, existing, proposal('A.1', 450))).toEqual({ ok: true });
	});

	it('requires a reason that is not blank', () => {
		expect(checkDeduction(small, sheet, [], proposal('A.1', 100, ''))).toEqual({
			ok: false,
			error: { criterion: 'A.1', reason: 'reason_required' }
		});
		expect(checkDeduction(small, sheet, [], proposal('A.1', 100, '  \n'))).toEqual({
			ok: false,
			error: { criterion: 'A.1', reason: 'reason_required' }
		});
	});

	it('reports the points before a missing reason', () => {
		expect(checkDeduction(small, sheet, [], proposal('A.1', 0, ''))).toMatchObject({
			ok: false,
			error: { reason: 'not_positive' }
		});
		expect(checkDeduction(small, sheet, [], proposal('A.1', 1000, ''))).toMatchObject({
			ok: false,
			error: { reason: 'exceeds_score' }
		});
	});
});
