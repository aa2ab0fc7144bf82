// The settings of `npm run bench` (environment variables) and its scenarios. See scripts/bench.js for what it does.
//
//   BENCH_WARMUP_S (5), BENCH_MEASURE_S (25)   warm-up and measured window of scenarios (a)–(c), in seconds
//   BENCH_WORKERS                              client threads: one number for every scenario, or per scenario,
//                                              e.g. "a=2,b=3" (default a=2, b=3, c=2, e=3; (c)'s flooder is a
//                                              process of its own; (e)'s setups with N× the meetings have N× the
//                                              threads)
//   BENCH_ONLY                                 scenarios to run, e.g. "a,d" (default all: a,b,c,d,e)
//   BENCH_SETUPS                               (e)'s setups, e.g. "sqlite-1,pg-1" (default all: sqlite-1, pg-1,
//                                              pg-3, pg-3x3)
//   BENCH_SERVERS                              servers, e.g. "hocuspocus,binhxet" (default floor,y-websocket,
//                                              hocuspocus,binhxet)
//   BENCH_ROUNDS (3)                           rounds of (a) and (b) for Hocuspocus and binhxet, the pair the targets
//                                              compare (the floor and y-websocket run in the first only): on a
//                                              shared 2-core machine one window's p99 swings by 2× from run to run
//   BENCH_MAX_HARNESS_STALL_MS (150)           a run in which a client thread's event loop ran late by more than this
//   BENCH_MAX_HARNESS_P99_MS (20)              at worst, or by more than this at p99, is run again once; if it
//                                              stalls again its latency is not reported
//   BENCH_LOG_UPDATES (10000)                  updates in the document of scenario (d)
//   BENCH_FLOOD_RATE (2000)                    update frames a second the flooder of scenario (c) sends
//   BENCH_CPU_PROF=1                           each server writes a .cpuprofile per run into bench-results/
//   BENCH_SERVER_ARGS                          node options for the server processes only, for experiments
//   BENCH_KEEP_LOGS=1                          copy each server's log into bench-results/
import { fileURLToPath } from 'node:url';
import { isTarget, TARGETS } from './session';
import type { ClusterSetup, Scenario, StallLimit, Target } from './types';

// The repository's root. This module runs bundled into build/bench/main.js (scripts/bench.js builds it), two folders
// below the root as its source is.
export const root = fileURLToPath(new URL('../..', import.meta.url));

const envNumber = (name: string, fallback: number): number => {
	const value = Number(process.env[name] ?? fallback);
	if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number`);
	return value;
};

const list = (name: string): string[] | undefined =>
	process.env[name]
		? process.env[name]
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean)
		: undefined;

export const WARMUP_S = envNumber('BENCH_WARMUP_S', 5);
export const MEASURE_S = envNumber('BENCH_MEASURE_S', 25);
export const CPU_PROF = process.env.BENCH_CPU_PROF === '1';
export const KEEP_LOGS = process.env.BENCH_KEEP_LOGS === '1';
export const SERVER_ARGS = (process.env.BENCH_SERVER_ARGS ?? '').split(/\s+/).filter(Boolean);
export const ROUNDS = Math.max(1, Math.round(envNumber('BENCH_ROUNDS', 3)));
/** The servers that run again in rounds after the first. */
export const ROUND_SERVERS: readonly Target[] = ['hocuspocus', 'binhxet'];
export const LOG_UPDATES = Math.max(1, Math.round(envNumber('BENCH_LOG_UPDATES', 10_000)));
/** Update frames a second the flooder of scenario (c) sends (pre-encoded; in bursts every 10 ms). */
export const FLOOD_RATE = Math.max(1, envNumber('BENCH_FLOOD_RATE', 2000));
/** After the window: time for the last edits to reach everyone. */
export const DRAIN_MS = 1500;
/** Share of edits that add a deduction (the rest change points and reason of one of the writer's own). */
export const ADD_SHARE = 0.1;
export const DEMO_MEETING = 1;

/**
 * The harness's own event-loop delay above which a run's latency figures are not trusted. A client thread holds
 * hundreds of Y.Docs whose structs survive, so its scavenges take 15–30 ms; and when the server under test has a busy
 * moment (its GC threads beside its loop, Hocuspocus storing documents) on the two cores it shares with the clients,
 * a client thread runs 50–120 ms late now and then. That is the floor of this measurement on this machine (the floor
 * server's column shows it; the table prints the harness's delay beside every column) and it touches only the
 * highest percentiles, so it is let through. A thread late by over 150 ms, or by over 20 ms at p99 (then the
 * harness, not the server, sets the latency percentiles), means the harness was the bottleneck.
 */
export const STALL: StallLimit = {
	maxMs: envNumber('BENCH_MAX_HARNESS_STALL_MS', 150),
	p99Ms: envNumber('BENCH_MAX_HARNESS_P99_MS', 20)
};

const DEFAULT_WORKERS: Record<string, number> = { a: 2, b: 3, c: 2, e: 3 };
export const WORKERS: Record<string, number> = (() => {
	const raw = process.env.BENCH_WORKERS;
	if (!raw) return DEFAULT_WORKERS;
	if (/^\d+$/.test(raw.trim()))
		return Object.fromEntries(Object.keys(DEFAULT_WORKERS).map((k) => [k, Math.max(1, Number(raw))]));
	const out = { ...DEFAULT_WORKERS };
	for (const part of raw.split(',')) {
		const [key, value] = part.split('=').map((s) => s.trim());
		if (key === undefined || !(key in out) || !/^\d+$/.test(value ?? ''))
			throw new Error('BENCH_WORKERS: a number, or e.g. "a=2,b=3"');
		out[key] = Math.max(1, Number(value));
	}
	return out;
})();

export const SERVERS: Target[] = (() => {
	const chosen: readonly string[] = list('BENCH_SERVERS') ?? TARGETS;
	for (const s of chosen)
		if (!isTarget(s)) throw new Error(`BENCH_SERVERS: unknown server "${s}" (${TARGETS.join(', ')})`);
	return TARGETS.filter((t) => chosen.includes(t));
})();

/**
 * Scenario (e)'s setups, through the cluster launcher (scripts/cluster/): (b)'s load on one instance on SQLite and
 * on PostgreSQL, on three instances on PostgreSQL behind HAProxy, and three times the meetings on those three.
 */
const ALL_SETUPS: ClusterSetup[] = [
	{ key: 'sqlite-1', label: '1 × SQLite', database: 'sqlite', instances: 1, proxy: false, meetingsFactor: 1 },
	{ key: 'pg-1', label: '1 × PostgreSQL', database: 'postgres', instances: 1, proxy: false, meetingsFactor: 1 },
	{
		key: 'pg-3',
		label: '3 × PostgreSQL + HAProxy',
		database: 'postgres',
		instances: 3,
		proxy: true,
		meetingsFactor: 1
	},
	{
		key: 'pg-3x3',
		label: '3 × PostgreSQL + HAProxy, 3× meetings',
		database: 'postgres',
		instances: 3,
		proxy: true,
		meetingsFactor: 3
	}
];
const SETUP_KEYS = list('BENCH_SETUPS');
for (const key of SETUP_KEYS ?? [])
	if (!ALL_SETUPS.some((s) => s.key === key))
		throw new Error(`BENCH_SETUPS: unknown setup "${key}" (${ALL_SETUPS.map((s) => s.key).join(', ')})`);
export const SETUPS = ALL_SETUPS.filter((s) => !SETUP_KEYS || SETUP_KEYS.includes(s.key));

/**
 * Scenarios: `servers` it runs on (of those chosen); `targets` are the app's (reported, not enforced).
 * (d) has no clients window: a late joiner on a document whose log holds LOG_UPDATES updates.
 */
const ALL_SCENARIOS: Scenario[] = [
	{
		key: 'a',
		title: '(a) 1 meeting × 30 clients × 5 edits/s',
		meetings: 1,
		clientsPerMeeting: 30,
		ratePerClient: 5,
		servers: TARGETS,
		targets: { p99Ms: 5, p99VsHocuspocus: true }
	},
	{
		key: 'b',
		title: '(b) 50 meetings × 10 clients × 1 edit/s',
		meetings: 50,
		clientsPerMeeting: 10,
		ratePerClient: 1,
		servers: TARGETS,
		targets: { p99Ms: 8, peakRssMb: 120, p99VsHocuspocus: true, rssGrowthVsHocuspocus: true }
	},
	{
		key: 'c',
		title: '(c) (a) with 1 of 30 flooding',
		meetings: 1,
		clientsPerMeeting: 30,
		ratePerClient: 5,
		flooders: 1,
		servers: ['binhxet'],
		targets: { floodRatio: 2 }
	},
	{
		key: 'd',
		title: `(d) late joiner, ${LOG_UPDATES.toLocaleString('en')}-update log`,
		lateJoiner: true,
		writers: 10,
		joiners: 2,
		servers: ['hocuspocus', 'binhxet'],
		targets: { syncedMs: 50 }
	},
	{
		key: 'e',
		title: '(e) (b) on SQLite, on PostgreSQL, on 3 instances behind HAProxy',
		meetings: 50,
		clientsPerMeeting: 10,
		ratePerClient: 1,
		servers: ['binhxet'],
		setups: SETUPS,
		targets: { postgresVsSqliteP99: 1.5, scaleOutP99: true }
	}
];
const ONLY = list('BENCH_ONLY');
export const SCENARIOS: Scenario[] = ALL_SCENARIOS.filter((s) => !ONLY || ONLY.includes(s.key));

/** Launch RSS target of the whole app (server after start and one page), MB. */
export const LAUNCH_RSS_TARGET_MB = 90;
