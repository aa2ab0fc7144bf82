// `npm run bench`: the live board under load, beside three other servers driven by the same clients. The benchmark
// is TypeScript (scripts/bench/, type-checked by `npm run check` through scripts/bench/tsconfig.json; what it does is
// described in scripts/bench/main.ts). Node runs JavaScript, so this launcher bundles it with esbuild into
// build/bench/, one bundle per file that is started on its own (the main program, the client threads, the flooder's
// process, each peer server) with the app's modules it imports ($lib) inside, then runs the main program, which
// starts itself again with --single-threaded-gc (see scripts/bench/main.ts).
import { build, stop } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = join(root, 'build/bench');

// The same options as scripts/build-server.js: npm packages stay in node_modules (one yjs for the app's code and the
// bench's), $lib is resolved through the tsconfig. Each output sits in build/bench/ where its source sits in
// scripts/bench/, so that the main program finds the others beside itself.
await build({
	absWorkingDir: root,
	entryPoints: [
		'scripts/bench/main.ts',
		'scripts/bench/clients.ts',
		'scripts/bench/flood-client.ts',
		'scripts/bench/peers/floor.ts',
		'scripts/bench/peers/y-websocket.ts',
		'scripts/bench/peers/hocuspocus.ts'
	],
	outbase: 'scripts/bench',
	outdir,
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	packages: 'external',
	tsconfig: 'scripts/bench/tsconfig.json',
	sourcemap: true,
	logLevel: 'warning'
});
// esbuild's service process is not needed while the bench runs.
await stop();

await import(pathToFileURL(join(outdir, 'main.js')).href);
