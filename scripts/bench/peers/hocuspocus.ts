// The Hocuspocus peer of `npm run bench`: @hocuspocus/server 4.7.0 with its default persistence hooks, i.e. the
// Database extension (@hocuspocus/extension-database) whose fetch/store read and write the whole document state in a
// SQLite file (better-sqlite3, WAL, synchronous = NORMAL, like the app), with Hocuspocus's default debounce (2 s, at
// most 10 s) and unloading. No authentication hook: every token is accepted.
//
// Hocuspocus 4 declares node >= 22; it runs on Node 20 (npm only warns). Its Server wraps a Node http server and
// crossws; listen() takes the port from the configuration (0: any free one).
//
// Environment: PORT, HOST, HOCUSPOCUS_DB (the SQLite file; created if missing). Prints
// "hocuspocus running at http://127.0.0.1:<port>" when listening, and for every document it loads
// `hocuspocus: loaded "<name>" in <ms> ms (<bytes> bytes stored)` (the same shape as the app's line).
import { performance } from 'node:perf_hooks';
import { Database } from '@hocuspocus/extension-database';
import { Server } from '@hocuspocus/server';
import { openHocuspocusStore } from './hocuspocus-store';

const dbPath = process.env.HOCUSPOCUS_DB;
if (!dbPath) throw new Error('HOCUSPOCUS_DB is not set');
const store = openHocuspocusStore(dbPath);
const host = process.env.HOST ?? '127.0.0.1';

/** When each document started loading, and what its fetch found, for the "loaded" line. */
const loading = new Map<string, { started: number; bytes: number }>();

const server = new Server({
	port: Number(process.env.PORT ?? 0),
	address: host,
	quiet: true,
	extensions: [
		{
			// Runs first (highest priority) on creation and after loading: times the whole load.
			priority: 1000,
			async onCreateDocument({ documentName }) {
				loading.set(documentName, { started: performance.now(), bytes: 0 });
			},
			async afterLoadDocument({ documentName }) {
				const load = loading.get(documentName);
				loading.delete(documentName);
				if (load)
					console.log(
						`hocuspocus: loaded "${documentName}" in ${(performance.now() - load.started).toFixed(2)} ms (${load.bytes} bytes stored)`
					);
			}
		},
		new Database({
			fetch: async ({ documentName }) => {
				const data = store.fetch.get(documentName);
				const load = loading.get(documentName);
				if (load && data) load.bytes = data.length;
				return data ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
			},
			store: async ({ documentName, state }) => {
				store.store.run(documentName, state, Date.now());
			}
		})
	]
});

await server.listen();
console.log(`hocuspocus running at http://${host}:${server.address.port}`);
process.on('exit', () => store.db.close());
