// A meeting's owner among several instances, against a real PostgreSQL (tests/support/postgres.ts): one owner at a
// time, a fencing token raised at every acquisition, a stale owner's commit refused, and every lease freed by
// PostgreSQL itself when the owner's process is killed or the server restarts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import pg from 'pg';
import { checkLease, createLeaseKeeper, StaleLeaseError, type LeaseKeeper } from '$lib/server/cluster/leases';
import { postgresServer, temporaryDatabase } from '../support/database';
import type { RunningPostgres } from '../support/postgres';
import { until } from '../support/live';

let server: RunningPostgres;
let url: string;
const keepers: LeaseKeeper[] = [];
const pools: pg.Pool[] = [];

beforeAll(async () => {
	// The database the server's own migrations build on PostgreSQL (the lease table is migration 018).
	server = await postgresServer();
	const database = await temporaryDatabase('postgres');
	url = database.path;
	// A table the owner writes its documents' changes to, as the sync log is written.
	await database.db.schema
		.createTable('writes')
		.addColumn('meeting_id', 'integer', (c) => c.notNull())
		.addColumn('what', 'text')
		.execute();
	await database.close();
});

afterAll(async () => {
	for (const keeper of keepers) await keeper.close();
	for (const pool of pools) await pool.end();
});

function keeper(name: string): LeaseKeeper & { lost: number[] } {
	const k = createLeaseKeeper({
		databaseUrl: url,
		instanceId: name,
		address: `127.0.0.1:${name.length * 1000}`,
		log: () => {},
		probeIntervalMs: 200
	});
	const lost: number[] = [];
	k.onLost((ids) => lost.push(...ids));
	keepers.push(k);
	return Object.assign(k, { lost });
}

function pool(): pg.Pool {
	const p = new pg.Pool({ connectionString: url, max: 4 });
	p.on('error', () => {});
	pools.push(p);
	return p;
}

/** The owner's group commit: one transaction that writes and checks its lease before committing. */
async function commitAs(p: pg.Pool, lease: { meetingId: number; token: number }, what: string): Promise<void> {
	const client = await p.connect();
	try {
		await client.query('BEGIN');
		await client.query('INSERT INTO writes (meeting_id, what) VALUES ($1, $2)', [lease.meetingId, what]);
		await checkLease(client, lease);
		await client.query('COMMIT');
	} catch (error) {
		await client.query('ROLLBACK').catch(() => {});
		throw error;
	} finally {
		client.release();
	}
}

async function written(p: pg.Pool, meetingId: number): Promise<string[]> {
	const { rows } = await p.query<{ what: string }>('SELECT what FROM writes WHERE meeting_id = $1 ORDER BY what', [
		meetingId
	]);
	return rows.map((r) => r.what);
}

describe('meeting leases on PostgreSQL', () => {
	it('give a meeting one owner at a time, and tell the others where it is', async () => {
		const a = keeper('instance-a');
		const b = keeper('instance-bb');
		const first = await a.acquire(1);
		expect(first).toMatchObject({ owned: true, lease: { meetingId: 1, token: 1 } });
		// Asked twice, the owner keeps its one lease.
		expect(await a.acquire(1)).toEqual(first);
		expect(await b.acquire(1)).toEqual({
			owned: false,
			holder: { owner: 'instance-a', address: '127.0.0.1:10000', token: 1 }
		});
		// Another meeting is free for b.
		expect(await b.acquire(2)).toMatchObject({ owned: true, lease: { meetingId: 2, token: 1 } });

		await a.release(1);
		expect(a.held(1)).toBeUndefined();
		expect(await b.acquire(1)).toMatchObject({ owned: true, lease: { meetingId: 1, token: 2 } });
		expect(await a.acquire(1)).toMatchObject({ owned: false, holder: { owner: 'instance-bb', token: 2 } });
	});

	it('refuse the commit of an owner that lost its lock to a successor, and keep what it committed before', async () => {
		const a = keeper('instance-a');
		const b = keeper('instance-bb');
		const p = pool();
		const acquired = await a.acquire(3);
		if (!acquired.owned) throw new Error('a should own meeting 3');
		await commitAs(p, acquired.lease, 'a: before');

		// The owner's lock connection dies (as a half-open connection would, cut by the server) while the process
		// itself lives on with its lease in memory until it notices.
		await p.query(
			"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'binhxet-leases-instance-a'"
		);
		let taken: Awaited<ReturnType<LeaseKeeper['acquire']>> | undefined;
		for (let i = 0; i < 300 && !taken?.owned; i++) {
			taken = await b.acquire(3);
			if (!taken.owned) await new Promise((r) => setTimeout(r, 50));
		}
		expect(taken).toMatchObject({ owned: true, lease: { meetingId: 3, token: 2 } });
		await until(() => a.lost.includes(3), 'a to notice it lost meeting 3');

		// The stale owner's next commit is refused and leaves nothing; the new owner's goes in.
		await expect(commitAs(p, acquired.lease, 'a: after')).rejects.toBeInstanceOf(StaleLeaseError);
		if (!taken?.owned) throw new Error('unreachable');
		await commitAs(p, taken.lease, 'b: after');
		expect(await written(p, 3)).toEqual(['a: before', 'b: after']);
	});

	it('make a takeover wait for the owner commit already checked, which the successor then sees', async () => {
		const a = keeper('instance-a');
		const b = keeper('instance-bb');
		const p = pool();
		const acquired = await a.acquire(4);
		if (!acquired.owned) throw new Error('a should own meeting 4');
		// a's group commit has checked its lease and not yet committed when a loses its lock.
		const client = await p.connect();
		await client.query('BEGIN');
		await client.query("INSERT INTO writes (meeting_id, what) VALUES (4, 'a: in flight')");
		await checkLease(client, acquired.lease);
		await p.query(
			"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'binhxet-leases-instance-a'"
		);
		await until(() => a.lost.includes(4), 'a to notice it lost meeting 4');
		let settled = false;
		const takeover = (async () => {
			for (;;) {
				const result = await b.acquire(4);
				if (result.owned) return result;
				await new Promise((r) => setTimeout(r, 20));
			}
		})().finally(() => (settled = true));
		// The raise of the token waits on the row a's transaction holds, until that transaction ends.
		for (;;) {
			const { rows } = await p.query<{ waiting: number }>(
				"SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO meeting_leases%'"
			);
			if (rows[0]!.waiting === 1) break;
			await new Promise((r) => setTimeout(r, 20));
		}
		expect(settled).toBe(false);
		await client.query('COMMIT');
		client.release();
		const result = await takeover;
		expect(result).toMatchObject({ owned: true, lease: { token: 2 } });
		expect(await written(p, 4)).toEqual(['a: in flight']);
	});

	it('are freed by PostgreSQL when the owner process is killed with SIGKILL', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'binhxet-lease-child-'));
		try {
			await build({
				stdin: {
					contents: `
						import { createLeaseKeeper } from './src/lib/server/cluster/leases';
						const keeper = createLeaseKeeper({ databaseUrl: process.env.DATABASE_URL!, instanceId: 'child',
							address: '127.0.0.1:1', log: () => {} });
						keeper.acquire(5).then((r) => console.log(r.owned ? 'owned ' + r.lease.token : 'refused'));
						setInterval(() => {}, 1000);`,
					resolveDir: resolve('.'),
					loader: 'ts',
					sourcefile: 'lease-child.ts'
				},
				outfile: join(dir, 'child.cjs'),
				bundle: true,
				platform: 'node',
				format: 'cjs',
				alias: { $lib: resolve('src/lib') },
				logLevel: 'silent'
			});
			const child = spawn(process.execPath, [join(dir, 'child.cjs')], {
				env: { ...process.env, DATABASE_URL: url },
				stdio: ['ignore', 'pipe', 'inherit']
			});
			let output = '';
			child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
			await until(() => output.includes('owned'), 'the child to own meeting 5');
			expect(output.trim()).toBe('owned 1');
			const b = keeper('instance-bb');
			expect(await b.acquire(5)).toMatchObject({ owned: false, holder: { owner: 'child' } });

			const killed = new Promise((r) => child.once('exit', r));
			child.kill('SIGKILL');
			await killed;
			let result = await b.acquire(5);
			for (let i = 0; i < 200 && !result.owned; i++) {
				await new Promise((r) => setTimeout(r, 50));
				result = await b.acquire(5);
			}
			expect(result).toMatchObject({ owned: true, lease: { meetingId: 5, token: 2 } });
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('all end when PostgreSQL restarts, and are taken again with new tokens once it is back', async () => {
		const a = keeper('instance-a');
		const acquired = await a.acquire(6);
		expect(acquired).toMatchObject({ owned: true, lease: { token: 1 } });
		await server.stop('immediate');
		await until(() => a.lost.includes(6), 'a to notice the server went away');
		expect(a.held(6)).toBeUndefined();
		await expect(a.acquire(6)).rejects.toThrow();
		await server.start();
		let again = await a.acquire(6).catch(() => undefined);
		for (let i = 0; i < 100 && !again; i++) {
			await new Promise((r) => setTimeout(r, 100));
			again = await a.acquire(6).catch(() => undefined);
		}
		expect(again).toMatchObject({ owned: true, lease: { meetingId: 6, token: 2 } });
	});
});
