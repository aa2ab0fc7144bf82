// A real, throwaway PostgreSQL server: Debian's binaries, a cluster made by initdb in a temporary folder, listening
// on loopback only, run as an unprivileged user when started as root (PostgreSQL refuses root). The one
// implementation, used by the tests (tests/support/postgres.ts), the cluster launcher and the benchmark.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, processCpuSeconds } from './proc.js';

/**
 * @typedef {object} RunningPostgres
 * @property {string} url postgres://… of the server's default database.
 * @property {number} port
 * @property {(name?: string) => Promise<string>} createDatabase Creates a fresh, empty database and returns its URL.
 * @property {(mode?: 'fast' | 'immediate') => Promise<void>} stop Stops the server: 'fast' is a clean shutdown,
 *   'immediate' a crash-like one.
 * @property {() => Promise<void>} start Starts it again on the same port and data.
 * @property {() => Promise<void>} destroy Stops the server and removes its folder.
 * @property {string} dataDir The data folder (for tests that read the files as an attacker would).
 * @property {(tool: string, args: string[]) => string} runTool Runs one of PostgreSQL's own programs (pg_waldump, …)
 *   as the server's user and returns its output.
 * @property {() => number[]} pids The server's processes now: the postmaster and its children (backends, writers).
 * @property {() => number} cpuSeconds CPU seconds its processes have used since it last started, those that ended
 *   included.
 */

/** The folder of the newest installed PostgreSQL's programs (Debian puts them under /usr/lib/postgresql/N/bin). */
export function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root)
		? readdirSync(root)
				.filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (versions.length === 0)
		throw new Error('PostgreSQL is not installed: `apt-get install -y postgresql` (.ci/run does it)');
	return join(root, /** @type {string} */ (versions[0]), 'bin');
}

/**
 * Who runs the server: ourselves unless we are root, then Debian's `postgres` user (or `nobody`).
 * @returns {string | undefined}
 */
function serverUser() {
	if (process.getuid?.() !== 0) return undefined;
	try {
		execFileSync('id', ['postgres'], { stdio: 'ignore' });
		return 'postgres';
	} catch {
		return 'nobody';
	}
}

/** The processes whose parent is `pid`, from /proc. @param {number} pid */
function childrenOf(pid) {
	/** @type {number[]} */
	const children = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) children.push(Number(name));
		} catch {
			// gone meanwhile
		}
	}
	return children;
}

/**
 * Starts a throwaway server. `settings` are extra `-c` settings (name → value).
 * @param {{ settings?: Record<string, string | number> }} [options]
 * @returns {Promise<RunningPostgres>}
 */
export async function startPostgres({ settings = {} } = {}) {
	// The board refuses PostgreSQL without a ballot secret, the same for every process on one database: whoever starts
	// a throwaway server (a test, the launcher, the benchmark) and the boards it starts share one.
	process.env.BINHXET_BALLOT_SECRET ??= randomBytes(32).toString('base64');
	const bin = postgresBinDir();
	const user = serverUser();
	const dir = mkdtempSync(join(tmpdir(), 'binhxet-pg-'));
	chmodSync(dir, 0o777);
	const dataDir = join(dir, 'data');
	/** @param {string} tool @param {string[]} args */
	const run = (tool, args) => {
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
	/** @type {import('node:child_process').ChildProcess | undefined} */
	let child;
	let output = '';

	/** The postmaster's process id, from its pid file (under runuser, the child we spawned is runuser itself). */
	const postmaster = () => {
		try {
			return Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n', 1)[0]) || undefined;
		} catch {
			return undefined;
		}
	};

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
			'max_connections=300',
			...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])
		];
		const command = join(bin, 'postgres');
		const started = user
			? spawn('runuser', ['-u', user, '--', command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
			: spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		child = started;
		output = '';
		started.stdout?.on('data', (/** @type {Buffer} */ c) => (output += c.toString()));
		started.stderr?.on('data', (/** @type {Buffer} */ c) => (output += c.toString()));
		const deadline = Date.now() + 30_000;
		for (;;) {
			const client = new pg.Client({ host: '127.0.0.1', port, user: 'binhxet', database: 'postgres' });
			try {
				await client.connect();
				await client.end();
				return;
			} catch {
				await client.end().catch(() => {});
				if (started.exitCode !== null) throw new Error(`postgres exited:\n${output}`);
				if (Date.now() > deadline) throw new Error(`postgres did not start:\n${output}`);
				await new Promise((r) => setTimeout(r, 100));
			}
		}
	};

	/** @param {'fast' | 'immediate'} mode */
	const stop = async (mode = 'fast') => {
		const running = child;
		if (!running || running.exitCode !== null || running.signalCode !== null) return;
		const exited = new Promise((resolve) => running.once('exit', resolve));
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
		pids: () => {
			const main = postmaster();
			return main ? [main, ...childrenOf(main)] : [];
		},
		cpuSeconds: () => {
			const main = postmaster();
			if (!main) return 0;
			// The postmaster's own time and its ended children's (reaped, counted in its cutime/cstime), then the
			// children alive now.
			const own = processCpuSeconds(main, { withEndedChildren: true }) ?? 0;
			return own + childrenOf(main).reduce((total, pid) => total + (processCpuSeconds(pid) ?? 0), 0);
		},
		destroy: async () => {
			await stop('immediate').catch(() => {});
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
