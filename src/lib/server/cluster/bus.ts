// What instances tell each other, through PostgreSQL's LISTEN/NOTIFY: ids and small facts, never document bytes
// (those are in the update log). A notification sent inside a transaction is delivered when, and only if, it
// commits, so "written to the log, then told" needs no second step. Every instance listens on one channel on a
// connection of its own, opened again after a loss; whatever it may have missed meanwhile, its owner side reads
// from the log (see the listeners' `onReconnect`).
import pg from 'pg';
import type { Queryable } from './leases';

/** The channel every instance of the board listens on. */
export const CLUSTER_CHANNEL = 'binhxet_cluster';
/** PostgreSQL's limit on a notification's payload is 8000 bytes; ours are ids and counts. */
const MAX_PAYLOAD_BYTES = 7900;

export type ClusterMessage =
	/** A one-off board event (a phase, a ballot) for every screen of the document, on whichever instance. */
	| { kind: 'event'; document: string; event: object; from: string }
	/** Server code on a non-owner appended this row to a document's log: its owner applies it. */
	| { kind: 'logged'; document: string; id: number; from: string };

export interface ClusterBus {
	/** Sends on its own (autocommit) connection. */
	publish(message: ClusterMessage): Promise<void>;
	/** Hears every message, this instance's own included (check `from`). */
	onMessage(listener: (message: ClusterMessage) => void): void;
	/** Called each time the listening connection is (re)established, so that a gap can be read from the log. */
	onReconnect(listener: () => void): void;
	close(): Promise<void>;
}

/** Sends `message` inside the caller's transaction: delivered once that transaction commits, never if it rolls back. */
export async function publishIn(transaction: Queryable, message: ClusterMessage): Promise<void> {
	await transaction.query('SELECT pg_notify($1, $2)', [CLUSTER_CHANNEL, encode(message)]);
}

function encode(message: ClusterMessage): string {
	const text = JSON.stringify(message);
	if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) throw new Error('a cluster message must stay small: ids only');
	return text;
}

export function createClusterBus(options: {
	databaseUrl: string;
	instanceId: string;
	log?: (line: string) => void;
	/** Wait before listening again after a loss (default 500 ms). */
	retryMs?: number;
}): ClusterBus {
	const log = options.log ?? ((line: string) => console.log(line));
	const messageListeners: ((message: ClusterMessage) => void)[] = [];
	const reconnectListeners: (() => void)[] = [];
	const sender = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
	sender.on('error', (error) => log(`cluster: bus sender connection failed: ${error.message}`));
	let listener: pg.Client | undefined;
	let closed = false;
	let retry: NodeJS.Timeout | undefined;

	const deliver = (payload: string | undefined) => {
		let message: ClusterMessage;
		try {
			message = JSON.parse(payload ?? '') as ClusterMessage;
		} catch {
			return log('cluster: a notification that is not JSON was ignored');
		}
		for (const listen of messageListeners) {
			try {
				listen(message);
			} catch (error) {
				log(`cluster: a bus listener failed: ${String(error)}`);
			}
		}
	};

	const listen = async () => {
		if (closed) return;
		const client = new pg.Client({
			connectionString: options.databaseUrl,
			keepAlive: true,
			application_name: `binhxet-bus-${options.instanceId}`
		});
		let lost = false;
		const again = (why: string) => {
			if (lost) return;
			lost = true;
			if (listener === client) listener = undefined;
			client.removeAllListeners('error');
			client.on('error', () => {});
			void client.end().catch(() => {});
			if (closed) return;
			log(`cluster: listening again in a moment (${why})`);
			retry = setTimeout(() => void listen(), options.retryMs ?? 500);
			retry.unref();
		};
		client.on('error', (error) => again(error.message));
		client.on('end', () => again('connection ended'));
		client.on('notification', (n) => {
			if (n.channel === CLUSTER_CHANNEL) deliver(n.payload);
		});
		try {
			await client.connect();
			await client.query(`LISTEN ${CLUSTER_CHANNEL}`);
		} catch (error) {
			return again(error instanceof Error ? error.message : String(error));
		}
		if (closed) return void client.end().catch(() => {});
		listener = client;
		for (const reconnected of reconnectListeners) {
			try {
				reconnected();
			} catch (error) {
				log(`cluster: a reconnect listener failed: ${String(error)}`);
			}
		}
	};
	void listen();

	return {
		async publish(message) {
			await sender.query('SELECT pg_notify($1, $2)', [CLUSTER_CHANNEL, encode(message)]);
		},
		onMessage(listen) {
			messageListeners.push(listen);
		},
		onReconnect(listen) {
			reconnectListeners.push(listen);
		},
		async close() {
			closed = true;
			if (retry) clearTimeout(retry);
			await listener?.end().catch(() => {});
			await sender.end().catch(() => {});
		}
	};
}
