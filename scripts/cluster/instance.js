// One instance of the built board (build/server.js) run by the launcher: started with its Node options on its own
// port, its output in a log file (and the last lines kept for errors), ready once GET /healthz answers; killed with
// SIGKILL as a machine that dies, stopped with SIGTERM as an operator stops it, started again on the same port.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVER_NODE_OPTIONS } from '../server-options.js';
import { processCpuSeconds, processMemory } from './proc.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const SERVER_PATH = join(root, 'build/server.js');

/**
 * @typedef {object} Instance
 * @property {string} name e.g. "app1", as the proxy names it.
 * @property {number} port
 * @property {string} url Its own address, e.g. http://127.0.0.1:41234 (the proxy's is the cluster's).
 * @property {() => number | undefined} pid The running process's id.
 * @property {() => boolean} running
 * @property {string} logPath
 * @property {() => string[]} lines What it printed lately (its last 500 lines, this start and the ones before).
 * @property {() => Promise<void>} start Starts it (again), resolving once /healthz answers.
 * @property {() => Promise<void>} kill SIGKILL, as a machine that dies: nothing is written on the way out.
 * @property {() => Promise<void>} stop SIGTERM, a clean stop (pending snapshots written); SIGKILL after 10 s.
 * @property {() => Promise<void>} restart A clean stop, then a start.
 * @property {() => number} cpuSeconds CPU seconds of the running process so far (0 when it is not running).
 * @property {() => { rssKb: number, hwmKb: number } | undefined} memory Its resident set and peak now.
 * @property {() => Promise<void>} close Stops it and closes its log.
 */

/**
 * @param {{ name: string, port: number, dir: string, env: NodeJS.ProcessEnv, nodeArgs?: string[],
 *   onLine?: (line: string) => void, onExit?: (code: number | null, signal: NodeJS.Signals | null) => void }} options
 *   `env`: the whole environment it runs with (PORT and HOST are set here); `onLine`: each line it prints;
 *   `onExit`: each time its process ends, killed or not.
 * @returns {Instance}
 */
export function createInstance({ name, port, dir, env, nodeArgs = [], onLine, onExit }) {
	const logPath = join(dir, `${name}.log`);
	const log = createWriteStream(logPath, { flags: 'a' });
	/** @type {string[]} */
	const recent = [];
	/** @type {import('node:child_process').ChildProcess | undefined} */
	let child;
	/** @type {Promise<unknown> | undefined} */
	let exited;
	const url = `http://127.0.0.1:${port}`;

	const alive = () => !!child && child.exitCode === null && child.signalCode === null;

	/** Whole lines of one of its streams, however its output is cut into chunks. */
	const lineReader = () => {
		let pending = '';
		return (/** @type {Buffer} */ chunk) => {
			log.write(chunk);
			pending += chunk.toString('utf8');
			const lines = pending.split('\n');
			pending = lines.pop() ?? '';
			for (const line of lines) {
				if (!line) continue;
				recent.push(line);
				onLine?.(line);
			}
			if (recent.length > 500) recent.splice(0, recent.length - 500);
		};
	};

	const start = async () => {
		if (alive()) throw new Error(`${name} is already running`);
		const started = spawn(process.execPath, [...SERVER_NODE_OPTIONS, ...nodeArgs, SERVER_PATH], {
			cwd: root,
			env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		child = started;
		exited = new Promise((resolve) =>
			started.once('exit', (code, signal) => {
				onExit?.(code, signal);
				resolve(undefined);
			})
		);
		started.stdout?.on('data', lineReader());
		started.stderr?.on('data', lineReader());
		const deadline = Date.now() + 60_000;
		for (;;) {
			if (!alive()) throw new Error(`${name} exited while starting:\n${recent.slice(-30).join('\n')}`);
			const ok = await fetch(`${url}/healthz`).then(
				(response) => (response.body?.cancel(), response.status === 200),
				() => false
			);
			if (ok) return;
			if (Date.now() > deadline) throw new Error(`${name} did not answer /healthz within 60 s`);
			await new Promise((r) => setTimeout(r, 100));
		}
	};

	/** @param {NodeJS.Signals} signal */
	const end = async (signal) => {
		if (!alive()) return;
		const running = /** @type {import('node:child_process').ChildProcess} */ (child);
		running.kill(signal);
		const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
		await exited;
		clearTimeout(timer);
	};

	return {
		name,
		port,
		url,
		logPath,
		pid: () => (alive() ? child?.pid : undefined),
		running: alive,
		lines: () => recent.slice(),
		start,
		kill: () => end('SIGKILL'),
		stop: () => end('SIGTERM'),
		restart: async () => {
			await end('SIGTERM');
			await start();
		},
		cpuSeconds: () => (alive() ? (processCpuSeconds(child?.pid) ?? 0) : 0),
		memory: () => (alive() ? processMemory(child?.pid) : undefined),
		close: async () => {
			await end('SIGTERM');
			if (!log.writableEnded) await new Promise((resolve) => log.end(resolve));
		}
	};
}
