import type { Transaction } from 'kysely';
import { dialectOf } from '../../../../migrations/dialect';
import { mustRetry } from './errors';
import type { DB } from './open';
import type { Database } from './schema';

// Every decision the server takes in SQL (a vote, opening or closing a ballot, a phase change, the close of a
// meeting, the set-up) reads the current state and writes in one transaction, and must be exact as if the
// transactions ran one after the other. better-sqlite3 runs them one after the other. PostgreSQL runs them side by
// side: there each runs SERIALIZABLE, and one that PostgreSQL aborts because a concurrent one got there first
// (serialization failure, deadlock) runs again from the start, against the state the other left. So `fn` must have
// no effect outside the transaction it is given, beyond values it returns.

const MAX_ATTEMPTS = 50;

/** Runs `fn` as one transaction that decides as if it ran alone (see above); its result is the transaction's. */
export async function serializable<T>(db: DB, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
	if (dialectOf(db) === 'sqlite') return db.transaction().execute(fn);
	for (let attempt = 1; ; attempt++) {
		try {
			return await db.transaction().setIsolationLevel('serializable').execute(fn);
		} catch (error) {
			if (!mustRetry(error) || attempt >= MAX_ATTEMPTS) throw error;
			// A random pause, growing with the attempts, so that the transactions that collided do not collide again.
			const ceiling = Math.min(2 ** attempt, 100);
			await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
		}
	}
}
