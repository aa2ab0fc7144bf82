// Sign-in throttling, kept in memory (one server process): per key (an account, a client address) a free budget of
// failures per window; using it up starts a wait, and each later block waits twice as long as the one before, up
// to a cap. A successful sign-in clears the key.

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

interface Entry {
	failures: number[]; // times of recent failures, within the window
	penalties: number; // failures beyond the free budget, which set the wait
	blockedUntil: number;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

export class Throttler {
	readonly #entries = new Map<string, Entry>();

	constructor(
		private readonly options: ThrottleOptions = ACCOUNT_THROTTLE,
		private readonly now: () => number = Date.now
	) {}

	check(key: string): ThrottleVerdict {
		const entry = this.#entries.get(key);
		const now = this.now();
		if (!entry || entry.blockedUntil <= now) return { allowed: true };
		return { allowed: false, retryAfterMs: entry.blockedUntil - now };
	}

	fail(key: string): void {
		const now = this.now();
		const entry = this.#entries.get(key) ?? { failures: [], penalties: 0, blockedUntil: 0 };
		entry.failures = entry.failures.filter((t) => now - t < this.options.windowMs);
		entry.failures.push(now);
		if (entry.failures.length >= this.options.freeAttempts) {
			const wait = Math.min(this.options.firstWaitMs * 2 ** entry.penalties, this.options.maxWaitMs);
			entry.penalties += 1;
			entry.blockedUntil = now + wait;
			entry.failures = [];
		}
		this.#entries.set(key, entry);
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
