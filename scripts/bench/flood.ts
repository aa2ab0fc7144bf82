// The orchestrator's side of the flooding scorer of scenario (c) (scripts/bench/flood-client.ts): a child process of
// its own at the lowest CPU priority (nice 19), so that what it costs is not taken from the measured clients' threads
// as it would be in a thread of the bench's own process, and the server is the only one it competes with.
import { fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { procFigures } from './proc';
import { createMailbox } from './mailbox';
import { type BenchClient, type FloodSchedule, type FromFlooder, type Item, type ToFlooder } from './types';

export interface Flooder {
	pid: number | undefined;
	connected(): Promise<Extract<FromFlooder, { type: 'connected' }>>;
	run(schedule: FloodSchedule): void;
	cpuSeconds(): number;
	report(): Promise<Extract<FromFlooder, { type: 'report' }>>;
	close(): Promise<void>;
}

/**
 * Starts the flooder of `client` (signed in: its `cookie`) against `documentUrl` (the provider's address of its
 * document) and waits for its first handshake. `count`: frames to build (the flood's rate × its seconds, and some).
 */
export function startFlooder(
	client: BenchClient,
	{ documentUrl, items, rate, count }: { documentUrl: string; items: Item[]; rate: number; count: number }
): Flooder {
	// Its bundle, beside the main program's in build/bench/ (scripts/bench.js builds both).
	const child = fork(new URL('./flood-client.js', import.meta.url), [], {
		execArgv: [],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc']
	});
	try {
		setPriority(child.pid ?? 0, 19);
	} catch (error) {
		console.log(
			`    the flooder's priority could not be lowered: ${error instanceof Error ? error.message : String(error)}`
		);
	}
	const mailbox = createMailbox<FromFlooder>();
	child.on('message', mailbox.deliver);
	const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
	exited.then((code) => mailbox.fail(new Error(`the flooder exited (${code})`)));
	const expect = async <T extends FromFlooder['type']>(type: T): Promise<Extract<FromFlooder, { type: T }>> => {
		const message = await mailbox.next();
		if (message.type !== type) throw new Error(`flooder: expected ${type}, got ${message.type}`);
		return message as Extract<FromFlooder, { type: T }>;
	};
	const tell = (message: ToFlooder) => child.send(message);
	const { token: _t, ...plain } = client;
	tell({ type: 'init', url: documentUrl, cookie: client.cookie, client: plain, items, rate, count });
	return {
		pid: child.pid,
		connected: () => expect('connected'),
		run: (schedule) => tell({ type: 'run', ...schedule }),
		cpuSeconds: () => procFigures(child.pid)?.cpuSeconds ?? NaN,
		async report() {
			tell({ type: 'report' });
			return expect('report');
		},
		async close() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			tell({ type: 'close' });
			const timer = setTimeout(() => child.kill(), 2000);
			await exited;
			clearTimeout(timer);
		}
	};
}
