// `npm run bench`: the live board under load, measured from outside, beside three other servers driven by the same
// clients.
//
// The main program; scripts/bench.js bundles it and the other separately started files (the client threads, the
// flooder, the peer servers) into build/bench/ and runs it from there.
//
// Servers (each a child process of its own, one after another; scripts/bench/servers.ts):
//   floor        a raw `ws` relay with no Yjs at all (scripts/bench/peers/floor.ts): the cost of the wire alone;
//   y-websocket  the protocol's reference server, @y/websocket-server 0.1.1, in memory (peers/y-websocket.ts);
//   hocuspocus   Hocuspocus 4.7 with its Database extension persisting into SQLite (peers/hocuspocus.ts);
//   binhxet      our production server (build/server.js) on a temporary database: clients sign in through their
//                personal join links, and every update is logged before it is shared.
// Clients (scripts/bench/clients.ts, in worker threads of this process): y-websocket WebsocketProviders editing
// deductions through the app's own scoring-doc functions, at a steady rate with a random phase per client; each edit
// carries its time, and every other client of the meeting measures edit → arrival. Scenarios:
//   (a) 30 clients in one meeting, each editing 5 times a second;
//   (b) 50 meetings of 10 clients, each editing once a second;
//   (c) (a) with one of the 30 a flooding scorer (binhxet only): a process of its own at nice 19 (scripts/bench/
//       flood-client.ts) that sends pre-encoded update frames at BENCH_FLOOD_RATE a second in the second half of
//       the window, reconnecting when closed or refused; the figures are the other 29's, before and during the flood;
//   (d) a late joiner on a meeting whose log holds 10,000 updates (binhxet and Hocuspocus, the servers that store):
//       connect → state received (the server's step 2 arrived) and → synced (after the joiner's own apply) on a
//       fresh server process (the document not loaded yet), then for a second joiner.
//   (e) (b) on the app alone, through the cluster launcher (scripts/cluster/, scripts/bench/cluster.ts): one
//       instance on SQLite, one on PostgreSQL, three on PostgreSQL behind HAProxy, and three with 3× the meetings;
//       each instance's CPU and RSS and PostgreSQL's CPU beside the latency.
// Each run: a fresh server process, a warm-up, a measured window; (a) and (b) in rounds for Hocuspocus and binhxet
// (BENCH_ROUNDS), the targets judged per round and on the medians. The harness watches its own event loops and runs a
// scenario again if it stalled (scripts/bench/scenarios.ts); the app's launch RSS is measured once.
// Printed (scripts/bench/report.ts) and written to bench-results/bench.json: edits per second, arrivals missing,
// latency p50…max, server RSS (idle, VmHWM, growth) and CPU, the harness's loop delay; binhxet ÷ the others; the
// app's targets; refused writes, lost arrivals, dropped connections and log rows ≠ edits fail the run.
// Settings: see scripts/bench/settings.ts (BENCH_WARMUP_S, BENCH_MEASURE_S, BENCH_WORKERS, BENCH_ONLY, BENCH_SETUPS,
// BENCH_SERVERS, BENCH_ROUNDS, BENCH_MAX_HARNESS_STALL_MS, BENCH_MAX_HARNESS_P99_MS, BENCH_LOG_UPDATES,
// BENCH_FLOOD_RATE, BENCH_CPU_PROF, BENCH_SERVER_ARGS, BENCH_KEEP_LOGS).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureLaunch, readAppFacts } from './binhxet';
import { monotonicMs } from './proc';
import { SERVER_NODE_OPTIONS } from '../server-options.js';
import { failures, fmt, printRatios, printResults, printTargets, ratios, targets } from './report';
import { lateJoinerPeople, makeLog, runLateJoiner, runWindow, writeAppLog, type Prepared } from './scenarios';
import { startServer } from './servers';
import * as settings from './settings';
import { isLateResult, type BenchContext, type BenchResult, type Launch } from './types';

const { root, SCENARIOS, SERVERS } = settings;

// The harness's own garbage collection. Every client thread keeps hundreds of Y.Docs whose structs survive, so its
// scavenges copy a lot; with V8's parallel GC, a scavenge waits for helper threads that compete for the two cores
// with the other client threads and the server, and a client thread stalls 30–200 ms now and then. Single-threaded
// GC keeps its pauses near 10 ms, and the harness uses less CPU. It is a process-wide V8 option, so the bench runs
// itself again with it (the servers under test are other processes, with Node's defaults): this bundle, from
// build/bench/.
if (!process.execArgv.includes('--single-threaded-gc')) {
	const args = [
		'--single-threaded-gc',
		...process.execArgv,
		fileURLToPath(import.meta.url),
		...process.argv.slice(2)
	];
	const { status, signal } = spawnSync(process.execPath, args, { stdio: 'inherit' });
	process.exit(status ?? (signal ? 1 : 0));
}

async function main(): Promise<void> {
	if (!existsSync(join(root, 'build/server.js')))
		throw new Error('build/server.js is missing: run `npm run build` first');
	const dir = mkdtempSync(join(tmpdir(), 'binhxet-bench-'));
	const databasePath = join(dir, 'bench.db');
	const cleanup = () => rmSync(dir, { recursive: true, force: true });
	process.once('SIGINT', () => {
		cleanup();
		process.exit(130);
	});
	const started = monotonicMs();
	const machine = {
		cpuModel: cpus()[0]?.model ?? '?',
		cores: cpus().length,
		memoryMb: Math.round(totalmem() / 1048576),
		node: process.version,
		platform: process.platform
	};
	try {
		console.log(
			`binhxet bench: ${machine.cores} CPU(s) (${machine.cpuModel}), node ${machine.node}; servers ${SERVERS.join(', ')} ` +
				`(binhxet with ${SERVER_NODE_OPTIONS.join(' ') || 'no Node options'}); temporary folder ${dir}`
		);
		// A first start creates and migrates the database and loads the demo meeting whose template and units every
		// server's clients use.
		const setup = await startServer('binhxet', { dir, label: 'setup', databasePath });
		await setup.stop();
		const { items, units } = readAppFacts(databasePath);
		const context: BenchContext = { dir, databasePath, items, units };

		let launch: Launch | null = null;
		if (SERVERS.includes('binhxet')) {
			const server = await startServer('binhxet', { dir, label: 'launch', databasePath });
			try {
				launch = await measureLaunch(server);
			} finally {
				await server.stop();
			}
			console.log(
				`launch RSS: ${fmt(launch.afterStartMb)} MB after start, ${fmt(launch.afterPagesMb)} MB after GET / and /login`
			);
		}

		const results: BenchResult[] = [];
		for (const scenario of SCENARIOS) {
			const servers = SERVERS.filter((s) => scenario.servers.includes(s));
			if (servers.length === 0) continue;
			console.log(scenario.title);
			if (scenario.lateJoiner) {
				const people = await lateJoinerPeople(scenario, context, servers.includes('binhxet'));
				const log = await makeLog(people.writers, context);
				const prepared: Prepared = { documentName: people.documentName, log, joiners: people.joiners };
				if (servers.includes('binhxet')) {
					const writeStarted = monotonicMs();
					const stored = await writeAppLog(databasePath, people.documentName, log);
					prepared.stored = stored;
					console.log(
						`  binhxet: ${stored.logRows} updates written through SharedDocument.write in ${fmt((monotonicMs() - writeStarted) / 1000)} s ` +
							`(snapshot every ${stored.snapshotAfterUpdates}; ${stored.tailRows} rows after the newest)`
					);
				}
				for (const target of servers) {
					const result = await runLateJoiner(scenario, target, context, prepared);
					console.log(
						`  ${target}: cold joiner got the state in ${fmt(result.coldReceivedMs)} ms, synced in ${fmt(result.coldSyncedMs)} ms; ` +
							`warm ${fmt(result.warmReceivedMs)} ms, synced in ${fmt(result.warmSyncedMs)} ms`
					);
					results.push(result);
				}
			} else {
				if (scenario.setups) {
					// (e): one window per setup, each on a cluster of its own (scripts/bench/cluster.ts).
					for (const setup of scenario.setups)
						results.push(await runWindow(scenario, 'binhxet', context, 1, setup));
					continue;
				}
				const rounds = scenario.flooders ? 1 : settings.ROUNDS;
				for (let round = 1; round <= rounds; round++) {
					const inRound = round === 1 ? servers : servers.filter((s) => settings.ROUND_SERVERS.includes(s));
					if (rounds > 1) console.log(`  round ${round} of ${rounds}`);
					// Later rounds alternate the pair's order, so that neither always runs right after the other.
					for (const target of round % 2 === 0 ? [...inRound].reverse() : inRound)
						results.push(await runWindow(scenario, target, context, round));
				}
			}
		}

		printResults(results, SERVERS);
		const ratioList = ratios(results);
		printRatios(ratioList);
		const targetList = targets(results, launch);
		printTargets(targetList, launch);
		const failureList = failures(results);
		for (const r of results) {
			if (!isLateResult(r) && r.cpu.otherProcessesPercentOfOneCore > 25) {
				console.log(
					`\nWARNING: (${r.scenario}) ${r.server}: other processes used ${fmt(r.cpu.otherProcessesPercentOfOneCore, 0)} % of a core during the window; its figures are not clean.`
				);
			}
		}

		const output = {
			at: new Date().toISOString(),
			machine,
			settings: {
				warmupSeconds: settings.WARMUP_S,
				measureSeconds: settings.MEASURE_S,
				clientThreads: settings.WORKERS,
				servers: SERVERS,
				scenarios: SCENARIOS.map((s) => s.key),
				harnessStallLimitMs: settings.STALL,
				logUpdates: settings.LOG_UPDATES,
				floodRate: settings.FLOOD_RATE,
				serverArgs: settings.SERVER_ARGS,
				appNodeOptions: SERVER_NODE_OPTIONS,
				addShare: settings.ADD_SHARE,
				drainMs: settings.DRAIN_MS,
				cpuProfile: settings.CPU_PROF
			},
			method:
				'Each server is a child process (floor: raw ws relay; y-websocket: @y/websocket-server 0.1.1 in memory; hocuspocus: @hocuspocus/server 4.7.0 ' +
				'with the Database extension into SQLite; binhxet: build/server.js on a temporary database, clients signed in by join links). Clients are ' +
				'y-websocket WebsocketProviders over ws in worker threads, the same for all, editing with src/lib/live/scoring-doc.ts ' +
				'(addDeduction/updateDeduction). Latency: the writer stamps the edit time (CLOCK_MONOTONIC) in the deduction reason; every other client ' +
				'of the meeting takes now − stamp when its document shows the change. Edits sent in the measured window only. RSS and CPU from /proc.',
			launch: launch ? { ...launch, targetMb: settings.LAUNCH_RSS_TARGET_MB } : null,
			results,
			ratios: ratioList,
			targets: targetList,
			failures: failureList,
			seconds: (monotonicMs() - started) / 1000
		};
		const outDir = join(root, 'bench-results');
		mkdirSync(outDir, { recursive: true });
		writeFileSync(join(outDir, 'bench.json'), `${JSON.stringify(output, null, 2)}\n`);
		console.log(`\nFigures written to bench-results/bench.json (${fmt(output.seconds, 0)} s in all).`);
		if (failureList.length > 0) {
			console.error('\nBENCH FAILED: the run is not valid:');
			for (const f of failureList) console.error(`  - ${f}`);
			for (const r of results)
				for (const p of r.log.problems) console.error(`  ${r.server} (${r.scenario}): ${p}`);
			process.exitCode = 1;
		}
	} finally {
		cleanup();
	}
}

main().catch((error) => {
	console.error('bench failed:', error instanceof Error ? error.stack : error);
	process.exit(1);
});
