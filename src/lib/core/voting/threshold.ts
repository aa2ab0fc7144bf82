// The threshold rule, in exact integer arithmetic (BigInt, so no size limit on fractions).
import type { Fraction, Threshold, ThresholdBase } from './types';

/** The counts a threshold may apply to. */
export interface BaseCounts {
	readonly members: number;
	readonly cast: number;
	readonly valid: number;
}

/** The number the threshold fraction is taken of. */
export function baseCount(base: ThresholdBase, counts: BaseCounts): number {
	return counts[base];
}

/**
 * Whether `votes` meets the threshold over a base of `base` ballots.
 * more_than: votes / base > n / d  ⇔  votes·d > n·base;  at_least: votes·d ≥ n·base.
 * Zero votes never meet it: with an empty base, "at least 1/2 of 0" would otherwise elect nobody's choice.
 */
export function meetsThreshold(votes: number, base: number, threshold: Threshold): boolean {
	if (votes < 1) return false;
	const lhs = BigInt(votes) * BigInt(threshold.denominator);
	const rhs = BigInt(threshold.numerator) * BigInt(base);
	return threshold.comparison === 'more_than' ? lhs > rhs : lhs >= rhs;
}

/** The smallest number of votes that meets the threshold over `base` (≥ 1), for "needs 5 of 8" in the UI. */
export function requiredVotes(base: number, threshold: Threshold): number {
	const product = BigInt(threshold.numerator) * BigInt(base);
	const d = BigInt(threshold.denominator);
	const floor = product / d; // operands are non-negative, so BigInt division floors
	const needed = threshold.comparison === 'more_than' ? floor + 1n : floor + (product % d === 0n ? 0n : 1n);
	return Math.max(1, Number(needed));
}

/** The default threshold: more than half of the member units. */
export const MAJORITY_OF_MEMBERS: Threshold = {
	numerator: 1,
	denominator: 2,
	base: 'members',
	comparison: 'more_than'
};

/** A share votes/base, unreduced so it reads like the minutes ("5/8"); null when the base is 0. */
export function share(votes: number, base: number): Fraction | null {
	return base > 0 ? { numerator: votes, denominator: base } : null;
}

export type Locale = 'vi' | 'en';

/**
 * A percentage with one decimal, rounded half up, for display only: "62,5%" (vi), "62.5%" (en).
 * Computed in integers (tenths of a percent) so 2/3 gives 66,7 and 1/8 gives 12,5 without float drift.
 */
export function formatPercent(fraction: Fraction | null, locale: Locale = 'vi'): string {
	if (fraction === null || fraction.denominator <= 0) return '—';
	const n = BigInt(fraction.numerator) * 1000n;
	const d = BigInt(fraction.denominator);
	const negative = n < 0n;
	const abs = negative ? -n : n;
	const tenths = (2n * abs + d) / (2n * d);
	const whole = (tenths / 10n).toString();
	const decimal = (tenths % 10n).toString();
	const sign = negative && tenths !== 0n ? '-' : '';
	// As the documents write it: "75%", "87,5%" (a whole percentage carries no ",0").
	if (decimal === '0') return `${sign}${whole}%`;
	return locale === 'vi' ? `${sign}${whole},${decimal}%` : `${sign}${whole}.${decimal}%`;
}
