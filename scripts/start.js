// `npm start`: builds when the build is missing or older than the sources, then starts the board with the demo
// meeting loaded into an empty database.
import { spawnSync } from 'node:child_process';
import { ensureBuild } from './ensure-build.js';
import { SERVER_NODE_OPTIONS } from './server-options.js';

const built = ensureBuild('build/server.js');

const server = spawnSync(process.execPath, [...SERVER_NODE_OPTIONS, built], {
	stdio: 'inherit',
	env: { ...process.env, BINHXET_DEMO: process.env.BINHXET_DEMO ?? '1' }
});
process.exit(server.status ?? 0);
