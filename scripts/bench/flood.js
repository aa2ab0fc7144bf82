// The orchestrator's side of the flooding scorer of scenario (c) (scripts/bench/flood-client.js): a child process of
// its own at the lowest CPU priority (nice 19), so that what it costs is not taken from the measured clients' threads
// as it would be in a thread of the bench's own process, and the server is the only one it competes with.
import { fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { procFigures } from './proc.js';

/**
 * Starts the flooder of `client` (signed in: its `cookie`) against `documentUrl` (the provider's address of its
 * document) and waits for its first handshake. `count`: frames to build (the flood's rate × its seconds, and some).
 */
export function startFlooder(client, { documentUrl, scoringDocUrl, items, rate, count }) {
	const child = fork(new URL('./flood-client.js', import.meta.url), [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	try {
		setPriority(child.pid, 19);
	} catch (error) {
		console.log(`    the flooder's priority could not be lowered: ${error.message}`);
	}
	const inbox = [];
	const waiters = [];
	let failure;
	child.on('message', (message) => {
		const waiter = waiters.shift();
		if (waiter) waiter.resolve(message);
		else inbox.push(message);
	});
	const exited = new Promise((resolve) => child.once('exit', resolve));
	exited.then((code) => {
		failure = new Error(`the flooder exited (${code})`);
		for (const waiter of waiters.splice(0)) waiter.reject(failure);
	});
	const next = () => {
		if (inbox.length) return Promise.resolve(inbox.shift());
		if (failure) return Promise.reject(failure);
		return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
	};
	const expect = async (type) => {
		const message = await next();
		if (message.type !== type) throw new Error(`flooder: expected ${type}, got ${message.type}`);
		return message;
	};
	const { token: _t, ...plain } = client;
	child.send({ type: 'init', url: documentUrl, cookie: client.cookie, scoringDocUrl, client: plain, items, rate, count });
	return {
		pid: child.pid,
		connected: () => expect('connected'),
		run: (schedule) => child.send({ type: 'run', ...schedule }),
		cpuSeconds: () => procFigures(child.pid)?.cpuSeconds ?? NaN,
		async report() {
			child.send({ type: 'report' });
			return expect('report');
		},
		async close() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.send({ type: 'close' });
			const timer = setTimeout(() => child.kill(), 2000);
			await exited;
			clearTimeout(timer);
		}
	};
}
