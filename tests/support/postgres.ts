// A real, throwaway PostgreSQL server for tests: Debian's binaries, a cluster made by initdb in a temporary folder,
// listening on loopback only, run as an unprivileged user when the tests run as root (PostgreSQL refuses root).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface RunningPostgres {
	/** postgres://… of the server's default database. */
	url: string;
	port: number;
	/** Creates a fresh, empty database and returns its URL. */
	createDatabase: (name?: string) => Promise<string>;
	/** Stops the server: 'fast' is a clean shutdown, 'immediate' a crash-like one. */
	stop: (mode?: 'fast' | 'immediate') => Promise<void>;
	/** Starts it again on the same port and data. */
	start: () => Promise<void>;
	/** Stops the server and removes its folder. */
	destroy: () => Promise<void>;
	/** The data folder (for tests that read the files as an attacker would). */
	dataDir: string;
	/** Runs one of PostgreSQL's own programs (pg_waldump, …) as the server's user and returns its output. */
	runTool: (tool: string, args: string[]) => string;
}

/** The folder of the newest installed PostgreSQL's programs (Debian puts them under /usr/lib/postgresql/N/bin). */
export function postgresBinDir(): string {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root)
		? readdirSync(root)
				.filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (versions.length === 0)
		throw new Error('PostgreSQL is not installed: `apt-get install -y postgresql` (.ci/run does it)');
	return join(root, versions[0]!, 'bin');
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

/** Who runs the server: ourselves unless we are root, then Debian's `postgres` user (or `nobody`). */
function serverUser(): string | undefined {
	if (process.getuid?.() !== 0) return undefined;
	try {
		execFileSync('id', ['postgres'], { stdio: 'ignore' });
		return 'postgres';
	} catch {
		return 'nobody';
	}
}

export async function startPostgres(): Promise<RunningPostgres> {
	// On PostgreSQL the board refuses to start without a ballot secret (the same on every instance); the tests of one
	// process share one, and servers they start inherit it.
	process.env.BINHXET_BALLOT_SECRET ??= randomBytes(32).toString('base64');
	const bin = postgresBinDir();
	const user = serverUser();
	const dir = mkdtempSync(join(tmpdir(), 'binhxet-pg-'));
	chmodSync(dir, 0o777);
	const dataDir = join(dir, 'data');
	const run = (tool: string, args: string[]): string => {
		const command = join(bin, tool);
		return user
			? execFileSync('runuser', ['-u', user, '--', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 })
			: execFileSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
	};
	run('initdb', [
		'-D',
		dataDir,
		'-U',
		'binhxet',
		'--auth=trust',
		'-E',
		'UTF8',
		'--locale=C.UTF-8',
		'--no-instructions'
	]);
	const port = await freePort();
	let child: ChildProcess | undefined;
	let output = '';

	const start = async () => {
		const args = [
			'-D',
			dataDir,
			'-p',
			String(port),
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			`unix_socket_directories=${dir}`,
			'-c',
			'max_connections=300'
		];
		const command = join(bin, 'postgres');
		child = user
			? spawn('runuser', ['-u', user, '--', command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
			: spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
		child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
		const deadline = Date.now() + 30_000;
		for (;;) {
			const client = new pg.Client({ host: '127.0.0.1', port, user: 'binhxet', database: 'postgres' });
			try {
				await client.connect();
				await client.end();
				return;
			} catch {
				await client.end().catch(() => {});
				if (child.exitCode !== null) throw new Error(`postgres exited:\n${output}`);
				if (Date.now() > deadline) throw new Error(`postgres did not start:\n${output}`);
				await new Promise((r) => setTimeout(r, 100));
			}
		}
	};

	const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise<void>((resolve) => child!.once('exit', () => resolve()));
		run('pg_ctl', ['stop', '-D', dataDir, '-m', mode, '-w']);
		await exited;
	};

	await start();
	let created = 0;
	const url = `postgres://binhxet@127.0.0.1:${port}/postgres`;
	return {
		url,
		port,
		dataDir,
		runTool: run,
		createDatabase: async (name) => {
			const database = name ?? `test_${process.pid}_${++created}`;
			const client = new pg.Client({ connectionString: url });
			await client.connect();
			try {
				await client.query(`CREATE DATABASE "${database}"`);
			} finally {
				await client.end();
			}
			return `postgres://binhxet@127.0.0.1:${port}/${database}`;
		},
		stop,
		start,
		destroy: async () => {
			await stop('immediate').catch(() => {});
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
