// The runs of `npm run bench`: one scenario against one server, each on a fresh server process (so that its peak
// RSS is its own).
//   runWindow      scenarios (a)–(c): clients connect, warm up, edit through a measured window; figures of the window.
//                  If the harness itself stalled (its threads' event loops ran late past BENCH_MAX_HARNESS_STALL_MS),
//                  the run is repeated once, and if it stalls again its latency is not reported.
//   runLateJoiner  scenario (d): a document whose log holds LOG_UPDATES updates; a joiner on a fresh server (the
//                  document not loaded yet) and a second one once it is, each timed from connect to the arrival of
//                  the server's state (its sync step 2) and to synced (the joiner's own apply in between).
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import * as Y from 'yjs';
import { openDatabase, type OpenedDatabase } from '$lib/server/db/open';
import { addDeduction, deductionsMap, updateDeduction, type Author } from '$lib/live/scoring-doc';
import { SharedDocument, type Peer } from '$lib/server/sync/document';
import { createSqliteSyncStore } from '$lib/server/sync/sqlite-store';
import { createWriteGroup } from '$lib/server/sync/write-group';
import { createScenarioRows, signIn } from './binhxet';
import { startClusterServer } from './cluster';
import { SNAPSHOT_AFTER_UPDATES } from '$lib/server/sync/hub';
import { startFlooder, type Flooder } from './flood';
import { openHocuspocusStore } from './peers/hocuspocus-store';
import { machineCpu, monotonicMs, sleep } from './proc';
import { startServer, type BenchServer, type ClusterFigures, type LoadLine } from './servers';
import { openProvider, syncUrl } from './session';
import {
	ADD_SHARE,
	DRAIN_MS,
	FLOOD_RATE,
	KEEP_LOGS,
	LOG_UPDATES,
	MEASURE_S,
	root,
	STALL,
	WARMUP_S,
	WORKERS
} from './settings';
import { round2, summarize } from './stats';
import type {
	AppLogStored,
	AppStorage,
	BenchClient,
	BenchContext,
	ClientsReport,
	ClusterSetup,
	FloodStats,
	HocuspocusStorage,
	Item,
	LateResult,
	LateScenario,
	PeopleSpec,
	Split,
	Target,
	WindowResult,
	WindowScenario
} from './types';
import { startWorkers, type ClientThread } from './workers';
import { cpus } from 'node:os';

const mb = (kb: number | undefined): number => (kb ?? NaN) / 1024;
const fileSize = (path: string): number => (existsSync(path) ? statSync(path).size : 0);
const databaseBytes = (path: string): number => fileSize(path) + fileSize(`${path}-wal`);

/** The app's database's size in bytes: the SQLite file and its WAL, or PostgreSQL's own count of its database. */
async function databaseSize(opened: OpenedDatabase, location: string): Promise<number> {
	if (opened.dialect === 'sqlite') return databaseBytes(location);
	const { rows } = await sql<{ bytes: number }>`select pg_database_size(current_database()) as bytes`.execute(
		opened.db
	);
	return Number(rows[0]?.bytes ?? NaN);
}

/** (e): each instance's CPU (% of a core) over the window and RSS (idle, and its peak), and PostgreSQL's CPU. */
function clusterWindow(
	idle: ClusterFigures | undefined,
	start: ClusterFigures | undefined,
	end: ClusterFigures | undefined,
	peak: ClusterFigures | undefined,
	seconds: number
): NonNullable<WindowResult['cluster']> {
	const cpuOf = (figures: ClusterFigures | undefined, name: string) =>
		figures?.instances.find((i) => i.name === name)?.cpuSeconds ?? NaN;
	return {
		instances: (end?.instances ?? []).map((instance) => ({
			name: instance.name,
			cpuPercentOfOneCore: ((cpuOf(end, instance.name) - cpuOf(start, instance.name)) / seconds) * 100,
			rssIdleMb: mb(idle?.instances.find((i) => i.name === instance.name)?.rssKb),
			rssPeakMb: mb(peak?.instances.find((i) => i.name === instance.name)?.hwmKb)
		})),
		postgresCpuPercentOfOneCore:
			start?.postgresCpuSeconds != null && end?.postgresCpuSeconds != null
				? ((end.postgresCpuSeconds - start.postgresCpuSeconds) / seconds) * 100
				: null,
		proxyCpuPercentOfOneCore:
			start?.proxyCpuSeconds != null && end?.proxyCpuSeconds != null
				? ((end.proxyCpuSeconds - start.proxyCpuSeconds) / seconds) * 100
				: null
	};
}

function keepLog(server: BenchServer, name: string): void {
	if (!KEEP_LOGS) return;
	mkdirSync(join(root, 'bench-results'), { recursive: true });
	copyFileSync(server.logPath, join(root, 'bench-results', `server-${name}.log`));
}

/** On failure, what the server said (its log goes with the temporary folder). */
function printLogTail(server: BenchServer): void {
	const log = existsSync(server.logPath) ? readFileSync(server.logPath, 'utf8').trimEnd().split('\n') : [];
	const unusual = log.filter((line) => !/ joined "| left \(/.test(line));
	console.error(
		`\n${server.target}'s log (${log.length} lines; joins and leaves left out), last lines:\n${unusual
			.slice(-25)
			.map((l) => `  | ${l}`)
			.join('\n')}`
	);
}

/** The clients of a scenario on a peer server: no accounts, the same document names and units as the app's. */
function peerClients({ key, meetings, clientsPerMeeting, flooders = 0 }: PeopleSpec, units: string[]): BenchClient[] {
	const clients: BenchClient[] = [];
	let userId = 1;
	for (let m = 0; m < meetings; m++) {
		const meetingId = m + 2; // the demo meeting is 1
		for (let c = 0; c < clientsPerMeeting; c++) {
			const unit = units[c % units.length];
			if (unit === undefined) throw new Error('the demo meeting has no units');
			const role = c === 0 ? 'head' : 'vice_head';
			clients.push({
				userId: userId++,
				name: `Bench ${key} m${meetingId} ${role} ${c + 1}`,
				meetingId,
				document: `meeting/${meetingId}/scoring`,
				units: [unit, ...units.filter((u) => u !== unit)],
				peers: clientsPerMeeting - 1 - flooders,
				flooder: c >= clientsPerMeeting - flooders
			});
		}
	}
	return clients;
}

/**
 * How far the harness's client threads ran late in the window, and whether that is past the limit (the flooder is a
 * process of its own, the attacker, not the measurement). The main thread only schedules and samples; its delay is
 * reported beside, not judged.
 */
function harnessStall(reports: ClientsReport[]): {
	p99: number;
	max: number;
	thread: number;
	gcMaxMs: number;
	stalled: boolean;
} {
	const measuring = reports.map((r, i) => ({ thread: i + 1, ...r.loopDelayMs, gcMaxMs: r.gcMs.max }));
	const worst = measuring.reduce((a, b) => (b.max > a.max ? b : a));
	const p99 = Math.max(...measuring.map((t) => t.p99));
	return {
		p99,
		max: worst.max,
		thread: worst.thread,
		gcMaxMs: worst.gcMaxMs,
		stalled: worst.max > STALL.maxMs || p99 > STALL.p99Ms
	};
}

/**
 * Scenarios (a)–(c) on one server, (e) on one of its setups (through the cluster launcher); repeated once if the
 * harness stalled.
 */
export async function runWindow(
	scenario: WindowScenario,
	target: Target,
	context: BenchContext,
	round = 1,
	setup?: ClusterSetup
): Promise<WindowResult> {
	const attempts: NonNullable<WindowResult['attempts']> = [];
	for (let attempt = 1; attempt <= 2; attempt++) {
		const result = { ...(await runWindowOnce(scenario, target, context, attempt, round, setup)), round };
		attempts.push({ harnessLoopDelayMs: result.harness.loopDelayMs });
		if (!result.harness.stalled) return { ...result, attempts };
		const stallMs = result.harness.loopDelayMs.max;
		const stallP99 = result.harness.loopDelayMs.p99;
		if (attempt === 1) {
			const { p99, max } = result.harness.loopDelayMs;
			const others = result.cpu.otherProcessesPercentOfOneCore;
			console.log(
				`    the harness stalled: client thread ${result.harness.worstThread} ran ${max.toFixed(0)} ms late (its longest GC pause ` +
					`${result.harness.worstThreadGcMaxMs.toFixed(0)} ms; p99 ${p99.toFixed(1)} ms over the threads; ` +
					`other processes used ${Number.isFinite(others) ? others.toFixed(0) : '?'} % of a core): running it again`
			);
		} else {
			console.log(
				`    the harness stalled again (${stallMs.toFixed(0)} ms, longest GC pause ${result.harness.worstThreadGcMaxMs.toFixed(0)} ms, ` +
					`p99 ${stallP99.toFixed(1)} ms): latency not reported`
			);
			return {
				...result,
				attempts,
				notReported: `the harness stalled ${stallMs.toFixed(0)} ms (p99 ${stallP99.toFixed(1)} ms)`,
				latencyMs: null,
				firstArrivalMs: null,
				latencyBySecondMs: null,
				flood: result.flood ? { ...result.flood, beforeMs: null, duringMs: null } : null
			};
		}
	}
	throw new Error('unreachable');
}

async function runWindowOnce(
	scenario: WindowScenario,
	target: Target,
	{ dir, databasePath, items, units }: BenchContext,
	attempt: number,
	round: number,
	setup: ClusterSetup | undefined
): Promise<Omit<WindowResult, 'round'>> {
	const label = `${scenario.key}-${setup ? setup.key : target}${round > 1 ? `-round${round}` : ''}${attempt > 1 ? `-${attempt}` : ''}`;
	const ours = target === 'binhxet';
	const hocuspocusDb = join(dir, `hocuspocus-${label}.db`);
	// (e)'s setup with N× the meetings: N× the clients, and N× the client threads to drive them.
	const factor = setup?.meetingsFactor ?? 1;
	const spec = { ...scenario, meetings: scenario.meetings * factor };
	const server = setup
		? await startClusterServer(setup, label)
		: await startServer(target, { dir, label, databasePath, hocuspocusDb });
	let workers: ClientThread[] = [];
	let flooders: Flooder[] = [];
	let bench: OpenedDatabase | undefined;
	const mainLoop = monitorEventLoopDelay({ resolution: 1 });
	try {
		let clients: BenchClient[];
		let firstUpdateId = 0;
		let signInMs = NaN;
		let sizeBefore = 0;
		const location = server.databaseLocation ?? databasePath;
		if (ours) {
			// The app's own database through its own Kysely connection, SQLite or PostgreSQL alike.
			bench = await openDatabase(location, { poolSize: 2 });
			sizeBefore = await databaseSize(bench, location);
			firstUpdateId = Number(
				(
					await bench.db
						.selectFrom('sync_updates')
						.select((eb) => eb.fn.max('id').as('id'))
						.executeTakeFirst()
				)?.id ?? 0
			);
			clients = await createScenarioRows(bench.db, spec);
			const signInStarted = monotonicMs();
			await server.up(signIn(server.base, clients));
			signInMs = monotonicMs() - signInStarted;
		} else {
			clients = peerClients(spec, units);
			await sleep(300); // as quiet as the app's after its sign-ins
		}
		const idle = server.figures();
		const idleCluster = server.clusterFigures?.();

		// Meetings do not all start in the same second: each one's first edit comes at its own moment, spread over
		// most of the warm-up (all edit at full rate in the window). Otherwise per-document timers of a server (e.g.
		// Hocuspocus's store, at most 10 s after a document's first change) fire for every meeting at once, a burst
		// that no real day has and that starves the clients sharing the two cores.
		const meetingIds = [...new Set(clients.map((c) => c.meetingId))];
		const spreadMs = meetingIds.length > 1 ? Math.min(0.8 * WARMUP_S * 1000, 10_000) : 0;
		const offsets = new Map(meetingIds.map((id, i) => [id, (i / meetingIds.length) * spreadMs]));
		for (const client of clients) client.startOffsetMs = offsets.get(client.meetingId);

		const serverUrl = syncUrl(target, server.base);
		workers = startWorkers(
			clients.filter((c) => !c.flooder),
			(WORKERS[scenario.key] ?? 2) * factor,
			{ target, serverUrl, items, addShare: ADD_SHARE }
		);
		// The flooders (scenario c, binhxet only: they sign in with their cookie): processes of their own, each with
		// its whole flood built before the window (the rate × the flood's half of the window, and a tenth more).
		const floodFrames = Math.ceil(FLOOD_RATE * (MEASURE_S / 2) * 1.1) + 1;
		flooders = clients
			.filter((c) => c.flooder)
			.map((c) =>
				startFlooder(c, {
					documentUrl: `${serverUrl}/${c.document}`,
					items,
					rate: FLOOD_RATE,
					count: floodFrames
				})
			);
		const [threadsConnected, floodersConnected] = await server.up(
			Promise.all([
				Promise.all(workers.map((w) => w.expect('connected'))),
				Promise.all(flooders.map((f) => f.connected()))
			])
		);
		const connectMs = Math.max(...[...threadsConnected, ...floodersConnected].map((c) => c.ms));
		for (const c of floodersConnected) {
			console.log(
				`    flooder: ${c.frames} update frames built in ${c.prepareMs.toFixed(0)} ms; ${FLOOD_RATE} frames/s from mid-window`
			);
		}

		// The schedule, on the monotonic clock the clients share.
		const t0 = monotonicMs() + 200;
		const start = t0 + WARMUP_S * 1000;
		const end = start + MEASURE_S * 1000;
		// A flood takes the second half of the window; the first half is the same meeting without it.
		const floodStart = scenario.flooders ? start + (MEASURE_S * 1000) / 2 : Infinity;
		const startedAt = new Date(Date.now() + (start - monotonicMs())).toISOString();
		for (const w of workers) w.run({ t0, start, end, floodStart, ratePerClient: scenario.ratePerClient });
		for (const f of flooders) f.run({ t0, floodStart, end });
		process.stdout.write(
			`  ${target}: ${clients.length} clients connected in ${connectMs.toFixed(0)} ms; warming up ${WARMUP_S} s, measuring ${MEASURE_S} s\n`
		);

		await server.up(sleep(start - monotonicMs()));
		mainLoop.enable();
		server.resetPeakCpu();
		const flooderCpu = () => flooders.reduce((total, f) => total + f.cpuSeconds(), 0);
		const cpuStart = {
			cluster: server.clusterFigures?.(),
			server: server.figures()?.cpuSeconds ?? NaN,
			clients: process.cpuUsage(),
			flooders: flooderCpu(),
			machine: machineCpu(),
			at: monotonicMs()
		};
		await server.up(sleep(end - monotonicMs()));
		const cpuEnd = {
			cluster: server.clusterFigures?.(),
			server: server.figures()?.cpuSeconds ?? NaN,
			clients: process.cpuUsage(cpuStart.clients),
			flooders: flooderCpu(),
			machine: machineCpu(),
			at: monotonicMs()
		};
		const serverPeakCpu = server.sampled.peakCpuPercent;
		mainLoop.disable();
		await server.up(sleep(DRAIN_MS));

		for (const w of workers) w.report();
		const reports = await server.up(Promise.all(workers.map((w) => w.expect('report'))));
		const floodReports = await server.up(Promise.all(flooders.map((f) => f.report())));
		const peak = server.figures();
		const peakCluster = server.clusterFigures?.();
		await Promise.all([...workers.map((w) => w.close()), ...flooders.map((f) => f.close())]);
		workers = [];
		flooders = [];
		await sleep(300);
		const stopped = await server.stop();

		let storage: AppStorage | HocuspocusStorage | null = null;
		if (ours && bench) {
			// What the app stored for this scenario's edits.
			const documents = [...new Set(clients.map((c) => c.document))];
			const stored = await bench.db
				.selectFrom('sync_updates')
				.select((eb) => [
					eb.fn.countAll().as('rows'),
					sql<number>`coalesce(sum(length(${eb.ref('update')})), 0)`.as('bytes')
				])
				.where('id', '>', firstUpdateId)
				.where('document', 'in', documents)
				.executeTakeFirstOrThrow();
			const snapshots = await bench.db
				.selectFrom('sync_snapshots')
				.select((eb) => [
					eb.fn.countAll().as('count'),
					sql<number>`coalesce(sum(length(${eb.ref('state')})), 0)`.as('bytes')
				])
				.where('document', 'in', documents)
				.executeTakeFirstOrThrow();
			const sizeAfter = await databaseSize(bench, location);
			await bench.db.destroy();
			bench = undefined;
			storage = {
				logRows: Number(stored.rows),
				logBytes: Number(stored.bytes),
				snapshots: Number(snapshots.count),
				snapshotBytes: Number(snapshots.bytes),
				databaseBytesBefore: sizeBefore,
				databaseBytesAfter: sizeAfter
			};
		} else if (target === 'hocuspocus') {
			const store = new Database(hocuspocusDb, { readonly: true });
			const row = store
				.prepare<[], { count: number; bytes: number }>(
					'select count(*) as count, coalesce(sum(length(data)), 0) as bytes from documents'
				)
				.get() ?? { count: 0, bytes: 0 };
			store.close();
			storage = { documents: row.count, stateBytes: row.bytes, databaseBytesAfter: databaseBytes(hocuspocusDb) };
		}

		type Counter =
			'edits' | 'editsTotal' | 'adds' | 'expected' | 'arrivals' | 'refused' | 'disconnects' | 'unstamped';
		type FloodCounter = Exclude<keyof FloodStats, 'exhausted' | 'closeReasons'>;
		const sum = (key: Counter) => reports.reduce((total, r) => total + r[key], 0);
		const floodSum = (key: FloodCounter) => floodReports.reduce((total, r) => total + r[key], 0);
		const latencies = new Float64Array(sum('arrivals'));
		let offset = 0;
		for (const r of reports) {
			latencies.set(r.latencies, offset);
			offset += r.latencies.length;
		}
		// Per edit, the first of its arrivals: the server's part of the path (writer → server → one reader) without
		// the queueing inside the simulated clients, whose threads take each broadcast one socket after another.
		const firstArrival = new Map<number, number>();
		const perSecond = Array.from({ length: Math.ceil(MEASURE_S) }, (): number[] => []);
		const beforeFlood: number[] = [];
		const duringFlood: number[] = [];
		for (const r of reports) {
			for (let i = 0; i < r.latencies.length; i++) {
				const latency = r.latencies[i] as number;
				const sentAt = r.sentAts[i] as number;
				const first = firstArrival.get(sentAt);
				if (first === undefined || latency < first) firstArrival.set(sentAt, latency);
				perSecond[Math.min(perSecond.length - 1, Math.floor((sentAt - start) / 1000))]?.push(latency);
				(sentAt < floodStart ? beforeFlood : duringFlood).push(latency);
			}
		}
		const split = (values: number[]): Split => {
			const s = summarize(Float64Array.from(values));
			return { samples: s.samples, p50: s.p50, p99: s.p99, max: s.max };
		};
		const seconds = (cpuEnd.at - cpuStart.at) / 1000;
		const besideSeconds = (f: ClusterFigures | undefined) =>
			(f?.postgresCpuSeconds ?? 0) + (f?.proxyCpuSeconds ?? 0);
		const besideCpu = ((besideSeconds(cpuEnd.cluster) - besideSeconds(cpuStart.cluster)) / seconds) * 100;
		const serverCpuSeconds = cpuEnd.server - cpuStart.server;
		const serverCpu = (serverCpuSeconds / seconds) * 100;
		const clientsCpu = ((cpuEnd.clients.user + cpuEnd.clients.system) / 1e6 / seconds) * 100;
		const floodersCpu = scenario.flooders ? ((cpuEnd.flooders - cpuStart.flooders) / seconds) * 100 : 0;
		const machineBusy =
			cpuStart.machine && cpuEnd.machine
				? ((cpuEnd.machine.busySeconds - cpuStart.machine.busySeconds) / seconds) * 100
				: NaN;
		const edits = sum('edits');
		const editsTotal = sum('editsTotal');
		const mainLoopDelayMs = { p99: mainLoop.percentile(99) / 1e6, max: mainLoop.max / 1e6 };
		const stall = harnessStall(reports);
		const latency = summarize(latencies);
		const result: Omit<WindowResult, 'round'> = {
			scenario: scenario.key,
			server: target,
			meetings: spec.meetings,
			clients: clients.length,
			ratePerClient: scenario.ratePerClient,
			clientThreads: reports.length,
			signInMs: Math.round(signInMs),
			connectMs: Math.round(connectMs),
			window: { warmupSeconds: WARMUP_S, measureSeconds: MEASURE_S, startedAt },
			editsPerSecond: {
				target: (clients.length - (scenario.flooders ?? 0) * scenario.meetings) * scenario.ratePerClient,
				achieved: edits / MEASURE_S
			},
			edits: { measured: edits, total: editsTotal, adds: sum('adds') },
			latencyMs: latency,
			arrivals: {
				received: latency.samples,
				expected: sum('expected'),
				missing: sum('expected') - latency.samples
			},
			firstArrivalMs: summarize(Float64Array.from(firstArrival.values())),
			latencyBySecondMs: perSecond.map((values) => {
				const s = summarize(Float64Array.from(values));
				return { p50: round2(s.p50), p99: round2(s.p99), max: round2(s.max) };
			}),
			flood: scenario.flooders
				? {
						flooders: scenario.flooders,
						rate: FLOOD_RATE,
						floodEdits: floodSum('framesSent'),
						refused: floodSum('refused'),
						closed: floodSum('closed'),
						refusedUpgrades: floodSum('refusedUpgrades'),
						otherUpgradeErrors: floodSum('otherUpgradeErrors'),
						connections: floodSum('connections'),
						appliedFrames: floodSum('appliedFrames'),
						exhausted: floodReports.some((f) => f.exhausted),
						closeCodes: floodReports.map((f) => f.closeReasons),
						cpuPercentOfOneCore: floodersCpu,
						beforeMs: split(beforeFlood),
						duringMs: split(duringFlood)
					}
				: null,
			serverRssMb: {
				idle: mb(idle?.rssKb),
				peakVmHWM: mb(peak?.hwmKb),
				peakSampled: mb(server.sampled.maxKb),
				growth: mb(peak?.hwmKb) - mb(idle?.rssKb),
				// At the end of the run: anonymous memory (heaps, buffers) and file-backed pages (the node binary, code).
				endAnon: mb(peak?.anonKb),
				endFile: mb(peak?.fileKb),
				samples: server.sampled.samples
			},
			cpu: {
				serverSeconds: serverCpuSeconds,
				serverPercentOfOneCore: serverCpu,
				// The busiest 100 ms of the server in the window (over 100: its GC or other threads ran beside its loop).
				serverPeakPercentOver100ms: serverPeakCpu,
				clientsPercentOfOneCore: clientsCpu,
				// The flooder's process (scenario c), at the lowest priority: the attacker's machine, shared here.
				flooderPercentOfOneCore: floodersCpu,
				// Everything else on the machine during the window (other people's tests, builds): noise in the figures.
				// (e): PostgreSQL and HAProxy are the setup's, not others'.
				otherProcessesPercentOfOneCore: machineBusy - serverCpu - clientsCpu - floodersCpu - besideCpu,
				machineCores: cpus().length
			},
			storage,
			refusedWrites: sum('refused'),
			refusalReasons: [...new Set(reports.flatMap((r) => r.refusalReasons))],
			harness: {
				loopDelayMs: { p99: stall.p99, max: stall.max },
				worstThread: stall.thread,
				worstThreadGcMaxMs: stall.gcMaxMs,
				threads: reports.map((r) => ({
					p99: r.loopDelayMs.p99,
					max: r.loopDelayMs.max,
					gcMaxMs: r.gcMs.max,
					gcTotalMs: r.gcMs.total
				})),
				mainThread: mainLoopDelayMs,
				stalled: stall.stalled,
				limitMs: STALL
			},
			disconnects: sum('disconnects'),
			unstampedArrivals: sum('unstamped'),
			log: { exit: stopped.code ?? stopped.signal, lines: server.lines, problems: server.problems.slice(0, 10) }
		};
		if (setup) {
			result.setup = setup;
			result.cluster = clusterWindow(idleCluster, cpuStart.cluster, cpuEnd.cluster, peakCluster, seconds);
		}
		keepLog(server, label);
		return result;
	} catch (error) {
		printLogTail(server);
		throw error;
	} finally {
		mainLoop.disable();
		for (const w of workers) await w.worker.terminate();
		for (const f of flooders) await f.close();
		await server.stop();
		await bench?.db.destroy();
		await server.release?.();
	}
}

// ---------------------------------------------------------------------------------------------------------------
// (d) The late joiner

/**
 * The document of (d), made once for every server: `writers` scorers each with a Y.Doc of their own, LOG_UPDATES
 * edits in all through the app's scoring-doc functions (one in ten adds a deduction of the writer's, the others change
 * one of theirs), each edit its own update as a screen sends it. `writers`: [{ userId, name, units }].
 */
export interface Log {
	updates: { userId: number; update: Uint8Array }[];
	adds: number;
	deductions: number;
	stateBytes: number;
	state: Uint8Array;
	logBytes: number;
}

export async function makeLog(writers: BenchClient[], { items }: { items: Item[] }): Promise<Log> {
	const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;
	const pointsUpTo = (max: number) => 50 * (1 + Math.floor(Math.random() * Math.floor(max / 50)));
	const docs = writers.map((writer) => {
		const doc = new Y.Doc();
		const own: { id: string; max: number }[] = [];
		const author: Author = { id: writer.userId, name: writer.name };
		return { writer, doc, own, author };
	});
	const updates: Log['updates'] = [];
	const whole = new Y.Doc();
	let adds = 0;
	for (let i = 0; i < LOG_UPDATES; i++) {
		const d = docs[i % docs.length];
		if (!d) throw new Error('the log of (d) needs writers');
		let update: Uint8Array | undefined;
		const onUpdate = (u: Uint8Array) => (update = u);
		d.doc.once('update', onUpdate);
		const reason = `Chưa nộp báo cáo tổng kết đúng thời hạn (${i + 1})`;
		if (d.own.length < 2 || Math.random() < ADD_SHARE) {
			const item = pick(items);
			d.own.push({
				id: addDeduction(
					d.doc,
					{ unit: pick(d.writer.units), criterion: item.code, points: pointsUpTo(item.max), reason },
					d.author
				),
				max: item.max
			});
			adds++;
		} else {
			const own = pick(d.own);
			updateDeduction(d.doc, own.id, { points: pointsUpTo(own.max), reason }, d.author);
		}
		if (!update) throw new Error('an edit made no update');
		updates.push({ userId: d.writer.userId, update });
		Y.applyUpdate(whole, update);
	}
	const state = Y.encodeStateAsUpdate(whole);
	const deductions = deductionsMap(whole).size;
	whole.destroy();
	for (const d of docs) d.doc.destroy();
	return {
		updates,
		adds,
		deductions,
		stateBytes: state.byteLength,
		state,
		logBytes: updates.reduce((n, u) => n + u.update.byteLength, 0)
	};
}

/**
 * Writes the log into the app's database through the app's own code (SharedDocument.write on its store, inside its
 * write group where the hub has one), so that its snapshots are written by its own policy (the hub's
 * snapshotAfterUpdates); one write per event-loop turn, as edits arriving from screens are, then the document is
 * unloaded (which writes a snapshot still pending).
 */
export async function writeAppLog(databasePath: string, documentName: string, log: Log): Promise<AppLogStored> {
	const sqlite = new Database(databasePath);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = NORMAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	const lines: string[] = [];
	const say = (line: string) => {
		lines.push(line);
	};
	const policy = SNAPSHOT_AFTER_UPDATES;
	const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
	try {
		const store = createSqliteSyncStore(sqlite);
		const group = createWriteGroup(store, say);
		const document = SharedDocument.load(
			documentName,
			{ store, group, snapshotAfterUpdates: policy, log: say, now: Date.now },
			await store.read(documentName)
		);
		const peer: Peer = { send() {}, sendWire() {}, close() {} };
		let failure: unknown = null;
		for (const { userId, update } of log.updates) {
			group.enqueue({
				run: (writer) => {
					try {
						document.write(writer, peer, userId, update);
					} catch (error) {
						failure ??= error;
					}
				}
			});
			await turn();
			if (failure) throw failure;
		}
		await group.drain();
		await document.destroy();
		const rows = sqlite
			.prepare<[string], number>('select count(*) from sync_updates where document = ?')
			.pluck()
			.get(documentName);
		const snapshot = sqlite
			.prepare<[string], { lastUpdateId: number; bytes: number }>(
				'select last_update_id as lastUpdateId, length(state) as bytes from sync_snapshots where document = ?'
			)
			.get(documentName);
		const tail =
			sqlite
				.prepare<[string, number], number>('select count(*) from sync_updates where document = ? and id > ?')
				.pluck()
				.get(documentName, snapshot?.lastUpdateId ?? 0) ?? 0;
		const unusual = lines.filter((line) => !/ loaded "/.test(line));
		if (unusual.length) console.log(`    the sync document said: ${unusual.slice(0, 3).join(' | ')}`);
		if (rows === undefined || rows !== log.updates.length)
			throw new Error(`${rows} log rows for ${log.updates.length} updates written`);
		return { logRows: rows, snapshotAfterUpdates: policy, snapshotBytes: snapshot?.bytes ?? 0, tailRows: tail };
	} finally {
		sqlite.close();
	}
}

/**
 * A sync step 2 (the server's answer to the joiner's step 1: the document's state) is message 0, sync message 1.
 * Both are one byte as varUints.
 */
const isSyncStep2 = (bytes: Uint8Array): boolean => bytes.length >= 2 && bytes[0] === 0 && bytes[1] === 1;

/**
 * One joiner: a provider from creation to synced, then the document checked. `receivedMs`: from creation to the
 * arrival of the server's step 2 (its whole frame, before the provider applies it): what the server controls;
 * `ms` − `receivedMs` is the joiner's own decoding and applying of the state.
 */
interface Joiner {
	ms: number;
	receivedMs: number;
	applyMs: number;
	stateBytes: number;
	deductions: number;
	close(): void;
}

async function joinLate(
	target: Target,
	server: BenchServer,
	documentName: string,
	cookie: string | undefined
): Promise<Joiner> {
	const doc = new Y.Doc();
	const started = monotonicMs();
	let denied: string | null = null;
	let receivedMs = NaN;
	let stateBytes = 0;
	const onFrame = (data: Uint8Array) => {
		if (Number.isNaN(receivedMs) && isSyncStep2(data)) {
			receivedMs = monotonicMs() - started;
			stateBytes = data.length;
		}
	};
	const provider = openProvider(target, syncUrl(target, server.base), documentName, doc, {
		cookie,
		onDenied: (reason) => (denied = reason),
		onFrame
	});
	const synced = await server.up(
		Promise.race([
			new Promise<number>((resolve) =>
				provider.on('sync', (isSynced: boolean) => isSynced && resolve(monotonicMs() - started))
			),
			sleep(30_000).then(() => {
				throw new Error(
					`a late joiner on ${target} did not sync within 30 s${denied ? ` (denied: ${denied})` : ''}`
				);
			})
		])
	);
	return {
		ms: synced,
		receivedMs,
		applyMs: synced - receivedMs,
		stateBytes,
		deductions: deductionsMap(doc).size,
		close: () => (provider.destroy(), doc.destroy())
	};
}

/** Waits a little for the server's "loaded" line of `documentName` (it may come after the sync). */
async function loadLine(server: BenchServer, documentName: string): Promise<LoadLine | null> {
	for (let i = 0; i < 20; i++) {
		const line = server.loads.find((l) => l.document === documentName);
		if (line) return line;
		await sleep(50);
	}
	return null;
}

/** Scenario (d) on one server. `prepared`: { documentName, log, joiners (with tokens, for the app) }. */
export interface Prepared {
	documentName: string;
	log: Log;
	joiners: BenchClient[];
	/** What the app's database holds of the log (when binhxet is among the servers). */
	stored?: AppLogStored;
}

export async function runLateJoiner(
	scenario: LateScenario,
	target: Target,
	{ dir, databasePath }: BenchContext,
	prepared: Prepared
): Promise<LateResult> {
	const label = `${scenario.key}-${target}`;
	const hocuspocusDb = join(dir, `hocuspocus-${label}.db`);
	let stored: LateResult['stored'];
	if (target === 'hocuspocus') {
		// Hocuspocus's own persistence holds the whole state in one row, as its store() would have left it.
		const store = openHocuspocusStore(hocuspocusDb);
		store.store.run(prepared.documentName, Buffer.from(prepared.log.state), Date.now());
		store.db.close();
		stored = { stateBytes: prepared.log.stateBytes };
	} else {
		stored = prepared.stored;
	}
	const server = await startServer(target, { dir, label, databasePath, hocuspocusDb });
	const joiners: Joiner[] = [];
	try {
		const clients: { cookie?: string | undefined }[] =
			target === 'binhxet' ? prepared.joiners : prepared.joiners.map(() => ({}));
		if (target === 'binhxet') await server.up(signIn(server.base, prepared.joiners));
		else await sleep(300);
		const idle = server.figures();
		const cpuStart = idle?.cpuSeconds ?? NaN;
		const cold = await joinLate(target, server, prepared.documentName, clients[0]?.cookie);
		joiners.push(cold);
		const load = await loadLine(server, prepared.documentName);
		const warm = await joinLate(target, server, prepared.documentName, clients[1]?.cookie);
		joiners.push(warm);
		const peak = server.figures();
		for (const j of joiners.splice(0)) j.close();
		await sleep(300);
		const stopped = await server.stop();
		keepLog(server, label);
		const expected = prepared.log.deductions;
		return {
			scenario: scenario.key,
			server: target,
			updates: prepared.log.updates.length,
			stored,
			coldSyncedMs: cold.ms,
			warmSyncedMs: warm.ms,
			coldReceivedMs: cold.receivedMs,
			warmReceivedMs: warm.receivedMs,
			coldApplyMs: cold.applyMs,
			warmApplyMs: warm.applyMs,
			stepTwoBytes: { cold: cold.stateBytes, warm: warm.stateBytes },
			serverLoad: load ? { ms: load.ms, details: load.details } : null,
			deductions: { expected, cold: cold.deductions, warm: warm.deductions },
			serverRssMb: {
				idle: mb(idle?.rssKb),
				peakVmHWM: mb(peak?.hwmKb),
				growth: mb(peak?.hwmKb) - mb(idle?.rssKb)
			},
			cpu: { serverSeconds: (peak?.cpuSeconds ?? NaN) - cpuStart },
			log: { exit: stopped.code ?? stopped.signal, lines: server.lines, problems: server.problems.slice(0, 10) }
		};
	} catch (error) {
		printLogTail(server);
		throw error;
	} finally {
		for (const j of joiners) j.close();
		await server.stop();
	}
}

/** The people of (d) in the app's database (writers and two joiners of one meeting), or stand-ins for peers. */
export async function lateJoinerPeople(
	scenario: LateScenario,
	{ databasePath, units }: BenchContext,
	withApp: boolean
): Promise<{ documentName: string; writers: BenchClient[]; joiners: BenchClient[] }> {
	const size = scenario.writers + scenario.joiners;
	let people: BenchClient[];
	if (withApp) {
		const { db } = await openDatabase(databasePath);
		try {
			people = await createScenarioRows(db, { key: scenario.key, meetings: 1, clientsPerMeeting: size });
		} finally {
			await db.destroy();
		}
	} else {
		people = peerClients({ key: scenario.key, meetings: 1, clientsPerMeeting: size }, units);
	}
	// The joiners are the head (first) and the last vice-head; the writers are the others.
	const [head, last] = [people[0], people[size - 1]];
	if (!head || !last) throw new Error('scenario (d) needs a head and a last vice-head');
	return { documentName: head.document, writers: people.slice(1, size - 1), joiners: [head, last] };
}
