// Scenario (e)'s servers: the board as the cluster launcher (scripts/cluster/) runs it, on SQLite or PostgreSQL, one
// instance or several behind HAProxy, seen by the rest of the bench as one server (BenchServer): its address is the
// proxy's (or the lone instance's), its RSS and CPU the sum of its instances'; each instance's figures and
// PostgreSQL's CPU are read apart (clusterFigures).
import { startCluster, type Cluster } from '../cluster/index.js';
import { processCpuSeconds } from '../cluster/proc.js';
import { CPU_PROF, KEEP_LOGS, root, SERVER_ARGS } from './settings';
import { countLine, type BenchServer, type ClusterFigures, type Exit } from './servers';
import type { ClusterSetup } from './types';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Starts the setup's cluster with the demo meeting loaded; resolves once every instance (and the proxy) is ready. */
export async function startClusterServer(setup: ClusterSetup, label: string): Promise<BenchServer> {
	const state = {
		lines: { joined: 0, refused: 0, closing: 0, errors: 0 },
		loads: [] as BenchServer['loads'],
		problems: [] as string[]
	};
	let stopping = false;
	let died: ((exit: Exit) => void) | undefined;
	const death = new Promise<Exit>((resolve) => (died = resolve));
	const nodeArgs = SERVER_ARGS.slice();
	if (CPU_PROF) {
		const profileDir = join(root, 'bench-results');
		mkdirSync(profileDir, { recursive: true });
		nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=server-${label}-%P.cpuprofile`);
	}
	const cluster: Cluster = await startCluster({
		instances: setup.instances,
		database: setup.database,
		proxy: setup.proxy,
		demo: true,
		nodeArgs,
		// BENCH_KEEP_LOGS: the cluster's folder (each instance's log, HAProxy's configuration and log) stays.
		keep: KEEP_LOGS,
		onLine: (_instance, line) => countLine(state, line),
		onExit: (instance, code, signal) => {
			if (!stopping) {
				state.problems.push(`${instance} exited (${code ?? signal})`);
				died?.({ code, signal });
			}
		}
	});
	const { instances, postgres } = cluster;
	if (KEEP_LOGS) console.log(`    ${setup.label}: its folder is kept: ${cluster.dir}`);

	const figures = () => {
		const each = instances.map((i) => ({ cpu: i.cpuSeconds(), memory: i.memory() }));
		return {
			rssKb: each.reduce((total, i) => total + (i.memory?.rssKb ?? 0), 0),
			hwmKb: each.reduce((total, i) => total + (i.memory?.hwmKb ?? 0), 0),
			anonKb: NaN,
			fileKb: NaN,
			cpuSeconds: each.reduce((total, i) => total + i.cpu, 0)
		};
	};
	const clusterFigures = (): ClusterFigures => ({
		instances: instances.map((i) => {
			const memory = i.memory();
			return {
				name: i.name,
				cpuSeconds: i.cpuSeconds(),
				rssKb: memory?.rssKb ?? NaN,
				hwmKb: memory?.hwmKb ?? NaN
			};
		}),
		postgresCpuSeconds: postgres ? postgres.cpuSeconds() : null,
		proxyCpuSeconds: cluster.proxy ? (processCpuSeconds(cluster.proxy.pid) ?? null) : null
	});

	// As the single server's sampler: the highest summed RSS seen, and the busiest 100 ms of all instances together.
	const sampled = { maxKb: 0, samples: 0, peakCpuPercent: 0 };
	let previous: { cpuSeconds: number; at: number } | null = null;
	const sampler = setInterval(() => {
		const now = figures();
		sampled.maxKb = Math.max(sampled.maxKb, now.rssKb);
		sampled.samples++;
		const at = performance.now();
		if (previous)
			sampled.peakCpuPercent = Math.max(
				sampled.peakCpuPercent,
				((now.cpuSeconds - previous.cpuSeconds) / ((at - previous.at) / 1000)) * 100
			);
		previous = { cpuSeconds: now.cpuSeconds, at };
	}, 100);

	let exit: Exit | undefined;
	return {
		...state,
		target: 'binhxet',
		databaseLocation: cluster.databaseUrl ?? cluster.databasePath,
		pid: instances[0]?.pid(),
		logPath: instances[0]?.logPath ?? '',
		exited: false,
		stopping: false,
		base: cluster.url,
		up: <T>(promise: Promise<T>): Promise<T> =>
			Promise.race([
				promise,
				death.then(({ code, signal }) => {
					throw new Error(
						`an instance of ${setup.label} stopped in the middle of the run (exit ${code ?? signal})`
					);
				})
			]),
		figures,
		sampled,
		resetPeakCpu: () => {
			sampled.peakCpuPercent = 0;
		},
		clusterFigures,
		stop: async () => {
			stopping = true;
			clearInterval(sampler);
			if (!exit) {
				await cluster.proxy?.stop();
				await Promise.all(instances.map((i) => i.close()));
				exit = { code: 0, signal: null };
			}
			return exit;
		},
		release: async () => {
			stopping = true;
			clearInterval(sampler);
			await cluster.stop();
		}
	};
}
