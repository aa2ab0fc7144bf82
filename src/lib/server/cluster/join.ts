// An instance joins the cluster when it runs on PostgreSQL (DATABASE_URL): its hub serves only the meetings it owns,
// hears the board events of every instance, and lets go of a meeting's documents the moment its lease ends.
import { randomBytes } from 'node:crypto';
import type { SyncHub } from '../sync';
import { createCluster, type Cluster } from './cluster';

export interface ClusterSettings {
	databaseUrl: string;
	/** A name for the logs and the lease rows (BINHXET_INSTANCE, e.g. "app1"); a random suffix tells runs apart. */
	name: string | undefined;
	/** host:port where the other instances reach this one: CLUSTER_ADDRESS, else HOST:PORT. */
	address: string;
	log?: (line: string) => void;
}

/** Where the other instances reach this one: CLUSTER_ADDRESS if set, else the address it listens on. */
export function clusterAddress(env: NodeJS.ProcessEnv, host: string, port: number): string {
	if (env.CLUSTER_ADDRESS) return env.CLUSTER_ADDRESS;
	const reachable = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
	return `${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

export function joinCluster(hub: SyncHub, settings: ClusterSettings): Cluster {
	const log = settings.log ?? ((line: string) => console.log(line));
	const cluster = createCluster({
		databaseUrl: settings.databaseUrl,
		instanceId: `${settings.name ?? 'instance'}-${randomBytes(4).toString('hex')}`,
		address: settings.address,
		log,
		holds: (prefix) => hub.holds(prefix)
	});
	cluster.leases.onLost((meetingIds) => {
		for (const meetingId of meetingIds) {
			const closed = hub.release(`meeting/${meetingId}/`);
			log(`cluster: meeting ${meetingId} let go (${closed} connection(s) closed)`);
		}
	});
	// A copy read while another instance owned the meeting may be behind the log: the owner starts from storage.
	cluster.leases.onAcquired(({ meetingId }) => hub.release(`meeting/${meetingId}/`));
	// Every instance hears every event; only the owner has the meeting's sockets, so only its screens receive it.
	cluster.bus.onMessage((message) => {
		if (message.kind === 'event') hub.sendEvent(message.document, message.event);
	});
	return cluster;
}
