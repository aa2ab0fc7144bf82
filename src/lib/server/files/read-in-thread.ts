import { Worker } from 'node:worker_threads';
import readerScript from './reader-thread?thread-source';
import type { ReadJob, ReadJobResult } from './parse/jobs';

// Every upload is read in a thread of its own, with a memory limit and a time limit: a file that gets past the
// bounds of ./parse/limits costs that thread (which is ended), never the server, and the board's event loop stays
// free for everyone else while a file is read. A few threads read at once; the next uploads wait their turn, and
// beyond that the server says it is busy.

/** A thread that runs out of memory or time, or dies: the file is refused as too complex to read. */
export type ThreadRefusal = 'too_complex' | 'busy';

export interface ReaderLimits {
	/** The thread's heap (old generation), in MB. */
	memoryMb: number;
	/** How long a thread may read before it is ended. */
	seconds: number;
}

export const READER_LIMITS: ReaderLimits = { memoryMb: 256, seconds: 20 };
/** Threads reading at once, and uploads that may wait for one. */
const MAX_READERS = 2;
const MAX_WAITING = 16;

let reading = 0;
const waiting: (() => void)[] = [];

export async function readInThread<T extends ReadJobResult>(
	job: ReadJob,
	bytes: Uint8Array,
	limits: ReaderLimits = READER_LIMITS
): Promise<T | { ok: false; reason: ThreadRefusal }> {
	return runInThread<T>(readerScript, job, bytes, limits);
}

/**
 * Runs another thread script (bundled the same way, `?thread-source`) under the same limits and the same queue:
 * it receives `{ job, bytes }` as its workerData and posts one answer.
 */
export async function runInThread<T>(
	script: string,
	job: unknown,
	bytes: Uint8Array,
	limits: ReaderLimits = READER_LIMITS
): Promise<T | { ok: false; reason: ThreadRefusal }> {
	if (reading >= MAX_READERS) {
		if (waiting.length >= MAX_WAITING) return { ok: false, reason: 'busy' };
		await new Promise<void>((resolve) => waiting.push(resolve));
	}
	reading++;
	try {
		return await runThread<T>(script, job, bytes, limits);
	} finally {
		reading--;
		waiting.shift()?.();
	}
}

function runThread<T>(
	script: string,
	job: unknown,
	bytes: Uint8Array,
	limits: ReaderLimits
): Promise<T | { ok: false; reason: ThreadRefusal }> {
	return new Promise((resolve) => {
		let settled = false;
		const settle = (answer: T | { ok: false; reason: ThreadRefusal }) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			resolve(answer);
			void worker.terminate();
		};
		let worker: Worker;
		try {
			// The script is bundled as CommonJS with its dependencies inside; only Node's own modules are required.
			worker = new Worker(`(function (require) {${script}\n})(require);`, {
				eval: true,
				// A copy: the caller keeps its bytes.
				workerData: { job, bytes: new Uint8Array(bytes) },
				resourceLimits: {
					maxOldGenerationSizeMb: limits.memoryMb,
					maxYoungGenerationSizeMb: 32,
					stackSizeMb: 4
				}
			});
		} catch {
			// No thread could be started (the process is short of memory or threads): the file waits for nobody.
			return resolve({ ok: false, reason: 'busy' });
		}
		const timer = setTimeout(() => settle({ ok: false, reason: 'too_complex' }), limits.seconds * 1000);
		worker.once('message', (answer: T) => settle(answer));
		// Out of memory (ERR_WORKER_OUT_OF_MEMORY), a crash, or an exit without an answer.
		worker.once('error', () => settle({ ok: false, reason: 'too_complex' }));
		worker.once('exit', () => settle({ ok: false, reason: 'too_complex' }));
	});
}
