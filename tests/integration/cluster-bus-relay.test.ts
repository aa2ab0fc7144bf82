// What instances tell each other (LISTEN/NOTIFY on a real PostgreSQL) and how a socket reaches a meeting's owner
// through another instance (a relay between two real HTTP servers, a real WebSocket client).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import pg from 'pg';
import WebSocket, { WebSocketServer } from 'ws';
import { createClusterBus, publishIn, type ClusterBus, type ClusterMessage } from '$lib/server/cluster/bus';
import { isRelayed, relayUpgrade, RELAYED_HEADER } from '$lib/server/cluster/relay';
import { refuseUpgrade } from '$lib/server/sync/upgrade';
import { startPostgres, type RunningPostgres } from '../support/postgres';
import { until } from '../support/live';

let server: RunningPostgres;
let url: string;
const buses: ClusterBus[] = [];
const closers: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
	server = await startPostgres();
	url = await server.createDatabase();
});
afterAll(async () => {
	for (const close of closers) await close();
	for (const bus of buses) await bus.close();
	await server?.destroy();
});

async function listeningBus(instanceId: string): Promise<ClusterBus & { heard: ClusterMessage[]; listens: number }> {
	const bus = createClusterBus({ databaseUrl: url, instanceId, log: () => {}, retryMs: 100 });
	buses.push(bus);
	const state = Object.assign(bus, { heard: [] as ClusterMessage[], listens: 0 });
	bus.onMessage((m) => state.heard.push(m));
	bus.onReconnect(() => (state.listens += 1));
	await until(() => state.listens > 0, `${instanceId} to listen`);
	return state;
}

describe('the cluster bus (LISTEN/NOTIFY)', () => {
	it('tells every instance a board event, and a logged row only once its transaction commits', async () => {
		const a = await listeningBus('a');
		const b = await listeningBus('b');
		const event: ClusterMessage = {
			kind: 'event',
			document: 'meeting/1/scoring',
			event: { kind: 'phase', phase: 'voting' },
			from: 'a'
		};
		await a.publish(event);
		await until(() => a.heard.length === 1 && b.heard.length === 1, 'both instances to hear the event');
		expect(b.heard).toEqual([event]);

		const client = new pg.Client({ connectionString: url });
		client.on('error', () => {}); // the restart below ends it
		await client.connect();
		closers.push(() => client.end().catch(() => {}));
		await client.query('BEGIN');
		await publishIn(client, { kind: 'logged', document: 'meeting/1/scoring', id: 7, from: 'b' });
		await client.query('ROLLBACK');
		await client.query('BEGIN');
		await publishIn(client, { kind: 'logged', document: 'meeting/1/scoring', id: 8, from: 'b' });
		await client.query('COMMIT');
		await until(() => a.heard.length === 2, 'a to hear the committed row');
		expect(a.heard[1]).toEqual({ kind: 'logged', document: 'meeting/1/scoring', id: 8, from: 'b' });
		expect(b.heard.map((m) => (m.kind === 'logged' ? m.id : 'event'))).toEqual(['event', 8]);
	});

	it('refuses a payload that is not a few ids', async () => {
		const a = await listeningBus('c');
		await expect(
			a.publish({ kind: 'event', document: 'meeting/1/scoring', event: { bytes: 'x'.repeat(9000) }, from: 'c' })
		).rejects.toThrow(/ids only/);
	});

	it('listens again by itself after PostgreSQL restarts, and says so', async () => {
		const a = await listeningBus('d');
		const before = a.listens;
		await server.stop('immediate');
		await server.start();
		await until(() => a.listens > before, 'the bus to listen again', 60_000);
		const heard = a.heard.length;
		await a.publish({ kind: 'logged', document: 'meeting/2/scoring', id: 1, from: 'd' });
		await until(() => a.heard.length === heard + 1, 'the message after the restart');
	});
});

function listen(server: Server): Promise<number> {
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port))
	);
}

describe('the relay to a meeting owner', () => {
	it('carries a WebSocket to the owner with the request as the client sent it, both ways', async () => {
		// The owner: a WebSocket server that echoes and reports what it was asked with.
		const seen: Record<string, string | string[] | undefined>[] = [];
		const wss = new WebSocketServer({ noServer: true });
		const owner = createServer();
		owner.on('upgrade', (request, socket, head) => {
			seen.push({ ...request.headers, url: request.url });
			wss.handleUpgrade(request, socket, head, (ws) => ws.on('message', (data) => ws.send(data)));
		});
		const ownerPort = await listen(owner);
		// The instance the proxy chose: relays everything to the owner.
		const front = createServer();
		front.on('upgrade', (request, socket, head) =>
			relayUpgrade(request, socket, head, `127.0.0.1:${ownerPort}`, 'front', () =>
				refuseUpgrade(socket, 503, 'unreachable')
			)
		);
		const frontPort = await listen(front);
		closers.push(
			() => new Promise<void>((r) => owner.close(() => r())),
			() => new Promise<void>((r) => front.close(() => r())),
			() => owner.closeAllConnections(),
			() => front.closeAllConnections()
		);

		const ws = new WebSocket(`ws://127.0.0.1:${frontPort}/sync/meeting/3/scoring?x=1`, {
			headers: {
				cookie: 'binhxet_session=abc',
				origin: `http://127.0.0.1:${frontPort}`,
				[RELAYED_HEADER]: 'forged'
			}
		});
		const replies: string[] = [];
		ws.on('message', (data) => replies.push(data.toString()));
		await new Promise((resolve, reject) => {
			ws.once('open', resolve);
			ws.once('error', reject);
		});
		ws.send('một');
		ws.send(Buffer.alloc(200_000, 7));
		await until(() => replies.length === 2, 'both replies');
		expect(replies[0]).toBe('một');
		expect(replies[1]!.length).toBe(200_000);
		expect(seen).toHaveLength(1);
		expect(seen[0]).toMatchObject({
			url: '/sync/meeting/3/scoring?x=1',
			cookie: 'binhxet_session=abc',
			origin: `http://127.0.0.1:${frontPort}`,
			host: `127.0.0.1:${frontPort}`,
			[RELAYED_HEADER]: 'front'
		});
		const closed = new Promise((r) => ws.once('close', r));
		ws.close();
		await closed;
	});

	it('refuses cleanly, before any WebSocket byte, when the owner cannot be reached', async () => {
		const dead = createServer();
		const deadPort = await listen(dead);
		await new Promise<void>((r) => dead.close(() => r()));
		const front = createServer();
		let relayedSeen = false;
		front.on('upgrade', (request, socket, head) => {
			relayedSeen ||= isRelayed(request);
			relayUpgrade(request, socket, head, `127.0.0.1:${deadPort}`, 'front', () =>
				refuseUpgrade(socket, 503, 'Chủ hội nghị không trả lời')
			);
		});
		const frontPort = await listen(front);
		closers.push(() => new Promise<void>((r) => front.close(() => r())));
		const status = await new Promise<number>((resolve, reject) => {
			const ws = new WebSocket(`ws://127.0.0.1:${frontPort}/sync/meeting/3/scoring`);
			ws.on('unexpected-response', (_q, response) => resolve(response.statusCode ?? 0));
			ws.on('open', () => reject(new Error('opened')));
			ws.on('error', reject);
		});
		expect(status).toBe(503);
		expect(relayedSeen).toBe(false);
	});
});
