// Sign-in throttling's rules, pure: per key (an account, a client address) a free budget of failures per window;
// using it up starts a wait, and each later block waits twice as long as the one before, up to a cap. A successful
// sign-in clears the key. The server keeps each key's state in the database (throttle-store.ts), so that the rules
// hold across every instance; `Throttler` keeps it in memory, for one process and for the tests of the rules.

export interface ThrottleOptions {
	freeAttempts: number;
	windowMs: number;
	firstWaitMs: number;
	maxWaitMs: number;
}

/** Per account: 5 failures a minute, then waits of 1, 2, 4 … minutes, at most an hour. */
export const ACCOUNT_THROTTLE: ThrottleOptions = {
	freeAttempts: 5,
	windowMs: 60_000,
	firstWaitMs: 60_000,
	maxWaitMs: 60 * 60_000
};
/** Per client address: a whole provincial office may share one address, so it gets a larger budget. */
export const ADDRESS_THROTTLE: ThrottleOptions = {
	freeAttempts: 20,
	windowMs: 60_000,
	firstWaitMs: 60_000,
	maxWaitMs: 60 * 60_000
};

/** What is kept of one key. */
export interface ThrottleState {
	failures: number[]; // times of recent failures, within the window
	penalties: number; // failures beyond the free budget, which set the wait
	blockedUntil: number;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/** May an attempt be made now? */
export function throttleVerdict(state: ThrottleState | undefined, now: number): ThrottleVerdict {
	if (!state || state.blockedUntil <= now) return { allowed: true };
	return { allowed: false, retryAfterMs: state.blockedUntil - now };
}

/** The key's state after a failure at `now`. */
export function afterFailure(state: ThrottleState | undefined, now: number, options: ThrottleOptions): ThrottleState {
	const next = state
		? { ...state, failures: state.failures.filter((t) => now - t < options.windowMs) }
		: { failures: [], penalties: 0, blockedUntil: 0 };
	next.failures.push(now);
	if (next.failures.length >= options.freeAttempts) {
		const wait = Math.min(options.firstWaitMs * 2 ** next.penalties, options.maxWaitMs);
		next.penalties += 1;
		next.blockedUntil = now + wait;
		next.failures = [];
	}
	return next;
}

/** In memory, one process: the rules above over a map. */
export class Throttler {
	readonly #entries = new Map<string, ThrottleState>();

	constructor(
		private readonly options: ThrottleOptions = ACCOUNT_THROTTLE,
		private readonly now: () => number = Date.now
	) {}

	check(key: string): ThrottleVerdict {
		return throttleVerdict(this.#entries.get(key), this.now());
	}

	fail(key: string): void {
		const now = this.now();
		this.#entries.set(key, afterFailure(this.#entries.get(key), now, this.options));
		this.#forgetStale(now);
	}

	succeed(key: string): void {
		this.#entries.delete(key);
	}

	/** Keeps memory bounded under a stream of distinct keys. */
	#forgetStale(now: number): void {
		if (this.#entries.size < 10_000) return;
		for (const [key, entry] of this.#entries) {
			const last = entry.failures.at(-1) ?? 0;
			if (entry.blockedUntil <= now && now - last > this.options.windowMs) this.#entries.delete(key);
		}
	}
}
