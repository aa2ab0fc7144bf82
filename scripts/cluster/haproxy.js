// HAProxy in front of the board's instances: the configuration from deploy/haproxy.cfg.template, and a proxy
// process run in the foreground for the launcher, with its runtime socket to read what it thinks of each instance.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const TEMPLATE_PATH = join(root, 'deploy/haproxy.cfg.template');

/**
 * @typedef {object} ProxySettings
 * @property {string} bind What HAProxy listens on, e.g. ":80" or "127.0.0.1:8080".
 * @property {string} statsSocket The path of its runtime (admin) socket.
 * @property {{ name: string, address: string }[]} servers The instances, e.g. { name: 'app1', address: '10.0.0.11:3000' }.
 * @property {string[]} [global] Lines of the global section that depend on how it runs (user, chroot, log target).
 */

export const EXAMPLE_PATH = join(root, 'deploy/haproxy.cfg');

/**
 * deploy/haproxy.cfg: the template filled in for three machines behind one proxy on a Debian server, where the
 * package's service starts HAProxy as root and it then drops to its own user in its chroot.
 * @type {ProxySettings}
 */
export const EXAMPLE_SETTINGS = {
	bind: ':80',
	statsSocket: '/run/haproxy/admin.sock',
	servers: [
		{ name: 'app1', address: '10.0.0.11:3000' },
		{ name: 'app2', address: '10.0.0.12:3000' },
		{ name: 'app3', address: '10.0.0.13:3000' }
	],
	global: ['log /dev/log local0', 'chroot /var/lib/haproxy', 'user haproxy', 'group haproxy', 'daemon']
};

/**
 * The configuration: the template with its fields filled in.
 * @param {ProxySettings} settings
 * @param {string} [template]
 */
export function renderHaproxyConfig(settings, template = readFileSync(TEMPLATE_PATH, 'utf8')) {
	if (settings.servers.length === 0) throw new Error('HAProxy needs at least one instance');
	const names = new Set(settings.servers.map((s) => s.name));
	if (names.size !== settings.servers.length) throw new Error('instance names must differ');
	const fields = {
		BIND: settings.bind,
		STATS_SOCKET: settings.statsSocket,
		GLOBAL: (settings.global ?? []).map((line) => `\t${line}`).join('\n'),
		SERVERS: settings.servers.map((s) => `\tserver ${s.name} ${s.address} check`).join('\n')
	};
	return template
		.replace(/\{\{(\w+)\}\}/g, (whole, /** @type {string} */ name) => {
			if (!(name in fields)) throw new Error(`unknown field ${whole} in the HAProxy template`);
			return fields[/** @type {keyof typeof fields} */ (name)];
		})
		.replace(/\n{3,}/g, '\n\n')
		.replace(/^global\n\n/m, 'global\n');
}

/** Checks a configuration file with HAProxy itself (`haproxy -c`); throws with its message when refused. @param {string} path */
export function checkHaproxyConfig(path) {
	try {
		return execFileSync('haproxy', ['-c', '-f', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	} catch (error) {
		const { stdout = '', stderr = '' } = /** @type {{ stdout?: string, stderr?: string }} */ (error);
		throw new Error(`haproxy refused ${path}:\n${stdout}${stderr}`, { cause: error });
	}
}

/**
 * One line of HAProxy's `show stat` for a server of a backend.
 * @typedef {{ backend: string, server: string, status: string }} ServerState
 */

/**
 * Sends one command to HAProxy's runtime socket and returns its answer.
 * @param {string} socketPath
 * @param {string} command
 * @returns {Promise<string>}
 */
export function askHaproxy(socketPath, command) {
	return new Promise((resolve, reject) => {
		const socket = connect(socketPath);
		let answer = '';
		socket.on('connect', () => socket.end(`${command}\n`));
		socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
		socket.on('end', () => resolve(answer));
		socket.on('error', reject);
	});
}

/**
 * What HAProxy thinks of each server of each backend now (status: UP, DOWN, "UP 1/2", "DOWN 1/2", MAINT…).
 * @param {string} socketPath
 * @returns {Promise<ServerState[]>}
 */
export async function serverStates(socketPath) {
	const csv = await askHaproxy(socketPath, 'show stat');
	const [header, ...rows] = csv.trim().split('\n');
	const columns = (header ?? '').replace(/^# /, '').split(',');
	const at = (/** @type {string} */ name) => columns.indexOf(name);
	return rows
		.map((row) => row.split(','))
		.filter((cells) => cells[at('svname')] !== 'FRONTEND' && cells[at('svname')] !== 'BACKEND')
		.map((cells) => ({
			backend: cells[at('pxname')] ?? '',
			server: cells[at('svname')] ?? '',
			status: cells[at('status')] ?? ''
		}));
}

/**
 * @typedef {object} RunningProxy
 * @property {string} url The board's address through the proxy, e.g. http://127.0.0.1:41234.
 * @property {number} port
 * @property {string} configPath
 * @property {number | undefined} pid
 * @property {() => Promise<ServerState[]>} states
 * @property {(server: string, status: 'UP' | 'DOWN', timeoutMs?: number) => Promise<void>} waitFor Resolves once
 *   HAProxy sees `server` so in every backend.
 * @property {() => Promise<void>} stop
 */

/**
 * Writes the configuration for `servers` into `dir`, checks it, and runs HAProxy in the foreground on
 * 127.0.0.1:`port`, its log beside it.
 * @param {{ dir: string, port: number, servers: { name: string, address: string }[] }} options
 * @returns {Promise<RunningProxy>}
 */
export async function startHaproxy({ dir, port, servers }) {
	const configPath = join(dir, 'haproxy.cfg');
	const statsSocket = join(dir, 'haproxy.sock');
	// In the foreground as whoever runs the launcher, its log on its standard error (into haproxy.log here).
	const config = renderHaproxyConfig({
		bind: `127.0.0.1:${port}`,
		statsSocket,
		servers,
		global: ['log stderr format short local0 notice']
	});
	writeFileSync(configPath, config);
	checkHaproxyConfig(configPath);
	const log = createWriteStream(join(dir, 'haproxy.log'));
	const child = spawn('haproxy', ['-db', '-f', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout.pipe(log);
	child.stderr.pipe(log);
	const exited = new Promise((resolve) => child.once('exit', resolve));

	const said = () => {
		try {
			return readFileSync(join(dir, 'haproxy.log'), 'utf8').trim().split('\n').slice(-10).join('\n');
		} catch {
			return '';
		}
	};
	const states = () => serverStates(statsSocket);
	/** @type {RunningProxy['waitFor']} */
	const waitFor = async (server, status, timeoutMs = 30_000) => {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			if (child.exitCode !== null) throw new Error(`haproxy exited (${child.exitCode}):\n${said()}`);
			const mine = await states().then(
				(all) => all.filter((s) => s.server === server),
				() => []
			);
			if (mine.length > 0 && mine.every((s) => s.status === status)) return;
			if (Date.now() > deadline)
				throw new Error(`haproxy did not see ${server} ${status} (${mine.map((s) => s.status).join(', ')})`);
			await new Promise((r) => setTimeout(r, 100));
		}
	};
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		configPath,
		pid: child.pid,
		states,
		waitFor,
		stop: async () => {
			if (child.exitCode === null && child.signalCode === null) {
				child.kill('SIGTERM');
				await exited;
			}
			if (!log.writableEnded) log.end();
		}
	};
}
