// The sync hub on PostgreSQL: durable before shared when the commit is a network round trip away, may be held up by
// a lock, fail half-way, or find the server gone. Real parts: a throwaway PostgreSQL server (initdb), a real port,
// y-websocket providers and a bare ws client (tests/support/hub.ts).
import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import pg from 'pg';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { createPostgresSyncStore } from '$lib/server/sync/postgres-store';
import { postgresServer } from '../support/database';
import {
	boardUpdate,
	cleanups,
	connected,
	frame,
	json,
	postgresDatabase,
	rawClient,
	startHub,
	stateKey,
	updateMessage,
	waitFor,
	type AnyDatabase
} from '../support/hub';

type Row = { id: number; user_id: number | null; update: Buffer };

async function logged(db: AnyDatabase & { dialect: 'postgres' }, document: string): Promise<Row[]> {
	const result = await db.pool.query<Row>(
		'SELECT id, user_id, "update" FROM sync_updates WHERE document = $1 ORDER BY id',
		[document]
	);
	return result.rows;
}

async function replayed(db: AnyDatabase & { dialect: 'postgres' }, document: string): Promise<Y.Doc> {
	const doc = new Y.Doc();
	for (const row of await logged(db, document)) Y.applyUpdate(doc, new Uint8Array(row.update));
	return doc;
}

/** A connection of its own, outside the hub's pool: a page's transaction, or someone holding a lock. */
async function session(db: AnyDatabase): Promise<pg.Client> {
	const client = new pg.Client({ connectionString: db.path });
	client.on('error', () => {});
	await client.connect();
	cleanups.push(() => client.end().catch(() => {}));
	return client;
}

/** Waits until the hub's INSERT into the log waits for a lock someone else holds; returns its backend's pid. */
async function insertWaiting(db: AnyDatabase & { dialect: 'postgres' }): Promise<number> {
	for (;;) {
		const result = await db.pool.query<{ pid: number }>(
			`SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO sync_updates%'`
		);
		if (result.rows[0]) return result.rows[0].pid;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

/** A sync step 1 with an empty state vector: answered (step 2) only once what was sent before it is stored. */
const probe = () =>
	frame((encoder) => {
		encoding.writeVarUint(encoder, 0);
		syncProtocol.writeSyncStep1(encoder, new Y.Doc());
	});

/** How many step 2 answers a bare client has received. */
function answers(frames: Uint8Array[]): number {
	return frames.filter((bytes) => {
		const decoder = decoding.createDecoder(bytes);
		return decoding.readVarUint(decoder) === 0 && decoding.readVarUint(decoder) === 1;
	}).length;
}

describe('the sync hub on PostgreSQL: durable before shared', () => {
	it('commits every accepted update before another client receives it, with its user', async () => {
		const db = await postgresDatabase();
		const h = await startHub(db, { seed: (_name, doc) => doc.getMap('board').set('seeded', true) });
		const writer = await connected(h, 'durable', 'write:1');
		const watcher = await connected(h, 'durable', 'read:2');
		// Each arrival is checked against what the log holds once it arrives, in order.
		const arrivals: Uint8Array[] = [];
		watcher.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin === watcher.provider) arrivals.push(update);
		});
		for (let i = 0; i < 30; i++) writer.doc.getMap('board').set(`k${i}`, i);
		await waitFor(() => stateKey(watcher.doc) === stateKey(writer.doc), 'the watcher');
		const stored = Y.snapshot(await replayed(db, 'durable'));
		expect(arrivals.length).toBeGreaterThan(0);
		expect(arrivals.every((update) => Y.snapshotContainsUpdate(stored, update))).toBe(true);
		const rows = await logged(db, 'durable');
		// The updates of one turn share one transaction (one xid): fewer transactions than updates.
		const transactions = await db.pool.query<{ n: number }>(
			"SELECT count(DISTINCT xmin::text)::int AS n FROM sync_updates WHERE document = 'durable'"
		);
		expect(transactions.rows[0]!.n).toBeLessThan(rows.length - 1);
		expect(rows[0]!.user_id).toBeNull();
		expect(rows.slice(1).every((row) => row.user_id === 1)).toBe(true);
		expect(json(await replayed(db, 'durable'))).toEqual(json(writer.doc));
	});

	it('while the commit is held up, peers see nothing and the writer gets no acknowledgement; then both', async () => {
		const db = await postgresDatabase();
		const h = await startHub(db);
		const watcher = await connected(h, 'held', 'read:2');
		const writer = await rawClient(h, 'held', 'write:1');
		writer.ws.send(probe());
		await waitFor(() => answers(writer.frames) === 1, 'the first answer');

		const locker = await session(db);
		await locker.query('BEGIN');
		await locker.query('LOCK TABLE sync_updates IN EXCLUSIVE MODE');
		writer.ws.send(updateMessage(boardUpdate('k', 1)));
		writer.ws.send(probe());
		await insertWaiting(db);
		// The group's INSERT is blocked inside its transaction: nothing of it is out.
		expect(watcher.doc.getMap('board').has('k')).toBe(false);
		expect(answers(writer.frames)).toBe(1);
		// A late joiner is not shown it either (its first answer waits for the group).
		const joiner = await rawClient(h, 'held', 'read:3');
		joiner.ws.send(probe());
		expect(answers(joiner.frames)).toBe(0);

		await locker.query('COMMIT');
		await waitFor(() => watcher.doc.getMap('board').get('k') === 1, 'the watcher to see it');
		await waitFor(() => answers(writer.frames) === 2, 'the acknowledgement');
		await waitFor(() => answers(joiner.frames) === 1, 'the joiner’s answer');
		expect((await logged(db, 'held')).map((row) => row.user_id)).toEqual([1]);
	});

	it('shares nothing of a group whose transaction failed, and the writer stores it again when it reconnects', async () => {
		const db = await postgresDatabase();
		const h = await startHub(db);
		const watcher = await connected(h, 'failed', 'read:2');
		const writer = await connected(h, 'failed', 'write:1');
		const closes: number[] = [];
		writer.provider.on('connection-close', (event) => {
			if (event) closes.push(event.code);
		});

		const locker = await session(db);
		await locker.query('BEGIN');
		await locker.query('LOCK TABLE sync_updates IN EXCLUSIVE MODE');
		writer.doc.getMap('board').set('k', 1);
		const waiting = await insertWaiting(db);
		// The group's connection dies with its transaction open: nothing was committed.
		await locker.query('SELECT pg_terminate_backend($1)', [waiting]);
		await waitFor(() => closes.includes(1011), 'the writer to be told (1011)');
		expect(watcher.doc.getMap('board').has('k')).toBe(false);
		await locker.query('COMMIT');

		// The provider reconnects by itself and sends what the server lacks; now it is stored, then shared.
		await waitFor(() => watcher.doc.getMap('board').get('k') === 1, 'the resent write');
		expect((await logged(db, 'failed')).map((row) => row.user_id)).toEqual([1]);
		expect(h.logs.some((line) => line.includes('could not be committed'))).toBe(true);
	});

	it('refuses writes while PostgreSQL is down (nothing shared, the writer told) and recovers by itself', async () => {
		const db = await postgresDatabase();
		const server = await postgresServer();
		const h = await startHub(db);
		const watcher = await connected(h, 'down', 'read:2');
		const writer = await connected(h, 'down', 'write:1');
		writer.doc.getMap('board').set('before', 1);
		await waitFor(() => watcher.doc.getMap('board').get('before') === 1, 'the first write');
		const closes: number[] = [];
		writer.provider.on('connection-close', (event) => {
			if (event) closes.push(event.code);
		});

		await server.stop('fast');
		try {
			writer.doc.getMap('board').set('during', 2);
			await waitFor(() => closes.includes(1011), 'the writer to be told (1011)');
			// Reconnecting fails while the database is away (the document cannot be loaded): still nothing shared.
			await waitFor(() => h.logs.some((line) => line.includes('upgrade of /sync/down failed')), 'a refusal');
			expect(watcher.doc.getMap('board').has('during')).toBe(false);
			expect(writer.provider.wsconnected).toBe(false);
		} finally {
			await server.start();
		}
		await waitFor(() => watcher.doc.getMap('board').get('during') === 2, 'the write, once PostgreSQL is back');
		expect(json(await replayed(db, 'down'))).toEqual({ before: 1, during: 2 });
	});

	it('applies a server change in a transaction of its own, committed before it is shared, beside an open page transaction', async () => {
		const db = await postgresDatabase();
		const h = await startHub(db);
		const watcher = await connected(h, 'server', 'read:2');
		const page = await session(db);
		await page.query('BEGIN');
		await page.query(
			"INSERT INTO sync_snapshots (document, last_update_id, state, created_at) VALUES ('x', 0, '\\x00', 0)"
		);
		// The page's transaction is open on another connection: the change neither waits for it nor joins it.
		await h.hub.applyServerChange('server', (doc) => doc.getMap('board').set('by', 'server'));
		expect((await logged(db, 'server')).map((row) => row.user_id)).toEqual([null]);
		await waitFor(() => watcher.doc.getMap('board').get('by') === 'server', 'the watcher');
		await page.query('ROLLBACK');
		expect((await logged(db, 'server')).length).toBe(1);

		// Held up by a lock, the change is not shared and its promise does not settle before it is committed.
		const locker = await session(db);
		await locker.query('BEGIN');
		await locker.query('LOCK TABLE sync_updates IN EXCLUSIVE MODE');
		let settled = false;
		const change = h.hub.applyServerChange('server', (doc) => doc.getMap('board').set('later', 1));
		void change.then(() => (settled = true));
		await insertWaiting(db);
		expect(settled).toBe(false);
		expect(watcher.doc.getMap('board').has('later')).toBe(false);
		// A server read waits for the group too: it never shows what is not stored.
		const read = h.hub.getDocument('server').then((doc) => json(doc));
		await locker.query('COMMIT');
		await change;
		expect(await read).toEqual({ by: 'server', later: 1 });
		await waitFor(() => watcher.doc.getMap('board').get('later') === 1, 'the watcher');
	});

	it('shares one load between concurrent first uses, and loads from a snapshot plus the log after it', async () => {
		const db = await postgresDatabase();
		const first = await startHub(db, { snapshotAfterUpdates: 5 });
		const writer = await connected(first, 'snap', 'write:1');
		for (let i = 0; i < 12; i++) writer.doc.getMap('board').set(`k${i}`, i);
		const expected = json(writer.doc);
		for (;;) {
			if ((await logged(db, 'snap')).length === 12) break;
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		await first.stop();
		const snapshot = await db.pool.query<{ last_update_id: number }>(
			"SELECT last_update_id FROM sync_snapshots WHERE document = 'snap'"
		);
		expect(snapshot.rows[0]?.last_update_id).toBeGreaterThanOrEqual(5);

		const second = await startHub(db);
		const docs = await Promise.all([1, 2, 3, 4].map(() => second.hub.getDocument('snap')));
		expect(new Set(docs).size).toBe(1);
		expect(json(docs[0]!)).toEqual(expected);
		expect(second.logs.filter((line) => line.includes('loaded "snap"'))).toHaveLength(1);
	});

	it('runs a check inside each group’s transaction before COMMIT (a refusal rolls the group back) and tells after it', async () => {
		const db = await postgresDatabase();
		// A fencing token, as several instances would hold one per document: the group commits only while it is ours.
		await db.pool.query('CREATE TABLE fence (document text PRIMARY KEY, token int NOT NULL)');
		await db.pool.query("INSERT INTO fence VALUES ('fenced', 1)");
		const committed: { id: number; document: string }[] = [];
		const h = await startHub(db, {
			store: createPostgresSyncStore(db.pool, {
				beforeCommit: async (client, rows) => {
					for (const document of new Set(rows.map((row) => row.document))) {
						const held = await client.query(
							'SELECT 1 FROM fence WHERE document = $1 AND token = 1 FOR SHARE',
							[document]
						);
						if (held.rowCount === 0) throw new Error(`"${document}" is owned elsewhere`);
					}
				},
				afterCommit: (rows) => committed.push(...rows.map(({ id, document }) => ({ id, document })))
			})
		});
		const watcher = await connected(h, 'fenced', 'read:2');
		const writer = await connected(h, 'fenced', 'write:1');
		writer.doc.getMap('board').set('ours', 1);
		await waitFor(() => watcher.doc.getMap('board').get('ours') === 1, 'the first write');
		expect(committed.map((row) => row.id)).toEqual((await logged(db, 'fenced')).map((row) => row.id));

		// Another owner takes the document: the next group is rolled back whole, shared with nobody.
		await db.pool.query("UPDATE fence SET token = 2 WHERE document = 'fenced'");
		const closes: number[] = [];
		writer.provider.on('connection-close', (event) => {
			if (event) closes.push(event.code);
		});
		writer.doc.getMap('board').set('theirs', 2);
		await waitFor(() => closes.includes(1011), 'the writer to be told (1011)');
		expect(h.logs.some((line) => line.includes('owned elsewhere'))).toBe(true);
		expect(watcher.doc.getMap('board').has('theirs')).toBe(false);
		expect(await logged(db, 'fenced')).toHaveLength(1);
		expect(committed).toHaveLength(1);
	});
});
