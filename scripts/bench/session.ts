// How a simulated screen of `npm run bench` reaches each server under test: a Y.Doc synchronised by y-websocket's
// WebsocketProvider over `ws`, the same for all four targets, only the socket differs:
//   binhxet      the app's /sync endpoint, with the session cookie its join link gave;
//   floor        the raw relay (scripts/bench/peers/floor.ts), plain socket;
//   y-websocket  @y/websocket-server, plain socket;
//   hocuspocus   Hocuspocus speaks the y-websocket messages inside a frame of its own: every message starts with
//                the document name (a varString), the server waits for an Auth message (type 2, subtype 0 = token,
//                then the token as a varString) before it handles anything of a document, and it sends messages
//                y-websocket does not know (8 SyncStatus after each update, 2 Authenticated, …). HocuspocusSocket
//                wraps `ws` for the provider: on open it first sends the auth message, it prefixes every outgoing
//                message with the document name, strips the name from incoming ones and passes on only sync (0) and
//                awareness (1); 4 (SyncReply, a sync message that must not trigger another step 1) is passed on as
//                sync, and a permission denial (2, subtype 1) is reported.
import WebSocket, { type RawData } from 'ws';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import type { Target } from './types';

export const TARGETS: readonly Target[] = ['floor', 'y-websocket', 'hocuspocus', 'binhxet'];

export const isTarget = (name: string): name is Target => (TARGETS as readonly string[]).includes(name);

/** The WebSocket class a provider takes (the DOM's, in its types); `ws`-based stand-ins are passed as one. */
type WebSocketClass = NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>['WebSocketPolyfill'];

export interface ProviderOptions {
	cookie?: string | undefined;
	onDenied?: (reason: string) => void;
	onFrame?: (bytes: Uint8Array) => void;
}

/** A `ws` message as bytes (the provider sets binaryType 'arraybuffer'; Hocuspocus's frames come as Buffers). */
function bytesOf(data: RawData | ArrayBuffer): Uint8Array {
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	if (Array.isArray(data)) return Buffer.concat(data);
	return data;
}

/** The WebSocket base URL a provider is given for a server whose HTTP base is `base`. */
export function syncUrl(target: Target, base: string): string {
	const ws = base.replace(/^http/, 'ws');
	return target === 'binhxet' ? `${ws}/sync` : ws;
}

/**
 * A provider for `documentName` on `target`. `cookie`: the session cookie (binhxet); `onDenied(reason)`: Hocuspocus
 * refused the document (the app's refusals come as y-protocols auth messages, which the caller handles);
 * `onFrame(bytes)`: every y-websocket message as it arrives, before the provider handles it (for timing what the
 * server sends apart from what the client does with it).
 */
export function openProvider(
	target: Target,
	serverUrl: string,
	documentName: string,
	doc: Y.Doc,
	{ cookie, onDenied, onFrame }: ProviderOptions = {}
): WebsocketProvider {
	let WebSocketPolyfill: unknown = WebSocket;
	if (target === 'hocuspocus') {
		WebSocketPolyfill = hocuspocusSocket(documentName, onDenied, onFrame);
	} else if (target === 'binhxet' || onFrame) {
		const options = target === 'binhxet' ? { headers: { cookie: cookie ?? '' } } : {};
		WebSocketPolyfill = class BenchSocket extends WebSocket {
			constructor(url: string | URL, protocols?: string | string[]) {
				super(url, protocols, options);
				// Registered before the provider sets onmessage, so it runs first for each message.
				// The provider sets binaryType 'arraybuffer'.
				if (onFrame) this.on('message', (data: RawData | ArrayBuffer) => onFrame(bytesOf(data)));
			}
		};
	}
	// The provider uses only what `ws`'s WebSocket and HocuspocusSocket have of the DOM's WebSocket.
	return new WebsocketProvider(serverUrl, documentName, doc, {
		WebSocketPolyfill: WebSocketPolyfill as WebSocketClass,
		disableBc: true
	});
}

interface SocketEvent {
	type: string;
	[field: string]: unknown;
}

function hocuspocusSocket(
	documentName: string,
	onDenied: ((reason: string) => void) | undefined,
	onFrame: ((bytes: Uint8Array) => void) | undefined
) {
	const name = encoding.createEncoder();
	encoding.writeVarString(name, documentName);
	const prefix = encoding.toUint8Array(name);
	const auth = encoding.createEncoder();
	encoding.writeUint8Array(auth, prefix);
	encoding.writeVarUint(auth, 2); // Auth
	encoding.writeVarUint(auth, 0); // Token
	encoding.writeVarString(auth, ''); // no onAuthenticate hook: any token passes
	const authMessage = encoding.toUint8Array(auth);

	return class HocuspocusSocket {
		static CONNECTING = 0;
		static OPEN = 1;
		static CLOSING = 2;
		static CLOSED = 3;
		CONNECTING = 0;
		OPEN = 1;
		CLOSING = 2;
		CLOSED = 3;
		binaryType = 'arraybuffer';
		onopen: ((event: SocketEvent) => void) | null = null;
		onmessage: ((event: SocketEvent) => void) | null = null;
		onclose: ((event: SocketEvent) => void) | null = null;
		onerror: ((event: SocketEvent) => void) | null = null;
		readonly socket: WebSocket;

		constructor(url: string | URL, protocols?: string | string[]) {
			const socket = (this.socket = new WebSocket(url, protocols));
			socket.on('open', () => {
				socket.send(authMessage);
				this.onopen?.({ type: 'open' });
			});
			socket.on('message', (data) => this.receive(bytesOf(data)));
			socket.on('close', (code, reason) => this.onclose?.({ type: 'close', code, reason: reason.toString() }));
			socket.on('error', (error) => this.onerror?.({ type: 'error', error }));
		}

		get readyState(): number {
			return this.socket.readyState;
		}

		send(data: Uint8Array | ArrayBuffer): void {
			const message = new Uint8Array(prefix.length + data.byteLength);
			message.set(prefix, 0);
			message.set(data instanceof Uint8Array ? data : new Uint8Array(data), prefix.length);
			this.socket.send(message);
		}

		close(code?: number, reason?: string): void {
			this.socket.close(code, reason);
		}

		receive(bytes: Uint8Array): void {
			const decoder = decoding.createDecoder(bytes);
			decoding.readVarString(decoder); // the document's address (name, or name\0session)
			const start = decoder.pos;
			const type = decoding.readVarUint(decoder);
			if (type === 0 || type === 1) {
				const message = bytes.subarray(start);
				onFrame?.(message);
				this.onmessage?.({ type: 'message', data: message });
			} else if (type === 4) {
				const message = bytes.slice(start);
				message[0] = 0; // SyncReply (one byte) → Sync
				onFrame?.(message);
				this.onmessage?.({ type: 'message', data: message });
			} else if (type === 2 && decoding.readVarUint(decoder) === 1) {
				onDenied?.(decoding.readVarString(decoder));
			}
		}
	};
}
