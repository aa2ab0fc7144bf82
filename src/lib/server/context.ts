import { databaseLocation, readConfig, type Config } from './config';
import { openDatabase, type OpenedDatabase } from './db/open';
import { databaseStore } from './evidence/database-store';
import { folderStore } from './evidence/folder-store';
import type { FileStore } from './evidence/store';
import type { Cluster } from './cluster/cluster';
import type { SyncHub } from './sync';

export type AppContext = OpenedDatabase & {
	config: Config;
	/** Where the units' files' bytes are kept (see evidence/store). */
	files: FileStore;
	/** The live documents' hub, set by the server entry once it listens (absent under `vite dev`). */
	sync?: SyncHub;
	/** This instance's part among several on one PostgreSQL (set by the server entry on PostgreSQL). */
	cluster?: Cluster;
};

// The server entry (server/) and the SvelteKit handler are bundled separately, so each carries its own copy of
// this module. Keeping the context on globalThis makes both use one database connection per process.
const KEY = Symbol.for('binhxet.app-context');
type Holder = { [KEY]?: Promise<AppContext> };

export function appContext(): Promise<AppContext> {
	const holder = globalThis as Holder;
	holder[KEY] ??= createContext(readConfig());
	return holder[KEY];
}

/**
 * The live documents' hub. Its absence is an error, never an empty board: pages served without the server entry
 * (`vite dev`) cannot show or change the live board.
 */
export async function liveHub(): Promise<SyncHub> {
	const { sync } = await appContext();
	if (!sync)
		throw new Error('the live board is not running in this process: start the server (npm start), not vite dev');
	return sync;
}

async function createContext(config: Config): Promise<AppContext> {
	const opened = await openDatabase(databaseLocation(config), { poolSize: config.databasePoolSize });
	const files = config.files.store === 'database' ? databaseStore(opened.db) : folderStore(config.files.path);
	return { ...opened, config, files };
}
