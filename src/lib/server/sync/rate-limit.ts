// A token bucket: up to `perSecond` events in any second on average, with bursts of `perSecond`.
export interface RateLimiter {
	/** True if the event may pass (and counts it), false if it is over the limit. */
	take(): boolean;
}

export function createRateLimiter(perSecond: number, now: () => number = () => performance.now()): RateLimiter {
	let tokens = perSecond;
	let last = now();
	return {
		take() {
			const time = now();
			tokens = Math.min(perSecond, tokens + ((time - last) / 1000) * perSecond);
			last = time;
			if (tokens < 1) return false;
			tokens -= 1;
			return true;
		}
	};
}
