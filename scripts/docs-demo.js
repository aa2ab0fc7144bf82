// `npm run docs:demo [-- folder]`: bundles the documents' demo (server/docs-demo.ts) and runs it; the files land in
// demo-documents/party and demo-documents/state (git-ignored).
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

await build({
	entryPoints: ['server/docs-demo.ts'],
	outfile: 'build/docs-demo.js',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	packages: 'external',
	tsconfig: 'tsconfig.json',
	logLevel: 'warning'
});
const run = spawnSync(process.execPath, ['build/docs-demo.js', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
