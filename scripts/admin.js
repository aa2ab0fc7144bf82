// `npm run admin -- <command> [options]`: builds when needed (the build's output goes to stderr, so stdout carries
// only the command's answer), then runs the admin command line and exits with its status.
import { spawnSync } from 'node:child_process';
import { ensureBuild } from './ensure-build.js';

const built = ensureBuild('build/admin.js', { quiet: true });

const admin = spawnSync(process.execPath, [built, ...process.argv.slice(2)], { stdio: 'inherit' });
if (admin.error) {
	console.error('binhxet admin could not run:', admin.error.message);
	process.exit(1);
}
process.exit(admin.status ?? 1);
