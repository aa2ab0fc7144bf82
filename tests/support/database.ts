import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { Dialect } from '../../migrations/dialect';
import { openDatabase, type OpenedDatabase, type OpenedSqlite } from '$lib/server/db/open';
import { startPostgres, type RunningPostgres } from './postgres';

export type { Dialect };
/** Both engines, for `describe.each(DIALECTS)`: storage guarantees are tested on each. */
export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

type Temporary<T> = T & { close: () => Promise<void> };

// One throwaway PostgreSQL server per test file (each file runs in its own module context), started on first use
// and stopped when the file's tests are done; every database a test asks for is a fresh one on it.
let server: Promise<RunningPostgres> | undefined;
afterAll(async () => {
	const running = server;
	server = undefined;
	if (running) await (await running).destroy();
});

/** The PostgreSQL server of this test file (started on first use). */
export function postgresServer(): Promise<RunningPostgres> {
	server ??= startPostgres();
	return server;
}

/**
 * A real database, freshly migrated: by default a SQLite file in a fresh temporary folder; with 'postgres', a new
 * database on this file's PostgreSQL server. `close` closes it and removes the file (or drops nothing: the server
 * and all its databases go when the file's tests end).
 */
export type TemporaryDatabase = Temporary<OpenedDatabase & { path: string }>;
// The SQLite signature last: `ReturnType<typeof temporaryDatabase>` (in tests written for SQLite) is the SQLite one.
export async function temporaryDatabase(dialect: Dialect): Promise<TemporaryDatabase>;
export async function temporaryDatabase(): Promise<Temporary<OpenedSqlite & { path: string }>>;
export async function temporaryDatabase(dialect: Dialect = 'sqlite'): Promise<TemporaryDatabase> {
	if (dialect === 'postgres') {
		const url = await (await postgresServer()).createDatabase();
		const opened = await openDatabase(url);
		return { ...opened, path: url, close: () => opened.db.destroy() };
	}
	const dir = mkdtempSync(join(tmpdir(), 'binhxet-test-'));
	const path = join(dir, 'test.db');
	const opened = await openDatabase(path);
	return {
		...opened,
		path,
		close: async () => {
			await opened.db.destroy();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
