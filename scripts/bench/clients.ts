// The simulated board screens of `npm run bench`, run in worker threads of the bench's process, away from the
// server's. Each client is what a head's or vice-head's browser holds: a Y.Doc synchronised by y-websocket's
// WebsocketProvider (scripts/bench/session.ts: the same for every server under test, only the socket differs),
// editing through the app's own scoring-doc functions (addDeduction / updateDeduction of src/lib/live/scoring-doc.ts).
//
// Timing: the writer puts the moment of its edit (CLOCK_MONOTONIC, shared by every thread and process of the
// machine) at the end of the deduction's reason; each reader takes the difference when its document shows the
// change (an observeDeep event of a transaction applied by the provider).
//
// No seeding is needed, on any server: the document's only shared structures are its top-level maps (deductions,
// comments), which every replica has by name without anyone creating them; a deduction's nested Y.Map is created by
// its author alone, under a fresh UUID key, and edited only by that author afterwards. So concurrent first edits by
// different clients touch different keys and cannot overwrite each other, even on the relay that keeps no state.
//
// Messages with the orchestrator (scripts/bench/workers.ts; types in scripts/bench/types.ts): → 'connected' once every session synced (or 'error');
// ← 'run' (the schedule) → ← 'report' → 'report' (figures) ← 'close'.
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { parentPort as port, workerData } from 'node:worker_threads';
import * as Y from 'yjs';
import { messageAuth, type WebsocketProvider } from 'y-websocket';
import { readAuthMessage } from 'y-protocols/auth';
import { addDeduction, deductionsMap, updateDeduction, type Author } from '$lib/live/scoring-doc';
import { openProvider } from './session';
import {
	isTyped,
	type ClientsReport,
	type ClientsWorkerData,
	type FromClients,
	type PlainClient,
	type ToClients
} from './types';

if (!port) throw new Error('scripts/bench/clients.ts runs in a worker thread');
const parentPort = port;
const { target, serverUrl, clients, items, addShare } = workerData as ClientsWorkerData;
const send = (message: FromClients, transfer?: ArrayBuffer[]) => parentPort.postMessage(message, transfer);

// One provider per client adds an 'exit' listener each.
process.setMaxListeners(0);

/** Milliseconds on the machine's monotonic clock (the same in every thread and process). */
const now = () => {
	const [s, ns] = process.hrtime();
	return s * 1e3 + ns / 1e6;
};

const REASONS = [
	'Chưa nộp báo cáo tổng kết đúng thời hạn',
	'Thiếu minh chứng cho nội dung đã tự chấm',
	'Số liệu tự chấm chưa khớp với báo cáo',
	'Chưa tổ chức hội thảo khoa học theo kế hoạch',
	'Tỷ lệ học viên tốt nghiệp loại khá chưa đạt chỉ tiêu'
];
const STAMP = /\[bench (\d+\.\d+)\]$/;

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;
/** Points a deduction on an item of maximum `max` may take: a positive multiple of the step (50), at most max. */
const pointsUpTo = (max: number): number => 50 * (1 + Math.floor(Math.random() * Math.floor(max / 50)));

let run: { start: number; end: number } | null = null; // the measured window, monotonic ms
const stats = {
	edits: 0, // edits made inside the window
	editsTotal: 0, // every edit, warm-up included (the app should have logged exactly this many)
	adds: 0,
	expected: 0, // arrivals expected for the window's edits: one per other client of the meeting
	arrivals: 0,
	refused: 0,
	refusalReasons: new Set<string>(),
	disconnects: 0,
	unstamped: 0
};
/** The reasons of the flooder's deductions (scenario c, scripts/bench/flood-client.ts): not measured edits. */
const FLOOD = '[flood]';
let latencies = new Float64Array(1 << 16);
let sentAts = new Float64Array(1 << 16); // which edit each latency belongs to (its stamp)
/** How late this thread's event loop runs (queueing inside the simulated clients), over the measured window. */
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
/** This thread's GC pauses in the measured window: the usual cause of a late loop in a thread holding many Y.Docs. */
const gc = { max: 0, total: 0 };
const gcObserver = new PerformanceObserver((list) => {
	const offset = now() - performance.now(); // performance's clock to this file's
	for (const entry of list.getEntries()) {
		const at = entry.startTime + offset;
		if (!run || at < run.start || at >= run.end) continue;
		gc.max = Math.max(gc.max, entry.duration);
		gc.total += entry.duration;
	}
});
gcObserver.observe({ entryTypes: ['gc'] });

function record(reason: unknown, at: number): void {
	if (typeof reason === 'string' && reason.startsWith(FLOOD)) return;
	const match = typeof reason === 'string' ? STAMP.exec(reason) : null;
	if (!match) {
		stats.unstamped++;
		return;
	}
	const sentAt = Number(match[1]);
	if (!run || sentAt < run.start || sentAt >= run.end) return;
	if (stats.arrivals === latencies.length) {
		const grow = (array: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
			const bigger = new Float64Array(array.length * 2);
			bigger.set(array);
			return bigger;
		};
		latencies = grow(latencies);
		sentAts = grow(sentAts);
	}
	sentAts[stats.arrivals] = sentAt;
	latencies[stats.arrivals++] = at - sentAt;
}

// Presence (y-protocols awareness) has timers of its own: every provider checks its state every 3 s and renews it
// 15 s after its last change, and y-websocket sends every awareness change it sees, its peers' too, back to the
// server. Screens opened in the same instant would renew in step forever, a burst every 15 s that no real meeting
// has (people arrive over minutes). So the providers are created at random moments over one check interval, and each
// client switches the sheet it looks at once, at a random moment in the first renewal period.
const CHECK_INTERVAL_MS = 3_000;
const RENEWAL_MS = 15_000;

function refused(_client: PlainClient, reason: string): void {
	stats.refused++;
	stats.refusalReasons.add(reason);
}

interface Session {
	client: PlainClient;
	doc: Y.Doc;
	provider: WebsocketProvider;
	author: Author;
	own: { id: string; max: number }[];
	timer: NodeJS.Timeout | undefined;
	whenSynced: Promise<void>;
}

function openSession(client: PlainClient): Session {
	const doc = new Y.Doc();
	const provider = openProvider(target, serverUrl, client.document, doc, {
		cookie: client.cookie,
		onDenied: (reason) => refused(client, `denied: ${reason}`)
	});
	// The app tells a client whose write it dropped (y-protocols/auth); the provider would only log it.
	provider.messageHandlers[messageAuth] = (_encoder, decoder) =>
		readAuthMessage(decoder, doc, (_doc: unknown, reason: string) => refused(client, reason));
	let synced = false;
	provider.on('connection-close', () => {
		if (synced) stats.disconnects++;
	});
	// What the board sets (src/lib/live/board.svelte.ts): presence with the sheet being looked at.
	provider.awareness.setLocalState({ name: client.name, viewing: client.units[0], editing: null });

	const deductions = deductionsMap(doc);
	deductions.observeDeep((events, transaction) => {
		if (transaction.origin !== provider) return; // only what arrives from the server
		const at = now();
		for (const event of events) {
			if (!(event instanceof Y.YMapEvent)) continue; // the document holds maps only
			if (event.target === deductions) {
				// A new deduction (its fields come with it, in the same transaction).
				for (const key of event.keysChanged) {
					const entry = deductions.get(key);
					if (entry instanceof Y.Map) record(entry.get('reason'), at);
				}
			} else if (event.keysChanged.has('reason')) {
				record(event.target.get('reason'), at);
			}
		}
	});

	const session: Session = {
		client,
		doc,
		provider,
		author: { id: client.userId, name: client.name },
		own: [],
		timer: undefined,
		whenSynced: new Promise((resolve) => {
			provider.on('sync', (isSynced: boolean) => {
				if (isSynced && !synced) {
					synced = true;
					resolve();
				}
			});
		})
	};
	setTimeout(
		() => provider.awareness.setLocalStateField('viewing', client.units[1] ?? client.units[0]),
		Math.random() * RENEWAL_MS
	);
	return session;
}

const started = now();
const sessions = await Promise.all(
	clients.map(
		(client) =>
			new Promise<Session>((resolve) =>
				setTimeout(() => resolve(openSession(client)), Math.random() * CHECK_INTERVAL_MS)
			)
	)
);

/** One edit: mostly a change of points and reason of one of the client's own deductions, sometimes a new one. */
function edit(session: Session, window: { start: number; end: number }): void {
	const sentAt = now();
	if (sentAt >= window.end) {
		clearInterval(session.timer);
		return;
	}
	const reason = `${pick(REASONS)} [bench ${sentAt.toFixed(4)}]`;
	if (session.own.length < 2 || Math.random() < addShare) {
		const item = pick(items);
		const id = addDeduction(
			session.doc,
			{ unit: pick(session.client.units), criterion: item.code, points: pointsUpTo(item.max), reason },
			session.author
		);
		session.own.push({ id, max: item.max });
		stats.adds++;
	} else {
		const own = pick(session.own);
		updateDeduction(session.doc, own.id, { points: pointsUpTo(own.max), reason }, session.author);
	}
	stats.editsTotal++;
	if (sentAt >= window.start) {
		stats.edits++;
		stats.expected += session.client.peers;
	}
}

parentPort.on('message', (message: unknown) => {
	if (!isTyped<ToClients>(message)) return;
	if (message.type === 'run') {
		const window = { start: message.start, end: message.end };
		run = window;
		setTimeout(() => loopDelay.enable(), Math.max(0, window.start - now()));
		setTimeout(() => loopDelay.disable(), Math.max(0, window.end - now()));
		const interval = 1000 / message.ratePerClient;
		for (const session of sessions) {
			// Its meeting's start, then a random phase per client, so that the clients' timers do not all fire together.
			const delay =
				Math.max(0, message.t0 - now()) + (session.client.startOffsetMs ?? 0) + Math.random() * interval;
			setTimeout(() => {
				edit(session, window);
				session.timer = setInterval(() => edit(session, window), interval);
			}, delay);
		}
	} else if (message.type === 'report') {
		const result: ClientsReport = {
			type: 'report',
			...stats,
			refusalReasons: [...stats.refusalReasons],
			loopDelayMs: {
				p50: loopDelay.percentile(50) / 1e6,
				p99: loopDelay.percentile(99) / 1e6,
				max: loopDelay.max / 1e6
			},
			gcMs: { ...gc },
			latencies: latencies.slice(0, stats.arrivals),
			sentAts: sentAts.slice(0, stats.arrivals)
		};
		send(result, [result.latencies.buffer, result.sentAts.buffer]);
	} else if (message.type === 'close') {
		for (const session of sessions) {
			clearInterval(session.timer);
			session.provider.destroy();
			session.doc.destroy();
		}
		// Let the close frames go out before the thread ends.
		setTimeout(() => parentPort.close(), 300);
	}
});

const timeout = new Promise<never>((_, reject) =>
	setTimeout(() => reject(new Error('clients did not sync within 30 s')), 30_000).unref()
);
try {
	await Promise.race([Promise.all(sessions.map((s) => s.whenSynced)), timeout]);
	send({ type: 'connected', clients: sessions.length, ms: now() - started });
} catch (error) {
	const pending = sessions.filter((s) => !s.provider.synced).length;
	const text = error instanceof Error ? error.message : String(error);
	send({ type: 'error', message: `${text} (${pending} of ${sessions.length} not synced)` });
}
