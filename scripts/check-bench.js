// `npm run check`'s part for the benchmark (scripts/bench/, TypeScript on the app's modules): type-checked when its
// comparison servers are installed (scripts/bench/node_modules, by `npm run bench` or
// `npm --prefix scripts/bench install`), since their types are part of it; without them, says so and passes.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(new URL('./bench/node_modules/@hocuspocus/server/package.json', import.meta.url))) {
	console.log(
		'benchmark not type-checked: its comparison servers are not installed (npm --prefix scripts/bench install)'
	);
	process.exit(0);
}
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', 'scripts/bench/tsconfig.json'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
