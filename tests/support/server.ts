import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningServer {
	url: string;
	port: number;
	databasePath: string;
	output: () => string;
	process: ChildProcess;
	/** Stops the server (SIGTERM, or SIGKILL to simulate a crash). */
	stop: (signal?: NodeJS.Signals) => Promise<void>;
	/** Removes the temporary folder; call after the last stop. */
	cleanup: () => void;
}

const BUILT_SERVER = 'build/server.js';

/**
 * Starts the real, built server (`npm run build` first) as its own process on a free port, with a database in a
 * fresh temporary folder unless one is given (a restart reuses the same database).
 */
export async function startServer(
	options: { demo?: boolean; databasePath?: string; port?: number; env?: Record<string, string> } = {}
): Promise<RunningServer> {
	if (!existsSync(BUILT_SERVER))
		throw new Error(`${BUILT_SERVER} is missing: run \`npm run build\` before the integration tests`);
	const dir = options.databasePath ? undefined : mkdtempSync(join(tmpdir(), 'binhxet-server-'));
	const databasePath = options.databasePath ?? join(dir!, 'data', 'binhxet.db');
	const child = spawn(process.execPath, [BUILT_SERVER], {
		env: {
			...process.env,
			PORT: String(options.port ?? 0),
			HOST: '127.0.0.1',
			DATABASE_PATH: databasePath,
			BINHXET_DEMO: options.demo ? '1' : '0',
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
		const onData = () => {
			const match = /running at (http:\/\/\S+)/.exec(output);
			if (match) {
				clearTimeout(timer);
				child.stdout!.off('data', onData);
				resolve(match[1]!);
			}
		};
		child.stdout!.on('data', onData);
		child.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`server exited with ${code}:\n${output}`));
		});
	});

	return {
		url,
		port: Number(new URL(url).port),
		databasePath,
		output: () => output,
		process: child,
		stop: (signal = 'SIGTERM') =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null || child.signalCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill(signal);
			}),
		cleanup: () => {
			if (dir) rmSync(dir, { recursive: true, force: true });
		}
	};
}
