// `npm run serve`: the built board (build/server.js) with its Node options, on the database DATABASE_PATH names.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './ensure-build.js';
import { SERVER_NODE_OPTIONS } from './server-options.js';

const server = spawnSync(process.execPath, [...SERVER_NODE_OPTIONS, join(root, 'build/server.js')], {
	stdio: 'inherit'
});
process.exit(server.status ?? 0);
