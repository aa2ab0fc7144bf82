// The sync store on PostgreSQL: each group is one transaction on a pool connection of its own (page code runs its
// transactions on other connections, so a group never waits for them and is never part of them). The group's rows
// go in with one statement in a savepoint; should that fail, each row is written in a savepoint of its own, so that
// one bad row takes nothing else with it.
import type pg from 'pg';
import type { GroupHooks, GroupOutcome, LogRow, StoredLogRow, SyncStore } from './store';

/** Rows per INSERT statement (four parameters each, far below PostgreSQL's 65 535). */
const ROWS_PER_STATEMENT = 1000;

export function createPostgresSyncStore(pool: pg.Pool, hooks: GroupHooks<pg.PoolClient> = {}): SyncStore {
	const bytes = (value: Buffer | Uint8Array) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength);

	async function insert(client: pg.PoolClient, rows: LogRow[]): Promise<number[]> {
		const values: unknown[] = [];
		const tuples = rows.map((row, i) => {
			values.push(row.document, row.userId, row.createdAt, Buffer.from(row.update));
			return `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`;
		});
		const result = await client.query<{ id: string | number }>(
			`INSERT INTO sync_updates (document, user_id, created_at, "update") VALUES ${tuples.join(', ')} RETURNING id`,
			values
		);
		// The ids are drawn in the order of the VALUES list: ascending is the rows' order.
		return result.rows.map((row) => Number(row.id)).sort((a, b) => a - b);
	}

	async function writeRows(client: pg.PoolClient, rows: LogRow[]): Promise<GroupOutcome> {
		const outcome: GroupOutcome = [];
		for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
			const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
			await client.query('SAVEPOINT sync_rows');
			try {
				outcome.push(...(await insert(client, chunk)));
				await client.query('RELEASE SAVEPOINT sync_rows');
				continue;
			} catch {
				await client.query('ROLLBACK TO SAVEPOINT sync_rows');
			}
			for (const row of chunk) {
				await client.query('SAVEPOINT sync_row');
				try {
					outcome.push(...(await insert(client, [row])));
					await client.query('RELEASE SAVEPOINT sync_row');
				} catch (error) {
					await client.query('ROLLBACK TO SAVEPOINT sync_row');
					outcome.push(error instanceof Error ? error : new Error(String(error)));
				}
			}
		}
		return outcome;
	}

	return {
		async read(document) {
			const snapshot = await pool.query<{
				last_update_id: string | number;
				state: Buffer;
				state_vector: Buffer | null;
			}>('SELECT last_update_id, state, state_vector FROM sync_snapshots WHERE document = $1', [document]);
			const row = snapshot.rows[0];
			const lastUpdateId = row ? Number(row.last_update_id) : 0;
			const tail = await pool.query<{ id: string | number; update: Buffer }>(
				'SELECT id, "update" FROM sync_updates WHERE document = $1 AND id > $2 ORDER BY id',
				[document, lastUpdateId]
			);
			return {
				snapshot: row
					? {
							lastUpdateId,
							state: bytes(row.state),
							stateVector: row.state_vector ? bytes(row.state_vector) : null
						}
					: undefined,
				tail: tail.rows.map((r) => ({ id: Number(r.id), update: bytes(r.update) }))
			};
		},
		async logBytesByUser(document) {
			const result = await pool.query<{ user_id: string | number | null; bytes: string | number }>(
				'SELECT user_id, SUM(octet_length("update")) AS bytes FROM sync_updates WHERE document = $1 GROUP BY user_id',
				[document]
			);
			return new Map(
				result.rows.map(
					(row) => [row.user_id === null ? null : Number(row.user_id), Number(row.bytes)] as const
				)
			);
		},
		async writeSnapshot(document, lastUpdateId, state, stateVector, createdAt) {
			await pool.query(
				`INSERT INTO sync_snapshots (document, last_update_id, state, state_vector, created_at)
				 VALUES ($1, $2, $3, $4, $5)
				 ON CONFLICT (document) DO UPDATE SET last_update_id = excluded.last_update_id, state = excluded.state,
				   state_vector = excluded.state_vector, created_at = excluded.created_at
				 WHERE excluded.last_update_id >= sync_snapshots.last_update_id`,
				[document, lastUpdateId, Buffer.from(state), Buffer.from(stateVector), createdAt]
			);
		},
		async commitGroup(rows) {
			const client = await pool.connect();
			// A connection that dies while checked out reports it here as well as to the query waiting on it (which
			// fails the group): without a listener it would take the process down.
			const lost = (error: Error) => (broken ??= error);
			client.on('error', lost);
			// Set when the connection may be unusable (BEGIN or ROLLBACK failed): it is dropped, not reused.
			let broken: Error | undefined;
			let rolledBack = false;
			try {
				await client.query('BEGIN');
				try {
					const outcome = await writeRows(client, rows);
					const stored: StoredLogRow[] = [];
					outcome.forEach((id, i) => {
						if (typeof id === 'number') stored.push({ ...rows[i]!, id });
					});
					await hooks.beforeCommit?.(client, stored);
					await client.query('COMMIT');
					hooks.afterCommit?.(stored);
					return outcome;
				} catch (error) {
					await client.query('ROLLBACK').then(
						() => (rolledBack = true),
						(rollback: unknown) =>
							(broken = rollback instanceof Error ? rollback : new Error(String(rollback)))
					);
					throw error;
				}
			} catch (error) {
				if (!rolledBack) broken ??= error instanceof Error ? error : new Error(String(error));
				throw error;
			} finally {
				client.off('error', lost);
				client.release(broken);
			}
		},
		busy: () => false
	};
}
