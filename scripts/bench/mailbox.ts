// The orchestrator's inbox for the typed messages of a client thread or the flooder process: messages wait until
// asked for, and once the other side has failed (exited, thrown) every wait ends with that error.
import { isTyped } from './types';

export interface Mailbox<M extends { type: string }> {
	/** Takes a message from the other side (anything without a `type` is ignored). */
	deliver(message: unknown): void;
	/** The other side is gone: pending and later waits reject with `error` once the queue is empty. */
	fail(error: Error): void;
	/** The next message. */
	next(): Promise<M>;
}

export function createMailbox<M extends { type: string }>(): Mailbox<M> {
	const inbox: M[] = [];
	const waiters: { resolve: (message: M) => void; reject: (error: Error) => void }[] = [];
	let failure: Error | undefined;
	return {
		deliver(message) {
			if (!isTyped<M>(message)) return;
			const waiter = waiters.shift();
			if (waiter) waiter.resolve(message);
			else inbox.push(message);
		},
		fail(error) {
			failure = error;
			for (const waiter of waiters.splice(0)) waiter.reject(error);
		},
		next() {
			const queued = inbox.shift();
			if (queued) return Promise.resolve(queued);
			if (failure) return Promise.reject(failure);
			return new Promise<M>((resolve, reject) => waiters.push({ resolve, reject }));
		}
	};
}
