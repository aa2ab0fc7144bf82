// A worker thread's script as a string, for `import source from './file?thread-source'`: the file is bundled with
// esbuild (its $lib imports and npm packages inside, Node's own modules required) into one CommonJS script that
// the importing module starts with `new Worker(source, { eval: true })`. So the script travels inside whichever
// bundle imports it (the SvelteKit handler, build/server.js, build/admin.js, the tests' modules), and nothing has
// to find a file at run time. Used by vite.config.ts (a Vite plugin) and scripts/build-server.js (an esbuild one).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SUFFIX = '?thread-source';
const root = fileURLToPath(new URL('..', import.meta.url));

/** @param {string} importer @param {string} id */
function sourcePath(importer, id) {
	const base = resolve(dirname(importer), id.slice(0, -SUFFIX.length));
	const found = [base, `${base}.ts`, `${base}.js`].find((p) => existsSync(p));
	if (!found) throw new Error(`thread script not found: ${id} (from ${importer})`);
	return found;
}

/** The bundled script and the files it was made from. @param {string} path */
async function bundle(path) {
	const result = await build({
		absWorkingDir: root,
		entryPoints: [path],
		bundle: true,
		write: false,
		metafile: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		tsconfig: 'tsconfig.json',
		logLevel: 'warning'
	});
	const [output] = result.outputFiles;
	if (!output) throw new Error(`no output for ${path}`);
	return { code: output.text, inputs: Object.keys(result.metafile.inputs).map((p) => resolve(root, p)) };
}

const PREFIX = '\0thread-source:';

/** @returns {import('vite').Plugin} */
export function threadSourceVite() {
	return {
		name: 'binhxet-thread-source',
		enforce: 'pre',
		resolveId(id, importer) {
			if (!id.endsWith(SUFFIX) || !importer) return null;
			return PREFIX + sourcePath(importer.replace(/\?.*$/, ''), id);
		},
		async load(id) {
			if (!id.startsWith(PREFIX)) return null;
			const { code, inputs } = await bundle(id.slice(PREFIX.length));
			for (const input of inputs) this.addWatchFile(input);
			return `export default ${JSON.stringify(code)};`;
		}
	};
}

/** @returns {import('esbuild').Plugin} */
export function threadSourceEsbuild() {
	return {
		name: 'binhxet-thread-source',
		setup(on) {
			on.onResolve({ filter: /\?thread-source$/ }, (args) => ({
				path: sourcePath(args.importer, args.path),
				namespace: 'thread-source'
			}));
			on.onLoad({ filter: /.*/, namespace: 'thread-source' }, async (args) => {
				const { code, inputs } = await bundle(args.path);
				return { contents: `export default ${JSON.stringify(code)};`, loader: 'js', watchFiles: inputs };
			});
		}
	};
}
