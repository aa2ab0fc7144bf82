// Small figures helpers of `npm run bench`.
import type { Summary } from './types';

export function percentile(sorted: Float64Array, p: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export const round2 = (value: number): number => Math.round(value * 100) / 100;

/** p50/p95/p99/p99.9/max/mean of a Float64Array (sorted in place). */
export function summarize(values: Float64Array): Summary {
	const sorted = values.sort();
	return {
		samples: sorted.length,
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		p99: percentile(sorted, 99),
		p999: percentile(sorted, 99.9),
		max: sorted.length ? (sorted[sorted.length - 1] ?? NaN) : NaN,
		mean: sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : NaN
	};
}
