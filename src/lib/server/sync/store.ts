// The sync tables (migrations/003_sync.ts) through synchronous, prepared better-sqlite3 statements: the update
// log (the audit trail, kept forever) and one snapshot per document.
import type BetterSqlite3 from 'better-sqlite3';

export interface StoredState {
	/** The newest snapshot, if any. */
	snapshot: { lastUpdateId: number; state: Uint8Array; stateVector: Uint8Array | null } | undefined;
	/** The log rows after the snapshot, in order. */
	tail: { id: number; update: Uint8Array }[];
}

export interface SyncStore {
	/** Appends one update to the log and returns its id. */
	append(document: string, userId: number | null, createdAt: number, update: Uint8Array): number;
	read(document: string): StoredState;
	/** The bytes of the document's whole log, by the user who wrote them (null: the server). */
	logBytesByUser(document: string): Map<number | null, number>;
	writeSnapshot(
		document: string,
		lastUpdateId: number,
		state: Uint8Array,
		stateVector: Uint8Array,
		createdAt: number
	): void;
	/**
	 * Runs `fn` in one SQLite transaction of its own: committed if it returns, rolled back if it throws. Refuses
	 * (throws) inside a transaction someone else opened on the connection, which could still roll the write back
	 * after it was shared: callers wait until busy() is false.
	 */
	transaction<T>(fn: () => T): T;
	/**
	 * Runs `fn` in a savepoint of the transaction that transaction() opened: released if it returns, rolled back
	 * (alone) if it throws.
	 */
	savepoint<T>(fn: () => T): T;
	/** Whether the connection is inside a transaction now. */
	busy(): boolean;
}

export function createSyncStore(sqlite: BetterSqlite3.Database): SyncStore {
	const append = sqlite.prepare<[string, number | null, number, Uint8Array]>(
		'INSERT INTO sync_updates (document, user_id, created_at, "update") VALUES (?, ?, ?, ?)'
	);
	const snapshot = sqlite.prepare<
		[string],
		{ last_update_id: number; state: Uint8Array; state_vector: Uint8Array | null }
	>('SELECT last_update_id, state, state_vector FROM sync_snapshots WHERE document = ?');
	const tail = sqlite.prepare<[string, number], { id: number; update: Uint8Array }>(
		'SELECT id, "update" FROM sync_updates WHERE document = ? AND id > ? ORDER BY id'
	);
	const upsertSnapshot = sqlite.prepare<[string, number, Uint8Array, Uint8Array, number]>(
		`INSERT INTO sync_snapshots (document, last_update_id, state, state_vector, created_at) VALUES (?, ?, ?, ?, ?)
		 ON CONFLICT (document) DO UPDATE SET last_update_id = excluded.last_update_id, state = excluded.state,
		   state_vector = excluded.state_vector, created_at = excluded.created_at
		 WHERE excluded.last_update_id >= sync_snapshots.last_update_id`
	);
	const logBytes = sqlite.prepare<[string], { user_id: number | null; bytes: number }>(
		'SELECT user_id, SUM(length("update")) AS bytes FROM sync_updates WHERE document = ? GROUP BY user_id'
	);
	const inTransaction = sqlite.transaction((fn: () => unknown) => fn());

	return {
		append(document, userId, createdAt, update) {
			return Number(append.run(document, userId, createdAt, update).lastInsertRowid);
		},
		read(document) {
			const row = snapshot.get(document);
			const lastUpdateId = row?.last_update_id ?? 0;
			return {
				snapshot: row ? { lastUpdateId, state: row.state, stateVector: row.state_vector } : undefined,
				tail: tail.all(document, lastUpdateId)
			};
		},
		logBytesByUser(document) {
			return new Map(logBytes.all(document).map((row) => [row.user_id, row.bytes]));
		},
		writeSnapshot(document, lastUpdateId, state, stateVector, createdAt) {
			upsertSnapshot.run(document, lastUpdateId, state, stateVector, createdAt);
		},
		transaction<T>(fn: () => T): T {
			if (sqlite.inTransaction) throw new Error('the database connection is inside another transaction');
			return inTransaction(fn) as T;
		},
		savepoint<T>(fn: () => T): T {
			if (!sqlite.inTransaction) throw new Error('a savepoint needs an open transaction');
			// better-sqlite3 turns a transaction function called inside a transaction into a savepoint.
			return inTransaction(fn) as T;
		},
		busy: () => sqlite.inTransaction
	};
}
