// The flooding scorer of scenario (c), a child process of its own (scripts/bench/flood.ts starts it at the lowest CPU
// priority): an attacker's CPU is on the attacker's machine, not on the two cores the server and the measured clients
// share, so it makes no Yjs edits while it floods. Before the window it builds its whole flood with the app's own
// scoring-doc functions on a local Y.Doc (one deduction of its own added, then its reason changed again and again),
// each update encoded once as the y-websocket frame a screen would send (sync, messageYjsUpdate); during the flood it
// only writes those bytes, BENCH_FLOOD_RATE frames a second in bursts every 10 ms, over a raw `ws` socket signed in
// with its session cookie (the same address and headers as the WebsocketProviders of the other clients).
//
// Handshake and resuming: the server starts every connection with its sync step 1 (its state vector). The flooder
// answers with an empty step 2 (it has nothing the server should take in one piece) and reads its own client's clock
// in that state vector: the frames it built are consecutive ranges of that clock, so the first frame whose range is
// not in the server's document is where it goes on. That is exact (no frame twice, none missing) and costs one
// decode of a state vector per connection, no Yjs work; sending everything again from the start would only spend
// each new connection's burst on updates the server already has. When the server closes it (flooding) or refuses
// the upgrade (429 while its user is kept out), it connects again every 250 ms.
//
// Messages with the orchestrator (IPC; types in scripts/bench/types.ts): ← 'init' { url, cookie, client, items, rate, count } →
// 'connected' { ms, frames, prepareMs } once the first handshake is done; ← 'run' { t0, floodStart, end }; ← 'report'
// → 'report' (figures); ← 'close' → exits.
import WebSocket, { type RawData } from 'ws';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { addDeduction, updateDeduction } from '$lib/live/scoring-doc';
import { monotonicMs as now } from './proc';
import {
	isTyped,
	type FloodInit,
	type FloodSchedule,
	type FloodStats,
	type FromFlooder,
	type ToFlooder
} from './types';

const send = (message: FromFlooder) => process.send?.(message);

const FLOOD = '[flood]';
const TICK_MS = 10;
const RECONNECT_MS = 250;

const stats: FloodStats = {
	framesSent: 0, // update frames written in the flood (the deduction's add at t0 not counted)
	refused: 0, // auth messages (permission denied) received
	closed: 0, // open connections the server closed
	refusedUpgrades: 0, // upgrades answered with HTTP 429
	otherUpgradeErrors: 0,
	connections: 0,
	/** Frames of the flood the server held, as its step 1 told at the last (re)connection. */
	appliedFrames: 0,
	exhausted: false,
	closeReasons: {}
};

const frameOf = (type: number, bytes: Uint8Array): Uint8Array => {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0); // sync
	encoding.writeVarUint(encoder, type);
	encoding.writeVarUint8Array(encoder, bytes);
	return encoding.toUint8Array(encoder);
};
/** Step 1 of a screen with nothing yet (an empty state vector), and an empty step 2 (no structs, no deletions). */
const STEP1 = frameOf(0, new Uint8Array([0]));
const EMPTY_STEP2 = frameOf(1, new Uint8Array([0, 0]));

/** The flood: `count` update frames and, per frame, the flooder's clock once it is applied. */
interface Flood {
	frames: Uint8Array[];
	ends: number[];
	clientId: number;
}

function prepare({ client, items, count }: FloodInit): Flood {
	const doc = new Y.Doc();
	const frames: Uint8Array[] = [];
	const ends: number[] = [];
	doc.on('update', (update: Uint8Array) => {
		frames.push(frameOf(2, update));
		ends.push(Y.getState(doc.store, doc.clientID));
	});
	const author = { id: client.userId, name: client.name };
	const [item, unit] = [items[0], client.units[0]];
	if (!item || unit === undefined) throw new Error('the flooder needs a score item and a unit');
	const id = addDeduction(doc, { unit, criterion: item.code, points: 50, reason: `${FLOOD} target` }, author);
	for (let i = 1; frames.length < count; i++) updateDeduction(doc, id, { reason: `${FLOOD} ${i}` }, author);
	const clientId = doc.clientID;
	doc.destroy();
	return { frames, ends, clientId };
}

let flood: Flood;
let config: FloodInit;
let run: FloodSchedule | null = null;
let socket: WebSocket | null = null; // the open, handshaken connection, or null
let next = 0; // the next frame to send on this connection
let stopped = false;
let onFirstSync: (() => void) | null = null;

/** The first frame the server does not hold, from its own clock in the server's state vector. */
function resumeIndex(stateVector: Map<number, number>): number {
	const held = stateVector.get(flood.clientId) ?? 0;
	let lo = 0;
	let hi = flood.ends.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if ((flood.ends[mid] ?? Infinity) <= held) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

function connect(): void {
	if (stopped) return;
	const ws = new WebSocket(config.url, { headers: { cookie: config.cookie ?? '' } });
	let opened = false;
	let again = false;
	const retry = () => {
		if (again || stopped) return;
		again = true;
		setTimeout(connect, RECONNECT_MS);
	};
	ws.on('open', () => {
		opened = true;
		stats.connections++;
		ws.send(STEP1);
	});
	ws.on('message', (data: RawData) => {
		const decoder = decoding.createDecoder(Array.isArray(data) ? Buffer.concat(data) : new Uint8Array(data));
		const type = decoding.readVarUint(decoder);
		if (type === 2) {
			stats.refused++;
		} else if (type === 0 && decoding.readVarUint(decoder) === 0 && socket !== ws) {
			// The server's step 1: what it holds of ours.
			next = resumeIndex(Y.decodeStateVector(decoding.readVarUint8Array(decoder)));
			stats.appliedFrames = Math.max(0, next - 1);
			ws.send(EMPTY_STEP2);
			socket = ws;
			onFirstSync?.();
			onFirstSync = null;
		}
	});
	ws.on('error', (error) => {
		const status = /Unexpected server response: (\d+)/.exec(error.message)?.[1];
		if (status === '429') stats.refusedUpgrades++;
		else if (!opened) stats.otherUpgradeErrors++;
	});
	ws.on('close', (code) => {
		if (socket === ws) socket = null;
		if (opened && !stopped) {
			stats.closed++;
			stats.closeReasons[code] = (stats.closeReasons[code] ?? 0) + 1;
		}
		retry();
	});
}

/** Every 10 ms: the deduction's add once the meeting starts, then the flood's share of frames of this tick. */
function tick(): void {
	if (!run || !socket || socket.readyState !== WebSocket.OPEN) return;
	const t = now();
	if (t >= run.end) return;
	if (next === 0 && t >= run.t0) socket.send(flood.frames[next++] as Uint8Array);
	if (t < run.floodStart) return;
	const burst = Math.max(1, Math.round((config.rate * TICK_MS) / 1000));
	for (let i = 0; i < burst; i++) {
		if (next >= flood.frames.length) {
			stats.exhausted = true;
			return;
		}
		socket.send(flood.frames[next++] as Uint8Array);
		stats.framesSent++;
	}
}

process.on('message', async (message: unknown) => {
	if (!isTyped<ToFlooder>(message)) return;
	if (message.type === 'init') {
		config = message;
		const prepared = now();
		flood = prepare(message);
		const prepareMs = now() - prepared;
		const started = now();
		const synced = new Promise<void>((resolve) => (onFirstSync = resolve));
		connect();
		await synced;
		setInterval(tick, TICK_MS);
		send({ type: 'connected', ms: now() - started, frames: flood.frames.length, prepareMs });
	} else if (message.type === 'run') {
		run = { t0: message.t0, floodStart: message.floodStart, end: message.end };
	} else if (message.type === 'report') {
		send({ type: 'report', ...stats });
	} else if (message.type === 'close') {
		stopped = true;
		socket?.close();
		setTimeout(() => process.exit(0), 300);
	}
});
process.on('disconnect', () => process.exit(0));
