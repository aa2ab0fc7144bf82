// A token bucket: `perSecond` events a second on average, with bursts of up to `burst` (default: one second's worth).
export interface RateLimiter {
	/** True if the event may pass (and counts it), false if it is over the limit. */
	take(): boolean;
}

export function createRateLimiter(perSecond: number, now: () => number = () => performance.now(), burst = perSecond): RateLimiter {
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
