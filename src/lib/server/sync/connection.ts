// One client on one document, over its socket (socket.ts: the document the socket's URL names, or another of the
// same meeting added to it): reads the document's messages, answers the sync handshake, passes its updates through
// the rights check to the document's durable path, and guards the rest of the hub against it (bad messages, floods).
// Everything here is per document: a socket carrying two documents has two connections, each with its own access,
// limits and refusals, exactly as two sockets would.
import type { IncomingMessage } from 'node:http';
import * as decoding from 'lib0/decoding';
import { readAwarenessUpdate } from './awareness';
import { inspectUpdate } from './changes';
import { describe, UpdateDidNotApply, UpdateLeftPending, type Peer, type SharedDocument } from './document';
import {
	CloseCode,
	documentClosedFrame,
	documentMessageFrame,
	documentMessageWire,
	messageAuth,
	messageAwareness,
	messageEvent,
	messageQueryAwareness,
	messageSync,
	messageYjsSyncStep1,
	messageYjsSyncStep2,
	messageYjsUpdate,
	permissionDeniedFrame,
	syncStep2Frame
} from './protocol';
import { createRateLimiter, type Budget, type RateLimiter } from './rate-limit';
import type { SyncSocket } from './socket';
import type { DocumentAccess, SyncHubOptions } from './types';
import type { GroupWriter, WriteGroup } from './write-group';

export interface ConnectionSettings {
	log: (line: string) => void;
	validate: SyncHubOptions['validate'];
	prepareValidation: SyncHubOptions['prepareValidation'];
	awarenessPerSecond: number;
	updateRate: { perSecond: number; burst: number };
	/** Sync step 1s (requests for what the client lacks) per second per connection, with bursts; twice that per user. */
	syncRequestRate: { perSecond: number; burst: number };
	/** The limiter of step 1s shared by all connections of one user. */
	userSyncLimiter: (userId: number | null) => RateLimiter | null;
	/**
	 * What a user's connections have been sent in answer to their first step 1, in copies of the document's whole
	 * state (shared by all their connections, and kept when they reconnect); null: no budget (no user).
	 */
	userSyncBudget: (userId: number | null) => Budget | null;
	/** Where client updates are written (group commit, at the end of the event loop's turn). */
	writes: WriteGroup;
	/** Told when a connection is closed for flooding (the hub keeps its user out for a while). */
	onFlood: (userId: number | null) => void;
	/** The limiter shared by all connections of one user. */
	userLimiter: (userId: number | null) => RateLimiter | null;
	limits: NonNullable<SyncHubOptions['limits']>;
	/** Called once when the connection leaves its document (however it ends). */
	onDetach: (connection: Connection) => void;
}

/** A message that ends its connection with `code`. */
class FrameError extends Error {
	constructor(
		readonly code: number,
		message: string
	) {
		super(message);
	}
}

/** What the rights check said: unknown when it could not be asked (the database is away). */
type Verdict = 'yes' | 'no' | 'unknown';

/** Updates one connection may have waiting for their group's transaction before it is closed. */
const MAX_WAITING_WRITES = 1000;

/**
 * What a step 1 answered after the connection's first costs: nothing to send. Every change the document took since
 * its first answer has gone down this ordered socket already (a connection too slow to take them is closed), so
 * the answer is an empty update; it still acknowledges, by its place in the stream, what the client sent before.
 */
const EMPTY_STEP2_FRAME = syncStep2Frame(new Uint8Array([0, 0]));

/** Below this size a document's answers are counted as if it were this large: small documents cost next to nothing. */
const MIN_STATE_BYTES = 64 * 1024;

export class Connection implements Peer {
	private detached = false;
	private readonly awarenessLimiter: RateLimiter;
	private readonly updateLimiter: RateLimiter;
	private readonly syncRequestLimiter: RateLimiter;
	/** Whether its first step 1 was answered (with what it lacked then); every later one is answered empty. */
	private answered = false;
	/** Step 1s dropped for going over the rate since it last kept to it for a whole burst (see floodStrikes). */
	private syncStrikes = 0;
	private syncWithinRateInARow = 0;
	/**
	 * Writes refused for going over the rate since the connection last kept to it for a whole burst: a connection
	 * that keeps on is closed. An update that gets through now and then (one per refill) does not wipe the count, or
	 * a steady flood would never be closed.
	 */
	private floodStrikes = 0;
	/** Writes within the rate since the last one refused for it. */
	private withinRateInARow = 0;
	private refusedWrites = 0;
	/** Its updates waiting in the write group. */
	private waiting = 0;
	private droppedAwareness = 0;

	constructor(
		readonly socket: SyncSocket,
		readonly document: SharedDocument,
		public access: DocumentAccess,
		private readonly settings: ConnectionSettings,
		/**
		 * Null for the document the socket's URL names, whose messages travel plain; for another document added to
		 * the socket, its name: its messages travel wrapped (protocol.ts, messageDocument).
		 */
		readonly channel: string | null = null
	) {
		this.awarenessLimiter = createRateLimiter(settings.awarenessPerSecond);
		this.updateLimiter = createRateLimiter(settings.updateRate.perSecond, undefined, settings.updateRate.burst);
		this.syncRequestLimiter = createRateLimiter(
			settings.syncRequestRate.perSecond,
			undefined,
			settings.syncRequestRate.burst
		);
	}

	get documentName(): string {
		return this.document.name;
	}

	/** The upgrade request of its socket, kept for reauthorize(). */
	get request(): IncomingMessage {
		return this.socket.request;
	}

	/** Starts the handshake (the server's step 1, then the presence already there); the peer has joined already. */
	start(): void {
		this.send(this.document.step1Frame());
		const presence = this.document.awarenessStatesFrame();
		if (presence) this.send(presence);
	}

	send(frame: Uint8Array): void {
		if (this.detached) return;
		this.socket.send(this.channel === null ? frame : documentMessageFrame(this.channel, frame));
	}

	sendWire(wire: Buffer): void {
		if (this.detached) return;
		this.socket.sendWire(this.channel === null ? wire : documentMessageWire(this.channel, wire));
	}

	/**
	 * Leaves the document at once. The socket's own document closes the socket with `code` (and every other document
	 * on it); another document ends alone: the client is told with `code` (messageDocumentClosed), the socket stays.
	 */
	close(code: number, reason: string): void {
		if (this.detached) return;
		if (this.channel === null) return this.socket.close(code, reason);
		this.settings.log(`sync: closing ${this.who()}: ${code} ${reason}`);
		this.detach();
		this.socket.send(documentClosedFrame(this.channel, code, reason));
	}

	/** close(), resolving once the socket is closed (or at once, for a document that ends alone). */
	async closeAndWait(code: number, reason: string): Promise<void> {
		if (this.channel === null) return this.socket.closeAndWait(code, reason);
		this.close(code, reason);
	}

	/** Leaves the document without a word to the client (its socket has gone, or the client left the document). */
	detach(): void {
		if (this.detached) return;
		this.detached = true;
		this.settings.onDetach(this);
		this.socket.forget(this);
	}

	/** One message of this document (a y-websocket message: its type, then its payload). */
	receive(message: Uint8Array): void {
		if (this.detached) return;
		try {
			this.handle(message);
		} catch (error) {
			this.fail(error);
		}
	}

	/** A bad frame ends the connection with its code; anything else is our fault. */
	private fail(error: unknown): void {
		if (error instanceof FrameError) return this.close(error.code, error.message);
		this.settings.log(
			`sync: ${this.who()}: internal error: ${error instanceof Error ? error.stack : String(error)}`
		);
		this.close(CloseCode.internalError, 'internal error');
	}

	private handle(message: Uint8Array): void {
		const decoder = decoding.createDecoder(message);
		const type = decode('message type', () => decoding.readVarUint(decoder));
		switch (type) {
			case messageSync:
				return this.handleSync(decoder);
			case messageAwareness:
				return this.handleAwareness(decoder);
			case messageQueryAwareness: {
				if (!this.awarenessLimiter.take()) return this.droppedPresence('query awareness');
				const presence = this.document.awarenessStatesFrame();
				if (presence) this.send(presence);
				return;
			}
			case messageAuth:
				throw new FrameError(CloseCode.unsupportedData, 'auth messages come from the server only');
			case messageEvent:
				throw new FrameError(CloseCode.unsupportedData, 'events come from the server only');
			default:
				throw new FrameError(CloseCode.unsupportedData, `unknown message type ${type}`);
		}
	}

	private handleSync(decoder: decoding.Decoder): void {
		const step = decode('sync message type', () => decoding.readVarUint(decoder));
		switch (step) {
			case messageYjsSyncStep1: {
				const stateVector = decode('sync step 1', () => decoding.readVarUint8Array(decoder));
				return this.answerStep1(stateVector);
			}
			case messageYjsSyncStep2:
			case messageYjsUpdate: {
				const what = step === messageYjsSyncStep2 ? 'sync step 2' : 'update';
				// A copy: the frame's buffer may be pooled, and Yjs may keep the update (pending structs).
				const update = decode(what, () => decoding.readVarUint8Array(decoder)).slice();
				return this.enqueue(update, what);
			}
			default:
				throw new FrameError(CloseCode.unsupportedData, `unknown sync message type ${step}`);
		}
	}

	/**
	 * A peer's step 1. The first of the connection is answered with what the peer lacks (from the document's cache of
	 * encoded answers), and its size is charged to the user's budget of whole copies; every later one (the screens'
	 * probes, or someone asking for everything again) is answered empty, see EMPTY_STEP2_FRAME. Step 1s over the rate
	 * are dropped, and a connection that keeps on is closed like an update flood.
	 */
	private answerStep1(stateVector: Uint8Array): void {
		if (!this.syncRequestWithinRate()) {
			if (++this.syncStrikes > this.settings.syncRequestRate.burst) {
				this.settings.onFlood(this.access.userId);
				throw new FrameError(CloseCode.policyViolation, 'too many sync requests: flooding');
			}
			this.syncWithinRateInARow = 0;
			return this.droppedPresence('sync step 1 over the rate');
		}
		if (++this.syncWithinRateInARow >= this.settings.syncRequestRate.burst) this.syncStrikes = 0;
		// An answer acknowledges what the client sent before, and shows the document: it waits until the writes
		// queued so far are committed (or taken back), never sent ahead of them.
		const { writes } = this.settings;
		if (!writes.pending()) return this.answerStep1Now(stateVector);
		writes.whenSettled(() => {
			if (this.detached) return;
			try {
				this.answerStep1Now(stateVector);
			} catch (error) {
				this.fail(error);
			}
		});
	}

	private answerStep1Now(stateVector: Uint8Array): void {
		if (this.answered) return this.send(EMPTY_STEP2_FRAME);
		const wire = decode('sync step 1 state vector', () => this.document.step2Wire(stateVector));
		this.answered = true;
		const budget = this.settings.userSyncBudget(this.access.userId);
		if (budget !== null) {
			const whole = wire.byteLength > MIN_STATE_BYTES ? this.document.fullStateBytes() : MIN_STATE_BYTES;
			budget.spend(wire.byteLength / Math.max(whole, MIN_STATE_BYTES));
		}
		this.sendWire(wire);
	}

	/** One token from this connection's bucket of step 1s, then one from its user's. */
	private syncRequestWithinRate(): boolean {
		const user = this.settings.userSyncLimiter(this.access.userId);
		if (!this.syncRequestLimiter.take()) return false;
		return user === null || user.take();
	}

	/**
	 * The rate is taken as the update arrives; everything else is decided inside the write group, in order with the
	 * updates before it (an update may build on one of the same group). A connection that keeps on flooding is closed.
	 */
	private enqueue(update: Uint8Array, what: string): void {
		if (!this.withinRate()) {
			// A burst's worth of refusals in a row: not a person typing fast.
			if (++this.floodStrikes > this.settings.updateRate.burst) {
				this.settings.onFlood(this.access.userId);
				throw new FrameError(CloseCode.policyViolation, 'too many updates: flooding');
			}
			this.withinRateInARow = 0;
			return this.refuse(what, 'too many changes at once; slow down');
		}
		if (++this.withinRateInARow >= this.settings.updateRate.burst) this.floodStrikes = 0;
		if (this.waiting >= MAX_WAITING_WRITES)
			throw new FrameError(CloseCode.policyViolation, 'too many updates waiting');
		this.waiting++;
		let allowed: Verdict | Promise<Verdict> = 'unknown';
		let prepared = true;
		this.settings.writes.enqueue({
			prepare: () => {
				if (this.detached) return;
				allowed = this.mayWrite();
				const validation = this.prepareValidation();
				const ready = [allowed, this.document.prepareLogSize(), validation].filter(
					(step) => step instanceof Promise
				);
				if (validation === false) prepared = false;
				if (ready.length === 0) return;
				return Promise.all(ready).then(async () => {
					allowed = await allowed;
					if ((await validation) === false) prepared = false;
				});
			},
			run: (writer) => {
				this.waiting--;
				if (this.detached) return;
				try {
					// Rights or facts that could not be read (the database is away) refuse nothing: the update is not
					// stored, and the client, told by the close, sends it again when it reconnects.
					if (allowed === 'unknown' || !prepared)
						throw new FrameError(CloseCode.internalError, 'the update could not be stored');
					this.receiveUpdate(writer, update, what, allowed === 'yes');
				} catch (error) {
					this.fail(error);
				}
			}
		});
	}

	/**
	 * Inside the write group: decode, then rights, size and content checks, then the document's durable path (log,
	 * apply; broadcast when the group commits). Whatever is refused is never applied, logged or relayed, and the
	 * writer is told.
	 */
	private receiveUpdate(writer: GroupWriter, update: Uint8Array, what: string, allowed: boolean): void {
		const { document } = this;
		const inspection = decode(what, () => inspectUpdate(() => document.doc, update));
		if (!inspection.changes) return;
		if (!allowed) return this.refuse(what, 'this connection is read-only');
		const limits = this.settings.limits(document.name);
		if (update.byteLength > limits.maxUpdateBytes)
			return this.refuse(what, `it is over ${limits.maxUpdateBytes} bytes`);
		if (document.storedBytes + update.byteLength > limits.maxDocumentBytes)
			return this.refuse(what, 'the document is full');
		const log = document.logSize(this.access.userId);
		if (log === null) throw new Error('the size of the document’s history could not be read');
		if (log.total + update.byteLength > limits.maxLogBytes)
			return this.refuse(what, 'the document’s history is full');
		if (log.user + update.byteLength > limits.maxUserLogBytes)
			return this.refuse(what, 'you have written too much into this document’s history');
		if (inspection.gap)
			return this.refuse(what, 'it depends on a change the server does not have (refused earlier)');
		if (this.settings.validate) {
			const verdict = this.validation(update);
			if (verdict !== true) return this.refuse(what, verdict);
		}
		try {
			document.write(writer, this, this.access.userId, update);
		} catch (error) {
			if (error instanceof UpdateLeftPending)
				return this.refuse(what, 'it depends on changes the server does not have');
			if (error instanceof UpdateDidNotApply) {
				throw new FrameError(CloseCode.invalidPayload, `${what} does not apply: ${error.message}`);
			}
			// Not the client's fault: it keeps the change and sends it again in its step 2 when it reconnects.
			this.settings.log(`sync: ${this.who()}: ${what} could not be stored: ${describe(error)}`);
			throw new FrameError(CloseCode.internalError, 'the update could not be stored');
		}
	}

	/** One token from this connection's bucket, then one from its user's (shared by all their connections). */
	private withinRate(): boolean {
		const user = this.settings.userLimiter(this.access.userId);
		if (!this.updateLimiter.take()) return false;
		return user === null || user.take();
	}

	/** The rights check, asked before the write's group is applied (on SQLite in the same step). Never rejects. */
	private mayWrite(): Verdict | Promise<Verdict> {
		const threw = (error: unknown): Verdict => {
			this.settings.log(`sync: ${this.who()}: canWrite() failed, the update is not stored: ${describe(error)}`);
			return 'unknown';
		};
		const verdict = (allowed: boolean): Verdict => (allowed === true ? 'yes' : 'no');
		try {
			const allowed = this.access.canWrite();
			return allowed instanceof Promise ? allowed.then(verdict, threw) : verdict(allowed);
		} catch (error) {
			return threw(error);
		}
	}

	/** What the content check must read first (the meeting's facts), if any: false if that failed. Never rejects. */
	private prepareValidation(): void | false | Promise<void | false> {
		const threw = (error: unknown): false => {
			this.settings.log(`sync: ${this.who()}: preparing the content check failed: ${describe(error)}`);
			return false;
		};
		try {
			return this.settings.prepareValidation?.(this.document.name)?.catch(threw);
		} catch (error) {
			return threw(error);
		}
	}

	/** True, or why the content check refused the update. */
	private validation(update: Uint8Array): true | string {
		try {
			const verdict = this.settings.validate!(this.document.name, this.document.doc, update, this.access);
			return verdict === true ? true : verdict === false ? 'the change is not allowed' : verdict;
		} catch (error) {
			this.settings.log(`sync: ${this.who()}: validate() threw, update refused: ${describe(error)}`);
			return 'the change is not allowed';
		}
	}

	/** A dropped write: never applied, logged or seen by others; the client is told, the connection stays. */
	private refuse(what: string, reason: string): void {
		this.refusedWrites++;
		if (isPowerOfTwo(this.refusedWrites)) {
			this.settings.log(
				`sync: refused ${what} from ${this.who()}: ${reason} (${this.refusedWrites} refused so far)`
			);
		}
		this.send(permissionDeniedFrame(reason));
	}

	private handleAwareness(decoder: decoding.Decoder): void {
		if (!this.awarenessLimiter.take()) return this.droppedPresence('awareness');
		const entries = decode('awareness update', () => readAwarenessUpdate(decoding.readVarUint8Array(decoder)));
		const dropped = this.document.applyAwareness(this, this.access.userId, entries, this.access.awareness);
		if (dropped > 0) this.droppedPresence(`awareness of ${dropped} client id(s) it does not own`);
	}

	private droppedPresence(what: string): void {
		this.droppedAwareness++;
		if (isPowerOfTwo(this.droppedAwareness)) {
			this.settings.log(`sync: dropped ${what} from ${this.who()} (${this.droppedAwareness} dropped so far)`);
		}
	}

	who(): string {
		return `${this.access.label} on "${this.document.name}"`;
	}
}

/** Runs a decoding step; any failure closes the connection as an invalid payload. */
function decode<T>(what: string, read: () => T): T {
	try {
		return read();
	} catch (error) {
		throw new FrameError(CloseCode.invalidPayload, `${what} does not decode: ${describe(error)}`);
	}
}

function isPowerOfTwo(n: number): boolean {
	return (n & (n - 1)) === 0;
}
