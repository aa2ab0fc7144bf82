// `npm run bench`: the live board under load, beside three other servers driven by the same clients. The benchmark
// is TypeScript (scripts/bench/, type-checked by `npm run check` through scripts/bench/tsconfig.json; what it does is
// described in scripts/bench/main.ts). Node runs JavaScript, so this launcher bundles it with esbuild into
// build/bench/, one bundle per file that is started on its own (the main program, the client threads, the flooder's
// process, each peer server) with the app's modules it imports ($lib) inside, then runs the main program, which
// starts itself again with --single-threaded-gc (see scripts/bench/main.ts).
import { build, stop } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

// The comparison servers are the bench's own packages (scripts/bench/package.json, installed by `npm run bench`),
// not the app's. Each is linked into build/bench/node_modules so that the bundles find it; everything else (yjs, ws,
// the app's packages) still resolves from the repository's node_modules, and each linked package's own
// dependencies from scripts/bench/node_modules, where it really is.
const own = join(root, 'scripts/bench/node_modules');
const { dependencies } = JSON.parse(readFileSync(join(root, 'scripts/bench/package.json'), 'utf8'));
for (const name of Object.keys(dependencies)) {
	const target = join(own, name);
	if (!existsSync(target)) throw new Error(`${name} is not installed: npm --prefix scripts/bench install`);
	const link = join(outdir, 'node_modules', name);
	mkdirSync(dirname(link), { recursive: true });
	if (!existsSync(link)) symlinkSync(target, link, 'junction');
}

await import(pathToFileURL(join(outdir, 'main.js')).href);
