// The sync hub's test harness: a migrated SQLite file, a node:http server on a real port whose 'upgrade' event goes
// to the hub, y-websocket providers (with ws as their WebSocket) and raw ws clients for hostile frames.
import { afterEach } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import BetterSqlite3 from 'better-sqlite3';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as authProtocol from 'y-protocols/auth';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { SharedSocket } from '$lib/live/shared-socket';
import { createSyncHub, type Authorize, type SyncHub, type SyncHubOptions } from '$lib/server/sync';
import { createPostgresSyncStore } from '$lib/server/sync/postgres-store';
import { temporaryDatabase, type Dialect, type TemporaryDatabase } from './database';

export type Database = Awaited<ReturnType<typeof temporaryDatabase>>;
export type AnyDatabase = TemporaryDatabase;

/** Everything a test starts, stopped in reverse order after it. */
export const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export async function database(): Promise<Database>;
export async function database(dialect: Dialect): Promise<AnyDatabase>;
export async function database(dialect: Dialect = 'sqlite'): Promise<AnyDatabase> {
	const db = await temporaryDatabase(dialect);
	cleanups.push(() => db.close());
	return db;
}

/** A fresh database on this test file's throwaway PostgreSQL server. */
export async function postgresDatabase(): Promise<TemporaryDatabase & { dialect: 'postgres' }> {
	const db = await temporaryDatabase('postgres');
	cleanups.push(() => db.close());
	if (db.dialect !== 'postgres') throw new Error('expected PostgreSQL');
	return db;
}

/**
 * The tests' access policy, a real function of the request: `?token=<mode>:<user id>` with mode write, read or
 * none. No token: 401; mode none or a revoked user: 403; documents under `missing/` do not exist: 404; documents in
 * `closed` are refused to everyone (403), whatever the token.
 */
export class Policy {
	readonly revoked = new Set<number>();
	readonly closed = new Set<string>();
	readonly readOnlyNow = new Set<number>();
	calls = 0;
	readonly authorize: Authorize = async (request, documentName) => {
		this.calls++;
		const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
		if (!token) return { ok: false, status: 401, message: 'Sign in first' };
		const [mode, id] = token.split(':');
		const userId = Number(id);
		if (documentName.startsWith('missing/')) return { ok: false, status: 404, message: 'No such document' };
		if (mode === 'none' || this.revoked.has(userId) || this.closed.has(documentName))
			return { ok: false, status: 403, message: 'Not a participant' };
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

export interface Harness {
	hub: SyncHub;
	port: number;
	/** ws://127.0.0.1:<port>/sync */
	url: string;
	logs: string[];
	policy: Policy;
	/** WebSocket upgrades the server received so far (one per socket a client opened). */
	upgrades: () => number;
	stop: () => Promise<void>;
}

export async function startHub(db: AnyDatabase, options: Partial<SyncHubOptions> = {}, port = 0): Promise<Harness> {
	const logs: string[] = [];
	const policy = new Policy();
	const hub = createSyncHub({
		...(db.dialect === 'postgres' ? { store: createPostgresSyncStore(db.pool) } : { sqlite: db.sqlite }),
		authorize: policy.authorize,
		log: (line) => logs.push(line),
		...options
	});
	const server = createServer((_request, response) => {
		response.statusCode = 404;
		response.end();
	});
	let upgrades = 0;
	server.on('upgrade', (request, socket, head) => {
		upgrades++;
		hub.handleUpgrade(request, socket, head);
	});
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
	return {
		hub,
		port: actualPort,
		url: `ws://127.0.0.1:${actualPort}/sync`,
		logs,
		policy,
		upgrades: () => upgrades,
		stop
	};
}

export function closeServer(server: Server): Promise<void> {
	return new Promise((done) => {
		server.close(() => done());
		server.closeAllConnections();
	});
}

export interface Client {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Reasons of the permission-denied (auth) messages the server sent. */
	denied: string[];
}

/** A y-websocket provider, as the browser has it (BroadcastChannel off: in one process it would bypass the server). */
export function connect(h: { url: string }, name: string, token: string | null): Client {
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

const sharedSockets = new WeakMap<WebsocketProvider, SharedSocket>();

/**
 * A provider of another document on `main`'s socket, as the browser's unit page has it (src/lib/live/shared-socket.ts);
 * `closedWith` collects the codes of the server's ends of it that its provider took as final.
 */
export function connectOver(main: Client, name: string): Client & { closedWith: number[] } {
	let shared = sharedSockets.get(main.provider);
	if (!shared) sharedSockets.set(main.provider, (shared = new SharedSocket(main.provider)));
	const doc = new Y.Doc();
	const provider = new WebsocketProvider('ws://unused', name, doc, {
		WebSocketPolyfill: shared.channelFor(name),
		disableBc: true,
		maxBackoffTime: 100
	});
	const denied: string[] = [];
	provider.messageHandlers[2] = (_encoder, decoder) =>
		authProtocol.readAuthMessage(decoder, doc, (_ydoc, reason) => denied.push(reason));
	const closedWith: number[] = [];
	provider.on('closed', ({ code }) => closedWith.push(code));
	cleanups.push(() => {
		provider.destroy();
		provider.awareness.destroy();
		doc.destroy();
	});
	return { doc, provider, denied, closedWith };
}

export async function connected(h: { url: string }, name: string, token: string): Promise<Client> {
	const client = connect(h, name, token);
	await waitFor(() => client.provider.synced, `${token} to sync ${name}`);
	return client;
}

export interface Raw {
	ws: WebSocket;
	frames: Uint8Array[];
	closed: Promise<{ code: number; reason: string }>;
}

/** A bare ws client, for frames no provider would send. */
export async function rawClient(
	h: { url: string },
	name: string,
	token: string,
	options: WebSocket.ClientOptions = {}
): Promise<Raw> {
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
		ws.once('unexpected-response', (_request, response) =>
			fail(new Error(`upgrade refused: ${response.statusCode}`))
		);
	});
	return { ws, frames, closed };
}

/** Polls `condition` every few milliseconds until it holds, or fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
	const start = Date.now();
	while (!condition()) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await sleep(5);
	}
}

export function sleep(ms: number): Promise<void> {
	return new Promise((done) => setTimeout(done, ms));
}

// Frames, written by hand

export function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	write(encoder);
	return encoding.toUint8Array(encoder);
}

export const updateMessage = (update: Uint8Array) =>
	frame((e) => {
		encoding.writeVarUint(e, 0);
		syncProtocol.writeUpdate(e, update);
	});

export const awarenessMessage = (entries: { clientId: number; clock: number; state: unknown }[]) =>
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
export function boardUpdate(key: string, value: unknown): Uint8Array {
	const doc = new Y.Doc();
	doc.getMap('board').set(key, value);
	return Y.encodeStateAsUpdate(doc);
}

// The log

export interface Row {
	id: number;
	user_id: number | null;
	update: Uint8Array;
}

export function rows(sqlite: BetterSqlite3.Database, name: string): Row[] {
	return sqlite
		.prepare('SELECT id, user_id, "update" FROM sync_updates WHERE document = ? ORDER BY id')
		.all(name) as Row[];
}

/** The log on either engine, as it is committed (read on a connection of its own on PostgreSQL). */
export async function logRows(db: AnyDatabase, name: string): Promise<Row[]> {
	if (db.dialect === 'sqlite') return rows(db.sqlite, name);
	const result = await db.pool.query<{ id: number; user_id: number | null; update: Buffer }>(
		'SELECT id, user_id, "update" FROM sync_updates WHERE document = $1 ORDER BY id',
		[name]
	);
	return result.rows.map((row) => ({ ...row, update: new Uint8Array(row.update) }));
}

/** The document as the log alone has it, on either engine. */
export async function logReplay(db: AnyDatabase, name: string): Promise<Y.Doc> {
	const doc = new Y.Doc();
	for (const row of await logRows(db, name)) Y.applyUpdate(doc, row.update);
	return doc;
}

/** Waits until an asynchronous condition holds (e.g. a read of the log). */
export async function eventually(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(10);
	}
}

/** The document as the log alone has it. */
export function replay(sqlite: BetterSqlite3.Database, name: string): Y.Doc {
	const doc = new Y.Doc();
	for (const row of rows(sqlite, name)) Y.applyUpdate(doc, row.update);
	return doc;
}

/**
 * What a document has seen: its state vector and its deletions. The state vector alone misses a deletion still in
 * flight (deleting adds no struct), so two replicas could look equal while one still shows a deleted entry.
 */
export function stateKey(doc: Y.Doc): string {
	const { sv, ds } = Y.snapshot(doc);
	const deletions = [...ds.clients.entries()]
		.sort((a, b) => a[0] - b[0])
		.map(([client, items]) => [client, items.map((i) => [i.clock, i.len])]);
	return JSON.stringify([[...sv].sort((a, b) => a[0] - b[0]), deletions]);
}

export function json(doc: Y.Doc, root = 'board'): unknown {
	return doc.getMap(root).toJSON();
}

/** JSON with object keys sorted (a Y.Map's key order is the order in which that replica integrated them). */
export function canonical(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		v && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
			: v
	);
}

/** A plain HTTP request carrying WebSocket upgrade headers: what did the server answer, and did it upgrade? */
export function rawUpgrade(
	url: string,
	headers: Record<string, string> = {}
): Promise<{ status: number; body: string; upgraded: boolean }> {
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
export function prng(seed: number): () => number {
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
