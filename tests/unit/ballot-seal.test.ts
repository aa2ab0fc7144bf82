import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ballotSecret, paddedLength, sealPaper, shuffled, unsealPaper } from '$lib/server/ballots/seal';
import { ballotSecretFromEnvironment, resolveBallotSecret } from '$lib/server/ballots/secret';

// Sealing a secret ballot's paper: what the database holds while the ballot is open.

const secret = ballotSecret(randomBytes(32));
const candidates = [3, 17, 254, 1001, 7, 8, 9, 12];

describe('a sealed paper', () => {
	it('opens to what was sealed, under its secret and for its ballot only', () => {
		const content = { receipt: 'A1B2C3D4E5', choices: [17, 254], against: [] };
		const sealed = sealPaper(secret, 42, candidates, content);
		expect(unsealPaper(secret, 42, sealed)).toEqual(content);
		expect(() => unsealPaper(secret, 43, sealed)).toThrow(/does not open/);
		expect(() => unsealPaper(ballotSecret(randomBytes(32)), 42, sealed)).toThrow(/does not open/);
		expect(sealed).not.toContain('A1B2C3D4E5');
	});

	it('is as long as any other paper of its ballot: blank, one name, every name, a disagree', () => {
		const papers = [
			{ receipt: '0000000000', choices: [], against: [] },
			{ receipt: 'FFFFFFFFFF', choices: [1001], against: [] },
			{ receipt: '1234567890', choices: candidates, against: [] },
			{ receipt: 'ABCDEF0123', choices: [], against: candidates }
		].map((p) => sealPaper(secret, 1, candidates, p));
		expect(new Set(papers.map((p) => p.length)).size).toBe(1);
		// Two sealings of one paper differ (a fresh nonce each time): equal papers do not look equal.
		const blank = { receipt: '0000000000', choices: [], against: [] };
		expect(sealPaper(secret, 1, candidates, blank)).not.toBe(sealPaper(secret, 1, candidates, blank));
		expect(paddedLength(candidates) % 64).toBe(0);
	});

	it('refuses a paper longer than its ballot allows rather than leaking its length', () => {
		expect(() => sealPaper(secret, 1, [1], { receipt: 'X'.repeat(200), choices: [1], against: [] })).toThrow(
			/longer than its padding/
		);
	});
});

describe('the shuffle at the close', () => {
	it('gives every order of three papers about equally often', () => {
		const seen = new Map<string, number>();
		for (let i = 0; i < 6000; i++) {
			const order = shuffled(['a', 'b', 'c']).join('');
			seen.set(order, (seen.get(order) ?? 0) + 1);
		}
		expect(seen.size).toBe(6);
		// Expected 1000 each, standard deviation about 29: 800..1200 fails by chance far less than once in 10^9.
		for (const n of seen.values()) {
			expect(n).toBeGreaterThan(800);
			expect(n).toBeLessThan(1200);
		}
	});
});

describe('the ballot secret', () => {
	it('comes from BINHXET_BALLOT_SECRET when set, refuses a short one, and is required on PostgreSQL', () => {
		const text = randomBytes(32).toString('base64');
		expect(ballotSecretFromEnvironment({ BINHXET_BALLOT_SECRET: text })?.bytes.toString()).toBe(text);
		expect(ballotSecretFromEnvironment({})).toBeUndefined();
		expect(() => ballotSecretFromEnvironment({ BINHXET_BALLOT_SECRET: 'short' })).toThrow(/at least 32/);
		expect(() => resolveBallotSecret('postgres://db.example/binhxet', {})).toThrow(/must be set on PostgreSQL/);
		// Its id, kept in the database, is not the secret and is the same for the same secret.
		const a = resolveBallotSecret('postgres://db.example/binhxet', { BINHXET_BALLOT_SECRET: text });
		expect(a.keyId).toBe(ballotSecret(Buffer.from(text)).keyId);
		expect(a.keyId).not.toContain(text);
	});
});
