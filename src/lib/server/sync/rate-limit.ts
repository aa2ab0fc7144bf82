// Token buckets: `perSecond` events a second on average, with bursts of up to `burst` (default: one second's worth).
export interface RateLimiter {
	/** True if the event may pass (and counts it), false if it is over the limit. */
	take(): boolean;
}

export function createRateLimiter(
	perSecond: number,
	now: () => number = () => performance.now(),
	burst = perSecond
): RateLimiter {
	let tokens = burst;
	let last = now();
	return {
		take() {
			const time = now();
			tokens = Math.min(burst, tokens + ((time - last) / 1000) * perSecond);
			last = time;
			if (tokens < 1) return false;
			tokens -= 1;
			return true;
		}
	};
}

/**
 * A budget of costs that vary (bytes sent, in whatever unit the caller measures): up to `capacity`, refilled at
 * `perSecond`. Anything may be spent while the budget is above zero, even more than is left (a document larger than
 * the whole budget must still reach a joiner once): the debt is then repaid by waiting.
 */
export interface Budget {
	/** Whether something may be spent now. */
	available(): boolean;
	spend(cost: number): void;
	/** Refilled to capacity: forgetting it loses nothing. */
	full(): boolean;
}

export function createBudget(capacity: number, perSecond: number, now: () => number = () => performance.now()): Budget {
	let left = capacity;
	let last = now();
	const refill = () => {
		const time = now();
		left = Math.min(capacity, left + ((time - last) / 1000) * perSecond);
		last = time;
	};
	return {
		available() {
			refill();
			return left > 0;
		},
		spend(cost) {
			refill();
			left -= cost;
		},
		full() {
			refill();
			return left >= capacity;
		}
	};
}
