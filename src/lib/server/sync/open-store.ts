// The sync store for the app's database, whichever engine it is.
import type pg from 'pg';
import type { OpenedDatabase } from '../db/open';
import { createPostgresSyncStore } from './postgres-store';
import { createSqliteSyncStore } from './sqlite-store';
import type { GroupHooks, SyncStore } from './store';

/** `postgres`: hooks into every group's transaction there (several instances: the owner's fencing check). */
export function openSyncStore(opened: OpenedDatabase, hooks: { postgres?: GroupHooks<pg.PoolClient> } = {}): SyncStore {
	return opened.dialect === 'postgres'
		? createPostgresSyncStore(opened.pool, hooks.postgres)
		: createSqliteSyncStore(opened.sqlite);
}
