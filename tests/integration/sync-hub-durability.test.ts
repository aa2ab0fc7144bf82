// The sync hub: every accepted update durable before it is shared, convergence, nothing lost, shutdown and a killed
// server. Real parts: a migrated SQLite file, a real port, y-websocket providers (tests/support/hub.ts).
import { describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { build } from 'esbuild';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
	cleanups,
	database,
	startHub,
	connected,
	rawClient,
	waitFor,
	sleep,
	frame,
	updateMessage,
	boardUpdate,
	rows,
	replay,
	stateKey,
	json,
	canonical,
	prng,
	eventually,
	logRows,
	logReplay
} from '../support/hub';
import { DIALECTS } from '../support/database';

describe('the sync hub: durable before shared', () => {
	it('has every accepted update in sync_updates, with its user, before another client receives it', async () => {
		const db = await database();
		const h = await startHub(db, { seed: (_name, doc) => doc.getMap('board').set('seeded', true) });
		// A second connection to the file: what it reads is committed, not merely in the hub's memory.
		const reader = new BetterSqlite3(db.path, { readonly: true, fileMustExist: true });
		cleanups.push(() => reader.close());

		const writer = await connected(h, 'durable', 'write:1');
		const receivers = [await connected(h, 'durable', 'read:2'), await connected(h, 'durable', 'read:3')];
		const checks: boolean[] = [];
		for (const receiver of receivers) {
			receiver.doc.on('update', (update: Uint8Array, origin: unknown) => {
				if (origin !== receiver.provider) return;
				const logged = replay(reader, 'durable');
				checks.push(Y.snapshotContainsUpdate(Y.snapshot(logged), update));
			});
		}
		for (let i = 0; i < 20; i++) {
			writer.doc.getMap('board').set(`k${i}`, i);
			if (i % 3 === 0) writer.doc.getMap('board').delete(`k${i - 1}`);
			if (i % 5 === 0) await sleep(1);
		}
		await waitFor(() => receivers.every((r) => stateKey(r.doc) === stateKey(writer.doc)), 'the receivers');
		// Updates that arrive in one turn are shared together, in one frame: fewer frames than updates, none early.
		expect(checks.length).toBeGreaterThanOrEqual(2);
		expect(checks.every(Boolean)).toBe(true);

		const logged = rows(reader, 'durable');
		expect(logged[0]!.user_id).toBeNull(); // the seed
		expect(logged.slice(1).every((r) => r.user_id === 1)).toBe(true);
		expect(logged.length).toBe(1 + 20 + 6); // the seed, 20 sets, 6 deletes (deleting the absent k-1 is no change)
		const createdAt = reader.prepare('SELECT min(created_at) AS min FROM sync_updates').get() as { min: number };
		expect(Math.abs(createdAt.min - Date.now())).toBeLessThan(60_000);
		expect(json(replay(reader, 'durable'))).toEqual(json(writer.doc));
	});

	it('writes the updates of one turn in one group: a refused one alone is dropped, the rest shared in one frame after the commit', async () => {
		const db = await database();
		const h = await startHub(db, {
			validate: (_name, _doc, update) =>
				!Y.decodeUpdate(update).structs.some((s) => s instanceof Y.Item && s.parentSub === 'forbidden')
		});
		const watcher = await rawClient(h, 'grouped', 'read:2');
		await waitFor(() => watcher.frames.length >= 1, "the watcher's step 1");
		const sender = await rawClient(h, 'grouped', 'write:1');
		await waitFor(() => sender.frames.length >= 1, "the sender's step 1");
		const before = watcher.frames.length;
		// Three updates in one TCP write: they arrive in one turn of the server's event loop.
		const socket = (sender.ws as unknown as { _socket: import('node:net').Socket })._socket;
		socket.cork();
		sender.ws.send(updateMessage(boardUpdate('a', 1)));
		sender.ws.send(updateMessage(boardUpdate('forbidden', 2)));
		sender.ws.send(updateMessage(boardUpdate('c', 3)));
		socket.uncork();
		await waitFor(() => rows(db.sqlite, 'grouped').length === 2, 'the two accepted rows');
		await waitFor(() => watcher.frames.length > before, 'the shared change');
		await sleep(50);
		const updates = watcher.frames.slice(before).filter((f) => f[0] === 0 && f[1] === 2);
		expect(updates).toHaveLength(1);
		const message = decoding.createDecoder(updates[0]!);
		decoding.readVarUint(message); // sync
		decoding.readVarUint(message); // update
		const seen = new Y.Doc();
		Y.applyUpdate(seen, decoding.readVarUint8Array(message));
		expect(json(seen)).toEqual({ a: 1, c: 3 });
		expect(json(replay(db.sqlite, 'grouped'))).toEqual({ a: 1, c: 3 });
		expect(sender.frames.some((f) => f[0] === 2)).toBe(true); // the refusal, to its writer
	});

	it.each(DIALECTS)(
		'logs and broadcasts changes made on the server through applyServerChange(), with no user (%s)',
		async (dialect) => {
			const db = await database(dialect);
			const h = await startHub(db);
			const client = await connected(h, 'server-side', 'read:2');
			expect(
				await h.hub.applyServerChange('server-side', (doc) => (doc.getMap('board').set('frozen', true), 'done'))
			).toBe('done');
			expect((await logRows(db, 'server-side')).map((r) => r.user_id)).toEqual([null]); // stored when it resolves
			await waitFor(() => client.doc.getMap('board').get('frozen') === true, 'the server change');
		}
	);

	it.each(DIALECTS)(
		'refuses a server change written straight into the document: not kept, logged or shared (%s)',
		async (dialect) => {
			const db = await database(dialect);
			const h = await startHub(db);
			const client = await connected(h, 'bypass', 'read:2');
			const live = await h.hub.getDocument('bypass');
			expect(() => live.getMap('board').set('sneaked', 1)).toThrow('applyServerChange');
			await waitFor(() => h.logs.some((l) => l.includes('rebuilt from storage')), 'the rebuild');
			expect(json(await h.hub.getDocument('bypass'))).toEqual({});
			// A change through the hub after it: the socket is ordered, so the refused one would have arrived first.
			await h.hub.applyServerChange('bypass', (doc) => doc.getMap('board').set('after', 1));
			await waitFor(() => client.doc.getMap('board').get('after') === 1, 'the change after it');
			expect(client.doc.getMap('board').has('sneaked')).toBe(false);
			expect(await logRows(db, 'bypass')).toHaveLength(1);
		}
	);

	it('shares a server change made while a page holds a transaction open only once it is stored, and never loses it', async () => {
		const db = await database();
		const h = await startHub(db);
		const client = await connected(h, 'rollback', 'read:2');
		// A page's transaction (another request's, on the one connection), which then fails and rolls back.
		db.sqlite.exec('BEGIN');
		db.sqlite
			.prepare('insert into users (display_name, created_at) values (?, ?)')
			.run('rolled back', new Date().toISOString());
		let settled = false;
		const change = h.hub
			.applyServerChange('rollback', (doc) => doc.getMap('board').set('announced', 1))
			.finally(() => (settled = true));
		// Many turns of the event loop pass while the transaction stays open: the change waits for it.
		for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
		expect(settled).toBe(false);
		expect(json(await h.hub.getDocument('rollback'))).toEqual({});
		db.sqlite.exec('ROLLBACK');
		await change;
		expect(rows(db.sqlite, 'rollback').map((r) => r.user_id)).toEqual([null]);
		await waitFor(() => client.doc.getMap('board').get('announced') === 1, 'the change, once stored');
		// What every screen was shown is what the log holds, after a restart too.
		expect(json(replay(db.sqlite, 'rollback'))).toEqual({ announced: 1 });
	});
	it.each(DIALECTS)('does not echo an update to the connection it came from (%s)', async (dialect) => {
		const db = await database(dialect);
		const h = await startHub(db);
		const watcher = await connected(h, 'echo', 'read:2');
		const sender = await rawClient(h, 'echo', 'write:1');
		await waitFor(() => sender.frames.length >= 1, "the server's step 1");
		const before = sender.frames.length;
		sender.ws.send(updateMessage(boardUpdate('k', 'v')));
		await waitFor(() => watcher.doc.getMap('board').get('k') === 'v', 'the update');
		// A round trip on the sender's socket: an echo would have arrived before the answer to this step 1.
		sender.ws.send(
			frame((e) => {
				encoding.writeVarUint(e, 0);
				syncProtocol.writeSyncStep1(e, new Y.Doc());
			})
		);
		await waitFor(() => sender.frames.slice(before).some((f) => f[0] === 0 && f[1] === 1), 'the step 2 answer');
		expect(sender.frames.slice(before).filter((f) => f[0] === 0 && f[1] === 2)).toEqual([]);
	});

	it('shares no write it could not store: 1011, and the client resends it when it reconnects', async () => {
		const db = await database();
		const h = await startHub(db);
		const writer = await connected(h, 'full', 'write:1');
		const watcher = await connected(h, 'full', 'read:2');
		// A real SQLite failure on insert, for this document only.
		db.sqlite.exec(
			"CREATE TRIGGER disk_full BEFORE INSERT ON sync_updates WHEN NEW.document = 'full' BEGIN SELECT RAISE(ABORT, 'disk full'); END"
		);
		const closes: number[] = [];
		writer.provider.on('connection-close', (event) => {
			if (event) closes.push(event.code);
		});
		writer.doc.getMap('board').set('k', 1);
		await waitFor(() => closes.includes(1011), 'the close');
		expect(h.logs.some((l) => l.includes('could not be stored') && l.includes('disk full'))).toBe(true);
		expect(watcher.doc.getMap('board').has('k')).toBe(false);
		expect(json(await h.hub.getDocument('full'))).toEqual({});

		// A change made on the server that cannot be stored is refused to its maker, and not kept or shared.
		await expect(h.hub.applyServerChange('full', (doc) => doc.getMap('board').set('server', 1))).rejects.toThrow(
			'disk full'
		);
		expect(json(await h.hub.getDocument('full'))).toEqual({});

		db.sqlite.exec('DROP TRIGGER disk_full');
		await waitFor(() => watcher.doc.getMap('board').get('k') === 1, 'the resent write');
		expect(watcher.doc.getMap('board').has('server')).toBe(false);
		expect(rows(db.sqlite, 'full').map((r) => r.user_id)).toEqual([1]);
	});
});

describe('the sync hub: convergence and nothing lost', () => {
	it.each(DIALECTS)(
		'converges 10 clients making random concurrent edits to a map of maps, and the log replays to the same (%s)',
		async (dialect) => {
			const db = await database(dialect);
			const h = await startHub(db);
			const clients = await Promise.all(
				Array.from({ length: 10 }, (_, i) => connected(h, 'race', `write:${i + 1}`))
			);
			const seed = Date.now() % 100_000;
			const random = prng(seed);
			const pick = (n: number) => Math.floor(random() * n);

			await Promise.all(
				clients.map(async (client, c) => {
					const units = client.doc.getMap<Y.Map<unknown>>('units');
					for (let step = 0; step < 40; step++) {
						const unit = `unit-${pick(4)}`;
						const roll = random();
						const existing = units.get(unit);
						if (!existing || roll < 0.04) {
							const sheet = new Y.Map<unknown>();
							sheet.set('created-by', c);
							units.set(unit, sheet);
						} else if (roll < 0.07) {
							units.delete(unit);
						} else if (roll < 0.3) {
							existing.delete(`item-${pick(5)}`);
						} else {
							existing.set(`item-${pick(5)}`, { points: pick(10) / 2, by: c, step });
						}
						if (roll < 0.5) await sleep(pick(4));
					}
				})
			);
			const server = await h.hub.getDocument('race');
			await waitFor(
				() => clients.every((c) => stateKey(c.doc) === stateKey(server)),
				`convergence (seed ${seed})`,
				15_000
			);
			const expected = canonical(json(server, 'units'));
			for (const client of clients) expect(canonical(json(client.doc, 'units')), `seed ${seed}`).toBe(expected);
			expect(canonical(json(await logReplay(db, 'race'), 'units'))).toBe(expected);
			const users = new Set((await logRows(db, 'race')).map((r) => r.user_id));
			expect([...users].every((u) => u !== null && u >= 1 && u <= 10)).toBe(true);
		}
	);

	it.each(DIALECTS)('merges edits made offline when the provider reconnects (%s)', async (dialect) => {
		const db = await database(dialect);
		const h = await startHub(db);
		const a = await connected(h, 'offline', 'write:1');
		const b = await connected(h, 'offline', 'write:2');
		a.doc.getMap('board').set('shared', 0);
		await waitFor(() => b.doc.getMap('board').get('shared') === 0, 'shared');

		a.provider.disconnect();
		a.doc.getMap('board').set('from-a', 'offline');
		a.doc.getMap('board').set('shared', 1);
		b.doc.getMap('board').set('from-b', 'online');
		await sleep(20);
		expect(b.doc.getMap('board').has('from-a')).toBe(false);

		a.provider.connect();
		await waitFor(() => stateKey(a.doc) === stateKey(b.doc), 'the merge');
		expect(json(a.doc)).toEqual(json(b.doc));
		expect(json(a.doc)).toMatchObject({ 'from-a': 'offline', 'from-b': 'online' });
		expect(
			(await logRows(db, 'offline')).some(
				(r) => r.user_id === 1 && new TextDecoder().decode(r.update).includes('offline')
			)
		).toBe(true);
	});

	it.each(DIALECTS)(
		'restarts on the same database with everything: providers reconnect by themselves, fresh clients get it all (%s)',
		async (dialect) => {
			const db = await database(dialect);
			const first = await startHub(db);
			const a = await connected(first, 'restart', 'write:1');
			for (let i = 0; i < 10; i++) a.doc.getMap('board').set(`k${i}`, i);
			await eventually(async () => (await logRows(db, 'restart')).length === 10, 'the log');

			await first.stop();
			await waitFor(() => !a.provider.wsconnected, 'the disconnect');
			a.doc.getMap('board').set('while-down', true);

			const second = await startHub(db, {}, first.port);
			await waitFor(() => a.provider.synced, 'the reconnect', 10_000);
			const fresh = await connected(second, 'restart', 'read:2');
			await waitFor(() => fresh.doc.getMap('board').get('while-down') === true, 'the offline edit');
			expect(json(fresh.doc)).toEqual({
				...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i])),
				'while-down': true
			});
			expect(json(await second.hub.getDocument('restart'))).toEqual(json(fresh.doc));
		}
	);

	it('holds a client write while the shared connection is inside someone else’s transaction: a rollback there loses nothing shared', async () => {
		const db = await database();
		const h = await startHub(db);
		const writer = await connected(h, 'waits', 'write:1');
		const watcher = await connected(h, 'waits', 'read:2');
		// Page code on the same connection, awaiting between its statements, rolls back in the end.
		db.sqlite.exec('begin immediate');
		writer.doc.getMap('board').set('a', 1);
		await sleep(150);
		expect(watcher.doc.getMap('board').get('a')).toBeUndefined();
		db.sqlite.exec('rollback');
		await waitFor(() => watcher.doc.getMap('board').get('a') === 1, 'the held write, after the rollback');
		expect(rows(db.sqlite, 'waits').map((r) => r.user_id)).toEqual([1]);
		expect(json(replay(db.sqlite, 'waits'))).toEqual({ a: 1 });
	});

	it('writes snapshots after N updates in the background, keeps the log, and loads from snapshot + tail', async () => {
		const db = await database();
		const first = await startHub(db, { snapshotAfterUpdates: 5 });
		const writer = await connected(first, 'snap', 'write:1');
		for (let i = 0; i < 5; i++) writer.doc.getMap('board').set(`k${i}`, i);
		const snapshot = () =>
			db.sqlite.prepare('SELECT last_update_id, state FROM sync_snapshots WHERE document = ?').get('snap') as
				{ last_update_id: number; state: Uint8Array } | undefined;
		await waitFor(() => snapshot() !== undefined, 'the snapshot');
		const written = snapshot()!;
		expect(written.last_update_id).toBe(rows(db.sqlite, 'snap')[4]!.id);

		for (let i = 5; i < 8; i++) writer.doc.getMap('board').set(`k${i}`, i);
		await waitFor(() => rows(db.sqlite, 'snap').length === 8, 'the tail');
		await first.stop();
		expect(rows(db.sqlite, 'snap')).toHaveLength(8); // the log is kept
		expect(snapshot()!.last_update_id).toBe(written.last_update_id); // no snapshot for a tail under 5

		const fromSnapshot = new Y.Doc();
		Y.applyUpdate(fromSnapshot, snapshot()!.state);
		expect(Object.keys(json(fromSnapshot) as object)).toHaveLength(5);

		// Prove the load uses the snapshot: take away the log rows it covers (in this test database only).
		db.sqlite
			.prepare('DELETE FROM sync_updates WHERE document = ? AND id <= ?')
			.run('snap', written.last_update_id);
		const second = await startHub(db);
		expect(json(await second.hub.getDocument('snap'))).toEqual(
			Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, i]))
		);
	});

	it('answers a late joiner of a snapshot-only document from the stored bytes, and builds it for the first write', async () => {
		const db = await database();
		const first = await startHub(db, { snapshotAfterUpdates: 5 });
		const writer = await connected(first, 'cold', 'write:1');
		for (let i = 0; i < 5; i++) writer.doc.getMap('board').set(`k${i}`, i);
		const vector = () =>
			(
				db.sqlite.prepare('SELECT state_vector FROM sync_snapshots WHERE document = ?').get('cold') as
					{ state_vector: Uint8Array | null } | undefined
			)?.state_vector;
		await waitFor(() => vector() != null, 'the snapshot with its state vector');
		expect([...vector()!]).toEqual([...Y.encodeStateVector(writer.doc)]);
		await first.stop();

		const second = await startHub(db);
		const joiner = await connected(second, 'cold', 'write:2');
		expect(json(joiner.doc)).toEqual({ k0: 0, k1: 1, k2: 2, k3: 3, k4: 4 });
		expect(second.logs.some((l) => l.includes('loaded "cold"') && l.includes('kept encoded until needed'))).toBe(
			true
		);
		// A screen that has it all already gets nothing more: a diff of the stored bytes, not the whole state.
		const known = new Y.Doc();
		Y.applyUpdate(known, Y.encodeStateAsUpdate(writer.doc));
		const raw = await rawClient(second, 'cold', 'read:3');
		raw.ws.send(
			frame((e) => {
				encoding.writeVarUint(e, 0);
				syncProtocol.writeSyncStep1(e, known);
			})
		);
		await waitFor(() => raw.frames.some((f) => f[0] === 0 && f[1] === 1), 'the step 2 answer');
		const answer = decoding.createDecoder(raw.frames.find((f) => f[0] === 0 && f[1] === 1)!);
		decoding.readVarUint(answer);
		decoding.readVarUint(answer);
		const rest = decoding.readVarUint8Array(answer);
		expect(Y.decodeUpdate(rest).structs.filter((s) => !(s instanceof Y.Skip))).toHaveLength(0);
		expect(second.logs.filter((l) => l.includes('loaded "cold"'))).toHaveLength(1);
		const rejoiner = await connected(second, 'cold', 'read:3');
		expect(json(rejoiner.doc)).toEqual(json(joiner.doc));
		// The first write builds the document; it is checked, stored and shared like any other.
		joiner.doc.getMap('board').set('k5', 5);
		await waitFor(() => rejoiner.doc.getMap('board').get('k5') === 5, 'the write after a cold load');
		expect(json(await second.hub.getDocument('cold'))).toEqual(json(joiner.doc));

		// A snapshot written before state vectors were kept (null) still loads, by building the document.
		await second.stop();
		db.sqlite.prepare("UPDATE sync_snapshots SET state_vector = NULL WHERE document = 'cold'").run();
		db.sqlite
			.prepare(
				"DELETE FROM sync_updates WHERE document = 'cold' AND id > (SELECT last_update_id FROM sync_snapshots WHERE document = 'cold')"
			)
			.run();
		const third = await startHub(db);
		const late = await connected(third, 'cold', 'read:4');
		expect(json(late.doc)).toEqual({ k0: 0, k1: 1, k2: 2, k3: 3, k4: 4 });
		expect(third.logs.some((l) => l.includes('loaded "cold"') && !l.includes('kept encoded'))).toBe(true);
	});

	it.each(DIALECTS)(
		'shares one load between concurrent first uses, seeds once, and unloads an idle document (%s)',
		async (dialect) => {
			const db = await database(dialect);
			let seeded = 0;
			const h = await startHub(db, {
				// Long enough that the clients below join before an unload, even on a busy machine.
				unloadAfterMs: 1_500,
				seed: (_name, doc) => {
					seeded++;
					doc.getMap('board').set('seed', seeded);
				}
			});
			const docs = await Promise.all(Array.from({ length: 5 }, () => h.hub.getDocument('shared-load')));
			expect(new Set(docs).size).toBe(1);
			const clients = await Promise.all([
				connected(h, 'shared-load', 'write:1'),
				connected(h, 'shared-load', 'write:2')
			]);
			expect(seeded).toBe(1);
			clients[0]!.doc.getMap('board').set('x', 1);
			await waitFor(() => clients[1]!.doc.getMap('board').get('x') === 1, 'x');

			await sleep(1_700); // past the unload delay: connections keep it loaded
			expect(await h.hub.getDocument('shared-load')).toBe(docs[0]);
			for (const client of clients) client.provider.disconnect();
			await waitFor(() => h.hub.connectionCount() === 0, 'the disconnects');
			// Unloaded once the delay has passed with nobody connected: a later use loads it afresh.
			let reloaded = docs[0]!;
			for (const started = Date.now(); reloaded === docs[0]; reloaded = await h.hub.getDocument('shared-load')) {
				if (Date.now() - started > 15_000) throw new Error('timed out waiting for the unload');
				await sleep(50);
			}
			expect(json(reloaded)).toEqual({ seed: 1, x: 1 });
			expect(seeded).toBe(1);
		}
	);
});

describe('the sync hub: shutdown and a killed server', () => {
	it.each(DIALECTS)(
		'close() says going away (1001) to every connection and refuses new work (%s)',
		async (dialect) => {
			const db = await database(dialect);
			const h = await startHub(db);
			const raw = await rawClient(h, 'bye', 'read:1');
			await h.hub.close();
			expect((await raw.closed).code).toBe(1001);
			expect(h.hub.connectionCount()).toBe(0);
			await expect(h.hub.getDocument('bye')).rejects.toThrow();
		}
	);

	it('after kill -9 of the server process, every update any client received is there, and everyone converges', async () => {
		const root = resolve('.');
		const dir = mkdtempSync(join(tmpdir(), 'binhxet-sync-kill-'));
		cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
		// The hub in a process of its own, bundled from the source (packages stay in node_modules, found by NODE_PATH).
		await build({
			stdin: {
				contents: `
					import { createServer } from 'node:http';
					import { openDatabase } from './src/lib/server/db/open';
					import { createSyncHub } from './src/lib/server/sync';
					async function main() {
						const { sqlite } = await openDatabase(process.env.DATABASE_PATH!);
						const hub = createSyncHub({
							sqlite,
							log: () => {},
							authorize: async (request) => {
								const user = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('token')?.split(':')[1]);
								return { ok: true, access: { userId: user, label: 'user ' + user, canWrite: () => true } };
							}
						});
						const server = createServer((_q, s) => { s.statusCode = 404; s.end(); });
						server.on('upgrade', (q, s, h) => hub.handleUpgrade(q, s, h));
						server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('port ' + (server.address() as any).port));
					}
					main();`,
				resolveDir: root,
				loader: 'ts',
				sourcefile: 'sync-hub-child.ts'
			},
			outfile: join(dir, 'child.cjs'),
			bundle: true,
			platform: 'node',
			format: 'cjs',
			target: 'node20',
			packages: 'external',
			tsconfig: join(root, 'tsconfig.json'),
			logLevel: 'silent'
		});
		const databasePath = join(dir, 'kill.db');
		const children: ChildProcess[] = [];
		cleanups.push(() => children.forEach((c) => c.kill('SIGKILL')));
		const startChild = async (port: number) => {
			const child = spawn(process.execPath, [join(dir, 'child.cjs')], {
				env: {
					...process.env,
					DATABASE_PATH: databasePath,
					PORT: String(port),
					NODE_PATH: join(root, 'node_modules')
				},
				stdio: ['ignore', 'pipe', 'pipe']
			});
			children.push(child);
			let output = '';
			child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
			return new Promise<number>((done, fail) => {
				child.stdout!.on('data', (d: Buffer) => {
					const match = /port (\d+)/.exec(d.toString());
					if (match) done(Number(match[1]));
				});
				child.on('exit', (code) => fail(new Error(`child exited with ${code}: ${output}`)));
			});
		};

		const port = await startChild(0);
		const url = { url: `ws://127.0.0.1:${port}/sync` };
		const clients = await Promise.all([1, 2, 3].map((i) => connected(url, 'killed', `write:${i}`)));
		const received: Uint8Array[] = [];
		for (const client of clients) {
			client.doc.on('update', (update: Uint8Array, origin: unknown) => {
				if (origin === client.provider) received.push(update);
			});
		}
		let editing = true;
		const edits = clients.map(async (client, c) => {
			for (let i = 0; editing; i++) {
				client.doc.getMap('board').set(`c${c}-${i % 20}`, i);
				await sleep(1);
			}
		});
		// Some traffic, however slowly a busy machine lets it flow: the kill must land in the middle of it.
		await waitFor(() => received.length > 30, 'traffic', 20_000);
		children[0]!.kill('SIGKILL');
		await waitFor(() => clients.every((c) => !c.provider.wsconnected), 'the clients to notice');
		await sleep(20);
		editing = false;
		await Promise.all(edits);
		const receivedBeforeRestart = received.length;

		await startChild(port);
		await waitFor(() => clients.every((c) => c.provider.synced), 'the reconnects', 10_000);
		const fresh = await connected(url, 'killed', 'read:4');
		await waitFor(() => clients.every((c) => stateKey(c.doc) === stateKey(fresh.doc)), 'convergence', 10_000);

		const sqlite = new BetterSqlite3(databasePath, { readonly: true });
		cleanups.push(() => sqlite.close());
		const logged = Y.snapshot(replay(sqlite, 'killed'));
		expect(receivedBeforeRestart).toBeGreaterThan(30);
		expect(received.filter((update) => !Y.snapshotContainsUpdate(logged, update))).toEqual([]);
		for (const client of clients) expect(json(client.doc)).toEqual(json(fresh.doc));
	});
});
