import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	MAJORITY_OF_MEMBERS,
	baseCount,
	formatPercent,
	meetsThreshold,
	requiredVotes,
	share
} from '../../../src/lib/core/voting';
import type { Threshold } from '../../../src/lib/core/voting';

const t = (numerator: number, denominator: number, comparison: Threshold['comparison']): Threshold => ({
	numerator,
	denominator,
	base: 'members',
	comparison
});

describe('meetsThreshold', () => {
	it('more than half: exactly half is not enough, one more is', () => {
		expect(meetsThreshold(4, 8, MAJORITY_OF_MEMBERS)).toBe(false);
		expect(meetsThreshold(5, 8, MAJORITY_OF_MEMBERS)).toBe(true);
		expect(meetsThreshold(3, 7, MAJORITY_OF_MEMBERS)).toBe(false);
		expect(meetsThreshold(4, 7, MAJORITY_OF_MEMBERS)).toBe(true);
	});

	it('at least half: exactly half is enough', () => {
		expect(meetsThreshold(4, 8, t(1, 2, 'at_least'))).toBe(true);
		expect(meetsThreshold(3, 8, t(1, 2, 'at_least'))).toBe(false);
	});

	it('at least two thirds: exactly two thirds is enough, one below is not', () => {
		expect(meetsThreshold(6, 9, t(2, 3, 'at_least'))).toBe(true);
		expect(meetsThreshold(5, 9, t(2, 3, 'at_least'))).toBe(false);
		// 2/3 of 8 is 5.33…: 5 is below, 6 is above
		expect(meetsThreshold(5, 8, t(2, 3, 'at_least'))).toBe(false);
		expect(meetsThreshold(6, 8, t(2, 3, 'at_least'))).toBe(true);
	});

	it('more than two thirds: exactly two thirds is not enough', () => {
		expect(meetsThreshold(6, 9, t(2, 3, 'more_than'))).toBe(false);
		expect(meetsThreshold(7, 9, t(2, 3, 'more_than'))).toBe(true);
	});

	it('all (at least 1/1): unanimity', () => {
		expect(meetsThreshold(8, 8, t(1, 1, 'at_least'))).toBe(true);
		expect(meetsThreshold(7, 8, t(1, 1, 'at_least'))).toBe(false);
	});

	it('zero votes never meet a threshold, even over an empty base', () => {
		expect(meetsThreshold(0, 0, t(1, 2, 'at_least'))).toBe(false);
		expect(meetsThreshold(0, 8, t(1, 100, 'at_least'))).toBe(false);
	});

	it('is exact with fractions floats get wrong', () => {
		// 0.1 + 0.2 > 0.3 in floats; 3/10 of 10 is exactly 3
		expect(meetsThreshold(3, 10, t(3, 10, 'at_least'))).toBe(true);
		expect(meetsThreshold(3, 10, t(3, 10, 'more_than'))).toBe(false);
		// huge denominators stay exact
		const big = t(333_333_333_333, 1_000_000_000_000, 'more_than');
		expect(meetsThreshold(1, 3, big)).toBe(true);
		expect(meetsThreshold(333_333_333_333, 1_000_000_000_000, big)).toBe(false);
	});
});

describe('requiredVotes', () => {
	it('gives the smallest winning count', () => {
		expect(requiredVotes(8, MAJORITY_OF_MEMBERS)).toBe(5);
		expect(requiredVotes(7, MAJORITY_OF_MEMBERS)).toBe(4);
		expect(requiredVotes(8, t(1, 2, 'at_least'))).toBe(4);
		expect(requiredVotes(9, t(2, 3, 'at_least'))).toBe(6);
		expect(requiredVotes(8, t(2, 3, 'at_least'))).toBe(6);
		expect(requiredVotes(9, t(2, 3, 'more_than'))).toBe(7);
		expect(requiredVotes(0, t(1, 2, 'at_least'))).toBe(1);
		expect(requiredVotes(0, MAJORITY_OF_MEMBERS)).toBe(1);
	});

	it('agrees with meetsThreshold (property)', () => {
		fc.assert(
			fc.property(
				fc
					.integer({ min: 1, max: 50 })
					.chain((d) =>
						fc.tuple(
							fc.integer({ min: 1, max: d }),
							fc.constant(d),
							fc.constantFrom('more_than', 'at_least')
						)
					),
				fc.integer({ min: 0, max: 60 }),
				([n, d, comparison], base) => {
					const threshold = t(n, d, comparison as Threshold['comparison']);
					if (n === d && comparison === 'more_than') return; // unreachable, refused by validateRules
					const need = requiredVotes(base, threshold);
					expect(meetsThreshold(need, base, threshold)).toBe(true);
					if (need > 1) expect(meetsThreshold(need - 1, base, threshold)).toBe(false);
				}
			)
		);
	});
});

describe('baseCount and share', () => {
	it('picks the base the threshold names', () => {
		const counts = { members: 8, cast: 7, valid: 6 };
		expect(baseCount('members', counts)).toBe(8);
		expect(baseCount('cast', counts)).toBe(7);
		expect(baseCount('valid', counts)).toBe(6);
	});

	it('is an exact, unreduced fraction, or null over an empty base', () => {
		expect(share(4, 8)).toEqual({ numerator: 4, denominator: 8 });
		expect(share(0, 8)).toEqual({ numerator: 0, denominator: 8 });
		expect(share(0, 0)).toBeNull();
	});
});

describe('formatPercent', () => {
	it('writes one decimal in Vietnamese and English style', () => {
		expect(formatPercent({ numerator: 5, denominator: 8 }, 'vi')).toBe('62,5%');
		expect(formatPercent({ numerator: 5, denominator: 8 }, 'en')).toBe('62.5%');
		expect(formatPercent({ numerator: 5, denominator: 8 })).toBe('62,5%');
	});

	it('rounds half up, in integers', () => {
		expect(formatPercent({ numerator: 2, denominator: 3 }, 'en')).toBe('66.7%');
		expect(formatPercent({ numerator: 1, denominator: 3 }, 'en')).toBe('33.3%');
		expect(formatPercent({ numerator: 1, denominator: 8 }, 'en')).toBe('12.5%');
		expect(formatPercent({ numerator: 1, denominator: 16 }, 'en')).toBe('6.3%'); // 6.25 → 6.3
		expect(formatPercent({ numerator: 1, denominator: 2000 }, 'en')).toBe('0.1%'); // 0.05 → 0.1
		expect(formatPercent({ numerator: 1, denominator: 2001 }, 'en')).toBe('0%');
	});

	it('handles the bounds', () => {
		expect(formatPercent({ numerator: 0, denominator: 8 }, 'vi')).toBe('0%');
		expect(formatPercent({ numerator: 8, denominator: 8 }, 'vi')).toBe('100%');
		expect(formatPercent({ numerator: 6, denominator: 8 }, 'vi')).toBe('75%'); // as shareText writes it in Word
		expect(formatPercent(null, 'vi')).toBe('—');
		expect(formatPercent({ numerator: 1, denominator: 0 }, 'en')).toBe('—');
	});
});
