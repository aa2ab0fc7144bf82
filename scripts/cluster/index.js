// The cluster launcher: a throwaway PostgreSQL, the board's migrations run once, N instances of the built board
// (build/server.js) on it, and HAProxy in front (deploy/haproxy.cfg.template), all on this machine in a temporary
// folder. Used by `npm run cluster:demo`, the benchmark's scenario (e) and the tests that run several instances; it
// kills (kill -9) and restarts an instance, restarts PostgreSQL, and stops everything.
//
// Migrations run once, before any instance starts, through the admin command (`build/admin.js migrate`); each
// instance then finds its schema current. (Were several started on an older schema at once, Kysely's migrator takes a
// PostgreSQL advisory lock, so they would still migrate one after another, never side by side.)
//
// The first instance starts alone (loading the demo meeting into the empty database when asked), then the others
// together.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHaproxy } from './haproxy.js';
import { createInstance } from './instance.js';
import { startPostgres } from './postgres.js';
import { freePort } from './proc.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The environment the launcher sets (or leaves unset) for its instances itself. */
const LAUNCHER_SETS = [
	'DATABASE_URL',
	'ORIGIN',
	'ADDRESS_HEADER',
	'XFF_DEPTH',
	'PROTOCOL_HEADER',
	'CLUSTER_ADDRESS',
	'BINHXET_INSTANCE'
];

/**
 * @typedef {object} ClusterOptions
 * @property {number} [instances] How many instances (3).
 * @property {'postgres' | 'sqlite'} [database] 'postgres' (a throwaway server) or 'sqlite' (a file in the folder,
 *   for one instance only).
 * @property {boolean} [proxy] HAProxy in front (true); without it, clients talk to the instances directly.
 * @property {number} [proxyPort] The proxy's port (a free one by default).
 * @property {boolean} [demo] Load the demo meeting (BINHXET_DEMO=1).
 * @property {boolean | string} [origin] ORIGIN of the instances: a string, or true for http://localhost:<the proxy's
 *   port> (then the links they print are on the proxy's address); unset by default, so that any host name works.
 * @property {NodeJS.ProcessEnv} [env] More environment for the instances (e.g. BINHXET_ACCESS_RECHECK_MS).
 * @property {string[]} [nodeArgs] Node options for the instances, after the board's own.
 * @property {Record<string, string | number>} [postgresSettings] PostgreSQL settings (-c name=value).
 * @property {boolean} [keep] Keep the folder (logs, configuration) after stop().
 * @property {(instance: string, line: string) => void} [onLine] Each line an instance prints.
 * @property {(instance: string, code: number | null, signal: NodeJS.Signals | null) => void} [onExit] Each time an
 *   instance's process ends (killed, stopped or crashed).
 */

/**
 * @typedef {object} Cluster
 * @property {string} url Where clients go: the proxy's address, or the first instance's without a proxy.
 * @property {string} dir The temporary folder: each instance's log, haproxy.cfg and haproxy.log.
 * @property {string | undefined} databaseUrl postgres://… (undefined on SQLite).
 * @property {string} databasePath The SQLite file (used on SQLite only).
 * @property {import('./postgres.js').RunningPostgres | undefined} postgres
 * @property {import('./instance.js').Instance[]} instances
 * @property {import('./haproxy.js').RunningProxy | undefined} proxy
 * @property {(name: string) => import('./instance.js').Instance} instance The instance of that name (app1, app2…).
 * @property {(meetingId: number) => Promise<string>} instanceFor The instance the proxy sends a meeting's sockets to
 *   now (from the X-Binhxet-Instance header of a request on the meeting's /sync/ path).
 * @property {(options?: { mode?: 'fast' | 'immediate', downMs?: number }) => Promise<void>} restartPostgres Stops
 *   PostgreSQL ('fast' by default; 'immediate' is crash-like), waits `downMs`, starts it again on the same port.
 * @property {() => Promise<void>} stop Stops the proxy, the instances (cleanly) and PostgreSQL, and removes the folder.
 */

/**
 * @param {ClusterOptions} [options]
 * @returns {Promise<Cluster>}
 */
export async function startCluster(options = {}) {
	const count = options.instances ?? 3;
	const database = options.database ?? 'postgres';
	const withProxy = options.proxy ?? true;
	if (!Number.isInteger(count) || count < 1) throw new Error('instances: a positive whole number');
	if (database === 'sqlite' && count > 1) throw new Error('several instances need PostgreSQL: one SQLite file each');

	const dir = mkdtempSync(join(tmpdir(), 'binhxet-cluster-'));
	/** @type {import('./postgres.js').RunningPostgres | undefined} */
	let postgres;
	/** @type {import('./instance.js').Instance[]} */
	const instances = [];
	/** @type {import('./haproxy.js').RunningProxy | undefined} */
	let proxy;

	const stop = async () => {
		await proxy?.stop();
		await Promise.all(instances.map((i) => i.close()));
		await postgres?.destroy();
		if (!options.keep) rmSync(dir, { recursive: true, force: true });
	};

	try {
		let databaseUrl;
		if (database === 'postgres') {
			postgres = await startPostgres({ settings: options.postgresSettings });
			databaseUrl = await postgres.createDatabase('binhxet');
		}
		const databasePath = join(dir, 'binhxet.db');
		const ports = [];
		for (let i = 0; i < count; i++) ports.push(await freePort());
		// The proxy's port is chosen as late as possible (a port free now may be some client's by the time the
		// instances are up), unless it is given or the instances' ORIGIN names it.
		const proxyPort = options.proxyPort ?? (withProxy && options.origin === true ? await freePort() : undefined);
		const origin =
			options.origin === true ? `http://localhost:${proxyPort ?? ports[0]}` : options.origin || undefined;

		/** @type {NodeJS.ProcessEnv} */
		const inherited = { ...process.env };
		// What the launcher decides for each instance is never taken from the shell it was started from.
		for (const name of LAUNCHER_SETS) delete inherited[name];
		/** @type {NodeJS.ProcessEnv} */
		const env = {
			...inherited,
			NODE_ENV: 'production',
			// On SQLite the database; with PostgreSQL a file in the folder all the same, so that nothing ever falls
			// back to ./data/binhxet.db.
			DATABASE_PATH: databasePath,
			BINHXET_DEMO: options.demo ? '1' : '0',
			...options.env
		};
		if (databaseUrl) env.DATABASE_URL = databaseUrl;
		// Every instance seals secret ballots under one secret (the board refuses PostgreSQL without it): the shell's,
		// else one made for this cluster's lifetime (the throwaway PostgreSQL makes one too).
		if (databaseUrl) env.BINHXET_BALLOT_SECRET ??= randomBytes(32).toString('base64');
		if (origin) env.ORIGIN = origin;
		if (withProxy) {
			// The client's address and scheme as the proxy saw them (deploy/haproxy.cfg.template sets both headers).
			Object.assign(env, {
				ADDRESS_HEADER: 'x-forwarded-for',
				XFF_DEPTH: '1',
				PROTOCOL_HEADER: 'x-forwarded-proto'
			});
		}

		migrate(env);

		for (let i = 0; i < count; i++) {
			const name = `app${i + 1}`;
			instances.push(
				createInstance({
					name,
					port: /** @type {number} */ (ports[i]),
					dir,
					env: { ...env, BINHXET_INSTANCE: name },
					nodeArgs: options.nodeArgs,
					onLine: options.onLine && ((line) => options.onLine?.(name, line)),
					onExit: options.onExit && ((code, signal) => options.onExit?.(name, code, signal))
				})
			);
		}
		const [first, ...others] = instances;
		await first?.start();
		await Promise.all(others.map((i) => i.start()));

		if (withProxy) {
			const servers = instances.map((i) => ({ name: i.name, address: `127.0.0.1:${i.port}` }));
			for (let attempt = 1; ; attempt++) {
				const chosen = proxyPort === undefined;
				const port = proxyPort ?? (await freePort());
				const started = await startHaproxy({ dir, port, servers });
				proxy = started;
				try {
					await Promise.all(instances.map((i) => started.waitFor(i.name, 'UP')));
					break;
				} catch (error) {
					await started.stop();
					proxy = undefined;
					// A port taken meanwhile by someone else: another one, when it was ours to choose.
					if (!chosen || attempt === 3 || !/cannot bind|Address already in use/i.test(String(error)))
						throw error;
				}
			}
		}

		const url = proxy?.url ?? /** @type {string} */ (first?.url);
		return {
			url,
			dir,
			databaseUrl,
			databasePath,
			postgres,
			instances,
			proxy,
			instance: (name) => {
				const found = instances.find((i) => i.name === name);
				if (!found) throw new Error(`no instance ${name}`);
				return found;
			},
			instanceFor: async (meetingId) => {
				if (!proxy) return /** @type {string} */ (first?.name);
				const response = await fetch(`${proxy.url}/sync/meeting/${meetingId}/scoring`);
				await response.body?.cancel();
				const name = response.headers.get('x-binhxet-instance');
				if (!name) throw new Error(`the proxy sent meeting ${meetingId} nowhere (HTTP ${response.status})`);
				return name;
			},
			restartPostgres: async ({ mode = 'fast', downMs = 0 } = {}) => {
				if (!postgres) throw new Error('this cluster runs on SQLite');
				await postgres.stop(mode);
				if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
				await postgres.start();
			},
			stop
		};
	} catch (error) {
		const lines = instances.flatMap((i) =>
			i
				.lines()
				.slice(-20)
				.map((line) => `${i.name} | ${line}`)
		);
		await stop().catch(() => {});
		if (lines.length && error instanceof Error) error.message += `\n${lines.join('\n')}`;
		throw error;
	}
}

/** The board's migrations, once, through the admin command, before any instance starts. @param {NodeJS.ProcessEnv} env */
function migrate(env) {
	const result = spawnSync(process.execPath, [join(root, 'build/admin.js'), 'migrate'], {
		cwd: root,
		env,
		encoding: 'utf8'
	});
	if (result.status !== 0)
		throw new Error(`the migrations failed (build/admin.js migrate):\n${result.stdout}${result.stderr}`);
}
