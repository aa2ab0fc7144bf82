import { parentPort, workerData } from 'node:worker_threads';
import mammoth from 'mammoth';

// The thread that reads a Word document's text for the board to show (mammoth's raw text: paragraphs, nothing of
// the file's formatting or HTML). Started by ./report-text.ts under the reader threads' limits.

const { bytes } = workerData as { bytes: Uint8Array };
mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }).then(
	(result) => parentPort!.postMessage({ ok: true, text: result.value }),
	() => parentPort!.postMessage({ ok: false, reason: 'unreadable' })
);
