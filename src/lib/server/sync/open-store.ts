// The sync store for the app's database, whichever engine it is.
import type { OpenedDatabase } from '../db/open';
import { createPostgresSyncStore } from './postgres-store';
import { createSqliteSyncStore } from './sqlite-store';
import type { SyncStore } from './store';

export function openSyncStore(opened: OpenedDatabase): SyncStore {
	return opened.dialect === 'postgres' ? createPostgresSyncStore(opened.pool) : createSqliteSyncStore(opened.sqlite);
}
