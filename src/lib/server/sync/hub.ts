// The hub: turns authorized upgrade requests into sockets, and each document on a socket (the one its URL names,
// and any other of the same meeting the client adds to it) into a connection on a shared document, after the same
// checks; keeps them alive, asks their rights again, and shuts everything down in order.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import * as Y from 'yjs';
import { WebSocketServer, type WebSocket } from 'ws';
import { Connection } from './connection';
import { describe, type SharedDocument } from './document';
import { createDocumentRegistry } from './documents';
import { binaryWebSocketFrame, CloseCode, eventFrame } from './protocol';
import { createBudget, createRateLimiter, type Budget, type RateLimiter } from './rate-limit';
import { SyncSocket, type Admission } from './socket';
import { createSqliteSyncStore } from './sqlite-store';
import type { StoredState, SyncStore } from './store';
import type { DocumentAccess, SyncHub, SyncHubOptions } from './types';
import { defaultScopeOf, documentNameFrom, refuseUpgrade } from './upgrade';
import { createWriteGroup } from './write-group';

const MiB = 1024 * 1024;
/** The periodic access check covers every connection in this many steps per period. */
const RECHECK_SLICES = 10;
/** Default of `snapshotAfterUpdates`: a snapshot once this many updates follow the previous one. */
export const SNAPSHOT_AFTER_UPDATES = 500;

export function createSyncHub(options: SyncHubOptions): SyncHub {
	const log = options.log ?? ((line: string) => console.log(line));
	const now = options.now ?? Date.now;
	const pathPrefix = options.pathPrefix ?? '/sync/';
	const maxMessageBytes = options.maxMessageBytes ?? MiB;

	const store: SyncStore =
		options.store ??
		(options.sqlite ? createSqliteSyncStore(options.sqlite) : undefined) ??
		raise('the sync hub needs a store or a SQLite connection');
	const writes = createWriteGroup(store, log);
	const registry = createDocumentRegistry({
		store,
		group: writes,
		snapshotAfterUpdates: options.snapshotAfterUpdates ?? SNAPSHOT_AFTER_UPDATES,
		unloadAfterMs: options.unloadAfterMs ?? 30_000,
		onUnloaded: options.onUnloaded,
		seed: options.seed,
		log,
		now
	});
	const connections = new Set<Connection>();
	const sockets = new Set<SyncSocket>();
	const scopeOf = options.scopeOf ?? defaultScopeOf;
	const wss = new WebSocketServer({
		noServer: true,
		maxPayload: maxMessageBytes,
		perMessageDeflate: false,
		clientTracking: false
	});
	wss.on('error', (error) => log(`sync: websocket server error: ${describe(error)}`));

	const updateRate = options.updateRate ?? { perSecond: 20, burst: 100 };
	// One bucket per user over all their connections (twice a connection's), so that opening more sockets does not
	// buy a flooder more room. Forgotten when the user's last connection leaves.
	const userLimiters = new Map<number, RateLimiter>();
	// A user whose connection was closed for flooding is kept out for a while: reconnecting at once would bring the
	// whole backlog of the flood back in one step 2.
	const floodCooldownMs = options.floodCooldownMs ?? 10_000;
	const keptOutUntil = new Map<number, number>();
	const syncRequestRate = options.syncRequestRate ?? { perSecond: 25, burst: 120 };
	const userSyncLimiters = new Map<number, RateLimiter>();
	// Whole copies of documents sent to a user (see Connection.answerStep1): kept across their reconnects, so that
	// connecting again and again to ask for everything runs the budget down too; forgotten once refilled.
	const syncCopies = options.syncCopies ?? { burst: 8, perSecond: 0.2 };
	const userSyncBudgets = new Map<number, Budget>();
	const connectionSettings = {
		log,
		validate: options.validate,
		prepareValidation: options.prepareValidation,
		awarenessPerSecond: options.awarenessPerSecond ?? 20,
		updateRate,
		writes,
		onFlood: (userId: number | null) => {
			if (userId !== null) keptOutUntil.set(userId, performance.now() + floodCooldownMs);
		},
		userLimiter: (userId: number | null) => {
			if (userId === null) return null;
			let limiter = userLimiters.get(userId);
			if (!limiter)
				userLimiters.set(
					userId,
					(limiter = createRateLimiter(updateRate.perSecond * 2, undefined, updateRate.burst * 2))
				);
			return limiter;
		},
		syncRequestRate,
		userSyncLimiter: (userId: number | null) => {
			if (userId === null) return null;
			let limiter = userSyncLimiters.get(userId);
			if (!limiter)
				userSyncLimiters.set(
					userId,
					(limiter = createRateLimiter(syncRequestRate.perSecond * 2, undefined, syncRequestRate.burst * 2))
				);
			return limiter;
		},
		userSyncBudget: (userId: number | null) => (userId === null ? null : syncBudgetOf(userId)),
		limits:
			options.limits ??
			(() => ({
				maxUpdateBytes: 256 * 1024,
				maxDocumentBytes: 16 * MiB,
				maxLogBytes: 64 * MiB,
				maxUserLogBytes: 16 * MiB
			})),
		onDetach: (connection: Connection) => {
			connections.delete(connection);
			const userId = connection.access.userId;
			if (userId !== null && ![...connections].some((c) => c.access.userId === userId)) {
				userLimiters.delete(userId);
				userSyncLimiters.delete(userId);
			}
			try {
				registry.leave(connection.document, connection);
			} catch (error) {
				log(`sync: leaving "${connection.documentName}" failed: ${describe(error)}`);
			}
		}
	};

	function syncBudgetOf(userId: number): Budget {
		let budget = userSyncBudgets.get(userId);
		if (!budget) userSyncBudgets.set(userId, (budget = createBudget(syncCopies.burst, syncCopies.perSecond)));
		return budget;
	}

	const ping = setInterval(() => {
		for (const socket of [...sockets]) socket.heartbeat();
		for (const [userId, budget] of userSyncBudgets) if (budget.full()) userSyncBudgets.delete(userId);
	}, options.pingIntervalMs ?? 30_000);
	ping.unref();
	// Every connection's access is asked again once per period, a slice at a time: all of them at once would be a
	// burst of queries that holds up everyone's edits (hundreds of connections every 30 s).
	const recheckAccessMs = options.recheckAccessMs ?? 30_000;
	let recheckCursor = 0;
	const recheck = setInterval(() => {
		const all = [...connections];
		if (all.length === 0) return;
		if (recheckCursor >= all.length) recheckCursor = 0;
		const slice = all.slice(recheckCursor, recheckCursor + Math.ceil(all.length / RECHECK_SLICES));
		recheckCursor += slice.length;
		void reauthorizeAll(slice);
	}, recheckAccessMs / RECHECK_SLICES);
	recheck.unref();

	let closing: Promise<void> | null = null;

	/** A connection of `socket` on `document` (`channel`: null for the socket's own, else the added document's name). */
	const join = (socket: SyncSocket, document: SharedDocument, access: DocumentAccess, channel: string | null) => {
		const connection = new Connection(socket, document, access, connectionSettings, channel);
		connections.add(connection);
		registry.join(document, connection);
		log(`sync: ${access.label} joined "${document.name}"${channel === null ? '' : ' (added to an open socket)'}`);
		return connection;
	};

	/**
	 * The checks a document passes before a client reads any of it, the same for the document of an upgrade and for
	 * one added to an open socket: its rights (authorize), then its user's limits (kept out after a flood, the budget
	 * of whole copies). Then the document is opened, so that the caller joins it at once.
	 */
	const admit = async (
		request: IncomingMessage,
		name: string
	): Promise<
		{ ok: true; access: DocumentAccess; document: SharedDocument } | { ok: false; status: number; message: string }
	> => {
		const result = await options.authorize(request, name);
		if (closing) return { ok: false, status: 503, message: 'The server is shutting down' };
		if (!result.ok) return result;
		const userId = result.access.userId;
		const until = userId === null ? undefined : keptOutUntil.get(userId);
		if (until !== undefined && performance.now() < until)
			return { ok: false, status: 429, message: 'Too many changes at once: wait a few seconds' };
		if (until !== undefined) keptOutUntil.delete(userId!);
		if (userId !== null && !syncBudgetOf(userId).available())
			return { ok: false, status: 429, message: 'Too many copies of the board asked for: wait a few seconds' };
		const document = await registry.open(name);
		if (closing) return { ok: false, status: 503, message: 'The server is shutting down' };
		return { ok: true, access: result.access, document };
	};

	const socketSettings = {
		log,
		maxBufferedBytes: options.maxBufferedBytes ?? 8 * MiB,
		admit: async (request: IncomingMessage, name: string): Promise<Admission> => {
			const admitted = await admit(request, name);
			if (!admitted.ok) return admitted;
			return { ok: true, open: (socket, channel) => join(socket, admitted.document, admitted.access, channel) };
		},
		mayShare: (own: string, name: string) => scopeOf(own) === scopeOf(name),
		onClose: (socket: SyncSocket) => sockets.delete(socket)
	};

	const connect = (
		ws: WebSocket,
		raw: Duplex,
		document: SharedDocument,
		access: DocumentAccess,
		request: IncomingMessage
	) => {
		const socket = new SyncSocket(ws, raw, request, socketSettings);
		sockets.add(socket);
		socket.start(join(socket, document, access, null));
	};

	const handleUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
		const onSocketError = (error: Error) => log(`sync: upgrade socket error: ${describe(error)}`);
		socket.on('error', onSocketError);
		const refuse = (status: number, message: string) => {
			log(`sync: refused upgrade of ${pathOf(request)}: ${status} ${message}`);
			refuseUpgrade(socket, status, message);
		};
		if (closing) return refuse(503, 'The server is shutting down');
		const parsed = documentNameFrom(request.url, pathPrefix);
		if (!parsed.ok) return refuse(parsed.status, parsed.message);
		const name = parsed.name;

		Promise.resolve()
			.then(() => admit(request, name))
			.then((result) => {
				if (socket.destroyed) return;
				if (!result.ok) return refuse(result.status, result.message);
				wss.handleUpgrade(request, socket, head, (ws) => {
					socket.off('error', onSocketError);
					try {
						connect(ws, socket, result.document, result.access, request);
					} catch (error) {
						// Upgraded already: no HTTP answer is possible any more.
						log(
							`sync: starting a connection to "${name}" failed: ${error instanceof Error ? error.stack : String(error)}`
						);
						ws.terminate();
					}
				});
			})
			.catch((error: unknown) => {
				log(
					`sync: upgrade of ${pathOf(request)} failed: ${error instanceof Error ? error.stack : String(error)}`
				);
				refuseUpgrade(socket, 500, 'Internal error');
			});
	};

	const reauthorizeAll = async (affected: Connection[]): Promise<number> => {
		let closed = 0;
		await Promise.all(
			affected.map(async (connection) => {
				try {
					const result = await options.authorize(connection.request, connection.documentName);
					if (result.ok) {
						connection.access = result.access;
					} else {
						closed++;
						connection.close(CloseCode.accessWithdrawnBase + result.status, result.message);
					}
				} catch (error) {
					log(`sync: reauthorize of ${connection.documentName} failed, connection kept: ${describe(error)}`);
				}
			})
		);
		return closed;
	};
	const reauthorize = (prefix: string) =>
		reauthorizeAll([...connections].filter((c) => c.documentName.startsWith(prefix)));
	const reauthorizeUser = (userId: number) =>
		reauthorizeAll([...connections].filter((c) => c.access.userId === userId));

	const close = (): Promise<void> => {
		closing ??= (async () => {
			clearInterval(ping);
			clearInterval(recheck);
			await writes.drain(); // what arrived is stored and shared before the connections go
			await Promise.all([...sockets].map((s) => s.closeAndWait(CloseCode.goingAway, 'server shutting down')));
			await writes.drain();
			await registry.closeAll();
			await new Promise<void>((resolve) => wss.close(() => resolve()));
		})();
		return closing;
	};

	return {
		handleUpgrade,
		async getDocument(name: string): Promise<Y.Doc> {
			if (closing) throw new Error('the sync hub is closed');
			// Another instance holds this document (several instances): what storage holds, read now, never kept.
			if (options.owns && !options.owns(name)) return storedCopy(await store.read(name));
			const document = await registry.open(name);
			// Never what a running group changed before it is committed.
			await new Promise<void>((resolve) => writes.whenIdle(resolve));
			return (registry.openNow(name) ?? document).doc;
		},
		applyServerChange<T>(name: string, change: (doc: Y.Doc) => T): Promise<T> {
			if (closing) return Promise.reject(new Error('the sync hub is closed'));
			if (options.owns && !options.owns(name))
				return Promise.reject(new Error(`"${name}" is held by another instance: change it on its owner`));
			return new Promise<T>((resolve, reject) => {
				// In the next group: in a transaction of the hub's own (on SQLite after any transaction page code holds
				// open has ended), committed before what it changed is shared and before this promise settles.
				let loadFailure: unknown;
				writes.enqueue({
					prepare: () => {
						if (registry.openNow(name)) return;
						return registry.open(name).then(
							() => undefined,
							(error: unknown) => void (loadFailure = error)
						);
					},
					run: (writer) => {
						let result: T;
						try {
							const document = registry.openNow(name);
							if (!document) throw loadFailure ?? new Error(`"${name}" could not be loaded`);
							// Its rows' outcomes are watched: a row that could not be stored fails the change.
							result = document.serverWrite(
								{
									append: (row, outcome) =>
										writer.append(row, {
											stored: outcome.stored,
											failed: (error) => {
												failure ??= error;
												outcome.failed(error);
											}
										})
								},
								change
							);
						} catch (error) {
							reject(error);
							return;
						}
						let failure: Error | undefined;
						// Touched after the document, so released after it: settled once the change is stored and shared.
						writes.touch({
							release: () => (failure ? reject(failure) : resolve(result)),
							abandon: reject
						});
					}
				});
			});
		},
		documentNow(name: string): Y.Doc | undefined {
			if (closing) throw new Error('the sync hub is closed');
			return registry.openNow(name)?.doc;
		},
		loadDocument(name: string): void | Promise<void> {
			if (closing) throw new Error('the sync hub is closed');
			if (registry.openNow(name)) return;
			return registry.open(name).then(() => undefined);
		},
		sendEvent(documentName: string, event: object): number {
			// Built once, written as it is to every socket on the document (like a broadcast of an update).
			const wire = binaryWebSocketFrame(eventFrame(event));
			let sent = 0;
			for (const connection of connections) {
				if (connection.documentName !== documentName) continue;
				connection.sendWire(wire);
				sent++;
			}
			return sent;
		},
		reauthorize,
		reauthorizeUser,
		holds: (prefix: string) => registry.holds(prefix),
		release(prefix: string): number {
			// Another instance owns these documents now: its copy is the one that counts. Every socket on them goes
			// (its client reconnects through the proxy, to the owner), and ours are dropped, never written again.
			const affected = [...connections].filter((c) => c.documentName.startsWith(prefix));
			for (const connection of affected)
				connection.close(CloseCode.serviceRestart, 'the meeting moved to another server');
			registry.forget(prefix);
			return affected.length;
		},
		connectionCount: () => connections.size,
		close
	};
}

function raise(message: string): never {
	throw new Error(message);
}

/** A document as storage holds it: the snapshot, then the log after it. */
function storedCopy(stored: StoredState): Y.Doc {
	const doc = new Y.Doc();
	if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot.state);
	for (const row of stored.tail) Y.applyUpdate(doc, row.update);
	return doc;
}

/** The request's path without its query string, which may carry a token: what log lines show. */
function pathOf(request: IncomingMessage): string {
	return (request.url ?? '?').split('?', 1)[0]!;
}
