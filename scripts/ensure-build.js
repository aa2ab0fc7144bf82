// Builds binhxet (`npm run build`) when a built file is missing or older than the sources. Shared by `npm start`
// and `npm run admin`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's folder: paths below are relative to it, wherever the command was started from. */
export const root = fileURLToPath(new URL('..', import.meta.url));

const sources = [
	'src',
	'server',
	'migrations',
	'static',
	'svelte.config.js',
	'vite.config.ts',
	'package.json',
	'scripts/build-server.js'
];

function newestChange(path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

/**
 * Makes sure `built` (e.g. 'build/server.js') exists and is newer than every source; returns its absolute path.
 * Says nothing when no build is needed. With `quiet`, the build's own output goes to stderr, keeping stdout for
 * the command that follows (the admin command's output is read by scripts). Exits when the build fails.
 */
export function ensureBuild(built, { quiet = false } = {}) {
	const target = join(root, built);
	const newestSource = Math.max(...sources.map((source) => newestChange(join(root, source))));
	if (existsSync(target) && newestSource <= statSync(target).mtimeMs) return target;
	(quiet ? console.error : console.log)('Building binhxet…');
	const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: quiet ? ['ignore', 2, 2] : 'inherit' });
	if (result.status !== 0) {
		console.error('The build failed.');
		process.exit(result.status ?? 1);
	}
	if (!existsSync(target)) {
		console.error(`The build did not write ${built}.`);
		process.exit(1);
	}
	return target;
}
