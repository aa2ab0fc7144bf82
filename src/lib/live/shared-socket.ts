import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';

// One socket for all the live documents a page shows. The socket is opened on the meeting's scoring document (its
// URL names it, `/sync/meeting/<id>/scoring`, so a proxy can route a meeting's sockets by the id); another document
// of the same meeting (a unit's answers) travels on it wrapped: message 5 with the document's name and one whole
// y-websocket message of it, both ways; message 6 with its name, a close code and a reason ends that document alone
// (from the server: refused or closed, with the code a socket of its own would have had; from us: we leave it).
//
// The other document keeps a y-websocket provider of its own, with all it does (sync, awareness, reconnecting,
// and what LiveConnection builds on it), given a WebSocket look-alike (DocumentChannel) instead of a socket: it
// opens when the shared socket is open (its step 1 then adds the document on the server), sends and receives
// through it, and closes when the shared socket closes, or with the server's code when the server ends the
// document, so that its provider reconnects or stops exactly as it would on a socket of its own.

/** Wrapped message of another document (the hub's `messageDocument`). */
export const MESSAGE_DOCUMENT = 5;
/** One document on the socket ends (the hub's `messageDocumentClosed`). */
export const MESSAGE_DOCUMENT_CLOSED = 6;

type Handler = (encoder: encoding.Encoder, decoder: decoding.Decoder) => void;

/** The other documents on one provider's socket. */
export class SharedSocket {
	readonly #channels = new Map<string, DocumentChannel>();
	#socket: WebSocket | null = null;
	#destroyed = false;
	/** The server closed the shared socket for good (signed out, no longer a participant): so are its documents. */
	#final: { code: number; reason: string } | null = null;

	constructor(readonly provider: WebsocketProvider) {
		const handlers = (provider as unknown as { messageHandlers: Handler[] }).messageHandlers;
		handlers[MESSAGE_DOCUMENT] = (_encoder, decoder) => {
			const name = decoding.readVarString(decoder);
			const message = decoding.readVarUint8Array(decoder);
			this.#channels.get(name)?.received(message);
		};
		handlers[MESSAGE_DOCUMENT_CLOSED] = (_encoder, decoder) => {
			const name = decoding.readVarString(decoder);
			const code = decoding.readVarUint(decoder);
			const reason = decoding.readVarString(decoder);
			this.#channels.get(name)?.ended(code, reason);
		};
		provider.on('status', this.#onStatus);
		provider.on('closed', this.#onClosed);
		if (provider.wsconnected) this.#socket = provider.ws;
	}

	#onClosed = (event: { code: number; reason: string }) => {
		this.#final = event;
		for (const channel of [...this.#channels.values()]) channel.ended(event.code, event.reason);
	};

	#onStatus = ({ status }: { status: string }) => {
		if (status === 'connected') {
			this.#final = null;
			this.#socket = this.provider.ws;
			for (const channel of this.#channels.values()) channel.opened();
		} else if (this.#socket !== null) {
			this.#socket = null;
			// Gone with the socket, as a socket of its own would be; its provider reconnects.
			for (const channel of [...this.#channels.values()]) channel.ended(1006, 'the shared socket closed');
		}
	};

	/** A WebSocket class for a provider of `documentName`: its sockets are channels on this one. */
	channelFor(documentName: string): typeof WebSocket {
		// eslint-disable-next-line @typescript-eslint/no-this-alias -- the class below is made per shared socket
		const shared = this;
		class Channel extends DocumentChannel {
			constructor() {
				super(shared, documentName);
			}
		}
		return Channel as unknown as typeof WebSocket;
	}

	destroy(): void {
		this.#destroyed = true;
		this.provider.off('status', this.#onStatus);
		this.provider.off('closed', this.#onClosed);
		for (const channel of [...this.#channels.values()]) channel.ended(1001, 'the page left');
	}

	/** @internal */
	register(channel: DocumentChannel): void {
		this.#channels.get(channel.name)?.ended(1000, 'replaced');
		if (this.#destroyed) return; // stays connecting: nothing will carry it
		this.#channels.set(channel.name, channel);
		const final = this.#final;
		if (final) queueMicrotask(() => channel.ended(final.code, final.reason));
		// Opened once its provider has set its handlers (right after making it).
		if (this.#open()) queueMicrotask(() => this.#open() && channel.opened());
	}

	/** @internal */
	unregister(channel: DocumentChannel, tellServer: boolean): void {
		if (this.#channels.get(channel.name) !== channel) return;
		this.#channels.delete(channel.name);
		if (!tellServer) return;
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_DOCUMENT_CLOSED);
		encoding.writeVarString(encoder, channel.name);
		encoding.writeVarUint(encoder, 1000);
		encoding.writeVarString(encoder, '');
		this.#send(encoding.toUint8Array(encoder));
	}

	/** @internal */
	sendFor(name: string, message: Uint8Array): void {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_DOCUMENT);
		encoding.writeVarString(encoder, name);
		encoding.writeVarUint8Array(encoder, message);
		this.#send(encoding.toUint8Array(encoder));
	}

	#send(frame: Uint8Array<ArrayBuffer>): void {
		if (this.#open()) this.#socket!.send(frame);
	}

	#open(): boolean {
		return this.#socket !== null && this.#socket.readyState === 1;
	}
}

type Listener = ((event: never) => void) | null;

/** What y-websocket's provider uses of a WebSocket, over a SharedSocket. */
class DocumentChannel {
	static readonly CONNECTING = 0;
	static readonly OPEN = 1;
	static readonly CLOSING = 2;
	static readonly CLOSED = 3;
	readonly CONNECTING = 0;
	readonly OPEN = 1;
	readonly CLOSING = 2;
	readonly CLOSED = 3;
	readyState = 0;
	binaryType = 'arraybuffer';
	onopen: Listener = null;
	onmessage: Listener = null;
	onclose: Listener = null;
	onerror: Listener = null;

	constructor(
		private readonly shared: SharedSocket,
		readonly name: string
	) {
		shared.register(this);
	}

	send(data: ArrayBuffer | Uint8Array): void {
		if (this.readyState !== 1) return;
		this.shared.sendFor(this.name, data instanceof Uint8Array ? data : new Uint8Array(data));
	}

	/** Leaves the document (the server is told), as closing a socket of its own would. */
	close(code = 1000, reason = ''): void {
		if (this.readyState === 3) return;
		const wasOpen = this.readyState === 1;
		this.readyState = 3;
		this.shared.unregister(this, wasOpen);
		const onclose = this.onclose as ((event: { code: number; reason: string }) => void) | null;
		queueMicrotask(() => onclose?.({ code, reason }));
	}

	opened(): void {
		if (this.readyState !== 0) return;
		this.readyState = 1;
		(this.onopen as ((event: object) => void) | null)?.({});
	}

	received(message: Uint8Array): void {
		if (this.readyState !== 1) return;
		(this.onmessage as ((event: { data: ArrayBuffer }) => void) | null)?.({ data: message.slice().buffer });
	}

	/** Closed from the other side (the server, or the shared socket going): the server needs no word. */
	ended(code: number, reason: string): void {
		if (this.readyState === 3) return;
		this.readyState = 3;
		this.shared.unregister(this, false);
		(this.onclose as ((event: { code: number; reason: string }) => void) | null)?.({ code, reason });
	}
}
