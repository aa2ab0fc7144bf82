import { describe, expect, it } from 'vitest';
import { checkArithmetic, validateSheet, type SelfAssessment } from '$lib/core/scoring';
import { small } from './fixtures';

const scores = { 'A.1': 450, 'A.2.1': 300, 'A.2.2': 100, 'B.1': 1000, 'B.2': 100, 'X.1': 200 };

describe('checkArithmetic', () => {
	it('finds nothing when the reported figures match', () => {
		const sheet: SelfAssessment = { scores, reported: { A: 850, 'A.2': 400, B: 900, X: 200, total: 1950 } };
		expect(checkArithmetic(small, sheet)).toEqual([]);
	});

	it('finds nothing when nothing is reported', () => {
		expect(checkArithmetic(small, { scores, reported: {} })).toEqual([]);
	});

	it('reports each wrong figure with what the items compute to, sections in document order then the total', () => {
		const sheet: SelfAssessment = { scores, reported: { total: 2000, 'A.2': 500, B: 1000, A: 850 } };
		expect(checkArithmetic(small, sheet)).toEqual([
			{ code: 'A.2', reported: 500, computed: 400 },
			{ code: 'B', reported: 1000, computed: 900 },
			{ code: 'total', reported: 2000, computed: 1950 }
		]);
	});

	it('computes a section holding a penalty item as a signed sum', () => {
		expect(checkArithmetic(small, { scores, reported: { B: 1100 } })).toEqual([
			{ code: 'B', reported: 1100, computed: 900 }
		]);
	});

	it('counts missing scores as 0', () => {
		expect(checkArithmetic(small, { scores: { 'B.1': 500 }, reported: { A: 0, total: 600 } })).toEqual([
			{ code: 'total', reported: 600, computed: 500 }
		]);
	});

	it('leaves reported keys that are not sections or the total to validateSheet', () => {
		expect(checkArithmetic(small, { scores, reported: { 'A.1': 1, Z: 5 } })).toEqual([]);
	});
});

describe('validateSheet', () => {
	it('finds nothing wrong with a complete, in-range sheet', () => {
		expect(validateSheet(small, { scores, reported: { A: 1, total: 5 } })).toEqual([]);
	});

	it('accepts 0 and the max as bounds', () => {
		expect(
			validateSheet(small, { scores: { ...scores, 'A.1': 0, 'B.1': 1000, 'B.2': 300 }, reported: {} })
		).toEqual([]);
	});

	it('reports each missing item with its max', () => {
		const { 'A.2.2': _a, 'X.1': _x, ...rest } = scores;
		expect(validateSheet(small, { scores: rest, reported: {} })).toEqual([
			{ code: 'A.2.2', reason: 'missing', max: 200 },
			{ code: 'X.1', reason: 'missing', max: 200 }
		]);
	});

	it('reports above_max, below_zero and off_step', () => {
		const sheet: SelfAssessment = { scores: { ...scores, 'A.1': 600, 'A.2.1': -50, 'B.1': 925 }, reported: {} };
		expect(validateSheet(small, sheet)).toEqual([
			{ code: 'A.1', reason: 'above_max', value: 600, max: 500 },
			{ code: 'A.2.1', reason: 'below_zero', value: -50 },
			{ code: 'B.1', reason: 'off_step', value: 925, step: 50 }
		]);
	});

	it('reports every problem that applies to one value', () => {
		expect(validateSheet(small, { scores: { ...scores, 'B.2': 325 }, reported: {} })).toEqual([
			{ code: 'B.2', reason: 'above_max', value: 325, max: 300 },
			{ code: 'B.2', reason: 'off_step', value: 325, step: 50 }
		]);
		expect(validateSheet(small, { scores: { ...scores, 'A.1': -25 }, reported: {} })).toEqual([
			{ code: 'A.1', reason: 'below_zero', value: -25 },
			{ code: 'A.1', reason: 'off_step', value: -25, step: 50 }
		]);
	});

	it('reports values that are not Points as off_step', () => {
		const problems = validateSheet(small, { scores: { ...scores, 'A.1': 4.5, 'A.2.1': Number.NaN }, reported: {} });
		expect(problems.map((p) => [p.code, p.reason])).toEqual([
			['A.1', 'off_step'],
			['A.2.1', 'off_step']
		]);
	});

	it('reports scores keyed by unknown codes and by sections', () => {
		const sheet: SelfAssessment = { scores: { ...scores, 'Z.9': 100, A: 850, total: 1950 }, reported: {} };
		expect(validateSheet(small, sheet)).toEqual([
			{ code: 'Z.9', reason: 'unknown_criterion' },
			{ code: 'A', reason: 'not_an_item' },
			{ code: 'total', reason: 'unknown_criterion' }
		]);
	});

	it('reports reported figures keyed by anything but a section or the total', () => {
		const sheet: SelfAssessment = { scores, reported: { A: 850, 'A.1': 450, Q: 3, total: 1950 } };
		expect(validateSheet(small, sheet)).toEqual([
			{ code: 'A.1', reason: 'unknown_criterion' },
			{ code: 'Q', reason: 'unknown_criterion' }
		]);
	});

	it('lists item problems first, then score keys, then reported keys', () => {
		const sheet: SelfAssessment = { scores: { Z: 1, 'A.1': 600 }, reported: { Y: 1 } };
		const reasons = validateSheet(small, sheet).map((p) => `${p.code}:${p.reason}`);
		expect(reasons).toEqual([
			'A.1:above_max',
			'A.2.1:missing',
			'A.2.2:missing',
			'B.1:missing',
			'B.2:missing',
			'X.1:missing',
			'Z:unknown_criterion',
			'Y:unknown_criterion'
		]);
	});
});
