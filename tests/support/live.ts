import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { SharedSocket } from '$lib/live/shared-socket';

/** A y-websocket client as the browser runs it, signed in by its session cookie. */
export interface LiveClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	refused: () => number;
	/** Sockets it opened so far (none for a client over another's socket). */
	sockets: () => number;
	/** Close codes with which the server ended it for good. */
	closedWith: number[];
	destroy: () => void;
}

export function connectLive(baseUrl: string, cookie: string, documentName: string): LiveClient {
	const headers = { cookie };
	let sockets = 0;
	// The provider opens sockets itself (also on reconnect): give it a WebSocket that sends the cookie.
	class CookieWebSocket extends WebSocket {
		constructor(url: string, protocols?: string | string[]) {
			super(url, protocols, { headers });
			sockets++;
		}
	}
	const client = live(`${baseUrl.replace(/^http/, 'ws')}/sync`, documentName, CookieWebSocket);
	return { ...client, sockets: () => sockets };
}

const sharedSockets = new WeakMap<WebsocketProvider, SharedSocket>();

/** A client of another document of the same meeting on `main`'s socket, as a unit's page has its answers. */
export function connectLiveOver(main: LiveClient, documentName: string): LiveClient {
	let shared = sharedSockets.get(main.provider);
	if (!shared) sharedSockets.set(main.provider, (shared = new SharedSocket(main.provider)));
	return { ...live('ws://unused', documentName, shared.channelFor(documentName)), sockets: () => 0 };
}

function live(url: string, documentName: string, socketClass: unknown): Omit<LiveClient, 'sockets'> {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(url, documentName, doc, {
		WebSocketPolyfill: socketClass as typeof globalThis.WebSocket,
		disableBc: true,
		maxBackoffTime: 300
	});
	let refused = 0;
	const handlers = (provider as unknown as { messageHandlers: unknown[] }).messageHandlers;
	handlers[2] = () => (refused += 1);
	const closedWith: number[] = [];
	provider.on('closed', ({ code }) => closedWith.push(code));
	return {
		doc,
		provider,
		refused: () => refused,
		closedWith,
		destroy: () => {
			provider.destroy();
			doc.destroy();
		}
	};
}

/** Polls until the condition holds (or fails with what was awaited). */
export async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
	const start = Date.now();
	while (!condition()) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

export function synced(client: LiveClient): Promise<void> {
	return until(() => client.provider.synced, 'the first sync');
}

/** Opens a raw socket (for hostile frames); resolves once open, or with the HTTP status it was refused with. */
export function rawSocket(
	baseUrl: string,
	path: string,
	cookie?: string,
	headers: Record<string, string> = {}
): Promise<{ socket: WebSocket } | { status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${path}`, {
			headers: { ...(cookie ? { cookie } : {}), ...headers }
		});
		socket.on('open', () => resolve({ socket }));
		socket.on('unexpected-response', (_request, response) => {
			let body = '';
			response.on('data', (chunk: Buffer) => (body += chunk.toString()));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
		});
		socket.on('error', (error) => reject(error));
	});
}
