// Who owns a meeting's live documents when several instances share one PostgreSQL. One owner at a time, decided by
// PostgreSQL itself, never by us: the owner holds a session advisory lock on a connection of its own, which
// PostgreSQL releases when that connection ends (the process killed, the machine gone, the server restarted). Each
// acquisition also raises the meeting's fencing token in `meeting_leases`; the owner's commits check that the token
// is still the one it acquired (`checkLease`, in the same transaction, with a share lock on the row), so an owner that
// lost its lock without noticing yet (a half-open connection, a long pause) can never commit after its successor
// took over: its transaction is refused and rolled back.
import pg from 'pg';

/** The advisory locks' first key: the board's, so that other users of the database cannot collide with it. */
export const LEASE_LOCK_SPACE = 0x62786574; // "bxet"

export interface Lease {
	meetingId: number;
	/** The fencing token this instance acquired. */
	token: number;
}

export interface LeaseOwner {
	owner: string;
	address: string;
	token: number;
}

export type Acquisition = { owned: true; lease: Lease } | { owned: false; holder: LeaseOwner | undefined };

export interface LeaseKeeper {
	/** This instance's id in the lease rows. */
	readonly instanceId: string;
	/** Owns the meeting if nobody else does; else says who does (undefined: the holder has not written its row yet). */
	acquire(meetingId: number): Promise<Acquisition>;
	/** The lease this instance holds on the meeting now, if any. */
	held(meetingId: number): Lease | undefined;
	/** Gives the meeting up (its documents are unloaded): the next instance to ask takes it with a new token. */
	release(meetingId: number): Promise<void>;
	/** Called with the meetings this instance lost at once (its lock connection ended). */
	onLost(listener: (meetingIds: number[]) => void): void;
	/** Called when this instance has just acquired a meeting, before anyone is told it owns it. */
	onAcquired(listener: (lease: Lease) => void): void;
	/** Releases everything and closes the lock connection. */
	close(): Promise<void>;
}

/** Something that runs a parameterised statement: a pg Client or PoolClient inside its transaction. */
export interface Queryable {
	query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** A commit of a meeting's documents was refused: another instance acquired the meeting since. */
export class StaleLeaseError extends Error {
	constructor(
		readonly meetingId: number,
		readonly token: number,
		readonly current: number | undefined
	) {
		super(
			`meeting ${meetingId}: lease ${token} is stale (now ${current ?? 'none'}); this instance no longer owns it`
		);
		this.name = 'StaleLeaseError';
	}
}

/**
 * Run inside the transaction that commits the owner's writes, before its commit: throws StaleLeaseError unless the
 * lease is still the one acquired. The share lock makes a takeover's token raise wait for this transaction (which
 * then committed under a lease still valid), and a transaction that starts after the raise sees the new token.
 */
export async function checkLease(transaction: Queryable, lease: Lease): Promise<void> {
	const { rows } = await transaction.query('SELECT token FROM meeting_leases WHERE meeting_id = $1 FOR SHARE', [
		lease.meetingId
	]);
	const current = rows[0] === undefined ? undefined : Number(rows[0].token);
	if (current !== lease.token) throw new StaleLeaseError(lease.meetingId, lease.token, current);
}

export interface LeaseKeeperOptions {
	/** postgres://… */
	databaseUrl: string;
	instanceId: string;
	/** host:port where this instance takes relayed sockets. */
	address: string;
	log?: (line: string) => void;
	/** How often the lock connection is probed, so that a silent loss is noticed (default 1 s). */
	probeIntervalMs?: number;
	now?: () => Date;
}

/**
 * The leases of this instance, on one dedicated connection (opened on first use and again after a loss). Every
 * lease ends with that connection: PostgreSQL frees the locks, and listeners hear of the loss at once.
 */
export function createLeaseKeeper(options: LeaseKeeperOptions): LeaseKeeper {
	const log = options.log ?? ((line: string) => console.log(line));
	const now = options.now ?? (() => new Date());
	const held = new Map<number, Lease>();
	const pending = new Map<number, Promise<Acquisition>>();
	const lostListeners: ((meetingIds: number[]) => void)[] = [];
	const acquiredListeners: ((lease: Lease) => void)[] = [];
	let connection: Promise<pg.Client> | undefined;
	// The lock connection's statements, one after the other (pg's client would queue them too, but warns).
	let queue: Promise<unknown> = Promise.resolve();
	const run = <R extends pg.QueryResultRow>(client: pg.Client, text: string, values: unknown[] = []) => {
		const result = queue.then(() => client.query<R>(text, values));
		queue = result.catch(() => {});
		return result;
	};
	let closed = false;

	const loseAll = (why: string) => {
		const lost = [...held.keys()];
		held.clear();
		if (lost.length > 0) log(`cluster: lost the lease of meeting(s) ${lost.join(', ')}: ${why}`);
		for (const listener of lostListeners) {
			try {
				listener(lost);
			} catch (error) {
				log(`cluster: a lease-loss listener failed: ${String(error)}`);
			}
		}
	};

	const lockConnection = (): Promise<pg.Client> => {
		if (closed) return Promise.reject(new Error('the lease keeper is closed'));
		connection ??= (async () => {
			const client = new pg.Client({
				connectionString: options.databaseUrl,
				keepAlive: true,
				application_name: `binhxet-leases-${options.instanceId}`
			});
			let ended = false;
			const end = (why: string) => {
				if (ended) return;
				ended = true;
				clearInterval(probe);
				connection = undefined;
				client.removeAllListeners('error');
				client.on('error', () => {});
				void client.end().catch(() => {});
				loseAll(why);
			};
			client.on('error', (error) => end(`lock connection failed: ${error.message}`));
			client.on('end', () => end('lock connection ended'));
			const probe = setInterval(() => {
				run(client, 'SELECT 1').catch((error: Error) => end(`lock connection probe failed: ${error.message}`));
			}, options.probeIntervalMs ?? 1000);
			probe.unref();
			try {
				await client.connect();
			} catch (error) {
				end('could not connect');
				throw error;
			}
			return client;
		})();
		return connection;
	};

	const tryAcquire = async (meetingId: number): Promise<Acquisition> => {
		const client = await lockConnection();
		const { rows } = await run<{ won: boolean }>(client, 'SELECT pg_try_advisory_lock($1, $2) AS won', [
			LEASE_LOCK_SPACE,
			meetingId
		]);
		if (!rows[0]!.won) {
			const owner = await run<{ owner: string; address: string; token: number }>(
				client,
				'SELECT owner, address, token FROM meeting_leases WHERE meeting_id = $1',
				[meetingId]
			);
			const row = owner.rows[0];
			return {
				owned: false,
				holder: row && { owner: row.owner, address: row.address, token: Number(row.token) }
			};
		}
		try {
			const raised = await run<{ token: number }>(
				client,
				`INSERT INTO meeting_leases (meeting_id, token, owner, address, acquired_at) VALUES ($1, 1, $2, $3, $4)
				 ON CONFLICT (meeting_id) DO UPDATE SET token = meeting_leases.token + 1, owner = excluded.owner,
				   address = excluded.address, acquired_at = excluded.acquired_at
				 RETURNING token`,
				[meetingId, options.instanceId, options.address, now().toISOString()]
			);
			const lease = { meetingId, token: Number(raised.rows[0]!.token) };
			held.set(meetingId, lease);
			for (const listener of acquiredListeners) {
				try {
					listener(lease);
				} catch (error) {
					log(`cluster: an acquisition listener failed: ${String(error)}`);
				}
			}
			log(`cluster: this instance owns meeting ${meetingId} (token ${lease.token})`);
			return { owned: true, lease };
		} catch (error) {
			await run(client, 'SELECT pg_advisory_unlock($1, $2)', [LEASE_LOCK_SPACE, meetingId]).catch(() => {});
			throw error;
		}
	};

	return {
		instanceId: options.instanceId,
		acquire(meetingId) {
			const lease = held.get(meetingId);
			if (lease) return Promise.resolve({ owned: true, lease });
			// One attempt at a time per meeting: advisory locks count, so a second lock would need a second unlock.
			let attempt = pending.get(meetingId);
			if (!attempt) {
				attempt = tryAcquire(meetingId).finally(() => pending.delete(meetingId));
				pending.set(meetingId, attempt);
			}
			return attempt;
		},
		held: (meetingId) => held.get(meetingId),
		async release(meetingId) {
			if (!held.delete(meetingId)) return;
			const client = await lockConnection();
			await run(client, 'SELECT pg_advisory_unlock($1, $2)', [LEASE_LOCK_SPACE, meetingId]);
		},
		onLost(listener) {
			lostListeners.push(listener);
		},
		onAcquired(listener) {
			acquiredListeners.push(listener);
		},
		async close() {
			if (closed) return;
			const current = connection;
			closed = true;
			held.clear();
			if (current) await (await current.catch(() => undefined))?.end().catch(() => {});
		}
	};
}
