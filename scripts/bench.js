// `npm run bench`: the live board under load, measured from outside.
//
// The real production server (build/server.js) runs as a child process on a database in a fresh temporary folder.
// Simulated head and vice-head screens (scripts/bench-clients.js, in worker threads of this process) sign in through their
// personal join links, open the meeting's scoring document with y-websocket's provider and edit deductions through
// the app's own scoring-doc functions, at a steady rate with a random phase per client. Scenarios:
//   (a) 30 clients in one meeting, each editing 5 times a second;
//   (b) 50 meetings of 10 clients, each editing once a second;
//   (c) (a) with one of the 30 a flooding scorer: in the second half of the window it sends edits as fast as it can
//       (hundreds a second); the figures are the other 29's, before and during the flood.
// Each scenario gets a fresh server process (so that its peak RSS is its own), a warm-up, then a measured window.
// Edits: one in ten adds a deduction, the others change the points and reason of one of the writer's own.
// Printed and written to bench-results/bench.json: edits per second, edit→arrival latency at every other client of
// the meeting (p50/p95/p99) and, per edit, at its first reader (the server's part, without the queueing inside the
// simulated clients), the server's peak RSS (VmHWM, and VmRSS sampled every 100 ms), bytes stored per edit, CPU
// used by the server, by the clients and by everything else on the machine (a warning when others were busy: the
// figures are then not clean), refused writes, lost arrivals and dropped connections (any of these fails the run).
//
// Settings (environment): BENCH_WARMUP_S (5), BENCH_MEASURE_S (25), BENCH_WORKERS (client threads, 2),
// BENCH_ONLY (a or b), BENCH_CPU_PROF=1 (the server writes a .cpuprofile per scenario into bench-results/),
// BENCH_SERVER_ARGS (node options for the server process only, for experiments), BENCH_KEEP_LOGS=1 (copy the
// server's log of each scenario into bench-results/).
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const envNumber = (name, fallback) => {
	const value = Number(process.env[name] ?? fallback);
	if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number`);
	return value;
};
const WARMUP_S = envNumber('BENCH_WARMUP_S', 5);
const MEASURE_S = envNumber('BENCH_MEASURE_S', 25);
const WORKERS = Math.max(1, Math.round(envNumber('BENCH_WORKERS', 2)));
const CPU_PROF = process.env.BENCH_CPU_PROF === '1';
/** Copy the server's log of each scenario into bench-results/ (it goes with the temporary folder otherwise). */
const KEEP_LOGS = process.env.BENCH_KEEP_LOGS === '1';
/** Extra node options for the server only, for experiments (e.g. "--max-semi-space-size=1"); none by default. */
const SERVER_ARGS = (process.env.BENCH_SERVER_ARGS ?? '').split(/\s+/).filter(Boolean);
/** After the window: time for the last edits to reach everyone. */
const DRAIN_MS = 1500;
/** Share of edits that add a deduction (the rest change points and reason of one of the writer's own). */
const ADD_SHARE = 0.1;
const DEMO_MEETING = 1;

const SCENARIOS = [
	{ key: 'a', title: '(a) 1 meeting × 30 clients × 5 edits/s', meetings: 1, clientsPerMeeting: 30, ratePerClient: 5, targets: { p99Ms: 5 } },
	{ key: 'b', title: '(b) 50 meetings × 10 clients × 1 edit/s', meetings: 50, clientsPerMeeting: 10, ratePerClient: 1, targets: { p99Ms: 8, peakRssMb: 120 } },
	{ key: 'c', title: '(c) (a) with 1 of 30 flooding', meetings: 1, clientsPerMeeting: 30, ratePerClient: 5, flooders: 1, targets: {} }
].filter((s) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY.split(',').includes(s.key));

const monotonicMs = () => {
	const [s, ns] = process.hrtime();
	return s * 1e3 + ns / 1e6;
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const sha256Hex = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
const CLK_TCK = (() => {
	try {
		return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
	} catch {
		return 100;
	}
})();

// ---------------------------------------------------------------------------------------------------------------
// The server process

/** The server's own figures from /proc: resident set now, its peak (VmHWM), CPU seconds so far. */
function procFigures(pid) {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime + stime (fields 14, 15)
		return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM'), anonKb: kb('RssAnon'), fileKb: kb('RssFile'), cpuSeconds };
	} catch {
		return undefined; // gone
	}
}

/** CPU seconds the whole machine spent busy and in all (from /proc/stat), to tell whether others were competing. */
function machineCpu() {
	try {
		const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).slice(1).map(Number);
		const total = fields.slice(0, 8).reduce((a, b) => a + b, 0); // user nice system idle iowait irq softirq steal
		const idle = fields[3] + fields[4];
		return { busySeconds: (total - idle) / CLK_TCK, totalSeconds: total / CLK_TCK };
	} catch {
		return undefined;
	}
}

async function startServer(dir, databasePath, label) {
	const logPath = join(dir, `server-${label}.log`);
	const log = createWriteStream(logPath);
	const args = SERVER_ARGS.slice();
	if (CPU_PROF) {
		const profileDir = join(root, 'bench-results');
		mkdirSync(profileDir, { recursive: true });
		args.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=server-${label}.cpuprofile`);
	}
	args.push(join(root, 'build/server.js'));
	const child = spawn(process.execPath, args, {
		cwd: root,
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: databasePath, BINHXET_DEMO: '1', NODE_ENV: 'production' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const server = { child, logPath, lines: { joined: 0, refused: 0, closing: 0, errors: 0 }, exited: false, problems: [] };
	const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
	exited.then(() => (server.exited = true));
	server.exitedPromise = exited;

	let pending = '';
	const onLine = (line) => {
		if (line.includes('sync: ') && line.includes(' joined "')) server.lines.joined++;
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
	};
	const base = new Promise((resolve, reject) => {
		child.stdout.on('data', (chunk) => {
			log.write(chunk);
			pending += chunk.toString('utf8');
			let newline;
			while ((newline = pending.indexOf('\n')) >= 0) {
				const line = pending.slice(0, newline);
				pending = pending.slice(newline + 1);
				const match = /running at (http:\/\/\S+)/.exec(line);
				if (match) resolve(match[1]);
				onLine(line);
			}
		});
		child.stderr.on('data', (chunk) => {
			log.write(chunk);
			for (const line of chunk.toString('utf8').split('\n')) if (line.trim() && !line.includes('ExperimentalWarning')) server.problems.push(line);
		});
		exited.then(({ code, signal }) => reject(new Error(`the server exited before it was ready (${code ?? signal}); see ${logPath}`)));
		setTimeout(() => reject(new Error('the server did not start within 20 s')), 20_000).unref();
	});
	server.base = await base;
	/** Rejects if the server goes away on its own (a crash, or someone else's kill) before `promise` settles. */
	server.up = (promise) =>
		Promise.race([
			promise,
			exited.then(({ code, signal }) => {
				if (!server.stopping) throw new Error(`the server stopped in the middle of the run (exit ${code ?? signal}; "server shutting down" in its log means a SIGTERM/SIGINT from outside)`);
			})
		]);
	server.stop = async () => {
		server.stopping = true;
		if (server.exited) return server.exitedPromise;
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
		const result = await server.exitedPromise;
		clearTimeout(timer);
		log.end();
		return result;
	};
	return server;
}

// ---------------------------------------------------------------------------------------------------------------
// The scenario's people and meetings, written straight into the server's database (a second connection; WAL)

function createScenarioRows(db, scenario) {
	const now = Date.now();
	const iso = new Date(now).toISOString();
	const demo = db.prepare('select * from meetings where id = ?').get(DEMO_MEETING);
	if (!demo) throw new Error('the demo meeting is missing: was the server started with BINHXET_DEMO=1?');
	const units = db
		.prepare('select units.id, units.slug from sheets join units on units.id = sheets.unit_id where sheets.meeting_id = ? order by units.position')
		.all(DEMO_MEETING);
	const insertMeeting = db.prepare(
		`insert into meetings (cluster_id, template_id, year, title, held_on, phase, created_at) values (?, ?, ?, ?, ?, 'review', ?)`
	);
	const copySheets = db.prepare('insert into sheets (meeting_id, unit_id, submitted_at) select ?, unit_id, submitted_at from sheets where meeting_id = ?');
	const copyScores = db.prepare(
		`insert into sheet_scores (sheet_id, criterion_code, points)
		 select mine.id, scores.criterion_code, scores.points from sheet_scores scores
		 join sheets theirs on theirs.id = scores.sheet_id and theirs.meeting_id = ?
		 join sheets mine on mine.unit_id = theirs.unit_id and mine.meeting_id = ?`
	);
	const insertUser = db.prepare('insert into users (display_name, unit_id, created_at) values (?, ?, ?)');
	const insertParticipant = db.prepare('insert into participants (meeting_id, user_id, role, unit_id, created_at) values (?, ?, ?, ?, ?)');
	const insertLink = db.prepare('insert into join_links (id, participant_id, created_at, expires_at) values (?, ?, ?, ?)');

	const clients = [];
	db.transaction(() => {
		for (let m = 0; m < scenario.meetings; m++) {
			const meetingId = Number(
				insertMeeting.run(demo.cluster_id, demo.template_id, demo.year, `Bench ${scenario.key} #${m + 1}`, demo.held_on, iso).lastInsertRowid
			);
			copySheets.run(meetingId, DEMO_MEETING);
			copyScores.run(DEMO_MEETING, meetingId);
			const flooders = scenario.flooders ?? 0;
			for (let c = 0; c < scenario.clientsPerMeeting; c++) {
				const unit = units[c % units.length];
				// The last ones flood; the others measure, and do not wait for what a flooder sends or misses.
				const flooder = c >= scenario.clientsPerMeeting - flooders;
				const role = c === 0 ? 'head' : 'vice_head';
				const name = `Bench ${scenario.key} m${meetingId} ${role} ${c + 1}`;
				const userId = Number(insertUser.run(name, unit.id, iso).lastInsertRowid);
				const participantId = Number(insertParticipant.run(meetingId, userId, role, unit.id, iso).lastInsertRowid);
				const token = randomBytes(20).toString('hex');
				insertLink.run(sha256Hex(token), participantId, now, now + 60 * 60 * 1000);
				clients.push({
					token,
					userId,
					name,
					meetingId,
					document: `meeting/${meetingId}/scoring`,
					// The writer's own unit first (the sheet it looks at), then the others: any member unit may be scored.
					units: [unit.slug, ...units.filter((u) => u !== unit).map((u) => u.slug)],
					peers: scenario.clientsPerMeeting - 1 - flooders,
					flooder
				});
			}
		}
	})();
	return clients;
}

/** Uses each client's join link as a browser would (the form's POST) and keeps the session cookie it sets. */
async function signIn(base, clients) {
	let next = 0;
	const one = async () => {
		while (next < clients.length) {
			const client = clients[next++];
			const response = await fetch(`${base}/join/${client.token}`, {
				method: 'POST',
				redirect: 'manual',
				headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
				body: ''
			});
			const cookie = response.headers.getSetCookie().find((c) => c.startsWith('session='));
			await response.arrayBuffer();
			if (response.status !== 303 || !cookie) throw new Error(`join link of ${client.name}: HTTP ${response.status}, no session cookie`);
			client.cookie = cookie.split(';', 1)[0];
		}
	};
	await Promise.all(Array.from({ length: 8 }, one));
}

// ---------------------------------------------------------------------------------------------------------------
// The client threads

function startWorkers(clients, context) {
	const others = clients.filter((c) => !c.flooder);
	const groups = Array.from({ length: Math.min(WORKERS, others.length) }, () => []);
	// Round robin: a meeting's clients are spread over the threads, like screens on different machines.
	others.forEach((client, i) => groups[i % groups.length].push(client));
	// A flooder gets a thread of its own, so that its loop does not hold up the screens being measured.
	const flooders = clients.filter((c) => c.flooder);
	if (flooders.length > 0) groups.push(flooders);
	return groups.map((group) => {
		const worker = new Worker(new URL('./bench-clients.js', import.meta.url), {
			workerData: { clients: group.map(({ token: _t, ...c }) => c), ...context }
		});
		const inbox = [];
		const waiters = [];
		let failure;
		worker.on('message', (message) => {
			const waiter = waiters.shift();
			if (waiter) waiter.resolve(message);
			else inbox.push(message);
		});
		const fail = (error) => {
			failure = error;
			for (const waiter of waiters.splice(0)) waiter.reject(error);
		};
		worker.on('error', fail);
		worker.on('exit', (code) => fail(new Error(`a client thread exited (${code})`)));
		return {
			worker,
			size: group.length,
			next() {
				if (inbox.length) return Promise.resolve(inbox.shift());
				if (failure) return Promise.reject(failure);
				return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
			},
			async expect(type) {
				const message = await this.next();
				if (message.type === 'error') throw new Error(`client thread: ${message.message}`);
				if (message.type !== type) throw new Error(`client thread: expected ${type}, got ${message.type}`);
				return message;
			}
		};
	});
}

/** A bundle of src/lib/live/scoring-doc.ts (the app's own edit functions) whose packages are those of this repo. */
async function bundleScoringDoc(dir) {
	const outfile = join(dir, 'scoring-doc.mjs');
	await build({
		entryPoints: [join(root, 'src/lib/live/scoring-doc.ts')],
		outfile,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		tsconfig: join(root, 'tsconfig.json'),
		logLevel: 'warning',
		plugins: [
			{
				// `yjs` must be the very module the clients' provider uses: import it by its resolved URL.
				name: 'packages-by-url',
				setup(b) {
					b.onResolve({ filter: /^[^./$]/ }, (args) => ({ path: import.meta.resolve(args.path), external: true }));
				}
			}
		]
	});
	return pathToFileURL(outfile).href;
}

// ---------------------------------------------------------------------------------------------------------------
// One scenario

function percentile(sorted, p) {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round2 = (value) => Math.round(value * 100) / 100;

function fileSize(path) {
	return existsSync(path) ? statSync(path).size : 0;
}

function databaseBytes(path) {
	return fileSize(path) + fileSize(`${path}-wal`);
}

async function runScenario(scenario, { dir, databasePath, scoringDocUrl, items }) {
	const sizeBefore = databaseBytes(databasePath);
	const server = await startServer(dir, databasePath, scenario.key);
	const pid = server.child.pid;
	const rss = { launchKb: procFigures(pid)?.rssKb ?? NaN, baselineKb: NaN, maxSampledKb: 0, samples: 0 };
	const sampler = setInterval(() => {
		const figures = procFigures(pid);
		if (!figures) return;
		rss.maxSampledKb = Math.max(rss.maxSampledKb, figures.rssKb);
		rss.samples++;
	}, 100);
	let workers = [];
	let db;
	try {
		db = new Database(databasePath);
		db.pragma('busy_timeout = 5000');
		const firstUpdateId = db.prepare('select coalesce(max(id), 0) as id from sync_updates').get().id;
		const clients = createScenarioRows(db, scenario);
		const signInStarted = monotonicMs();
		await server.up(signIn(server.base, clients));
		const signInMs = monotonicMs() - signInStarted;
		rss.baselineKb = procFigures(pid)?.rssKb ?? NaN;

		const serverUrl = `${server.base.replace(/^http/, 'ws')}/sync`;
		workers = startWorkers(clients, { serverUrl, scoringDocUrl, items, addShare: ADD_SHARE });
		const connected = await server.up(Promise.all(workers.map((w) => w.expect('connected'))));
		const connectMs = Math.max(...connected.map((c) => c.ms));

		// The schedule, on the monotonic clock the clients share.
		const t0 = monotonicMs() + 200;
		const start = t0 + WARMUP_S * 1000;
		const end = start + MEASURE_S * 1000;
		// A flood takes the second half of the window; the first half is the same meeting without it.
		const floodStart = scenario.flooders ? start + (MEASURE_S * 1000) / 2 : Infinity;
		const startedAt = new Date(Date.now() + (start - monotonicMs())).toISOString();
		for (const w of workers) w.worker.postMessage({ type: 'run', t0, start, end, floodStart, ratePerClient: scenario.ratePerClient });
		process.stdout.write(`  ${scenario.title}: ${clients.length} clients connected in ${connectMs.toFixed(0)} ms; warming up ${WARMUP_S} s, measuring ${MEASURE_S} s\n`);

		await server.up(sleep(start - monotonicMs()));
		const cpuStart = { server: procFigures(pid)?.cpuSeconds ?? NaN, clients: process.cpuUsage(), machine: machineCpu(), at: monotonicMs() };
		await server.up(sleep(end - monotonicMs()));
		const cpuEnd = { server: procFigures(pid)?.cpuSeconds ?? NaN, clients: process.cpuUsage(cpuStart.clients), machine: machineCpu(), at: monotonicMs() };
		await server.up(sleep(DRAIN_MS));

		for (const w of workers) w.worker.postMessage({ type: 'report' });
		const reports = await server.up(Promise.all(workers.map((w) => w.expect('report'))));
		const peak = procFigures(pid);
		for (const w of workers) w.worker.postMessage({ type: 'close' });
		await Promise.all(workers.map((w) => new Promise((resolve) => w.worker.once('exit', resolve))));
		workers = [];
		await sleep(300);
		clearInterval(sampler);
		const stopped = await server.stop();

		// What the server stored for this scenario's edits.
		const documents = [...new Set(clients.map((c) => c.document))];
		const stored = db
			.prepare(
				`select count(*) as rows, coalesce(sum(length("update")), 0) as bytes from sync_updates
				 where id > ? and document in (${documents.map(() => '?').join(',')})`
			)
			.get(firstUpdateId, ...documents);
		const snapshots = db
			.prepare(`select count(*) as count, coalesce(sum(length(state)), 0) as bytes from sync_snapshots where document in (${documents.map(() => '?').join(',')})`)
			.get(...documents);
		db.close();
		const sizeAfter = databaseBytes(databasePath);

		const sum = (key) => reports.reduce((total, r) => total + r[key], 0);
		const latencies = new Float64Array(sum('arrivals'));
		let offset = 0;
		for (const r of reports) {
			latencies.set(r.latencies, offset);
			offset += r.latencies.length;
		}
		// Per edit, the first of its arrivals: the server's part of the path (writer → server → one reader) without
		// the queueing inside the simulated clients, whose threads take each broadcast one socket after another.
		const firstArrival = new Map();
		const perSecond = Array.from({ length: Math.ceil(MEASURE_S) }, () => []);
		for (const r of reports) {
			for (let i = 0; i < r.latencies.length; i++) {
				const latency = r.latencies[i];
				const sentAt = r.sentAts[i];
				const first = firstArrival.get(sentAt);
				if (first === undefined || latency < first) firstArrival.set(sentAt, latency);
				perSecond[Math.min(perSecond.length - 1, Math.floor((sentAt - start) / 1000))]?.push(latency);
			}
		}
		const firsts = Float64Array.from(firstArrival.values()).sort();
		// The others' latencies before and during a flood (scenario c).
		const beforeFlood = [];
		const duringFlood = [];
		for (const r of reports) for (let i = 0; i < r.latencies.length; i++) (r.sentAts[i] < floodStart ? beforeFlood : duringFlood).push(r.latencies[i]);
		const split = (values) => {
			const sorted = Float64Array.from(values).sort();
			return { samples: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
		};
		const series = perSecond.map((values) => {
			const sorted = Float64Array.from(values).sort();
			return { p50: round2(percentile(sorted, 50)), p99: round2(percentile(sorted, 99)), max: round2(sorted[sorted.length - 1] ?? NaN) };
		});
		latencies.sort();
		const seconds = (cpuEnd.at - cpuStart.at) / 1000;
		const serverCpu = ((cpuEnd.server - cpuStart.server) / seconds) * 100;
		const clientsCpu = ((cpuEnd.clients.user + cpuEnd.clients.system) / 1e6 / seconds) * 100;
		const machineBusy = cpuStart.machine && cpuEnd.machine ? ((cpuEnd.machine.busySeconds - cpuStart.machine.busySeconds) / seconds) * 100 : NaN;
		const edits = sum('edits');
		const editsTotal = sum('editsTotal');
		const refused = sum('refused');
		const result = {
			scenario: scenario.title,
			meetings: scenario.meetings,
			clients: clients.length,
			ratePerClient: scenario.ratePerClient,
			clientThreads: reports.length,
			signInMs: Math.round(signInMs),
			connectMs: Math.round(connectMs),
			window: { warmupSeconds: WARMUP_S, measureSeconds: MEASURE_S, startedAt },
			editsPerSecond: { target: clients.length * scenario.ratePerClient, achieved: edits / MEASURE_S },
			edits: { measured: edits, total: editsTotal, adds: sum('adds') },
			latencyMs: {
				samples: latencies.length,
				expected: sum('expected'),
				missing: sum('expected') - latencies.length,
				p50: percentile(latencies, 50),
				p95: percentile(latencies, 95),
				p99: percentile(latencies, 99),
				p999: percentile(latencies, 99.9),
				max: latencies.length ? latencies[latencies.length - 1] : NaN,
				mean: latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : NaN
			},
			firstArrivalMs: { edits: firsts.length, p50: percentile(firsts, 50), p95: percentile(firsts, 95), p99: percentile(firsts, 99), max: firsts[firsts.length - 1] ?? NaN },
			latencyBySecondMs: series,
			flood: scenario.flooders
				? {
						flooders: scenario.flooders,
						floodEdits: sum('floodEdits'),
						refused: sum('floodRefused'),
						closed: sum('floodDisconnects'),
						beforeMs: split(beforeFlood),
						duringMs: split(duringFlood)
					}
				: null,
			serverRssMb: {
				atLaunch: rss.launchKb / 1024,
				afterSignIn: rss.baselineKb / 1024,
				peakVmHWM: (peak?.hwmKb ?? NaN) / 1024,
				peakSampled: rss.maxSampledKb / 1024,
				// At the end of the run: anonymous memory (heaps, buffers) and file-backed pages (the node binary, code).
				endAnon: (peak?.anonKb ?? NaN) / 1024,
				endFile: (peak?.fileKb ?? NaN) / 1024,
				samples: rss.samples
			},
			cpu: {
				serverPercentOfOneCore: serverCpu,
				clientsPercentOfOneCore: clientsCpu,
				// Everything else on the machine during the window (other people's tests, builds): noise in the figures.
				otherProcessesPercentOfOneCore: machineBusy - serverCpu - clientsCpu,
				machineCores: cpus().length
			},
			storage: {
				logRows: stored.rows,
				logBytes: stored.bytes,
				bytesPerEdit: editsTotal ? stored.bytes / editsTotal : NaN,
				snapshots: snapshots.count,
				snapshotBytes: snapshots.bytes,
				databaseBytesBefore: sizeBefore,
				databaseBytesAfter: sizeAfter,
				databaseBytesPerEdit: editsTotal ? (sizeAfter - sizeBefore) / editsTotal : NaN
			},
			refusedWrites: refused,
			refusalReasons: [...new Set(reports.flatMap((r) => r.refusalReasons))],
			clientLoopDelayMs: {
				p99: Math.max(...reports.map((r) => r.loopDelayMs.p99)),
				max: Math.max(...reports.map((r) => r.loopDelayMs.max))
			},
			disconnects: sum('disconnects'),
			unstampedArrivals: sum('unstamped'),
			server: { exit: stopped.code ?? stopped.signal, logLines: server.lines, problems: server.problems.slice(0, 10) }
		};
		if (KEEP_LOGS) {
			mkdirSync(join(root, 'bench-results'), { recursive: true });
			copyFileSync(server.logPath, join(root, 'bench-results', `server-${scenario.key}.log`));
		}
		return result;
	} catch (error) {
		// Keep what the server said: the temporary folder with its log is about to go.
		const log = existsSync(server.logPath) ? readFileSync(server.logPath, 'utf8').trimEnd().split('\n') : [];
		const unusual = log.filter((line) => !/ joined "| left \(/.test(line));
		console.error(`\nThe server's log (${log.length} lines; joins and leaves left out), last lines:\n${unusual.slice(-25).map((l) => `  | ${l}`).join('\n')}`);
		throw error;
	} finally {
		clearInterval(sampler);
		for (const w of workers) await w.worker.terminate();
		await server.stop();
		if (db?.open) db.close();
	}
}

// ---------------------------------------------------------------------------------------------------------------
// Report

const fmt = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const verdict = (ok) => (ok ? 'met' : 'MISSED');

function printTable(results) {
	const rows = [
		['clients (threads)', (r) => `${r.clients} (${r.clientThreads})`],
		['edits/s (target)', (r) => `${fmt(r.editsPerSecond.achieved)} (${r.editsPerSecond.target})`],
		['latency p50 ms', (r) => fmt(r.latencyMs.p50, 2)],
		['latency p95 ms', (r) => fmt(r.latencyMs.p95, 2)],
		['latency p99 ms', (r) => fmt(r.latencyMs.p99, 2)],
		['latency p99.9 / max ms', (r) => `${fmt(r.latencyMs.p999, 1)} / ${fmt(r.latencyMs.max, 1)}`],
		['first arrival p50 / p99 ms', (r) => `${fmt(r.firstArrivalMs.p50, 2)} / ${fmt(r.firstArrivalMs.p99, 2)}`],
		['arrivals (missing)', (r) => `${r.latencyMs.samples} (${r.latencyMs.missing})`],
		['server RSS launch / signed in MB', (r) => `${fmt(r.serverRssMb.atLaunch)} / ${fmt(r.serverRssMb.afterSignIn)}`],
		['server RSS peak MB', (r) => `${fmt(r.serverRssMb.peakVmHWM)} (sampled ${fmt(r.serverRssMb.peakSampled)})`],
		['server RSS end: anon + file MB', (r) => `${fmt(r.serverRssMb.endAnon)} + ${fmt(r.serverRssMb.endFile)}`],
		['server CPU % of a core', (r) => fmt(r.cpu.serverPercentOfOneCore, 0)],
		['clients CPU % of a core', (r) => fmt(r.cpu.clientsPercentOfOneCore, 0)],
		['other processes CPU % of a core', (r) => fmt(r.cpu.otherProcessesPercentOfOneCore, 0)],
		['client loop delay p99 / max ms', (r) => `${fmt(r.clientLoopDelayMs.p99, 1)} / ${fmt(r.clientLoopDelayMs.max, 1)}`],
		['log bytes per edit', (r) => fmt(r.storage.bytesPerEdit, 0)],
		['db growth per edit B', (r) => fmt(r.storage.databaseBytesPerEdit, 0)],
		['log rows / edits', (r) => `${r.storage.logRows} / ${r.edits.total}`],
		['db file MB after', (r) => fmt(r.storage.databaseBytesAfter / 1048576, 1)],
		['refused writes', (r) => String(r.refusedWrites)],
		['disconnects', (r) => String(r.disconnects)],
		['others p99 before / during flood ms', (r) => (r.flood ? `${fmt(r.flood.beforeMs.p99, 2)} / ${fmt(r.flood.duringMs.p99, 2)}` : '—')],
		['flood edits / refused / closed', (r) => (r.flood ? `${r.flood.floodEdits} / ${r.flood.refused} / ${r.flood.closed}` : '—')]
	];
	const header = ['', ...results.map((r) => r.scenario)];
	const body = rows.map(([label, cell]) => [label, ...results.map(cell)]);
	const widths = header.map((_, i) => Math.max(...[header, ...body].map((row) => row[i].length)));
	const line = (row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ');
	console.log(`\n${line(header)}\n${widths.map((w) => '─'.repeat(w)).join('  ')}`);
	for (const row of body) console.log(line(row));
}

function judge(results) {
	const targets = [];
	for (const r of results) {
		const scenario = SCENARIOS.find((s) => s.title === r.scenario);
		if (scenario.targets.p99Ms !== undefined) {
			targets.push({ scenario: r.scenario, what: `p99 ≤ ${scenario.targets.p99Ms} ms`, value: r.latencyMs.p99, met: r.latencyMs.p99 <= scenario.targets.p99Ms });
		}
		if (scenario.targets.peakRssMb !== undefined) {
			targets.push({ scenario: r.scenario, what: `peak RSS ≤ ${scenario.targets.peakRssMb} MB`, value: r.serverRssMb.peakVmHWM, met: r.serverRssMb.peakVmHWM <= scenario.targets.peakRssMb });
		}
	}
	const failures = [];
	for (const r of results) {
		if (r.refusedWrites > 0) failures.push(`${r.scenario}: ${r.refusedWrites} writes refused by the server (${r.refusalReasons.join('; ')})`);
		if (r.server.logLines.refused > 0 && !r.flood) failures.push(`${r.scenario}: the server logged ${r.server.logLines.refused} refusal line(s)`);
		if (r.flood && r.flood.refused === 0) failures.push(`${r.scenario}: the flooder was never refused`);
		if (r.disconnects > 0) failures.push(`${r.scenario}: ${r.disconnects} client connections dropped during the run`);
		if (r.latencyMs.missing !== 0) failures.push(`${r.scenario}: ${r.latencyMs.missing} expected arrivals never came`);
		if (!r.flood && r.storage.logRows !== r.edits.total) failures.push(`${r.scenario}: ${r.storage.logRows} updates in the log for ${r.edits.total} edits`);
		if (r.editsPerSecond.achieved < 0.9 * r.editsPerSecond.target) failures.push(`${r.scenario}: only ${fmt(r.editsPerSecond.achieved)} of ${r.editsPerSecond.target} edits/s were made`);
	}
	return { targets, failures };
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
	if (!existsSync(join(root, 'build/server.js'))) throw new Error('build/server.js is missing: run `npm run build` first');
	const dir = mkdtempSync(join(tmpdir(), 'binhxet-bench-'));
	const databasePath = join(dir, 'bench.db');
	const cleanup = () => rmSync(dir, { recursive: true, force: true });
	process.once('SIGINT', () => {
		cleanup();
		process.exit(130);
	});
	const started = monotonicMs();
	try {
		console.log(`binhxet bench: ${cpus().length} CPU(s) (${cpus()[0]?.model ?? '?'}), node ${process.version}, temporary database in ${dir}`);
		const scoringDocUrl = await bundleScoringDoc(dir);

		// A first start creates and migrates the database and loads the demo meeting whose template the bench uses.
		const first = await startServer(dir, databasePath, 'setup');
		await first.stop();
		const setupDb = new Database(databasePath, { readonly: true });
		const templateId = setupDb.prepare('select template_id from meetings where id = ?').get(DEMO_MEETING).template_id;
		// The items a deduction may be on: score items, points from one step (50 hundredths) up to the item's maximum.
		const items = setupDb
			.prepare(`select code, max from criteria where template_id = ? and kind = 'score' and max >= 50 order by position`)
			.all(templateId);
		setupDb.close();
		if (items.length === 0) throw new Error('the demo template has no score items');

		const results = [];
		for (const scenario of SCENARIOS) results.push(await runScenario(scenario, { dir, databasePath, scoringDocUrl, items }));

		printTable(results);
		const { targets, failures } = judge(results);
		for (const r of results) {
			if (r.cpu.otherProcessesPercentOfOneCore > 25) {
				console.log(`\nWARNING: ${r.scenario}: other processes used ${fmt(r.cpu.otherProcessesPercentOfOneCore, 0)} % of a core during the window; its figures are not clean.`);
			}
		}
		console.log('\nTargets (on a 2-core machine; reported, not enforced):');
		for (const t of targets) console.log(`  ${t.scenario}: ${t.what}: ${fmt(t.value, 2)} → ${verdict(t.met)}`);

		const output = {
			at: new Date().toISOString(),
			machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryMb: Math.round(totalmem() / 1048576), node: process.version, platform: process.platform },
			settings: { warmupSeconds: WARMUP_S, measureSeconds: MEASURE_S, clientThreads: WORKERS, serverArgs: SERVER_ARGS, addShare: ADD_SHARE, drainMs: DRAIN_MS, cpuProfile: CPU_PROF },
			method:
				'Real server (build/server.js) as a child process on a temporary database; clients are y-websocket WebsocketProviders over ws in worker threads, ' +
				'editing with src/lib/live/scoring-doc.ts (addDeduction/updateDeduction). Latency: the writer stamps the edit time (CLOCK_MONOTONIC) in the ' +
				'deduction reason; every other client of the meeting takes now − stamp when its document shows the change. Edits sent in the measured window only.',
			results,
			targets,
			failures,
			seconds: (monotonicMs() - started) / 1000
		};
		const outDir = join(root, 'bench-results');
		mkdirSync(outDir, { recursive: true });
		writeFileSync(join(outDir, 'bench.json'), `${JSON.stringify(output, null, 2)}\n`);
		console.log(`\nFigures written to bench-results/bench.json (${fmt(output.seconds, 0)} s in all).`);
		if (failures.length > 0) {
			console.error('\nBENCH FAILED: the run is not valid:');
			for (const f of failures) console.error(`  - ${f}`);
			for (const r of results) for (const p of r.server.problems) console.error(`  server: ${p}`);
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
