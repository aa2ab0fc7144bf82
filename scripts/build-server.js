// Bundles server/ (TypeScript) into build/server.js, beside the SvelteKit handler that `vite build` wrote.
import { build } from 'esbuild';

await build({
	entryPoints: ['server/index.ts'],
	outfile: 'build/server.js',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	// npm packages stay in node_modules; tsconfig paths ($lib) are resolved before this applies.
	packages: 'external',
	external: ['./handler.js'],
	tsconfig: 'tsconfig.json',
	sourcemap: true,
	logLevel: 'warning'
});
