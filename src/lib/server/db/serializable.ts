import type { Transaction } from 'kysely';
import { dialectOf } from '../../../../migrations/dialect';
import { mustRetry } from './errors';
import type { DB } from './open';
import type { Database } from './schema';

// Every decision the server takes in SQL (a vote, opening or closing a ballot, a phase change, the close of a
// meeting, the set-up) reads the current state and writes in one transaction, and must be exact as if the
// transactions ran one after the other. Within one process better-sqlite3 runs them one after the other; another
// process on the same file (the admin command) may hold the write lock when a transaction that has read wants to
// write, and SQLite then refuses it as busy. PostgreSQL runs transactions side by side: there each runs
// SERIALIZABLE. A transaction refused for a concurrent one (busy, serialization failure, deadlock) runs again from
// the start, against the state the other left. So `fn` must have no effect outside the transaction it is given,
// beyond values it returns.

const MAX_ATTEMPTS = 50;

/** Runs `fn` as one transaction that decides as if it ran alone (see above); its result is the transaction's. */
export async function serializable<T>(db: DB, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
	const postgres = dialectOf(db) === 'postgres';
	for (let attempt = 1; ; attempt++) {
		try {
			const transaction = db.transaction();
			return await (postgres ? transaction.setIsolationLevel('serializable') : transaction).execute(fn);
		} catch (error) {
			if (!mustRetry(error) || attempt >= MAX_ATTEMPTS) throw error;
			// A random pause, growing with the attempts, so that the transactions that collided do not collide again.
			const ceiling = Math.min(2 ** attempt, 100);
			await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
		}
	}
}
