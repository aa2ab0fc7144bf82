// The public shapes of the sync hub. The hub knows nothing of HTTP routing or of how users sign in: the server
// gives it an `authorize` callback that turns an upgrade request into a DocumentAccess (or a refusal).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type BetterSqlite3 from 'better-sqlite3';
import type { SyncStore } from './store';
import type * as Y from 'yjs';

export interface DocumentAccess {
	/** Written to the update log beside every update this connection makes. */
	userId: number | null;
	/** The writer's name as the server knows it (for content checks that compare authorship), if signed in. */
	userName?: string;
	/** For log lines, e.g. "user 3 (vice_head)". */
	label: string;
	/**
	 * Asked for every incoming sync step 2 / update, before its write group is applied: rights can change
	 * mid-connection. A promise (a query on PostgreSQL) holds the group until it is answered.
	 */
	canWrite: () => boolean | Promise<boolean>;
	/**
	 * Server-asserted identity fields. When given, the hub overwrites these fields in every awareness state this
	 * connection sends, so that nobody can pose as someone else (name, role, unit).
	 */
	awareness?: Record<string, unknown>;
}

export type AuthorizeRefusal = { ok: false; status: 400 | 401 | 403 | 404; message: string };
export type Authorize = (
	request: IncomingMessage,
	documentName: string
) => Promise<{ ok: true; access: DocumentAccess } | AuthorizeRefusal>;

export interface SizeLimits {
	maxUpdateBytes: number;
	maxDocumentBytes: number;
	/** The whole update log of the document, in bytes. */
	maxLogBytes: number;
	/** What one user's connections may write into the document's log, in bytes. */
	maxUserLogBytes: number;
}

export interface SyncHubOptions {
	/**
	 * Where the log and snapshots are kept (migrations/003_sync.ts: sync_updates and sync_snapshots, migrated
	 * already): createSqliteSyncStore or createPostgresSyncStore; or give `sqlite`.
	 */
	store?: SyncStore;
	/**
	 * Several instances on one database: whether this instance holds the document now (its meeting's owner). For a
	 * document it does not hold, getDocument() reads storage afresh each time (another instance writes it) and
	 * applyServerChange() refuses. Default: every document is held here.
	 */
	owns?: (documentName: string) => boolean;
	/** Told once a document nobody was connected to has been unloaded (several instances: a meeting gone idle). */
	onUnloaded?: (documentName: string) => void;
	/** The SQLite connection to keep the log on, when no store is given. */
	sqlite?: BetterSqlite3.Database;
	authorize: Authorize;
	/** Default '/sync/'. The document name is the rest of the path (may contain '/'), URL-decoded; the query is ignored. */
	pathPrefix?: string;
	/**
	 * Which documents may share a socket: a client may add to its socket any document of the same scope as the one
	 * its URL names (each asked of `authorize` as if it came with a socket of its own). Default: the name's first two
	 * segments ("meeting/12" for "meeting/12/answers/unit-a"), so one socket carries one meeting's documents.
	 */
	scopeOf?: (documentName: string) => string;
	/** Default 1 MiB. A larger frame closes its connection with 1009. */
	maxMessageBytes?: number;
	/** Default 500. When a document's log tail since its snapshot reaches this, a snapshot is written in the background. */
	snapshotAfterUpdates?: number;
	/**
	 * Called when a document with an empty log is loaded, as a server change (see applyServerChange) in the next
	 * group commit; what it writes is logged with user id null.
	 */
	seed?: (documentName: string, doc: Y.Doc) => void;
	/**
	 * Optional content check of a client's update, asked after canWrite() with the writing connection's access.
	 * Must not change `doc` (apply the update to a copy, or use another exact method). False (or a throw) refuses
	 * the update like a read-only write; a string refuses it and is the reason the writer is told.
	 */
	validate?: (documentName: string, doc: Y.Doc, update: Uint8Array, access: DocumentAccess) => boolean | string;
	/**
	 * Reads what `validate` needs of the database for a document (asked before each write group is applied, so that
	 * `validate` itself stays synchronous); a promise holds the group until it settles. Optional.
	 */
	prepareValidation?: (documentName: string) => void | Promise<void>;
	/**
	 * Size limits per document (default: 256 KiB per update, 16 MiB per document, a log of 64 MiB of which 16 MiB per
	 * user). An update over its limit, one that would take the document's stored size (newest snapshot plus the log
	 * after it) over its ceiling, or one that would take its whole log (the audit trail, kept forever), or what its
	 * user has written into that log, over theirs, is refused.
	 */
	limits?: (documentName: string) => SizeLimits;
	/** Default console.log. Receives refused writes, bad frames, closes. */
	log?: (line: string) => void;
	/** Default Date.now; the time written to the log and snapshots. */
	now?: () => number;

	// Tuning, mostly for tests; the defaults are the production values.
	/** Default 30 000. How long a document stays in memory after its last connection closes. */
	unloadAfterMs?: number;
	/**
	 * Default 30 000. Asks `authorize` again for every open connection this often, so that access withdrawn where the
	 * hub is not told (another process, an expired session) ends within this time even for a reader.
	 */
	recheckAccessMs?: number;
	/** Default 30 000. Ping every socket this often; one that did not answer the previous ping is terminated. */
	pingIntervalMs?: number;
	/** Default 8 MiB. A socket whose unsent backlog exceeds this is closed (1008) rather than buffered further. */
	maxBufferedBytes?: number;
	/** Default 20. Awareness and query-awareness messages per second per connection; the excess is dropped. */
	awarenessPerSecond?: number;
	/**
	 * Default 20 per second with bursts of 100, per connection and (twice that) per user over all their connections.
	 * Writes over it are refused with the auth message; a connection that goes on is closed (1008).
	 */
	updateRate?: { perSecond: number; burst: number };
	/**
	 * Default 25 per second with bursts of 120, per connection and (twice that) per user: sync step 1s. A screen sends
	 * one after each of its edits and one every 1.5 s (its probe); the excess is dropped, and a connection that goes
	 * on is closed (1008) like an update flood.
	 */
	syncRequestRate?: { perSecond: number; burst: number };
	/**
	 * Default 8 with 0.2 a second: how many whole copies of documents (a connection's first answer, measured as its
	 * bytes over the document's whole state, at least 64 KiB) one user may be sent at once, and how fast that refills.
	 * Past it, the user's upgrades are refused (429) until it has refilled.
	 */
	syncCopies?: { burst: number; perSecond: number };
	/** Default 10 000. After a connection is closed for flooding, its user's upgrades are refused (429) this long. */
	floodCooldownMs?: number;
}

export interface SyncHub {
	/**
	 * Answers 400/401/403/404 (429 for a user kept out after a flood, 500/503 on internal trouble) as plain HTTP before upgrading when the request is
	 * refused; nothing of any document is sent then.
	 */
	handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
	/**
	 * The live server document (loaded if needed), to read. A change made to it directly is refused (it throws, and
	 * the document goes back to what storage holds): server code changes documents through applyServerChange().
	 * Do not keep it across an await: an idle document is unloaded after a while.
	 */
	getDocument(documentName: string): Promise<Y.Doc>;
	/**
	 * The one way server code changes a live document: `change` runs in the hub's next group commit, in one Yjs
	 * transaction, in the group's own database transaction: on SQLite after any transaction page code holds open on
	 * the shared connection has ended (never inside it, which could still roll the change back after it was shared);
	 * on PostgreSQL on a pool connection of its own, neither waiting for a page's transaction nor undone by its
	 * rollback. What it changed is logged with user id null and broadcast once committed. Resolves to what `change`
	 * returned once the change is stored and shared; rejects, with nothing stored or shared, if `change` throws or
	 * storage fails. Never await it inside a transaction of one's own: on SQLite it waits for that transaction to
	 * end; on PostgreSQL it would not be part of it.
	 */
	applyServerChange<T>(documentName: string, change: (doc: Y.Doc) => T): Promise<T>;
	/**
	 * getDocument() without the promise, for checks made while handling a write: the document if it is loaded
	 * (SQLite: loaded now if needed); undefined if not (load it first, e.g. in prepareValidation).
	 */
	documentNow(documentName: string): Y.Doc | undefined;
	/** Loads a document if needed (SQLite: at once) without waiting for running writes: for prepareValidation. */
	loadDocument(documentName: string): void | Promise<void>;
	/**
	 * Sends a one-off event (JSON) to every connection on `documentName` now, as the protocol's event message: never
	 * stored or logged, and lost for a screen that is not connected (which reads again what it shows when it
	 * reconnects). Returns the number of connections it was written to.
	 */
	sendEvent(documentName: string, event: object): number;
	/** Re-authorizes every open connection (see reauthorize) whose access belongs to `userId`. */
	reauthorizeUser(userId: number): Promise<number>;
	/**
	 * Asks `authorize` again for the open connections of documents whose name starts with `prefix` (e.g. after a
	 * participant was removed). Refused connections are closed with 4000 + status (4401/4403/4404: the y-websocket
	 * provider stops reconnecting); the others get the new access. Resolves to the number of connections closed.
	 */
	reauthorize(prefix: string): Promise<number>;
	/**
	 * Gives up the documents whose name starts with `prefix` (another instance owns them now): closes their
	 * connections (1012, the client reconnects) and drops them from memory. Returns how many connections it closed.
	 */
	release(prefix: string): number;
	/** Whether a document whose name starts with `prefix` is loaded (or being loaded) here. */
	holds(prefix: string): boolean;
	/** Open connections over all documents (a socket carrying two documents counts twice). */
	connectionCount(): number;
	/** Closes every socket (1001), writes pending snapshots and unloads every document. */
	close(): Promise<void>;
}
