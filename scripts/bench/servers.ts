// The servers under test of `npm run bench`, each a child process of its own (so that its RSS and CPU are its own):
//   binhxet      build/server.js with the board's Node options (scripts/server-options.js) on the bench's
//                temporary database (BINHXET_DEMO=1, production mode);
//   floor, y-websocket, hocuspocus   scripts/bench/peers/<name>.ts, run from its bundle build/bench/peers/<name>.js.
// Each prints a line "… running at http://host:port" when it listens. Their output goes to a log file in the bench's
// temporary folder; lines that tell of trouble are kept as problems, and "loaded "<doc>" in <ms> ms" lines (the
// app's and the Hocuspocus peer's) are parsed for scenario (d).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procFigures, type ProcFigures } from './proc';
import { SERVER_NODE_OPTIONS } from '../server-options.js';
import { CPU_PROF, root, SERVER_ARGS } from './settings';
import type { ServerLines, Target } from './types';

export interface Exit {
	code: number | null;
	signal: NodeJS.Signals | null;
}

/** A document loaded from storage, from the server's "loaded" line. */
export interface LoadLine {
	document: string;
	ms: number;
	details: string;
}

export interface BenchServer {
	target: Target;
	/** The database the bench writes its people into and reads the log from: a SQLite file or a postgres:// URL. */
	databaseLocation?: string;
	pid: number | undefined;
	logPath: string;
	lines: ServerLines;
	loads: LoadLine[];
	exited: boolean;
	stopping: boolean;
	problems: string[];
	/** Its HTTP base address, e.g. http://127.0.0.1:41234. */
	base: string;
	/** Rejects if the server goes away on its own (a crash, or someone else's kill) before `promise` settles. */
	up<T>(promise: Promise<T>): Promise<T>;
	figures(): ProcFigures | undefined;
	sampled: { maxKb: number; samples: number; peakCpuPercent: number };
	resetPeakCpu(): void;
	/** Stops the server (every instance and the proxy, for a cluster). */
	stop(): Promise<Exit>;
	/** After stop(): removes what the server needed beside it (a cluster's PostgreSQL and folder). */
	release?(): Promise<void>;
	/** A cluster's figures now: each instance's and PostgreSQL's (scenario e). */
	clusterFigures?(): ClusterFigures;
}

/** CPU seconds so far and memory now of each instance of a cluster, and PostgreSQL's CPU seconds. */
export interface ClusterFigures {
	instances: { name: string; cpuSeconds: number; rssKb: number; hwmKb: number }[];
	postgresCpuSeconds: number | null;
	/** HAProxy's, when there is one in front. */
	proxyCpuSeconds: number | null;
}

export interface ServerOptions {
	dir: string;
	label: string;
	databasePath: string;
	hocuspocusDb?: string;
}

const LOADED = /(?:sync|hocuspocus): loaded "([^"]+)" in ([\d.]+) ms(?: \((.*)\))?/;

/** What one line of a server's output tells: a document loaded, a join, a refusal, a closed socket, an error. */
export function countLine(server: Pick<BenchServer, 'lines' | 'loads' | 'problems'>, line: string): void {
	const loaded = LOADED.exec(line);
	if (loaded) server.loads.push({ document: loaded[1] ?? '', ms: Number(loaded[2]), details: loaded[3] ?? '' });
	else if (line.includes('sync: ') && line.includes(' joined "')) server.lines.joined++;
	else if (line.includes('sync: refused')) {
		server.lines.refused++;
		server.problems.push(line);
	} else if (line.includes('sync: closing') || line.includes('did not answer a ping')) {
		server.lines.closing++;
		server.problems.push(line);
	} else if (/error|failed|could not/i.test(line)) {
		server.lines.errors++;
		server.problems.push(line);
	}
}

/**
 * Starts `target` and resolves once it listens. `label` names its log and profile; `databasePath` is the app's
 * database (binhxet), `hocuspocusDb` the Hocuspocus peer's SQLite file.
 */
export async function startServer(
	target: Target,
	{ dir, label, databasePath, hocuspocusDb }: ServerOptions
): Promise<BenchServer> {
	const logPath = join(dir, `server-${label}.log`);
	const log = createWriteStream(logPath);
	const args = SERVER_ARGS.slice();
	if (CPU_PROF) {
		const profileDir = join(root, 'bench-results');
		mkdirSync(profileDir, { recursive: true });
		args.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=server-${label}.cpuprofile`);
	}
	const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production' };
	if (target === 'binhxet') {
		// The Node options the board runs with in production (npm start), as it is measured.
		args.unshift(...SERVER_NODE_OPTIONS);
		args.push(join(root, 'build/server.js'));
		Object.assign(env, { DATABASE_PATH: databasePath, BINHXET_DEMO: '1' });
	} else {
		// Its bundle, in build/bench/peers/ beside the main program's (scripts/bench.js builds both).
		args.push(fileURLToPath(new URL(`./peers/${target}.js`, import.meta.url)));
		if (target === 'hocuspocus') env.HOCUSPOCUS_DB = hocuspocusDb;
	}
	const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
	const state = {
		exited: false,
		stopping: false,
		lines: { joined: 0, refused: 0, closing: 0, errors: 0 },
		/** Documents loaded from storage. */
		loads: [] as LoadLine[],
		problems: [] as string[]
	};
	const server = state;
	const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
	exited.then(() => (server.exited = true));

	const onLine = (line: string) => countLine(server, line);
	const base = new Promise<string>((resolve, reject) => {
		let pending = '';
		child.stdout.on('data', (chunk: Buffer) => {
			log.write(chunk);
			pending += chunk.toString('utf8');
			let newline;
			while ((newline = pending.indexOf('\n')) >= 0) {
				const line = pending.slice(0, newline);
				pending = pending.slice(newline + 1);
				const match = /running at (http:\/\/\S+)/.exec(line);
				if (match?.[1]) resolve(match[1]);
				onLine(line);
			}
		});
		child.stderr.on('data', (chunk: Buffer) => {
			log.write(chunk);
			for (const line of chunk.toString('utf8').split('\n')) {
				if (line.trim() && !/ExperimentalWarning|--trace-warnings/.test(line)) server.problems.push(line);
			}
		});
		exited.then(({ code, signal }) =>
			reject(new Error(`${target} exited before it was ready (${code ?? signal}); see ${logPath}`))
		);
		setTimeout(() => reject(new Error(`${target} did not start within 20 s`)), 20_000).unref();
	});
	const address = await base;

	/** Rejects if the server goes away on its own (a crash, or someone else's kill) before `promise` settles. */
	const up = <T>(promise: Promise<T>): Promise<T> =>
		Promise.race([
			promise,
			// Stopped by the bench itself: the race is left to `promise`.
			exited.then(({ code, signal }) => {
				if (!server.stopping)
					throw new Error(`${target} stopped in the middle of the run (exit ${code ?? signal})`);
				return promise;
			})
		]);
	/**
	 * Samples VmRSS every 100 ms until stop(): the highest seen, beside the kernel's VmHWM; and the CPU used in each
	 * 100 ms, whose highest (in % of a core, over 100 when its GC threads ran beside it) is kept from resetPeakCpu().
	 */
	const sampled = { maxKb: 0, samples: 0, peakCpuPercent: 0 };
	let previous: { cpuSeconds: number; at: number } | null = null;
	const sampler = setInterval(() => {
		const figures = procFigures(child.pid);
		if (!figures) return;
		sampled.maxKb = Math.max(sampled.maxKb, figures.rssKb);
		sampled.samples++;
		const at = performance.now();
		if (previous)
			sampled.peakCpuPercent = Math.max(
				sampled.peakCpuPercent,
				((figures.cpuSeconds - previous.cpuSeconds) / ((at - previous.at) / 1000)) * 100
			);
		previous = { cpuSeconds: figures.cpuSeconds, at };
	}, 100);
	const stop = async (): Promise<Exit> => {
		server.stopping = true;
		clearInterval(sampler);
		if (!server.exited) {
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
			await exited;
			clearTimeout(timer);
		}
		log.end();
		return exited;
	};
	return Object.assign(state, {
		target,
		databaseLocation: target === 'binhxet' ? databasePath : undefined,
		pid: child.pid,
		logPath,
		base: address,
		up,
		figures: () => procFigures(child.pid),
		sampled,
		resetPeakCpu: () => {
			sampled.peakCpuPercent = 0;
		},
		stop
	});
}
