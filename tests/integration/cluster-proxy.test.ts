import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';
import { migrations } from '../../migrations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoringDocumentName } from '$lib/live/documents';
import { startCluster, type Cluster } from '../../scripts/cluster/index.js';
import {
	checkHaproxyConfig,
	EXAMPLE_PATH,
	EXAMPLE_SETTINGS,
	renderHaproxyConfig
} from '../../scripts/cluster/haproxy.js';
import { joinByLink, postForm } from '../support/people';
import { connectLive, synced, until, type LiveClient } from '../support/live';

// The deployment of several instances as the README describes it: PostgreSQL, three instances of the built board
// (`npm run build` first) and HAProxy with deploy/haproxy.cfg.template in front, started by the cluster launcher.

describe('the proxy configuration', () => {
	it('deploy/haproxy.cfg is the template filled in for three machines, and HAProxy accepts it', () => {
		expect(readFileSync(EXAMPLE_PATH, 'utf8')).toBe(renderHaproxyConfig(EXAMPLE_SETTINGS));
		expect(checkHaproxyConfig(EXAMPLE_PATH)).toContain('Configuration file is valid');
	});

	it('refuses an instance list it cannot route: none, or two instances of one name', () => {
		expect(() => renderHaproxyConfig({ ...EXAMPLE_SETTINGS, servers: [] })).toThrow(/at least one instance/);
		const twice = { name: 'app1', address: '10.0.0.11:3000' };
		expect(() => renderHaproxyConfig({ ...EXAMPLE_SETTINGS, servers: [twice, twice] })).toThrow(/must differ/);
	});
});

describe('three instances behind HAProxy', () => {
	let cluster: Cluster;
	const clients: LiveClient[] = [];

	beforeAll(async () => {
		cluster = await startCluster({ instances: 3, demo: true });
	});
	afterAll(async () => {
		for (const client of clients) client.destroy();
		await cluster?.stop();
	});

	/** The instance that answered a request through the proxy. */
	const servedBy = async (path: string, init?: RequestInit): Promise<string> => {
		const response = await fetch(`${cluster.url}${path}`, { redirect: 'manual', ...init });
		await response.body?.cancel();
		const name = response.headers.get('x-binhxet-instance');
		if (!name) throw new Error(`no instance answered ${path} (${response.status})`);
		return name;
	};

	/** A demo participant's sign-in link, as the first instance printed it when it loaded the demo. */
	const demoLink = (role: string): string => {
		const line = cluster.instances[0]!.lines().find((l) => new RegExp(`^\\s+${role}\\s.*/join/`).test(l));
		const token = /\/join\/(\w+)/.exec(line ?? '')?.[1];
		if (!token) throw new Error(`no ${role} link in the first instance's output`);
		return token;
	};

	it('serves pages from every healthy instance', async () => {
		const names = new Set<string>();
		for (let i = 0; i < 9; i++) names.add(await servedBy('/login'));
		expect([...names].sort()).toEqual(['app1', 'app2', 'app3']);
	});

	it("sends every socket of a meeting to one instance, and moves only a dead instance's meetings", async () => {
		const meetings = Array.from({ length: 24 }, (_, i) => i + 1);
		const before = new Map<number, string>();
		for (const meeting of meetings) {
			const home = await cluster.instanceFor(meeting);
			before.set(meeting, home);
			// Its other documents, and the same path with a query, go to the same instance.
			expect(await servedBy(`/sync/meeting/${meeting}/answers/son-la`)).toBe(home);
			expect(await servedBy(`/sync/meeting/${meeting}/scoring?v=2`)).toBe(home);
		}
		// The meetings spread over the instances.
		expect(new Set(before.values()).size).toBe(3);

		const victim = before.get(1)!;
		await cluster.instance(victim).kill();
		await cluster.proxy!.waitFor(victim, 'DOWN');
		for (const meeting of meetings) {
			const now = await cluster.instanceFor(meeting);
			if (before.get(meeting) === victim) expect(now).not.toBe(victim);
			else expect(now).toBe(before.get(meeting));
		}

		await cluster.instance(victim).start();
		await cluster.proxy!.waitFor(victim, 'UP');
		for (const meeting of meetings) expect(await cluster.instanceFor(meeting)).toBe(before.get(meeting));
	});

	it('throttles sign-in by the address the proxy saw, whatever X-Forwarded-For the client sends', async () => {
		// Per address, 20 failures a minute are free. A client making up a new address for each attempt would never
		// be throttled if the instances believed it; the proxy replaces the header with the address it saw. (Should
		// each instance count on its own, the round robin spreads the attempts over the three.)
		let status = 0;
		for (let attempt = 0; attempt < 3 * 20 + 1 && status !== 429; attempt++) {
			const response = await fetch(`${cluster.url}/login`, {
				method: 'POST',
				redirect: 'manual',
				headers: {
					origin: cluster.url,
					'content-type': 'application/x-www-form-urlencoded',
					accept: 'text/html',
					'x-forwarded-for': `203.0.113.${attempt % 250}`
				},
				body: new URLSearchParams({ username: `khach-${attempt}`, password: 'sai-mat-khau' }).toString()
			});
			status = response.status;
			if (status === 429) expect(await response.text()).toContain('Bạn đã thử quá nhiều lần.');
			else await response.body?.cancel();
			expect([400, 429]).toContain(status);
		}
		expect(status).toBe(429);
	});

	it('a screen whose instance is killed reconnects through the proxy to another one, and syncs there', async () => {
		const cookie = await joinByLink(cluster.url, demoLink('head'));
		// Signed in through the proxy: the session is in PostgreSQL, good on every instance.
		const home = await servedBy('/meetings/1', { headers: { cookie } });
		expect(home).toMatch(/^app\d$/);
		const screen = connectLive(cluster.url, cookie, scoringDocumentName(1));
		clients.push(screen);
		await synced(screen);
		const owner = await cluster.instanceFor(1);
		let closed = false;
		screen.provider.on('connection-close', () => (closed = true));

		await cluster.instance(owner).kill();
		await until(() => closed, 'the socket to close with its instance');
		await until(() => screen.provider.wsconnected && screen.provider.synced, 'the screen to sync again', 60_000);
		expect(await cluster.instanceFor(1)).not.toBe(owner);

		await cluster.instance(owner).start();
		await cluster.proxy!.waitFor(owner, 'UP');
	});

	it('migrates a fresh database once, even when two migrations are started at the same moment', async () => {
		const url = await cluster.postgres!.createDatabase();
		const migrate = () =>
			promisify(execFile)(process.execPath, ['build/admin.js', 'migrate'], {
				env: { ...process.env, DATABASE_URL: url }
			});
		const latest = Object.keys(migrations).sort().at(-1);
		const both = await Promise.all([migrate(), migrate()]);
		for (const { stdout } of both) expect(stdout.trim()).toBe(`database migrated to ${latest}`);
		// Each migration ran once: Kysely's table lists every one exactly once.
		const client = new pg.Client({ connectionString: url });
		await client.connect();
		try {
			const { rows } = await client.query<{ name: string }>('select name from kysely_migration order by name');
			expect(rows.map((row) => row.name)).toEqual(Object.keys(migrations).sort());
		} finally {
			await client.end();
		}
	});

	it('keeps its pages answering across a restart of PostgreSQL', async () => {
		await cluster.restartPostgres({ mode: 'fast' });
		let status = 0;
		for (let i = 0; i < 600 && status !== 200; i++) {
			const response = await fetch(`${cluster.url}/login`);
			await response.body?.cancel();
			status = response.status;
			if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
		}
		expect(status).toBe(200);
		// A form post after the restart reaches the database again.
		const wrong = await postForm(cluster.url, '/login', { username: 'sau-khoi-dong', password: 'sai-mat-khau' });
		expect([400, 429]).toContain(wrong.status);
	});
});
