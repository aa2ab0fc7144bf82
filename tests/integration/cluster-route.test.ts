// How an instance routes a meeting's socket among several (cluster.ts), on a real PostgreSQL with the demo meeting:
// served where the lease is taken, relayed to the live owner from anywhere else, taken over once the owner lets go.
// Each instance here is a real HTTP server whose local service is a WebSocket that names the instance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import WebSocket, { WebSocketServer } from 'ws';
import { createCluster, meetingOf, type Cluster } from '$lib/server/cluster/cluster';
import { RELAYED_HEADER } from '$lib/server/cluster/relay';
import { loadDemoIfEmpty } from '$lib/server/demo/load-demo';
import { temporaryDatabase } from '../support/database';

let url: string;
let meetingId: number;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
	const database = await temporaryDatabase('postgres');
	url = database.path;
	meetingId = (await loadDemoIfEmpty(database.db))!;
	await database.close();
});
afterAll(async () => {
	for (const stop of stops.reverse()) await stop();
});

interface Instance {
	name: string;
	port: number;
	cluster: Cluster;
	stop: () => Promise<void>;
}

async function instance(name: string, holds?: (prefix: string) => boolean): Promise<Instance> {
	const wss = new WebSocketServer({ noServer: true });
	const server: Server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as { port: number }).port;
	const cluster = createCluster({
		databaseUrl: url,
		instanceId: name,
		address: `127.0.0.1:${port}`,
		log: () => {},
		holds
	});
	server.on('upgrade', (request, socket, head) =>
		cluster.route(request, socket, head, () =>
			wss.handleUpgrade(request, socket, head, (ws) => ws.send(`${name} ${request.url}`))
		)
	);
	let stopped = false;
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		await cluster.close();
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	};
	stops.push(stop);
	return { name, port, cluster, stop };
}

/** Opens a socket on `port` and returns the first message (who served it), or the HTTP status it was refused with. */
function ask(port: number, path: string, headers: Record<string, string> = {}): Promise<string | number> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers });
		ws.once('message', (data) => {
			resolve(data.toString());
			ws.close();
		});
		ws.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
		ws.once('error', reject);
	});
}

describe('routing a meeting’s sockets among instances', () => {
	it('reads the meeting from a socket’s path or a document’s name', () => {
		expect(meetingOf('/sync/meeting/12/scoring?x=1')).toBe(12);
		expect(meetingOf('/sync/meeting/12/answers/son-la')).toBe(12);
		expect(meetingOf('meeting/7/scoring')).toBe(7);
		expect(meetingOf('/sync/meeting/12')).toBe(12);
		expect(meetingOf('/sync/meeting/x/scoring')).toBeUndefined();
		expect(meetingOf('/sync/other')).toBeUndefined();
	});

	it('serves where the meeting is taken, relays from elsewhere to the live owner, and moves once the owner lets go', async () => {
		const a = await instance('a');
		const b = await instance('b');
		const path = `/sync/meeting/${meetingId}/scoring`;
		// The first socket takes the meeting for the instance it reached.
		expect(await ask(a.port, path)).toBe(`a ${path}`);
		expect(a.cluster.leaseOf(`meeting/${meetingId}/scoring`)).toEqual({ meetingId, token: 1 });
		// A socket that reaches b (the proxy's choice changed) is carried to a, with its request as sent.
		expect(await ask(b.port, `${path}?q=1`)).toBe(`a ${path}?q=1`);
		expect(b.cluster.leaseOf(`meeting/${meetingId}/scoring`)).toBeUndefined();
		// A socket relayed once is never relayed again: b does not own the meeting, so it refuses (the client retries).
		expect(await ask(b.port, path, { [RELAYED_HEADER]: 'c' })).toBe(503);

		// a stops cleanly: its lease goes with it, and b takes the meeting with the next token.
		await a.stop();
		expect(await ask(b.port, path)).toBe(`b ${path}`);
		expect(b.cluster.leaseOf(`meeting/${meetingId}/answers/son-la`)).toEqual({ meetingId, token: 2 });
		await b.stop();
	});

	it('leases no meeting that does not exist, and serves anything that is not a meeting’s socket locally', async () => {
		const c = await instance('c');
		expect(await ask(c.port, '/sync/meeting/999999/scoring')).toBe('c /sync/meeting/999999/scoring');
		expect(c.cluster.leaseOf('meeting/999999/scoring')).toBeUndefined();
		expect(await ask(c.port, '/sync/elsewhere')).toBe('c /sync/elsewhere');
	});

	it('gives a meeting up once none of its documents is loaded any more, and not while one is', async () => {
		let loaded = true;
		const d = await instance('d', () => loaded);
		const e = await instance('e');
		const acquired = await d.cluster.leases.acquire(meetingId);
		expect(acquired.owned).toBe(true);
		// One document unloads while another of the meeting is still loaded: kept.
		d.cluster.unloaded(`meeting/${meetingId}/answers/son-la`);
		expect(await e.cluster.leases.acquire(meetingId)).toMatchObject({ owned: false, holder: { owner: 'd' } });
		// The last one unloads: given up, and the next instance asked takes it with the next token.
		loaded = false;
		const before = acquired.owned ? acquired.lease.token : 0;
		d.cluster.unloaded(`meeting/${meetingId}/scoring`);
		let taken = await e.cluster.leases.acquire(meetingId);
		for (let i = 0; i < 100 && !taken.owned; i++) {
			await new Promise((r) => setTimeout(r, 20));
			taken = await e.cluster.leases.acquire(meetingId);
		}
		expect(taken).toMatchObject({ owned: true, lease: { meetingId, token: before + 1 } });
		expect(before).toBe(3);
		expect(d.cluster.leaseOf(`meeting/${meetingId}/scoring`)).toBeUndefined();
	});
});
