// `npm start`: builds when the build is missing or older than the sources, then starts the board with the demo
// meeting loaded into an empty database.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const built = 'build/server.js';
const sources = ['src', 'server', 'migrations', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'];

function newestChange(path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

if (!existsSync(built) || Math.max(...sources.map(newestChange)) > statSync(built).mtimeMs) {
	console.log('Building binhxet…');
	const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

const server = spawnSync(process.execPath, [built], {
	stdio: 'inherit',
	env: { ...process.env, BINHXET_DEMO: process.env.BINHXET_DEMO ?? '1' }
});
process.exit(server.status ?? 0);
