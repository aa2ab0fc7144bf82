import * as Y from 'yjs';
import { WebsocketProvider, messageAuth, messageSync } from 'y-websocket';
import { readAuthMessage } from 'y-protocols/auth';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Decoder } from 'lib0/decoding';
import { MESSAGE_EVENT, parseBoardEvent, type BoardEvent } from './events';
import { MESSAGE_DOCUMENT, MESSAGE_DOCUMENT_CLOSED, SharedSocket } from './shared-socket';

// One live Yjs document in the browser, synchronised over the y-websocket protocol, with the connection state the
// board always shows: connected, connecting (reconnecting), or offline with N unsent changes.
//
// The state must be true within seconds: a dropped network often leaves the socket looking open for half a minute.
// So the screen probes the server every HEARTBEAT_MS (a sync step 1, which the server answers with a step 2) and
// calls the connection lost when nothing has come back for SILENCE_MS; the browser's offline event says so at once.
// The same probes acknowledge edits: the socket is ordered, so once the server answers a probe sent after an edit,
// the server has that edit (a refusal comes back as an auth message). Every edit not acknowledged so far is unsent.
//
// The same socket carries the server's one-off events (events.ts); they are not kept anywhere, so a screen is told
// each time its socket opens (onConnect), the first time too (its page data was read before), and reads again
// whatever such events would have told it meanwhile.
//
// A page keeps one socket (shared-socket.ts): a connection made `over` another travels on that one's socket, as
// another document of the same meeting, with the same state, acknowledgements, refusals and events as on its own.

export type ConnectionStatus = 'connecting' | 'connected' | 'offline';

export const HEARTBEAT_MS = 1500;
export const SILENCE_MS = 4500;

type Handler = (
	encoder: encoding.Encoder,
	decoder: Decoder,
	provider: WebsocketProvider,
	emitSynced: boolean,
	messageType: number
) => void;

export class LiveConnection {
	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	/** The other documents on this connection's socket (none for a connection that is itself over another's). */
	readonly shared: SharedSocket | null;
	status: ConnectionStatus = $state('connecting');
	/** Whether the server's state has arrived: edits are offered only then, so no click acts on a stale picture. */
	synced = $state(false);
	/** Local changes the server has not acknowledged yet: they are sent (again) on reconnect. */
	unsent = $state(0);
	/** Set when the server refused one of our writes (the change is not kept by anyone else). */
	refused = $state(false);
	/** The server's reason for the last refusal (in English, for the log; refusalMessage() says it to the user). */
	refusedReason: string | null = $state(null);
	/** The server closed the connection for good (4401/4403/4404): signed out or no longer a participant. */
	closedForGood = $state(false);
	/** When the connection was last known to be lost (for "offline for N s"), or null. */
	lostAt: number | null = $state(null);

	#edits = 0; // local edits made so far
	#acked = 0; // of which the server has acknowledged this many
	#probes: number[] = []; // for each sync step 1 in flight, in order: the edits it acknowledges once answered
	#lastHeard = Date.now();
	#timer: ReturnType<typeof setInterval> | undefined;
	// Listeners, not state: nothing renders from these sets.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#eventListeners = new Set<(event: BoardEvent) => void>();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#connectListeners = new Set<() => void>();
	#online = () => this.provider.ws?.close(); // reconnect at once instead of waiting out the backoff
	#offline = () => this.#lost();

	/** `over`: the connection (of the same meeting) whose socket this one shares; see shared-socket.ts. */
	constructor(documentName: string, options: { url?: string; connect?: boolean; over?: LiveConnection } = {}) {
		const url = options.url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
		const over = options.over?.shared;
		// No BroadcastChannel between tabs: every change goes through the server, which checks rights.
		this.provider = new WebsocketProvider(url, documentName, this.doc, {
			disableBc: true,
			connect: options.connect ?? true,
			maxBackoffTime: 2000,
			...(over ? { WebSocketPolyfill: over.channelFor(documentName) } : {})
		});
		this.shared = over ? null : new SharedSocket(this.provider);
		this.provider.on('status', ({ status }: { status: string }) => {
			if (status === 'connected') {
				this.#lastHeard = Date.now();
				// Events sent while this screen had no socket are lost: whoever listens reads again.
				for (const listener of this.#connectListeners) listener();
				// The provider's own sync step 1 follows at once; its answer acknowledges nothing of ours.
				this.#probes = [this.#acked];
				this.status = navigator.onLine === false ? 'offline' : 'connected';
				this.lostAt = null;
			} else {
				this.#probes = [];
				if (status === 'connecting' && this.status !== 'offline') this.status = 'connecting';
				if (status === 'disconnected') this.#lost();
			}
		});
		this.provider.on('sync', (synced: boolean) => {
			if (!synced) return;
			this.synced = true; // stays true while offline: edits made then are kept and sent on reconnect
			// The edits made offline went out in answer to the server's step 1: probe so that they are acknowledged.
			this.#probe();
		});
		this.provider.on('closed', () => {
			this.closedForGood = true;
			this.status = 'offline';
		});
		this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
			if (origin === this.provider) return;
			this.#edits += 1;
			this.unsent = this.#edits - this.#acked;
			// The provider has just sent the update (its listener runs first); probe right behind it.
			if (this.provider.wsconnected) this.#probe();
		});
		const handlers = (this.provider as unknown as { messageHandlers: Handler[] }).messageHandlers;
		// y-protocols/auth: the server tells a client whose write it dropped. The provider only logs it; show it.
		handlers[messageAuth] = (_encoder, decoder) =>
			readAuthMessage(decoder, this.doc, (_doc, reason) => {
				this.refusedReason = reason;
				this.refused = true;
			});
		handlers[MESSAGE_EVENT] = (_encoder, decoder) => {
			this.#lastHeard = Date.now();
			const event = parseBoardEvent(decoding.readVarString(decoder));
			if (event) for (const listener of this.#eventListeners) listener(event);
		};
		// The other documents' messages are heard on this socket too.
		for (const type of [MESSAGE_DOCUMENT, MESSAGE_DOCUMENT_CLOSED]) {
			const handler = handlers[type];
			if (handler)
				handlers[type] = (...args) => {
					this.#lastHeard = Date.now();
					handler(...args);
				};
		}
		const sync = handlers[messageSync]!;
		handlers[messageSync] = (encoder, decoder, provider, emitSynced, messageType) => {
			this.#lastHeard = Date.now();
			const kind = decoding.peekVarUint(decoder);
			sync(encoder, decoder, provider, emitSynced, messageType);
			if (kind === syncProtocol.messageYjsSyncStep2) this.#answered();
		};
		if (typeof window !== 'undefined') {
			window.addEventListener('online', this.#online);
			window.addEventListener('offline', this.#offline);
		}
		this.#timer = setInterval(() => this.#beat(), HEARTBEAT_MS / 3);
	}

	/** Calls `listener` with every event the server sends on this socket; returns the unsubscribe. */
	onEvent(listener: (event: BoardEvent) => void): () => void {
		this.#eventListeners.add(listener);
		return () => this.#eventListeners.delete(listener);
	}

	/** Calls `listener` each time the socket opens, the first time too (events before it were missed). */
	onConnect(listener: () => void): () => void {
		this.#connectListeners.add(listener);
		return () => this.#connectListeners.delete(listener);
	}

	get awareness() {
		return this.provider.awareness;
	}

	#probe(): void {
		const ws = this.provider.ws;
		if (!ws || ws.readyState !== WebSocket.OPEN) return;
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, messageSync);
		syncProtocol.writeSyncStep1(encoder, this.doc);
		ws.send(encoding.toUint8Array(encoder));
		this.#probes.push(this.#edits);
	}

	#answered(): void {
		const covers = this.#probes.shift();
		if (covers !== undefined && covers > this.#acked) this.#acked = covers;
		this.unsent = this.#edits - this.#acked;
	}

	#beatCount = 0;
	#beat(): void {
		const now = Date.now();
		if (this.provider.wsconnected) {
			if (now - this.#lastHeard > SILENCE_MS) {
				// Nothing back from the server: the link is dead even if the socket has not noticed. Reconnect.
				this.#lost();
				this.provider.ws?.close();
				return;
			}
			if (++this.#beatCount % 3 === 0 && this.#probes.length < 4) this.#probe();
		}
	}

	#lost(): void {
		if (this.closedForGood) return;
		if (this.status !== 'offline') this.lostAt = Date.now();
		this.status = 'offline';
	}

	destroy(): void {
		clearInterval(this.#timer);
		this.#eventListeners.clear();
		this.#connectListeners.clear();
		if (typeof window !== 'undefined') {
			window.removeEventListener('online', this.#online);
			window.removeEventListener('offline', this.#offline);
		}
		this.shared?.destroy();
		this.provider.destroy();
		this.doc.destroy();
	}
}
