import type { DB } from '../db/open';
import { hashPassword, verifyPassword } from './passwords';
import { generateToken } from './tokens';
import { ACCOUNT_THROTTLE, ADDRESS_THROTTLE } from './throttle';
import { checkThrottle, clearThrottle, recordFailure } from './throttle-store';
import { findUserForSignIn } from '../people/users';

export type SignInResult =
	| { ok: true; userId: number }
	| { ok: false; reason: 'wrong' }
	| { ok: false; reason: 'throttled'; retryAfterMs: number };

// A hash of a random password: verifying against it when the user does not exist costs the same time as a real
// check, so response times do not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;

export async function signIn(db: DB, username: string, password: string, clientAddress: string): Promise<SignInResult> {
	// In the database, shared by every instance: failures per account name (existing or not) and per client address.
	const checks = [
		[ACCOUNT_THROTTLE, `account:${username.trim().toLowerCase()}`],
		[ADDRESS_THROTTLE, `address:${clientAddress}`]
	] as const;
	for (const [, key] of checks) {
		const verdict = await checkThrottle(db, key);
		if (!verdict.allowed) return { ok: false, reason: 'throttled', retryAfterMs: verdict.retryAfterMs };
	}
	const user = await findUserForSignIn(db, username);
	dummyHash ??= hashPassword(generateToken());
	const valid = await verifyPassword(user?.password_hash ?? (await dummyHash), password);
	if (!user || !user.password_hash || !valid) {
		for (const [options, key] of checks) await recordFailure(db, key, options);
		return { ok: false, reason: 'wrong' };
	}
	for (const [, key] of checks) await clearThrottle(db, key);
	return { ok: true, userId: user.id };
}
