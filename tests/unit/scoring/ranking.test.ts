import { describe, expect, it } from 'vitest';
import { rankBy } from '$lib/core/scoring';

type Unit = { name: string; score: number };
const rank = (units: Unit[]) => rankBy(units, (u) => u.score).map((r) => [r.entry.name, r.rank, r.tied]);

describe('rankBy', () => {
	it('ranks highest first', () => {
		expect(
			rank([
				{ name: 'a', score: 9000 },
				{ name: 'b', score: 9950 },
				{ name: 'c', score: 9550 }
			])
		).toEqual([
			['b', 1, false],
			['c', 2, false],
			['a', 3, false]
		]);
	});

	it('uses competition ranking for ties (1, 2, 2, 4) and keeps tied entries in input order', () => {
		const units = [
			{ name: 'lai-chau', score: 9800 },
			{ name: 'quang-ninh', score: 9950 },
			{ name: 'lao-cai', score: 9550 },
			{ name: 'son-la', score: 9800 }
		];
		expect(rank(units)).toEqual([
			['quang-ninh', 1, false],
			['lai-chau', 2, true],
			['son-la', 2, true],
			['lao-cai', 4, false]
		]);
	});

	it('ties at the top share rank 1', () => {
		expect(
			rank([
				{ name: 'a', score: 100 },
				{ name: 'b', score: 100 },
				{ name: 'c', score: 50 }
			])
		).toEqual([
			['a', 1, true],
			['b', 1, true],
			['c', 3, false]
		]);
	});

	it('handles negative scores and an all-tied list', () => {
		expect(
			rank([
				{ name: 'a', score: -100 },
				{ name: 'b', score: 0 }
			])
		).toEqual([
			['b', 1, false],
			['a', 2, false]
		]);
		expect(
			rank([
				{ name: 'a', score: 7 },
				{ name: 'b', score: 7 },
				{ name: 'c', score: 7 }
			]).map((r) => r[1])
		).toEqual([1, 1, 1]);
	});

	it('returns nothing for nothing, and a single entry untied', () => {
		expect(rankBy([], () => 0)).toEqual([]);
		expect(rank([{ name: 'a', score: 1 }])).toEqual([['a', 1, false]]);
	});

	it('returns the entries themselves and does not reorder the input', () => {
		const units = [
			{ name: 'a', score: 1 },
			{ name: 'b', score: 2 }
		];
		const ranked = rankBy(units, (u) => u.score);
		expect(ranked[0]?.entry).toBe(units[1]);
		expect(units.map((u) => u.name)).toEqual(['a', 'b']);
	});

	it('refuses a NaN score', () => {
		expect(() => rankBy([1, Number.NaN], (x) => x)).toThrow(RangeError);
	});
});
