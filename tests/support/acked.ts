// A live client that knows which of its own edits the server has acknowledged, as the board's screen does
// (src/lib/live/connection.svelte.ts): after each edit it sends a sync step 1 behind it on the ordered socket, and
// the step 2 that answers it acknowledges every edit made before. An edit counts as acknowledged only then.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { messageSync } from 'y-websocket';
import { connectLive, type LiveClient } from './live';

type Handler = (encoder: encoding.Encoder, decoder: decoding.Decoder, ...rest: unknown[]) => void;

export interface AckedClient extends LiveClient {
	/** Runs a local edit, which returns what it wrote (an entry's id), remembered as not acknowledged yet. */
	edit(change: () => string): void;
	/** The keys of the edits the server has acknowledged, in order. */
	acknowledged(): string[];
	/** The keys of every edit made, in order. */
	made(): string[];
	/** When the first acknowledgement at or after `since` (ms since 1970) arrived, if one has. */
	firstAckSince(since: number): number | undefined;
	/** Whether the socket is open now. */
	connected(): boolean;
}

export function connectAcked(baseUrl: string, cookie: string, documentName: string): AckedClient {
	const client = connectLive(baseUrl, cookie, documentName);
	const { provider, doc } = client;
	const keys: string[] = [];
	let acked = 0;
	let probes: number[] = [];
	/** When each acknowledgement arrived (one entry per step that acknowledged something). */
	const ackTimes: number[] = [];

	const probe = () => {
		const ws = provider.ws;
		if (!ws || ws.readyState !== 1) return;
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, messageSync);
		syncProtocol.writeSyncStep1(encoder, doc);
		ws.send(encoding.toUint8Array(encoder));
		probes.push(keys.length);
	};
	provider.on('status', ({ status }: { status: string }) => {
		// The provider's own step 1 follows at once; its answer acknowledges nothing new.
		probes = status === 'connected' ? [acked] : [];
	});
	// Edits made offline go out in answer to the server's step 1: probe behind them.
	provider.on('sync', (synced: boolean) => synced && probe());
	const handlers = (provider as unknown as { messageHandlers: Handler[] }).messageHandlers;
	const sync = handlers[messageSync]!;
	handlers[messageSync] = (encoder, decoder, ...rest) => {
		const kind = decoding.peekVarUint(decoder);
		sync(encoder, decoder, ...rest);
		if (kind === syncProtocol.messageYjsSyncStep2) {
			const covers = probes.shift();
			if (covers !== undefined && covers > acked) {
				acked = covers;
				ackTimes.push(Date.now());
			}
		}
	};

	return {
		...client,
		edit(change) {
			keys.push(change()); // the provider sends the update from its own listener, before we probe
			if (provider.wsconnected) probe();
		},
		acknowledged: () => keys.slice(0, acked),
		made: () => keys.slice(),
		firstAckSince: (since) => ackTimes.find((at) => at >= since),
		connected: () => provider.wsconnected
	};
}
