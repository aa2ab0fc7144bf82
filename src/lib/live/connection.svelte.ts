import * as Y from 'yjs';
import { WebsocketProvider, messageAuth } from 'y-websocket';
import { readAuthMessage } from 'y-protocols/auth';
import type { Decoder } from 'lib0/decoding';

// One live Yjs document in the browser, synchronised over the y-websocket protocol, with the connection state the
// board always shows: connected, connecting (reconnecting), or offline with N unsent changes.

export type ConnectionStatus = 'connecting' | 'connected' | 'offline';

export class LiveConnection {
	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	status: ConnectionStatus = $state('connecting');
	/** Whether the server's state has arrived: edits are offered only then, so no click acts on a stale picture. */
	synced = $state(false);
	/** Local changes made since the last full sync with the server: they are sent on reconnect. */
	unsent = $state(0);
	/** Set when the server refused one of our writes (the change is not kept by anyone else). */
	refused = $state(false);
	/** The server closed the connection for good (4401/4403/4404): signed out or no longer a participant. */
	closedForGood = $state(false);

	constructor(documentName: string, options: { url?: string; connect?: boolean } = {}) {
		const url = options.url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
		// No BroadcastChannel between tabs: every change goes through the server, which checks rights.
		this.provider = new WebsocketProvider(url, documentName, this.doc, { disableBc: true, connect: options.connect ?? true });
		this.provider.on('status', ({ status }: { status: string }) => {
			this.status = status === 'connected' ? 'connected' : status === 'connecting' ? 'connecting' : 'offline';
		});
		this.provider.on('sync', (synced: boolean) => {
			if (synced) {
				this.unsent = 0;
				this.synced = true; // stays true while offline: edits made then are kept and sent on reconnect
			}
		});
		this.provider.on('closed', () => {
			this.closedForGood = true;
			this.status = 'offline';
		});
		this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
			// Our own edits have no provider origin; count those the server has not confirmed by a sync yet.
			if (origin !== this.provider && !this.provider.synced) this.unsent += 1;
		});
		// y-protocols/auth: the server tells a client whose write it dropped. The provider only logs it; show it.
		const handlers = (this.provider as unknown as { messageHandlers: ((encoder: unknown, decoder: Decoder) => void)[] }).messageHandlers;
		handlers[messageAuth] = (_encoder, decoder) => readAuthMessage(decoder, this.doc, () => (this.refused = true));
	}

	get awareness() {
		return this.provider.awareness;
	}

	destroy(): void {
		this.provider.destroy();
		this.doc.destroy();
	}
}
