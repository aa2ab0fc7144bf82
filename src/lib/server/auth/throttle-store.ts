import type { DB } from '../db/open';
import { serializable } from '../db/serializable';
import {
	afterFailure,
	throttleVerdict,
	type ThrottleOptions,
	type ThrottleState,
	type ThrottleVerdict
} from './throttle';

// The throttle's state in the database, one row per key, so that every instance of the board counts the same
// failures: the same queries on SQLite and PostgreSQL. A failure is read, counted and written in one serializable
// transaction, so that failures arriving together at several instances are all counted.

/** A key with no failure for this long is forgotten (longer than any wait: the cap is an hour). */
const FORGET_AFTER_MS = 24 * 60 * 60_000;

async function stateOf(db: DB, key: string): Promise<ThrottleState | undefined> {
	const row = await db
		.selectFrom('sign_in_throttle')
		.select(['failures', 'penalties', 'blocked_until'])
		.where('key', '=', key)
		.executeTakeFirst();
	if (!row) return undefined;
	return {
		failures: JSON.parse(row.failures) as number[],
		penalties: row.penalties,
		blockedUntil: row.blocked_until
	};
}

export async function checkThrottle(db: DB, key: string, now = Date.now()): Promise<ThrottleVerdict> {
	return throttleVerdict(await stateOf(db, key), now);
}

export async function recordFailure(db: DB, key: string, options: ThrottleOptions, now = Date.now()): Promise<void> {
	await serializable(db, async (trx) => {
		const next = afterFailure(await stateOf(trx as unknown as DB, key), now, options);
		const values = {
			failures: JSON.stringify(next.failures),
			penalties: next.penalties,
			blocked_until: next.blockedUntil,
			updated_at: now
		};
		await trx
			.insertInto('sign_in_throttle')
			.values({ key, ...values })
			.onConflict((oc) => oc.column('key').doUpdateSet(values))
			.execute();
		await trx
			.deleteFrom('sign_in_throttle')
			.where('updated_at', '<', now - FORGET_AFTER_MS)
			.execute();
	});
}

export async function clearThrottle(db: DB, key: string): Promise<void> {
	await db.deleteFrom('sign_in_throttle').where('key', '=', key).execute();
}
