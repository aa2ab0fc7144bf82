import { parentPort, workerData } from 'node:worker_threads';
import { runReadJob, type ReadJob } from './parse/jobs';

// The reader thread's script: one upload, one job, one answer, then the thread ends. It is bundled into a single
// script (see scripts/thread-source.js) that read-in-thread.ts starts with a memory and a time limit.

const { job, bytes } = workerData as { job: ReadJob; bytes: Uint8Array };
parentPort!.postMessage(runReadJob(job, bytes));
