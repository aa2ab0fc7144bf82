import type { DB } from '../db/open';
import { hashPassword, verifyPassword } from './passwords';
import { generateToken } from './tokens';
import { ACCOUNT_THROTTLE, ADDRESS_THROTTLE, Throttler } from './throttle';
import { findUserForSignIn } from '../people/users';

// In memory, one server process: failures per account name (existing or not) and per client address.
const byAccount = new Throttler(ACCOUNT_THROTTLE);
const byAddress = new Throttler(ADDRESS_THROTTLE);

export type SignInResult =
	| { ok: true; userId: number }
	| { ok: false; reason: 'wrong' }
	| { ok: false; reason: 'throttled'; retryAfterMs: number };

// A hash of a random password: verifying against it when the user does not exist costs the same time as a real
// check, so response times do not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;

export async function signIn(db: DB, username: string, password: string, clientAddress: string): Promise<SignInResult> {
	const checks = [
		[byAccount, username.trim().toLowerCase()],
		[byAddress, clientAddress]
	] as const;
	for (const [throttle, key] of checks) {
		const verdict = throttle.check(key);
		if (!verdict.allowed) return { ok: false, reason: 'throttled', retryAfterMs: verdict.retryAfterMs };
	}
	const user = await findUserForSignIn(db, username);
	dummyHash ??= hashPassword(generateToken());
	const valid = await verifyPassword(user?.password_hash ?? (await dummyHash), password);
	if (!user || !user.password_hash || !valid) {
		for (const [throttle, key] of checks) throttle.fail(key);
		return { ok: false, reason: 'wrong' };
	}
	for (const [throttle, key] of checks) throttle.succeed(key);
	return { ok: true, userId: user.id };
}
