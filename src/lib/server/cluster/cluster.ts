// Several instances on one PostgreSQL: this instance's part. Each meeting's live documents have one owner instance
// (leases.ts); the proxy routes a meeting's sockets by its id, so they normally arrive at the owner already. A socket
// that arrives elsewhere (the proxy's choice changed: an instance came back, or went) is relayed to the owner while
// the owner lives (relay.ts), or taken over when nobody owns the meeting. Board events (phases, ballots) and rows
// written to a document's log by a non-owner reach the other instances through LISTEN/NOTIFY (bus.ts).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import pg from 'pg';
import { createClusterBus, type ClusterBus } from './bus';
import { checkLease, createLeaseKeeper, type Lease, type LeaseKeeper, type Queryable } from './leases';
import { isRelayed, relayUpgrade } from './relay';

export interface ClusterOptions {
	databaseUrl: string;
	/** This instance's id in the lease rows and on the bus. */
	instanceId: string;
	/** host:port where other instances reach this one (relayed sockets). */
	address: string;
	log?: (line: string) => void;
	/** Whether any document of the meeting (its prefix, `meeting/<id>/`) is still loaded here. */
	holds?: (prefix: string) => boolean;
}

export interface Cluster {
	readonly instanceId: string;
	readonly leases: LeaseKeeper;
	readonly bus: ClusterBus;
	/**
	 * Routes a WebSocket upgrade: a meeting's socket is served here (`serve`) once this instance owns the meeting,
	 * relayed to its owner otherwise, and refused (503: the client tries again) when neither is possible now.
	 * Anything that is not a meeting's socket is served here.
	 */
	route(request: IncomingMessage, socket: Duplex, head: Buffer, serve: () => void): void;
	/** The lease this instance holds on a document's meeting now (undefined: not the owner). */
	leaseOf(documentName: string): Lease | undefined;
	/**
	 * Before a group commit that writes these documents: throws (so the transaction rolls back) unless this instance
	 * still owns every one of their meetings, as PostgreSQL sees it inside `transaction`.
	 */
	checkBeforeCommit(transaction: Queryable, documentNames: Iterable<string>): Promise<void>;
	/** Tells every instance's screens of the document a board event (this instance's too, through the bus). */
	publishEvent(documentName: string, event: object): Promise<void>;
	/**
	 * A document was unloaded (nobody connected for a while): once none of its meeting's is loaded any more, the
	 * meeting is given up, so that the instance the proxy routes it to takes it the next time, without a relay.
	 */
	unloaded(documentName: string): void;
	/** Gives up every lease and stops listening (a clean stop: successors take over at once). */
	close(): Promise<void>;
}

/** The meeting a document or a socket's path belongs to: `meeting/<id>/…`, with or without the `/sync/` prefix. */
export function meetingOf(nameOrPath: string): number | undefined {
	const match = /^(?:\/sync\/)?meeting\/(\d{1,9})(?:\/|$)/.exec(nameOrPath.split(/[?#]/, 1)[0]!);
	return match ? Number(match[1]) : undefined;
}

/** A meeting whose socket was routed here this recently is not given up when its documents unload. */
const ROUTED_GRACE_MS = 10_000;

export function createCluster(options: ClusterOptions): Cluster {
	const lastRouted = new Map<number, number>();
	const log = options.log ?? ((line: string) => console.log(line));
	const leases = createLeaseKeeper({
		databaseUrl: options.databaseUrl,
		instanceId: options.instanceId,
		address: options.address,
		log
	});
	const bus = createClusterBus({ databaseUrl: options.databaseUrl, instanceId: options.instanceId, log });
	// Only a meeting that exists is ever leased: a socket's path names any id, before anyone is signed in.
	const lookups = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
	lookups.on('error', (error) => log(`cluster: a lookup connection failed: ${error.message}`));
	const exists = async (meetingId: number) =>
		(await lookups.query('SELECT 1 FROM meetings WHERE id = $1', [meetingId])).rows.length > 0;

	const refuse = (socket: Duplex, status: number, message: string) => {
		if (socket.destroyed) return;
		const body = Buffer.from(`${message}\n`, 'utf8');
		socket.end(
			`HTTP/1.1 ${status} ${status === 503 ? 'Service Unavailable' : 'Error'}\r\nConnection: close\r\n` +
				`Content-Type: text/plain; charset=utf-8\r\nRetry-After: 1\r\nContent-Length: ${body.length}\r\n\r\n${body}`
		);
		socket.once('finish', () => socket.destroy());
	};

	return {
		instanceId: options.instanceId,
		leases,
		bus,
		route(request, socket, head, serve) {
			const meetingId = meetingOf(request.url ?? '');
			if (meetingId === undefined) return serve();
			// A client may go away while its owner is looked up: its socket's error (EPIPE, ECONNRESET) must not take
			// the process down with it.
			socket.on('error', () => socket.destroy());
			lastRouted.set(meetingId, Date.now());
			if (leases.held(meetingId)) return serve();
			exists(meetingId)
				.then((known) => (known ? leases.acquire(meetingId) : undefined))
				.then(
					(result) => {
						if (socket.destroyed) return;
						// An unknown meeting is answered here, by the hub's own access check.
						if (!result || result.owned) return serve();
						const owner = result.holder;
						// A relayed socket is never relayed again (two instances that each think the other owns the meeting).
						if (!owner || owner.owner === options.instanceId || isRelayed(request))
							return refuse(socket, 503, 'The meeting is moving to another server: try again');
						relayUpgrade(request, socket, head, owner.address, options.instanceId, (error) => {
							log(
								`cluster: the owner of meeting ${meetingId} (${owner.address}) is unreachable: ${error.message}`
							);
							refuse(socket, 503, 'The meeting is moving to another server: try again');
						});
					},
					(error: unknown) => {
						log(`cluster: could not ask who owns meeting ${meetingId}: ${String(error)}`);
						refuse(socket, 503, 'The database is unreachable: try again');
					}
				);
		},
		leaseOf(documentName) {
			const meetingId = meetingOf(documentName);
			return meetingId === undefined ? undefined : leases.held(meetingId);
		},
		async checkBeforeCommit(transaction, documentNames) {
			const meetings = new Set<number>();
			for (const name of documentNames) {
				const meetingId = meetingOf(name);
				if (meetingId !== undefined) meetings.add(meetingId);
			}
			for (const meetingId of meetings) {
				const lease = leases.held(meetingId);
				if (!lease) throw new Error(`meeting ${meetingId} is not owned by this instance any more`);
				await checkLease(transaction, lease);
			}
		},
		unloaded(documentName) {
			const meetingId = meetingOf(documentName);
			if (meetingId === undefined || !leases.held(meetingId)) return;
			if (options.holds?.(`meeting/${meetingId}/`) ?? true) return;
			// A socket routed here lately may still be on its way in (its access being asked): keep the meeting.
			if (Date.now() - (lastRouted.get(meetingId) ?? 0) < ROUTED_GRACE_MS) return;
			lastRouted.delete(meetingId);
			leases.release(meetingId).then(
				() => log(`cluster: meeting ${meetingId} idle here, given up`),
				(error: unknown) => log(`cluster: giving meeting ${meetingId} up failed: ${String(error)}`)
			);
		},
		publishEvent(documentName, event) {
			return bus.publish({ kind: 'event', document: documentName, event, from: options.instanceId });
		},
		async close() {
			await leases.close();
			await bus.close();
			await lookups.end().catch(() => {});
		}
	};
}
