// The sign-in throttle, on an injected clock: a free budget of failures per window, then waits that double, capped.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Throttler, type ThrottleOptions } from '$lib/server/auth/throttle';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** The numbers: 5 a minute, then waits that grow from a minute, at most an hour. */
const OPTIONS: ThrottleOptions = { freeAttempts: 5, windowMs: MINUTE, firstWaitMs: MINUTE, maxWaitMs: HOUR };

function clock(start = 1_700_000_000_000) {
	let now = start;
	return {
		now: () => now,
		advance: (ms: number) => {
			now += ms;
		}
	};
}

function setup(options: ThrottleOptions = OPTIONS) {
	const time = clock();
	return { time, throttle: new Throttler(options, time.now) };
}

/** Fails `n` times, each attempt first asking whether it may be made (as the sign-in does). */
function failAllowed(throttle: Throttler, key: string, n: number) {
	for (let i = 0; i < n; i++) {
		expect(throttle.check(key), `attempt ${i + 1} of ${n}`).toEqual({ allowed: true });
		throttle.fail(key);
	}
}

describe('Throttler', () => {
	it('allows five failed attempts and blocks the sixth, saying how long to wait', () => {
		const { throttle } = setup();
		failAllowed(throttle, 'ada', 5);
		expect(throttle.check('ada')).toEqual({ allowed: false, retryAfterMs: MINUTE });
	});

	it('counts the wait down as time passes and lifts it exactly when it has passed', () => {
		const { throttle, time } = setup();
		failAllowed(throttle, 'ada', 5);
		time.advance(20 * SECOND);
		expect(throttle.check('ada')).toEqual({ allowed: false, retryAfterMs: 40 * SECOND });
		time.advance(40 * SECOND - 1);
		expect(throttle.check('ada')).toEqual({ allowed: false, retryAfterMs: 1 });
		time.advance(1);
		expect(throttle.check('ada')).toEqual({ allowed: true });
	});

	it('makes each further block twice as long as the one before: 1, 2, 4, 8 … minutes', () => {
		const { throttle, time } = setup();
		for (const minutes of [1, 2, 4, 8, 16, 32]) {
			failAllowed(throttle, 'ada', 5);
			const verdict = throttle.check('ada');
			expect(verdict).toEqual({ allowed: false, retryAfterMs: minutes * MINUTE });
			time.advance(minutes * MINUTE - 1);
			expect(throttle.check('ada').allowed, `still blocked just before ${minutes} min`).toBe(false);
			time.advance(1);
			expect(throttle.check('ada'), `free after ${minutes} min`).toEqual({ allowed: true });
		}
	});

	it('after a wait the budget is fresh, even when the window is longer than the wait (failures before a block are spent)', () => {
		const { throttle, time } = setup({ ...OPTIONS, windowMs: 5 * MINUTE });
		failAllowed(throttle, 'ada', 5);
		time.advance(MINUTE);
		failAllowed(throttle, 'ada', 4);
		expect(throttle.check('ada')).toEqual({ allowed: true });
		throttle.fail('ada');
		expect(throttle.check('ada')).toEqual({ allowed: false, retryAfterMs: 2 * MINUTE });
	});

	it('caps the wait at maxWaitMs however many blocks there have been', () => {
		const { throttle, time } = setup();
		const waits: number[] = [];
		for (let block = 0; block < 12; block++) {
			failAllowed(throttle, 'ada', 5);
			const verdict = throttle.check('ada');
			if (verdict.allowed) throw new Error(`block ${block} did not happen`);
			waits.push(verdict.retryAfterMs);
			time.advance(verdict.retryAfterMs);
		}
		expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60, 60, 60, 60].map((m) => m * MINUTE));
	});

	it('caps a first wait that is already above the cap', () => {
		const { throttle } = setup({ ...OPTIONS, firstWaitMs: 2 * HOUR });
		failAllowed(throttle, 'ada', 5);
		expect(throttle.check('ada')).toEqual({ allowed: false, retryAfterMs: HOUR });
	});

	it('a success clears the key: no block, and the next block starts again from the first wait', () => {
		const { throttle, time } = setup();
		failAllowed(throttle, 'ada', 5);
		time.advance(MINUTE);
		failAllowed(throttle, 'ada', 5);
		expect(throttle.check('ada')).toEqual({ allowed: false, retryAfterMs: 2 * MINUTE });
		time.advance(2 * MINUTE);
		throttle.succeed('ada');
		expect(throttle.check('ada')).toEqual({ allowed: true });
		failAllowed(throttle, 'ada', 5);
		expect(throttle.check('ada')).toEqual({ allowed: false, retryAfterMs: MINUTE });
	});

	it('a success lifts a block that is still running', () => {
		const { throttle } = setup();
		failAllowed(throttle, 'ada', 5);
		expect(throttle.check('ada').allowed).toBe(false);
		throttle.succeed('ada');
		expect(throttle.check('ada')).toEqual({ allowed: true });
	});

	it('a success empties the budget’s count: four failures, a success, four more failures are all allowed', () => {
		const { throttle } = setup();
		failAllowed(throttle, 'ada', 4);
		throttle.succeed('ada');
		failAllowed(throttle, 'ada', 4);
		expect(throttle.check('ada')).toEqual({ allowed: true });
	});

	it('failures older than the window do not count', () => {
		const { throttle, time } = setup();
		failAllowed(throttle, 'ada', 4);
		time.advance(MINUTE); // the four are now exactly a window old: out of it
		failAllowed(throttle, 'ada', 1);
		expect(throttle.check('ada')).toEqual({ allowed: true });
		failAllowed(throttle, 'ada', 3); // four within this window
		expect(throttle.check('ada')).toEqual({ allowed: true });
		throttle.fail('ada'); // the fifth within the window
		expect(throttle.check('ada')).toEqual({ allowed: false, retryAfterMs: MINUTE });
	});

	it('failures just inside the window do count', () => {
		const { throttle, time } = setup();
		failAllowed(throttle, 'ada', 4);
		time.advance(MINUTE - 1);
		throttle.fail('ada');
		expect(throttle.check('ada')).toEqual({ allowed: false, retryAfterMs: MINUTE });
	});

	it('a slow, steady stream of failures (one every 15 s) is never blocked; one every 14.999 s is', () => {
		const slow = setup();
		for (let i = 0; i < 50; i++) {
			expect(slow.throttle.check('ada'), `slow attempt ${i + 1}`).toEqual({ allowed: true });
			slow.throttle.fail('ada');
			slow.time.advance(15_000); // the fifth failure falls when the first leaves the window
		}
		const fast = setup();
		for (let i = 0; i < 4; i++) {
			fast.throttle.fail('ada');
			fast.time.advance(14_999);
		}
		fast.throttle.fail('ada'); // the fifth, 59.996 s after the first
		expect(fast.throttle.check('ada').allowed).toBe(false);
	});

	it('keys are independent: one account’s block, failures or success touch no other', () => {
		const { throttle } = setup();
		failAllowed(throttle, 'ada', 5);
		expect(throttle.check('ada').allowed).toBe(false);
		expect(throttle.check('bob')).toEqual({ allowed: true });
		expect(throttle.check('203.0.113.7')).toEqual({ allowed: true });
		failAllowed(throttle, 'bob', 4);
		throttle.succeed('bob');
		expect(throttle.check('ada')).toEqual({ allowed: false, retryAfterMs: MINUTE });
		throttle.succeed('ada');
		failAllowed(throttle, 'carol', 5);
		expect(throttle.check('carol').allowed).toBe(false);
		expect(throttle.check('ada')).toEqual({ allowed: true });
	});

	it('two throttlers share nothing', () => {
		const time = clock();
		const a = new Throttler(OPTIONS, time.now);
		const b = new Throttler(OPTIONS, time.now);
		failAllowed(a, 'ada', 5);
		expect(a.check('ada').allowed).toBe(false);
		expect(b.check('ada')).toEqual({ allowed: true });
	});

	it('honours other budgets (the per-address throttle allows more)', () => {
		const { throttle } = setup({ ...OPTIONS, freeAttempts: 20 });
		failAllowed(throttle, '198.51.100.1', 20);
		expect(throttle.check('198.51.100.1')).toEqual({ allowed: false, retryAfterMs: MINUTE });
	});

	it('by default throttles as the issue says: five a minute, then a minute’s wait, at most an hour', () => {
		const time = clock();
		const throttle = new Throttler(undefined, time.now);
		failAllowed(throttle, 'ada', 5);
		expect(throttle.check('ada')).toEqual({ allowed: false, retryAfterMs: MINUTE });
		for (let block = 0; block < 10; block++) {
			const verdict = throttle.check('ada');
			if (verdict.allowed) throw new Error('expected a block');
			expect(verdict.retryAfterMs).toBeLessThanOrEqual(HOUR);
			time.advance(verdict.retryAfterMs);
			failAllowed(throttle, 'ada', 5);
		}
		expect(throttle.check('ada')).toEqual({ allowed: false, retryAfterMs: HOUR });
	});

	it('uses the real clock when none is given', () => {
		const throttle = new Throttler(OPTIONS);
		for (let i = 0; i < 5; i++) throttle.fail('ada');
		const verdict = throttle.check('ada');
		expect(verdict.allowed).toBe(false);
		if (!verdict.allowed) {
			expect(verdict.retryAfterMs).toBeGreaterThan(MINUTE - 5 * SECOND);
			expect(verdict.retryAfterMs).toBeLessThanOrEqual(MINUTE);
		}
	});
});

describe('Throttler properties over random sequences of attempts', () => {
	type Step = { kind: 'fail' | 'succeed' | 'check'; key: string } | { kind: 'wait'; ms: number };
	const step: fc.Arbitrary<Step> = fc.oneof(
		fc.record({
			kind: fc.constantFrom('fail' as const, 'succeed' as const, 'check' as const),
			key: fc.constantFrom('a', 'b', 'c')
		}),
		fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 3 * MINUTE }) })
	);

	it('a wait is always positive and never longer than the cap; a key with fewer than five failures since its last success is never blocked', () => {
		fc.assert(
			fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
				const { throttle, time } = setup();
				const failuresSinceSuccess = new Map<string, number>();
				for (const s of steps) {
					if (s.kind === 'wait') time.advance(s.ms);
					else if (s.kind === 'fail')
						failuresSinceSuccess.set(s.key, (failuresSinceSuccess.get(s.key) ?? 0) + 1);
					else if (s.kind === 'succeed') failuresSinceSuccess.delete(s.key);
					if (s.kind === 'fail') throttle.fail(s.key);
					if (s.kind === 'succeed') throttle.succeed(s.key);
					for (const key of ['a', 'b', 'c']) {
						const verdict = throttle.check(key);
						if (!verdict.allowed) {
							expect(verdict.retryAfterMs).toBeGreaterThan(0);
							expect(verdict.retryAfterMs).toBeLessThanOrEqual(HOUR);
							expect(failuresSinceSuccess.get(key) ?? 0).toBeGreaterThanOrEqual(5);
						}
					}
				}
				// After the longest possible wait, every key is free again.
				time.advance(HOUR);
				for (const key of ['a', 'b', 'c']) expect(throttle.check(key)).toEqual({ allowed: true });
			})
		);
	});

	it('checking never changes anything', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 20 }), (failures, checks) => {
				const one = setup();
				const two = setup();
				for (let i = 0; i < failures; i++) {
					one.throttle.fail('a');
					two.throttle.fail('a');
					for (let c = 0; c < checks; c++) two.throttle.check('a');
				}
				expect(two.throttle.check('a')).toEqual(one.throttle.check('a'));
			})
		);
	});
});
