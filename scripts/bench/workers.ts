// The orchestrator's side of the client threads of `npm run bench` (scripts/bench/clients.ts).
import { Worker } from 'node:worker_threads';
import { createMailbox } from './mailbox';
import { type BenchClient, type ClientsWorkerData, type FromClients, type RunMessage } from './types';

/** The context every client thread gets: the server's address and what its clients edit. */
export type ThreadContext = Omit<ClientsWorkerData, 'clients'>;

export interface ClientThread {
	worker: Worker;
	size: number;
	next(): Promise<FromClients>;
	expect<T extends Exclude<FromClients['type'], 'error'>>(type: T): Promise<Extract<FromClients, { type: T }>>;
	run(schedule: Omit<RunMessage, 'type'>): void;
	report(): void;
	close(): Promise<void>;
}

/**
 * Spreads the clients over `threads` worker threads, round robin (a meeting's clients land on different threads,
 * like screens on different machines). A flooder is not one of them: it is a process of its own
 * (scripts/bench/flood.ts).
 */
export function startWorkers(clients: BenchClient[], threads: number, context: ThreadContext): ClientThread[] {
	if (clients.some((c) => c.flooder))
		throw new Error('a flooder runs in a process of its own, not in a client thread');
	const groups = Array.from({ length: Math.min(threads, clients.length) }, (): BenchClient[] => []);
	clients.forEach((client, i) => groups[i % groups.length]?.push(client));
	return groups.map((group) => {
		const workerData: ClientsWorkerData = { clients: group.map(({ token: _t, ...c }) => c), ...context };
		// Its bundle, beside the main program's in build/bench/ (scripts/bench.js builds both).
		const worker = new Worker(new URL('./clients.js', import.meta.url), { workerData });
		const mailbox = createMailbox<FromClients>();
		worker.on('message', mailbox.deliver);
		worker.on('error', mailbox.fail);
		worker.on('exit', (code) => mailbox.fail(new Error(`a client thread exited (${code})`)));
		return {
			worker,
			size: group.length,
			next: mailbox.next,
			async expect<T extends Exclude<FromClients['type'], 'error'>>(type: T) {
				const message = await this.next();
				if (message.type === 'error') throw new Error(`client thread: ${message.message}`);
				if (message.type !== type) throw new Error(`client thread: expected ${type}, got ${message.type}`);
				return message as Extract<FromClients, { type: T }>;
			},
			run(schedule) {
				worker.postMessage({ type: 'run', ...schedule } satisfies RunMessage);
			},
			report() {
				worker.postMessage({ type: 'report' });
			},
			async close() {
				worker.postMessage({ type: 'close' });
				await new Promise((resolve) => worker.once('exit', resolve));
			}
		};
	});
}
