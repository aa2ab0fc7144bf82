// One client's WebSocket: the frames it carries, for the document its URL names and for the other documents of the
// same meeting the client adds to it (protocol.ts: messageDocument, messageDocumentClosed), so that a page keeps one
// socket however many documents it shows; and the socket's own life: pings, its backlog, its end. What each
// document allows is its connection's business (connection.ts), the same whether it came with the URL or was added.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import { describe as describeError } from './document';
import type { Connection } from './connection';
import {
	CloseCode,
	documentClosedFrame,
	messageDocument,
	messageDocumentClosed,
	messageSync,
	messageYjsSyncStep1
} from './protocol';
import { createRateLimiter } from './rate-limit';
import { nameProblem } from './upgrade';

/** What a client may be told when it asks for another document on its socket. */
export type Admission =
	| { ok: true; open: (socket: SyncSocket, channel: string) => Connection }
	| { ok: false; status: number; message: string };

export interface SocketSettings {
	log: (line: string) => void;
	maxBufferedBytes: number;
	/** The checks of an upgrade, for another document on this socket (its rights, its user's limits). */
	admit: (request: IncomingMessage, name: string) => Promise<Admission>;
	/** Whether `name` may travel on a socket opened on `own` (the same meeting). */
	mayShare: (own: string, name: string) => boolean;
	/** Told once when the socket has closed or is closing; every connection on it has been detached. */
	onClose: (socket: SyncSocket) => void;
}

/** Documents one socket may carry besides its own: a page shows two; more is a client gone wrong. */
export const MAX_ADDED_DOCUMENTS = 8;
/** Messages of an added document held while its rights are being asked (its step 1, presence, a first edit or two). */
const MAX_HELD_MESSAGES = 64;
const MAX_HELD_BYTES = 1024 * 1024;
/**
 * Documents a socket may ask to add, per second, with bursts: each costs a rights check in the database, as an
 * upgrade would (a page adds one, and again after its socket or the document dropped).
 */
const ADDITIONS_PER_SECOND = 1;
const ADDITIONS_BURST = 10;
/** After our close frame, how long the peer has to answer before the socket is destroyed. */
const CLOSE_GRACE_MS = 2_000;

/** An added document whose rights are being asked: the messages that came for it meanwhile, in order. */
interface Waiting {
	held: Uint8Array[];
	bytes: number;
}

export class SyncSocket {
	/** Set by a pong or any frame; cleared by each ping. */
	private alive = true;
	private closing = false;
	/** The connection on the document the URL names; set by start(). */
	private own: Connection | null = null;
	/** The connections on documents added to the socket, by name. */
	private readonly added = new Map<string, Connection>();
	/** Documents asked for whose rights are not known yet, by name. */
	private readonly waiting = new Map<string, Waiting>();
	/** Messages for a document not on the socket that were not a step 1 (in flight when it was closed). */
	private strays = 0;
	private refusals = 0;
	private readonly additions = createRateLimiter(ADDITIONS_PER_SECOND, undefined, ADDITIONS_BURST);
	private readonly closed: Promise<void>;

	constructor(
		private readonly ws: WebSocket,
		/** The socket under `ws` (the hub's WebSocket server has no per-message compression, so ws adds nothing to a frame). */
		private readonly raw: Duplex,
		/** Kept for reauthorize(), and asked again for every document added. */
		readonly request: IncomingMessage,
		private readonly settings: SocketSettings
	) {
		this.closed = new Promise((resolve) => ws.once('close', () => resolve()));
	}

	/** Starts reading frames, with `own` on the document the URL names (which has joined its document already). */
	start(own: Connection): void {
		this.own = own;
		const { ws } = this;
		ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
		ws.on('pong', () => (this.alive = true));
		ws.on('error', (error) => this.settings.log(`sync: ${own.who()}: ${describeError(error)}`));
		ws.on('close', (code, reason) => {
			if (this.closing) return;
			this.settings.log(`sync: ${own.who()} left (${code}${reason.length ? ` ${reason.toString()}` : ''})`);
			this.end();
		});
		own.start();
	}

	send(frame: Uint8Array): void {
		if (this.canSendNow()) this.ws.send(frame);
	}

	sendWire(wire: Buffer): void {
		if (this.canSendNow()) this.raw.write(wire);
	}

	/** Whether a frame may go out now: the socket is open, and a reader that lets its backlog grow is closed. */
	private canSendNow(): boolean {
		if (this.closing || this.ws.readyState !== WebSocket.OPEN) return false;
		if (this.ws.bufferedAmount <= this.settings.maxBufferedBytes) return true;
		this.close(CloseCode.policyViolation, 'too slow: unsent backlog over the limit');
		return false;
	}

	/** Every document leaves at once and the socket closes with `code` (destroyed if the peer does not answer). */
	close(code: number, reason: string): void {
		if (this.closing) return;
		this.settings.log(`sync: closing ${this.who()}: ${code} ${reason}`);
		this.end();
		try {
			this.ws.close(code, truncateReason(reason));
		} catch (error) {
			this.settings.log(`sync: ${this.who()}: close failed: ${describeError(error)}`);
			this.ws.terminate();
		}
		setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS).unref();
	}

	/** close(), resolving once the socket is closed. */
	async closeAndWait(code: number, reason: string): Promise<void> {
		this.close(code, reason);
		if (this.ws.readyState === WebSocket.CLOSED) return;
		await this.closed;
	}

	/** Called by the hub every ping interval: a socket that did not answer the last ping is dead. */
	heartbeat(): void {
		if (this.closing) return;
		if (!this.alive) {
			this.settings.log(`sync: ${this.who()} did not answer a ping; terminated`);
			this.end();
			this.ws.terminate();
			return;
		}
		this.alive = false;
		try {
			this.ws.ping();
		} catch (error) {
			this.settings.log(`sync: ${this.who()}: ping failed: ${describeError(error)}`);
		}
	}

	/** A connection that has left its document (see Connection.detach). */
	forget(connection: Connection): void {
		if (connection.channel !== null && this.added.get(connection.channel) === connection)
			this.added.delete(connection.channel);
	}

	private end(): void {
		if (this.closing) return;
		this.closing = true;
		this.waiting.clear();
		for (const connection of [...this.added.values()]) connection.detach();
		this.own?.detach();
		this.settings.onClose(this);
	}

	private onMessage(data: WebSocket.RawData, isBinary: boolean): void {
		this.alive = true;
		if (this.closing || !this.own) return;
		if (!isBinary) return this.close(CloseCode.unsupportedData, 'text frames are not supported');
		const bytes = toBytes(data);
		const decoder = decoding.createDecoder(bytes);
		let type: number;
		try {
			type = decoding.readVarUint(decoder);
		} catch (error) {
			return this.close(CloseCode.invalidPayload, `message type does not decode: ${describeError(error)}`);
		}
		if (type === messageDocument || type === messageDocumentClosed) {
			let name: string;
			let rest: Uint8Array;
			try {
				name = decoding.readVarString(decoder);
				// A copy: the frame's buffer may be pooled, and a held message outlives it.
				rest = type === messageDocument ? decoding.readVarUint8Array(decoder).slice() : new Uint8Array();
			} catch (error) {
				const what = type === messageDocument ? 'document message' : 'document close';
				return this.close(CloseCode.invalidPayload, `${what} does not decode: ${describeError(error)}`);
			}
			return type === messageDocument ? this.forDocument(name, rest) : this.leave(name);
		}
		this.own.receive(bytes);
	}

	/** A message for another document of the socket: to its connection, or held while its rights are asked. */
	private forDocument(name: string, message: Uint8Array): void {
		const connection = this.added.get(name);
		if (connection) return connection.receive(message);
		const waiting = this.waiting.get(name);
		if (waiting) {
			waiting.held.push(message);
			waiting.bytes += message.byteLength;
			if (waiting.held.length > MAX_HELD_MESSAGES || waiting.bytes > MAX_HELD_BYTES) {
				this.waiting.delete(name);
				this.refuse(name, CloseCode.policyViolation, 'too many messages before the document was opened');
			}
			return;
		}
		// Only a step 1 adds a document. Anything else came after the document was closed, on its way already.
		if (!isStep1(message)) {
			this.strays++;
			if (isPowerOfTwo(this.strays))
				this.settings.log(
					`sync: dropped a message for "${name}", not open on ${this.who()} (${this.strays} so far)`
				);
			return;
		}
		this.add(name, message);
	}

	/** A step 1 for a document not on the socket yet: the same checks as a socket of its own would pass. */
	private add(name: string, step1: Uint8Array): void {
		const own = this.own!;
		const wrong = nameProblem(name);
		if (wrong !== null) return this.refuse(name, 4400, wrong);
		if (name === own.documentName) return this.refuse(name, 4400, 'the socket’s own document travels unwrapped');
		if (!this.settings.mayShare(own.documentName, name))
			return this.refuse(name, 4403, 'not a document of this socket’s meeting');
		if (this.added.size + this.waiting.size >= MAX_ADDED_DOCUMENTS)
			return this.refuse(name, CloseCode.policyViolation, 'too many documents on one socket');
		if (!this.additions.take())
			return this.refuse(name, CloseCode.tryAgainLater, 'documents added too often: try again later');
		const waiting: Waiting = { held: [step1], bytes: step1.byteLength };
		this.waiting.set(name, waiting);
		this.settings
			.admit(this.request, name)
			.then((admission) => {
				// Left meanwhile (or asked for again: that request decides), or the socket is gone.
				if (this.closing || this.waiting.get(name) !== waiting) return;
				this.waiting.delete(name);
				if (!admission.ok) {
					const code =
						admission.status === 429 || admission.status >= 500
							? CloseCode.tryAgainLater
							: CloseCode.accessWithdrawnBase + admission.status;
					return this.refuse(name, code, admission.message);
				}
				const connection = admission.open(this, name);
				this.added.set(name, connection);
				connection.start();
				for (const message of waiting.held) connection.receive(message);
			})
			.catch((error: unknown) => {
				this.settings.log(
					`sync: adding "${name}" to ${this.who()} failed: ${error instanceof Error ? error.stack : String(error)}`
				);
				if (this.closing || this.waiting.get(name) !== waiting) return;
				this.waiting.delete(name);
				this.refuse(name, CloseCode.internalError, 'internal error');
			});
	}

	/** The client leaves one of the documents it added. */
	private leave(name: string): void {
		this.waiting.delete(name);
		const connection = this.added.get(name);
		if (!connection) return;
		this.settings.log(`sync: ${connection.who()} left`);
		connection.detach();
	}

	/** A document refused before it was open: the client is told (messageDocumentClosed), the socket stays. */
	private refuse(name: string, code: number, reason: string): void {
		if (isPowerOfTwo(++this.refusals)) {
			const what = JSON.stringify(name.slice(0, 100));
			this.settings.log(`sync: refused ${what} on ${this.who()}: ${code} ${reason} (${this.refusals} so far)`);
		}
		this.send(documentClosedFrame(name, code, reason));
	}

	private who(): string {
		return this.own?.who() ?? 'a socket';
	}
}

/** Whether a message of a document is a sync step 1 (what a client sends first to add a document). */
function isStep1(message: Uint8Array): boolean {
	try {
		const decoder = decoding.createDecoder(message);
		return decoding.readVarUint(decoder) === messageSync && decoding.readVarUint(decoder) === messageYjsSyncStep1;
	} catch {
		return false;
	}
}

function toBytes(data: WebSocket.RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** A close reason is at most 123 bytes of UTF-8. */
function truncateReason(reason: string): string {
	let result = reason;
	while (Buffer.byteLength(result) > 123) result = result.slice(0, -1);
	return result;
}

function isPowerOfTwo(n: number): boolean {
	return (n & (n - 1)) === 0;
}
