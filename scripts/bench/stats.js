// Small figures helpers of `npm run bench`.
export function percentile(sorted, p) {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const round2 = (value) => Math.round(value * 100) / 100;

/** p50/p95/p99/p99.9/max/mean of a Float64Array (sorted in place). */
export function summarize(values) {
	const sorted = values.sort();
	return {
		samples: sorted.length,
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		p99: percentile(sorted, 99),
		p999: percentile(sorted, 99.9),
		max: sorted.length ? sorted[sorted.length - 1] : NaN,
		mean: sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : NaN
	};
}
