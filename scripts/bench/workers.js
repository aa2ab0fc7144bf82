// The orchestrator's side of the client threads of `npm run bench` (scripts/bench/clients.js).
import { Worker } from 'node:worker_threads';

/**
 * Spreads the clients over `threads` worker threads, round robin (a meeting's clients land on different threads,
 * like screens on different machines); a flooder gets a thread of its own, so that its loop does not hold up the
 * screens being measured. `context`: { target, serverUrl, scoringDocUrl, items, addShare }.
 */
export function startWorkers(clients, threads, context) {
	const others = clients.filter((c) => !c.flooder);
	const groups = Array.from({ length: Math.min(threads, others.length) }, () => []);
	others.forEach((client, i) => groups[i % groups.length].push(client));
	const flooders = clients.filter((c) => c.flooder);
	if (flooders.length > 0) groups.push(flooders);
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
			flooding: group.some((c) => c.flooder),
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
