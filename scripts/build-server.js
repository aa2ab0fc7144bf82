// Bundles server/ (TypeScript) beside the SvelteKit handler that `vite build` wrote: the board's entry into
// build/server.js and the admin command line into build/admin.js, with the same options.
import { build } from 'esbuild';
import { threadSourceEsbuild } from './thread-source.js';

const options = {
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	// npm packages stay in node_modules; tsconfig paths ($lib) are resolved before this applies.
	packages: 'external',
	external: ['./handler.js'],
	tsconfig: 'tsconfig.json',
	sourcemap: true,
	logLevel: 'warning',
	// The reader thread's script (src/lib/server/files/reader-thread.ts), bundled into the modules that start it.
	plugins: [threadSourceEsbuild()]
};

await Promise.all([
	build({ ...options, entryPoints: ['server/index.ts'], outfile: 'build/server.js' }),
	build({ ...options, entryPoints: ['server/admin.ts'], outfile: 'build/admin.js' })
]);
