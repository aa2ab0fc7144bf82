// The sync hub against real parts: a migrated SQLite file, a node:http server on a real port whose 'upgrade' event
// goes to the hub, y-websocket providers (with ws as their WebSocket) and raw ws clients for hostile frames.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { build } from 'esbuild';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as authProtocol from 'y-protocols/auth';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { createSyncHub, type Authorize, type SyncHub, type SyncHubOptions } from '$lib/server/sync';
import { temporaryDatabase } from '../support/database';

// ---------------------------------------------------------------------------------------------------------------
// Harness

type Database = Awaited<ReturnType<typeof temporaryDatabase>>;

/** Everything a test starts, stopped in reverse order after it. */
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function database(): Promise<Database> {
	const db = await temporaryDatabase();
	cleanups.push(() => db.close());
	return db;
}

/**
 * The tests' access policy, a real function of the request: `?token=<mode>:<user id>` with mode write, read or
 * none. No token: 401; mode none or a revoked user: 403; documents under `missing/` do not exist: 404.
 */
class Policy {
	readonly revoked = new Set<number>();
	readonly readOnlyNow = new Set<number>();
	calls = 0;
	readonly authorize: Authorize = async (request, documentName) => {
		this.calls++;
		const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
		if (!token) return { ok: false, status: 401, message: 'Sign in first' };
		const [mode, id] = token.split(':');
		const userId = Number(id);
		if (documentName.startsWith('missing/')) return { ok: false, status: 404, message: 'No such document' };
		if (mode === 'none' || this.revoked.has(userId)) return { ok: false, status: 403, message: 'Not a participant' };
		return {
			ok: true,
			access: {
				userId,
				label: `user ${userId} (${mode})`,
				canWrite: () => mode === 'write' && !this.readOnlyNow.has(userId),
				awareness: { name: `User ${userId}`, role: mode }
			}
		};
	};
}

interface Harness {
	hub: SyncHub;
	port: number;
	/** ws://127.0.0.1:<port>/sync */
	url: string;
	logs: string[];
	policy: Policy;
	stop: () => Promise<void>;
}

async function startHub(db: Database, options: Partial<SyncHubOptions> = {}, port = 0): Promise<Harness> {
	const logs: string[] = [];
	const policy = new Policy();
	const hub = createSyncHub({ sqlite: db.sqlite, authorize: policy.authorize, log: (line) => logs.push(line), ...options });
	const server = createServer((_request, response) => {
		response.statusCode = 404;
		response.end();
	});
	server.on('upgrade', (request, socket, head) => hub.handleUpgrade(request, socket, head));
	await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
	const actualPort = (server.address() as { port: number }).port;
	let stopped = false;
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		await hub.close();
		await closeServer(server);
	};
	cleanups.push(stop);
	return { hub, port: actualPort, url: `ws://127.0.0.1:${actualPort}/sync`, logs, policy, stop };
}

function closeServer(server: Server): Promise<void> {
	return new Promise((done) => {
		server.close(() => done());
		server.closeAllConnections();
	});
}

interface Client {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Reasons of the permission-denied (auth) messages the server sent. */
	denied: string[];
}

/** A y-websocket provider, as the browser has it (BroadcastChannel off: in one process it would bypass the server). */
function connect(h: { url: string }, name: string, token: string | null): Client {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(h.url, name, doc, {
		params: token === null ? {} : { token },
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		maxBackoffTime: 100
	});
	const denied: string[] = [];
	provider.messageHandlers[2] = (_encoder, decoder) =>
		authProtocol.readAuthMessage(decoder, doc, (_ydoc, reason) => denied.push(reason));
	cleanups.push(() => {
		provider.destroy();
		provider.awareness.destroy();
		doc.destroy();
	});
	return { doc, provider, denied };
}

async function connected(h: { url: string }, name: string, token: string): Promise<Client> {
	const client = connect(h, name, token);
	await waitFor(() => client.provider.synced, `${token} to sync ${name}`);
	return client;
}

interface Raw {
	ws: WebSocket;
	frames: Uint8Array[];
	closed: Promise<{ code: number; reason: string }>;
}

/** A bare ws client, for frames no provider would send. */
async function rawClient(h: { url: string }, name: string, token: string, options: WebSocket.ClientOptions = {}): Promise<Raw> {
	const ws = new WebSocket(`${h.url}/${name}?token=${token}`, options);
	const frames: Uint8Array[] = [];
	ws.on('message', (data) => frames.push(new Uint8Array(data as Buffer)));
	ws.on('error', () => {});
	const closed = new Promise<{ code: number; reason: string }>((done) =>
		ws.on('close', (code, reason) => done({ code, reason: reason.toString() }))
	);
	cleanups.push(() => ws.terminate());
	await new Promise<void>((done, fail) => {
		ws.once('open', () => done());
		ws.once('unexpected-response', (_request, response) => fail(new Error(`upgrade refused: ${response.statusCode}`)));
	});
	return { ws, frames, closed };
}

/** Polls `condition` every few milliseconds until it holds, or fails after `timeoutMs`. */
async function waitFor(condition: () => boolean, what: string, timeoutMs = 8_000): Promise<void> {
	const start = Date.now();
	while (!condition()) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await sleep(5);
	}
}

function sleep(ms: number): Promise<void> {
	return new Promise((done) => setTimeout(done, ms));
}

// Frames, written by hand

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	write(encoder);
	return encoding.toUint8Array(encoder);
}

const updateMessage = (update: Uint8Array) =>
	frame((e) => {
		encoding.writeVarUint(e, 0);
		syncProtocol.writeUpdate(e, update);
	});

const awarenessMessage = (entries: { clientId: number; clock: number; state: unknown }[]) =>
	frame((e) => {
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint8Array(
			e,
			frame((inner) => {
				encoding.writeVarUint(inner, entries.length);
				for (const entry of entries) {
					encoding.writeVarUint(inner, entry.clientId);
					encoding.writeVarUint(inner, entry.clock);
					encoding.writeVarString(inner, JSON.stringify(entry.state));
				}
			})
		);
	});

/** An update that sets `key` in map `board`, made by a throwaway document. */
function boardUpdate(key: string, value: unknown): Uint8Array {
	const doc = new Y.Doc();
	doc.getMap('board').set(key, value);
	return Y.encodeStateAsUpdate(doc);
}

// The log

interface Row {
	id: number;
	user_id: number | null;
	update: Uint8Array;
}

function rows(sqlite: BetterSqlite3.Database, name: string): Row[] {
	return sqlite.prepare('SELECT id, user_id, "update" FROM sync_updates WHERE document = ? ORDER BY id').all(name) as Row[];
}

/** The document as the log alone has it. */
function replay(sqlite: BetterSqlite3.Database, name: string): Y.Doc {
	const doc = new Y.Doc();
	for (const row of rows(sqlite, name)) Y.applyUpdate(doc, row.update);
	return doc;
}

/**
 * What a document has seen: its state vector and its deletions. The state vector alone misses a deletion still in
 * flight (deleting adds no struct), so two replicas could look equal while one still shows a deleted entry.
 */
function stateKey(doc: Y.Doc): string {
	const { sv, ds } = Y.snapshot(doc);
	const deletions = [...ds.clients.entries()].sort((a, b) => a[0] - b[0]).map(([client, items]) => [client, items.map((i) => [i.clock, i.len])]);
	return JSON.stringify([[...sv].sort((a, b) => a[0] - b[0]), deletions]);
}

function json(doc: Y.Doc, root = 'board'): unknown {
	return doc.getMap(root).toJSON();
}

/** JSON with object keys sorted (a Y.Map's key order is the order in which that replica integrated them). */
function canonical(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v
	);
}

/** A plain HTTP request carrying WebSocket upgrade headers: what did the server answer, and did it upgrade? */
function rawUpgrade(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; upgraded: boolean }> {
	return new Promise((done, fail) => {
		const request = httpRequest(url, {
			headers: {
				Connection: 'Upgrade',
				Upgrade: 'websocket',
				'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
				'Sec-WebSocket-Version': '13',
				...headers
			}
		});
		request.on('upgrade', (response, socket) => {
			socket.destroy();
			done({ status: response.statusCode ?? 0, body: '', upgraded: true });
		});
		request.on('response', (response) => {
			let body = '';
			response.setEncoding('utf8');
			response.on('data', (chunk: string) => (body += chunk));
			response.on('end', () => done({ status: response.statusCode ?? 0, body, upgraded: false }));
		});
		request.on('error', fail);
		request.end();
	});
}

/** A small deterministic PRNG (mulberry32), so that a failing random run can be replayed. */
function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

// ---------------------------------------------------------------------------------------------------------------

describe('the sync hub: who may connect', () => {
	it('answers 401, 403, 404 and 400 as plain HTTP before the upgrade, with nothing of the document', async () => {
		const db = await database();
		const h = await startHub(db, { seed: (_name, doc) => doc.getMap('board').set('secret', 'TOP-SECRET-42') });
		const base = `http://127.0.0.1:${h.port}/sync`;

		const cases: [string, number][] = [
			[`${base}/meeting-1`, 401],
			[`${base}/meeting-1?token=none:4`, 403],
			[`${base}/missing/board?token=write:1`, 404],
			[`${base}/%E0%A4%A?token=write:1`, 400],
			[`${base}/?token=write:1`, 400],
			[`http://127.0.0.1:${h.port}/elsewhere/meeting-1?token=write:1`, 404]
		];
		for (const [url, status] of cases) {
			const answer = await rawUpgrade(url);
			expect(answer, url).toMatchObject({ status, upgraded: false });
			expect(answer.body).not.toContain('TOP-SECRET');
		}
		// The same through a real WebSocket client: refused at the handshake, not one frame received.
		const refused = await new Promise<number>((done) => {
			const ws = new WebSocket(`${h.url}/meeting-1?token=none:4`);
			ws.on('message', () => done(-1));
			ws.on('error', () => {});
			ws.on('unexpected-response', (_request, response) => {
				done(response.statusCode ?? 0);
				ws.terminate();
			});
		});
		expect(refused).toBe(403);
		expect(h.hub.connectionCount()).toBe(0);
		expect(h.logs.filter((l) => l.includes('refused upgrade'))).toHaveLength(cases.length + 1);
		expect(h.logs.some((l) => l.includes('token'))).toBe(false); // the query string is never logged

		// A signed-in participant gets the document; the name is URL-decoded and may contain '/'.
		const client = await connected(h, 'meeting/1/scoring', 'read:2');
		expect(json(client.doc)).toEqual({ secret: 'TOP-SECRET-42' });
		const encoded = await rawClient(h, encodeURIComponent('meeting/1/scoring'), 'read:3');
		await waitFor(() => encoded.frames.length > 0, 'the step 1 of the encoded name');
		expect((await h.hub.getDocument('meeting/1/scoring')).getMap('board').get('secret')).toBe('TOP-SECRET-42');
		expect(h.hub.connectionCount()).toBe(2);
	});

	it('closes connections whose access is withdrawn, with 4000 + status, when asked to reauthorize', async () => {
		const db = await database();
		const h = await startHub(db);
		const kept = await connected(h, 'meeting-7/board', 'write:1');
		const removed = await connected(h, 'meeting-7/board', 'write:2');
		const closedEvent = new Promise<{ code: number }>((done) => removed.provider.on('closed', (event) => done(event)));
		h.policy.revoked.add(2);
		expect(await h.hub.reauthorize('meeting-8/')).toBe(0);
		expect(await h.hub.reauthorize('meeting-7/')).toBe(1);
		expect((await closedEvent).code).toBe(4403);
		await sleep(150); // longer than the provider's backoff: it must not come back
		expect(h.hub.connectionCount()).toBe(1);
		expect(removed.provider.wsconnected).toBe(false);
		kept.doc.getMap('board').set('still', 'here');
		await waitFor(() => rows(db.sqlite, 'meeting-7/board').length === 1, 'the kept write');
		expect(rows(db.sqlite, 'meeting-7/board')[0]!.user_id).toBe(1);
	});
});

describe('the sync hub: who may write', () => {
	it("drops a read-only connection's writes: not applied, not logged, never seen; tells it and keeps it open", async () => {
		const db = await database();
		const h = await startHub(db);
		const writer = await connected(h, 'scoring', 'write:1');
		const reader = await connected(h, 'scoring', 'read:5');
		const watcher = await connected(h, 'scoring', 'read:6');

		writer.doc.getMap('board').set('a', 1);
		await waitFor(() => reader.doc.getMap('board').get('a') === 1 && watcher.doc.getMap('board').get('a') === 1, 'a');
		// Its own step 2 in reply to the server's step 1 carried nothing new: not refused.
		expect(reader.denied).toEqual([]);

		reader.doc.getMap('board').set('evil', 'x');
		reader.doc.getMap('board').delete('a');
		await waitFor(() => reader.denied.length === 2, 'two refusals');
		expect(reader.denied[0]).toContain('read-only');
		expect(reader.provider.wsconnected).toBe(true);

		// A later write of the writer reaches everyone, the refused ones never do.
		writer.doc.getMap('board').set('b', 2);
		await waitFor(() => watcher.doc.getMap('board').get('b') === 2 && reader.doc.getMap('board').get('b') === 2, 'b');
		expect(json(watcher.doc)).toEqual({ a: 1, b: 2 });
		expect(json(writer.doc)).toEqual({ a: 1, b: 2 });
		expect(json(await h.hub.getDocument('scoring'))).toEqual({ a: 1, b: 2 });
		expect(rows(db.sqlite, 'scoring').map((r) => r.user_id)).toEqual([1, 1]);
		expect(json(replay(db.sqlite, 'scoring'))).toEqual({ a: 1, b: 2 });
		expect(h.logs.some((l) => l.includes('refused update from user 5 (read)'))).toBe(true);
	});

	it('asks canWrite() on every write: rights withdrawn mid-connection take effect at once', async () => {
		const db = await database();
		const h = await startHub(db);
		const writer = await connected(h, 'phase', 'write:3');
		const watcher = await connected(h, 'phase', 'read:4');
		writer.doc.getMap('board').set('before', 1);
		await waitFor(() => watcher.doc.getMap('board').get('before') === 1, 'the write before');

		h.policy.readOnlyNow.add(3); // e.g. the meeting was closed
		writer.doc.getMap('board').set('after', 2);
		await waitFor(() => writer.denied.length === 1, 'the refusal');
		const probe = await connected(h, 'phase', 'read:7');
		expect(json(probe.doc)).toEqual({ before: 1 });
		expect(rows(db.sqlite, 'phase')).toHaveLength(1);
	});

	it('refuses what validate() rejects, and later writes that depend on a refused one', async () => {
		const db = await database();
		const askedFor: (number | null)[] = [];
		const h = await startHub(db, {
			validate: (_name, doc, update, access) => {
				askedFor.push(access.userId);
				const copy = new Y.Doc();
				Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
				Y.applyUpdate(copy, update);
				return !copy.getMap('board').has('forbidden');
			}
		});
		const writer = await connected(h, 'validated', 'write:1');
		const watcher = await connected(h, 'validated', 'read:2');
		writer.doc.getMap('board').set('fine', 1);
		await waitFor(() => watcher.doc.getMap('board').get('fine') === 1, 'fine');

		writer.doc.getMap('board').set('forbidden', 1);
		await waitFor(() => writer.denied.length === 1, 'the refusal');
		expect(writer.denied[0]).toBe('the change is not allowed');
		// This client's next change builds on the refused one: the server cannot apply it and says so.
		writer.doc.getMap('board').set('next', 1);
		await waitFor(() => writer.denied.length === 2, 'the second refusal');
		expect(writer.denied[1]).toContain('depends on');

		const other = await connected(h, 'validated', 'write:3');
		other.doc.getMap('board').set('other', 1);
		await waitFor(() => watcher.doc.getMap('board').get('other') === 1, 'other');
		expect(json(watcher.doc)).toEqual({ fine: 1, other: 1 });
		expect(rows(db.sqlite, 'validated').map((r) => r.user_id)).toEqual([1, 3]);
		expect(askedFor).toEqual([1, 1, 3]); // with the writer's access; the dependent write never got that far
	});
});

describe('the sync hub: limits and pending updates', () => {
	it('refuses an update over its byte limit, and any update once the document reaches its ceiling', async () => {
		const db = await database();
		const h = await startHub(db, { limits: () => ({ maxUpdateBytes: 300, maxDocumentBytes: 1200 }) });
		const writer = await connected(h, 'bounded', 'write:1');
		const watcher = await connected(h, 'bounded', 'read:2');
		writer.doc.getMap('board').set('big', 'x'.repeat(400));
		await waitFor(() => writer.denied.length === 1, 'the refusal of the big update');
		expect(writer.denied[0]).toContain('over 300 bytes');
		expect(rows(db.sqlite, 'bounded')).toHaveLength(0);

		// Small writes from a fresh client until the document is full.
		const small = await connected(h, 'bounded', 'write:3');
		for (let i = 0; small.denied.length === 0 && i < 50; i++) {
			small.doc.getMap('board').set(`k${i}`, 'y'.repeat(150));
			await sleep(5);
		}
		await waitFor(() => small.denied.length > 0, 'the ceiling');
		expect(small.denied[0]).toContain('full');
		const stored = rows(db.sqlite, 'bounded').reduce((sum, r) => sum + r.update.byteLength, 0);
		expect(stored).toBeLessThanOrEqual(1200);
		expect(Object.keys(json(watcher.doc) as object).length).toBe(rows(db.sqlite, 'bounded').length);
	});

	it('refuses an update that Yjs would keep pending (it builds on a change the server never had), without a content check', async () => {
		const db = await database();
		const h = await startHub(db);
		const watcher = await connected(h, 'pending', 'read:2');
		// Another client's change that never reaches the server, and an edit made on top of it.
		const ghost = new Y.Doc();
		ghost.getMap('board').set('ghost', 1);
		const hostile = new Y.Doc();
		Y.applyUpdate(hostile, Y.encodeStateAsUpdate(ghost));
		const before = Y.encodeStateVector(hostile);
		hostile.getMap('board').set('ghost', 2);
		const raw = await rawClient(h, 'pending', 'write:1');
		raw.ws.send(updateMessage(Y.encodeStateAsUpdate(hostile, before)));
		await waitFor(() => raw.frames.some((f) => f[0] === 2), 'the refusal');
		expect(rows(db.sqlite, 'pending')).toHaveLength(0);
		const live = await h.hub.getDocument('pending');
		expect(live.store.pendingStructs).toBeNull();
		expect(json(watcher.doc)).toEqual({});
		// The writer is told and stays connected; others' writes go on.
		const writer = await connected(h, 'pending', 'write:3');
		writer.doc.getMap('board').set('real', 1);
		await waitFor(() => watcher.doc.getMap('board').get('real') === 1, 'a later write');
		expect(raw.ws.readyState).toBe(WebSocket.OPEN);
	});
});

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
		expect(checks.length).toBeGreaterThanOrEqual(2 * 20);
		expect(checks.every(Boolean)).toBe(true);

		const logged = rows(reader, 'durable');
		expect(logged[0]!.user_id).toBeNull(); // the seed
		expect(logged.slice(1).every((r) => r.user_id === 1)).toBe(true);
		expect(logged.length).toBe(1 + 20 + 6); // the seed, 20 sets, 6 deletes (deleting the absent k-1 is no change)
		const createdAt = reader.prepare('SELECT min(created_at) AS min FROM sync_updates').get() as { min: number };
		expect(Math.abs(createdAt.min - Date.now())).toBeLessThan(60_000);
		expect(json(replay(reader, 'durable'))).toEqual(json(writer.doc));
	});

	it('logs and broadcasts changes made on the server through getDocument(), with no user', async () => {
		const db = await database();
		const h = await startHub(db);
		const client = await connected(h, 'server-side', 'read:2');
		(await h.hub.getDocument('server-side')).getMap('board').set('frozen', true);
		await waitFor(() => client.doc.getMap('board').get('frozen') === true, 'the server change');
		expect(rows(db.sqlite, 'server-side').map((r) => r.user_id)).toEqual([null]);
	});
	it('does not echo an update to the connection it came from', async () => {
		const db = await database();
		const h = await startHub(db);
		const watcher = await connected(h, 'echo', 'read:2');
		const sender = await rawClient(h, 'echo', 'write:1');
		await waitFor(() => sender.frames.length >= 1, "the server's step 1");
		const before = sender.frames.length;
		sender.ws.send(updateMessage(boardUpdate('k', 'v')));
		await waitFor(() => watcher.doc.getMap('board').get('k') === 'v', 'the update');
		// A round trip on the sender's socket: an echo would have arrived before the answer to this step 1.
		sender.ws.send(frame((e) => {
			encoding.writeVarUint(e, 0);
			syncProtocol.writeSyncStep1(e, new Y.Doc());
		}));
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
		const live = await h.hub.getDocument('full');
		expect(() => live.getMap('board').set('server', 1)).toThrow('disk full');
		await waitFor(() => h.logs.some((l) => l.includes('rebuilt from storage')), 'the rebuild');
		expect(json(await h.hub.getDocument('full'))).toEqual({});

		db.sqlite.exec('DROP TRIGGER disk_full');
		await waitFor(() => watcher.doc.getMap('board').get('k') === 1, 'the resent write');
		expect(watcher.doc.getMap('board').has('server')).toBe(false);
		expect(rows(db.sqlite, 'full').map((r) => r.user_id)).toEqual([1]);
	});
});

describe('the sync hub: convergence and nothing lost', () => {
	it('converges 10 clients making random concurrent edits to a map of maps, and the log replays to the same', async () => {
		const db = await database();
		const h = await startHub(db);
		const clients = await Promise.all(Array.from({ length: 10 }, (_, i) => connected(h, 'race', `write:${i + 1}`)));
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
		expect(canonical(json(replay(db.sqlite, 'race'), 'units'))).toBe(expected);
		const users = new Set(rows(db.sqlite, 'race').map((r) => r.user_id));
		expect([...users].every((u) => u !== null && u >= 1 && u <= 10)).toBe(true);
	}, 30_000);

	it('merges edits made offline when the provider reconnects', async () => {
		const db = await database();
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
		expect(rows(db.sqlite, 'offline').some((r) => r.user_id === 1 && new TextDecoder().decode(r.update).includes('offline'))).toBe(true);
	});

	it('restarts on the same database with everything: providers reconnect by themselves, fresh clients get it all', async () => {
		const db = await database();
		const first = await startHub(db);
		const a = await connected(first, 'restart', 'write:1');
		for (let i = 0; i < 10; i++) a.doc.getMap('board').set(`k${i}`, i);
		await waitFor(() => rows(db.sqlite, 'restart').length === 10, 'the log');

		await first.stop();
		await waitFor(() => !a.provider.wsconnected, 'the disconnect');
		a.doc.getMap('board').set('while-down', true);

		const second = await startHub(db, {}, first.port);
		await waitFor(() => a.provider.synced, 'the reconnect', 10_000);
		const fresh = await connected(second, 'restart', 'read:2');
		await waitFor(() => fresh.doc.getMap('board').get('while-down') === true, 'the offline edit');
		expect(json(fresh.doc)).toEqual({ ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i])), 'while-down': true });
		expect(json(await second.hub.getDocument('restart'))).toEqual(json(fresh.doc));
	});

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
				| { last_update_id: number; state: Uint8Array }
				| undefined;
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
		db.sqlite.prepare('DELETE FROM sync_updates WHERE document = ? AND id <= ?').run('snap', written.last_update_id);
		const second = await startHub(db);
		expect(json(await second.hub.getDocument('snap'))).toEqual(Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, i])));
	});

	it('shares one load between concurrent first uses, seeds once, and unloads an idle document', async () => {
		const db = await database();
		let seeded = 0;
		const h = await startHub(db, {
			unloadAfterMs: 40,
			seed: (_name, doc) => {
				seeded++;
				doc.getMap('board').set('seed', seeded);
			}
		});
		const docs = await Promise.all(Array.from({ length: 5 }, () => h.hub.getDocument('shared-load')));
		expect(new Set(docs).size).toBe(1);
		const clients = await Promise.all([connected(h, 'shared-load', 'write:1'), connected(h, 'shared-load', 'write:2')]);
		expect(seeded).toBe(1);
		clients[0]!.doc.getMap('board').set('x', 1);
		await waitFor(() => clients[1]!.doc.getMap('board').get('x') === 1, 'x');

		await sleep(80);
		expect(await h.hub.getDocument('shared-load')).toBe(docs[0]); // connections keep it loaded
		for (const client of clients) client.provider.disconnect();
		await waitFor(() => h.hub.connectionCount() === 0, 'the disconnects');
		await sleep(100);
		const reloaded = await h.hub.getDocument('shared-load');
		expect(reloaded).not.toBe(docs[0]);
		expect(json(reloaded)).toEqual({ seed: 1, x: 1 });
		expect(seeded).toBe(1);
	});
});

describe('the sync hub: bad input', () => {
	const stateVectorGarbage = frame((e) => {
		encoding.writeVarUint(e, 0);
		encoding.writeVarUint(e, 0);
		encoding.writeVarUint8Array(e, Uint8Array.from([0xff, 0xff, 0xff]));
	});
	const valid = updateMessage(boardUpdate('hostile', 'x'.repeat(40)));
	const truncatedInner = boardUpdate('hostile', 'x'.repeat(40));
	const notJsonAwareness = frame((e) => {
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint8Array(
			e,
			frame((inner) => {
				encoding.writeVarUint(inner, 1); // one client
				encoding.writeVarUint(inner, 5); // its id
				encoding.writeVarUint(inner, 1); // its clock
				encoding.writeVarString(inner, '{not json');
			})
		);
	});
	const cases: [string, number, Uint8Array | string][] = [
		['garbage bytes', 1007, Uint8Array.from(Array.from({ length: 12 }, () => 0xff))],
		['a text frame', 1003, 'hello'],
		['an unknown message type', 1003, Uint8Array.from([9, 1, 2])],
		['an unknown sync message type', 1003, Uint8Array.from([0, 7, 0])],
		['an auth message from a client', 1003, Uint8Array.from([2, 0, 0])],
		['a frame cut short', 1007, valid.slice(0, valid.length - 10)],
		['a truncated update', 1007, updateMessage(truncatedInner.slice(0, truncatedInner.length - 12))],
		['a state vector that does not decode', 1007, stateVectorGarbage],
		['awareness that is not JSON', 1007, notJsonAwareness],
		['a frame over maxMessageBytes', 1009, new Uint8Array(100 * 1024)]
	];

	it.each(cases)('%s closes only that connection (close code %i), the others keep syncing', async (_what, code, bytes) => {
		const db = await database();
		const h = await startHub(db, { maxMessageBytes: 64 * 1024 });
		const writer = await connected(h, 'hostile', 'write:1');
		const watcher = await connected(h, 'hostile', 'read:2');
		const hostile = await rawClient(h, 'hostile', 'write:9');
		writer.doc.getMap('board').set('before', 1);
		await waitFor(() => watcher.doc.getMap('board').get('before') === 1, 'before');

		hostile.ws.send(bytes);
		expect((await hostile.closed).code).toBe(code);
		await waitFor(() => h.hub.connectionCount() === 2, 'the server to drop the connection');
		expect(h.logs.some((l) => l.includes('user 9') && (l.includes(String(code)) || code === 1009))).toBe(true);

		writer.doc.getMap('board').set('after', 2);
		await waitFor(() => watcher.doc.getMap('board').get('after') === 2, 'after');
		expect(writer.provider.wsconnected && watcher.provider.wsconnected).toBe(true);
		expect(rows(db.sqlite, 'hostile').map((r) => r.user_id)).toEqual([1, 1]);
		expect(json(await h.hub.getDocument('hostile'))).toEqual({ before: 1, after: 2 });
	});

	it('closes with 1007 on an update that decodes but throws when applied; it is not logged and nothing of it is kept', async () => {
		// Two documents' updates, then one byte of the second changed: it still decodes, and Yjs throws half-way
		// through applying it (after changing the document and emitting an update event). Checked here first, so
		// that a Yjs that no longer throws on it fails this test rather than passing it.
		const a = new Y.Doc();
		a.clientID = 1;
		a.getMap('m').set('k', 'v');
		const inner = new Y.Map();
		a.getMap('m').set('n', inner);
		inner.set('x', 1);
		a.getArray('arr').insert(0, [1, 2, 3]);
		a.getText('t').insert(0, 'hello');
		const base = Y.encodeStateAsUpdate(a);
		const b = new Y.Doc();
		b.clientID = 2;
		Y.applyUpdate(b, base);
		(b.getMap('m').get('n') as Y.Map<unknown>).set('y', 'z');
		b.getText('t').insert(2, 'XX');
		b.getArray('arr').delete(0, 1);
		const good = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
		const bad = good.slice();
		expect(Buffer.from(good).toString('hex')).toBe('010202002800010101790177017ac4010701080258580101010301');
		bad[17] = 2;
		expect(() => Y.decodeUpdate(bad)).not.toThrow();
		const probe = new Y.Doc();
		Y.applyUpdate(probe, base);
		let events = 0;
		probe.on('update', () => events++);
		expect(() => Y.applyUpdate(probe, bad)).toThrow();
		expect(events).toBe(1);

		const db = await database();
		const h = await startHub(db);
		const writer = await connected(h, 'poison', 'write:1');
		const watcher = await connected(h, 'poison', 'read:2');
		const hostile = await rawClient(h, 'poison', 'write:9');
		hostile.ws.send(updateMessage(base));
		await waitFor(() => watcher.doc.getText('t').toString() === 'hello', 'the base');
		const before = stateKey(watcher.doc);
		const watcherUpdates: Uint8Array[] = [];
		watcher.doc.on('update', (update: Uint8Array) => watcherUpdates.push(update));

		hostile.ws.send(updateMessage(bad));
		expect((await hostile.closed).code).toBe(1007);
		expect(h.logs.some((l) => l.includes('does not apply'))).toBe(true);
		expect(rows(db.sqlite, 'poison').map((r) => r.user_id)).toEqual([9]);
		const server = await h.hub.getDocument('poison');
		expect(stateKey(server)).toBe(before);

		writer.doc.getMap('board').set('after', 1);
		await waitFor(() => watcher.doc.getMap('board').get('after') === 1, 'after');
		expect(watcherUpdates).toHaveLength(1); // only the writer's: nothing of the poisoned update was broadcast
		expect(stateKey(watcher.doc)).toBe(stateKey(server));
		expect(stateKey(replay(db.sqlite, 'poison'))).toBe(stateKey(server));
		expect(watcher.doc.getText('t').toString()).toBe('hello');
	});

	it('closes a connection that does not read (backlog over the limit) without holding up the others', async () => {
		const db = await database();
		const h = await startHub(db, { maxBufferedBytes: 64 * 1024 });
		const writer = await connected(h, 'slow', 'write:1');
		const watcher = await connected(h, 'slow', 'read:2');
		const slow = await rawClient(h, 'slow', 'read:3');
		(slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();

		const chunk = 'x'.repeat(64 * 1024);
		for (let i = 0; i < 96; i++) {
			writer.doc.getMap('board').set(`k${i}`, `${i}${chunk}`);
			if (i % 8 === 0) await sleep(1);
		}
		await waitFor(() => h.logs.some((l) => l.includes('too slow')), 'the slow client to be closed');
		await waitFor(() => watcher.doc.getMap('board').size === 96, 'the watcher', 15_000);
		expect(h.hub.connectionCount()).toBe(2);
		expect(h.logs.find((l) => l.includes('too slow'))).toContain('user 3');
	}, 30_000);

	it('terminates a connection that stops answering pings, and keeps the ones that answer', async () => {
		const db = await database();
		const h = await startHub(db, { pingIntervalMs: 30 });
		const healthy = await connected(h, 'ping', 'write:1');
		const dead = await rawClient(h, 'ping', 'read:2', { autoPong: false });
		expect((await dead.closed).code).toBe(1006);
		expect(h.logs.some((l) => l.includes('user 2 (read)') && l.includes('did not answer a ping'))).toBe(true);
		await sleep(120);
		expect(healthy.provider.wsconnected).toBe(true);
		expect(h.hub.connectionCount()).toBe(1);
	});
});

describe('the sync hub: awareness', () => {
	it('asserts server identity fields, refuses speaking for others, rate-limits, answers queries and removes states on close', async () => {
		const db = await database();
		const h = await startHub(db);
		const a = await connected(h, 'presence', 'write:1');
		const watcher = await connected(h, 'presence', 'read:2');
		a.provider.awareness.setLocalState({ name: 'Somebody Else', role: 'head', cursor: 3 });
		await waitFor(() => watcher.provider.awareness.getStates().get(a.doc.clientID)?.cursor === 3, "a's presence");
		expect(watcher.provider.awareness.getStates().get(a.doc.clientID)).toEqual({ name: 'User 1', role: 'write', cursor: 3 });

		const hostile = await rawClient(h, 'presence', 'read:9');
		hostile.ws.send(awarenessMessage([
			{ clientId: 4242, clock: 1, state: { cursor: 7 } },
			{ clientId: a.doc.clientID, clock: 10_000, state: { name: 'Hijacked' } }
		]));
		await waitFor(() => watcher.provider.awareness.getStates().has(4242), 'the hostile presence');
		expect(watcher.provider.awareness.getStates().get(4242)).toEqual({ cursor: 7, name: 'User 9', role: 'read' });
		expect(watcher.provider.awareness.getStates().get(a.doc.clientID)!.cursor).toBe(3);
		expect(h.logs.some((l) => l.includes('does not own'))).toBe(true);

		// Query awareness (type 3) is answered with every state.
		const before = hostile.frames.length;
		hostile.ws.send(Uint8Array.from([3]));
		await waitFor(() => hostile.frames.length > before, 'the answer to the query');
		const answer = decoding.createDecoder(hostile.frames.at(-1)!);
		expect(decoding.readVarUint(answer)).toBe(1);
		const states = decoding.createDecoder(decoding.readVarUint8Array(answer));
		expect(decoding.readVarUint(states)).toBe(2);

		// A burst of 100 presence messages: about 20 pass.
		let seen = 0;
		watcher.provider.awareness.on('update', ({ updated }: { updated: number[] }) => {
			if (updated.includes(4242)) seen++;
		});
		for (let i = 0; i < 100; i++) hostile.ws.send(awarenessMessage([{ clientId: 4242, clock: 2 + i, state: { n: i } }]));
		await waitFor(() => seen >= 10, 'the first of the burst');
		await sleep(100);
		expect(seen).toBeLessThanOrEqual(40); // 20 at once, then 20 a second
		expect(h.logs.some((l) => l.includes('dropped awareness from user 9'))).toBe(true);
		expect(rows(db.sqlite, 'presence')).toHaveLength(0); // presence is never logged

		// The hostile client vanishes without a word: its state is removed and the removal broadcast.
		hostile.ws.terminate();
		await waitFor(() => !watcher.provider.awareness.getStates().has(4242), 'the removal');
		expect(watcher.provider.awareness.getStates().has(a.doc.clientID)).toBe(true);
	});
	it('lets the same user take over its client id from an older connection (a reconnect), and nobody else', async () => {
		const db = await database();
		const h = await startHub(db);
		const watcher = await connected(h, 'takeover', 'read:2');
		const old = await rawClient(h, 'takeover', 'read:9');
		old.ws.send(awarenessMessage([{ clientId: 5555, clock: 1, state: { where: 'old' } }]));
		await waitFor(() => watcher.provider.awareness.getStates().get(5555)?.where === 'old', 'the old presence');

		const other = await rawClient(h, 'takeover', 'read:8');
		other.ws.send(awarenessMessage([{ clientId: 5555, clock: 2, state: { where: 'other user' } }]));
		await waitFor(() => h.logs.some((l) => l.includes('does not own') && l.includes('user 8')), "the other user's refusal");
		expect(watcher.provider.awareness.getStates().get(5555)?.where).toBe('old');
		const renewed = await rawClient(h, 'takeover', 'read:9');
		renewed.ws.send(awarenessMessage([{ clientId: 5555, clock: 3, state: { where: 'new' } }]));
		await waitFor(() => watcher.provider.awareness.getStates().get(5555)?.where === 'new', 'the new presence');
		expect(watcher.provider.awareness.getStates().get(5555)).toEqual({ where: 'new', name: 'User 9', role: 'read' });

		// The old socket going away does not remove the state its successor now speaks for.
		old.ws.terminate();
		await waitFor(() => h.hub.connectionCount() === 3, 'the old socket to go');
		await sleep(30);
		expect(watcher.provider.awareness.getStates().get(5555)?.where).toBe('new');
		renewed.ws.terminate();
		await waitFor(() => !watcher.provider.awareness.getStates().has(5555), 'the removal');
	});
});

describe('the sync hub: shutdown and a killed server', () => {
	it('close() says going away (1001) to every connection and refuses new work', async () => {
		const db = await database();
		const h = await startHub(db);
		const raw = await rawClient(h, 'bye', 'read:1');
		await h.hub.close();
		expect((await raw.closed).code).toBe(1001);
		expect(h.hub.connectionCount()).toBe(0);
		await expect(h.hub.getDocument('bye')).rejects.toThrow();
	});

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
				env: { ...process.env, DATABASE_PATH: databasePath, PORT: String(port), NODE_PATH: join(root, 'node_modules') },
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
		await waitFor(() => received.length > 100, 'traffic');
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
		expect(receivedBeforeRestart).toBeGreaterThan(100);
		expect(received.filter((update) => !Y.snapshotContainsUpdate(logged, update))).toEqual([]);
		for (const client of clients) expect(json(client.doc)).toEqual(json(fresh.doc));
	}, 30_000);
});
