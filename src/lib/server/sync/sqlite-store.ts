// The sync store on SQLite: synchronous, prepared better-sqlite3 statements on the app's one connection. A group is
// written in the turn it is committed, so nothing else on the connection can run inside its transaction.
import type BetterSqlite3 from 'better-sqlite3';
import type { GroupHooks, GroupOutcome, StoredLogRow, SyncStore } from './store';

export function createSqliteSyncStore(
	sqlite: BetterSqlite3.Database,
	hooks: GroupHooks<BetterSqlite3.Database> = {}
): SyncStore {
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
	// better-sqlite3 turns a transaction function called inside a transaction into a savepoint.
	const inTransaction = sqlite.transaction((fn: () => unknown) => fn());

	const now = {
		read(document: string) {
			const row = snapshot.get(document);
			const lastUpdateId = row?.last_update_id ?? 0;
			return {
				snapshot: row ? { lastUpdateId, state: row.state, stateVector: row.state_vector } : undefined,
				tail: tail.all(document, lastUpdateId)
			};
		},
		logBytesByUser(document: string) {
			return new Map(logBytes.all(document).map((row) => [row.user_id, row.bytes] as const));
		}
	};

	return {
		now,
		read: async (document) => now.read(document),
		logBytesByUser: async (document) => now.logBytesByUser(document),
		async writeSnapshot(document, lastUpdateId, state, stateVector, createdAt) {
			upsertSnapshot.run(document, lastUpdateId, state, stateVector, createdAt);
		},
		commitGroup(rows) {
			if (sqlite.inTransaction) throw new Error('the database connection is inside another transaction');
			const outcome: GroupOutcome = [];
			const stored: StoredLogRow[] = [];
			inTransaction(() => {
				for (const row of rows) {
					try {
						const id = inTransaction(() =>
							Number(append.run(row.document, row.userId, row.createdAt, row.update).lastInsertRowid)
						) as number;
						outcome.push(id);
						stored.push({ ...row, id });
					} catch (error) {
						outcome.push(error instanceof Error ? error : new Error(String(error)));
					}
				}
				// A check that throws rolls the whole group back; it must be synchronous on this connection.
				const checked = hooks.beforeCommit?.(sqlite, stored);
				if (checked instanceof Promise) throw new Error('a SQLite group check must be synchronous');
			});
			hooks.afterCommit?.(stored);
			return outcome;
		},
		busy: () => sqlite.inTransaction
	};
}
