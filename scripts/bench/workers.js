// The orchestrator's side of the client threads of `npm run bench` (scripts/bench/clients.js).
import { Worker } from 'node:worker_threads';

/**
 * Spreads the clients over `threads` worker threads, round robin (a meeting's clients land on different threads,
 * like screens on different machines). A flooder is not one of them: it is a process of its own
 * (scripts/bench/flood.js). `context`: { target, serverUrl, scoringDocUrl, items, addShare }.
 */
export function startWorkers(clients, threads, context) {
	if (clients.some((c) => c.flooder)) throw new Error('a flooder runs in a process of its own, not in a client thread');
	const groups = Array.from({ length: Math.min(threads, clients.length) }, () => []);
	clients.forEach((client, i) => groups[i % groups.length].push(client));
	return groups.map((group) => {
		const worker = new Worker(new URL('./clients.js', import.meta.url), {
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
			},
			async close() {
				worker.postMessage({ type: 'close' });
				await new Promise((resolve) => worker.once('exit', resolve));
			}
		};
	});
}
