import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { Dialect } from '../../migrations/dialect';
import SQLite from 'better-sqlite3';
import { isPostgresUrl, openDatabase, type OpenedDatabase, type OpenedSqlite } from '$lib/server/db/open';
import pg from 'pg';
import { postgresBinDir, startPostgres, type RunningPostgres } from './postgres';

export type { Dialect };
/** Both engines, for `describe.each(DIALECTS)`: storage guarantees are tested on each. */
export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

type Temporary<T> = T & { close: () => Promise<void> };

// One throwaway PostgreSQL server per test file (each file runs in its own module context), started on first use
// and stopped when the file's tests are done; every database a test asks for is a fresh one on it.
// Each fresh database is a copy of one migrated once per server (CREATE DATABASE … TEMPLATE): the migrations run on
// PostgreSQL once per file, not once per test.
let server: Promise<{ running: RunningPostgres; template: string }> | undefined;
afterAll(async () => {
	const started = server;
	server = undefined;
	if (started) await (await started).running.destroy();
});

const TEMPLATE = 'binhxet_migrated';

async function startServerWithTemplate(): Promise<{ running: RunningPostgres; template: string }> {
	const running = await startPostgres();
	const migrated = await openDatabase(await running.createDatabase(TEMPLATE));
	await migrated.db.destroy();
	return { running, template: TEMPLATE };
}

/** The PostgreSQL server of this test file (started on first use). */
export async function postgresServer(): Promise<RunningPostgres> {
	server ??= startServerWithTemplate();
	return (await server).running;
}

let created = 0;
/** A fresh PostgreSQL database of this file's server, already migrated; its URL. */
export async function freshPostgresDatabase(): Promise<string> {
	server ??= startServerWithTemplate();
	const { running, template } = await server;
	const name = `test_${process.pid}_${++created}`;
	const client = new pg.Client({ connectionString: running.url });
	await client.connect();
	try {
		await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
	} finally {
		await client.end();
	}
	return running.url.replace(/\/postgres$/, `/${name}`);
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
		const url = await freshPostgresDatabase();
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

/**
 * Raw SQL on either engine, for tests that read or change rows behind the application's back: `?` placeholders
 * (numbered for PostgreSQL here), the rows a statement returns (none for one that returns none).
 */
export async function query<T = Record<string, unknown>>(
	database: OpenedDatabase,
	text: string,
	...params: unknown[]
): Promise<T[]> {
	if (database.dialect === 'postgres') {
		let n = 0;
		const { rows } = await database.pool.query(
			text.replace(/\?/g, () => `$${++n}`),
			params
		);
		return rows as T[];
	}
	const statement = database.sqlite.prepare(text);
	if (statement.reader) return statement.all(...params) as T[];
	statement.run(...params);
	return [];
}

/** The names of the tables the migrations made (and the migrator's own), on either engine. */
export async function tableNames(database: OpenedDatabase): Promise<string[]> {
	const rows = await query<{ name: string }>(
		database,
		database.dialect === 'postgres'
			? "select table_name as name from information_schema.tables where table_schema = 'public'"
			: "select name from sqlite_master where type = 'table'"
	);
	return rows.map((r) => r.name);
}

/**
 * Raw SQL on either engine, synchronously and with a connection of its own, the way another process sees the
 * database (SQLite: a second connection to the file; PostgreSQL: `psql`). `?` placeholders take numbers, strings
 * or null, written into the statement as literals. The rows as JSON gives them (bytes as hex on PostgreSQL).
 */
export function queryFromOutside<T = Record<string, unknown>>(
	location: string,
	text: string,
	...params: unknown[]
): T[] {
	if (!isPostgresUrl(location)) {
		const sqlite = new SQLite(location);
		try {
			const statement = sqlite.prepare(text);
			if (statement.reader) return statement.all(...params) as T[];
			statement.run(...params);
			return [];
		} finally {
			sqlite.close();
		}
	}
	let n = 0;
	const literal = (value: unknown): string => {
		if (value === null || value === undefined) return 'null';
		if (typeof value === 'number' && Number.isFinite(value)) return String(value);
		if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
		throw new Error(`no literal for ${String(value)}`);
	};
	const statement = text.replace(/\?/g, () => literal(params[n++]));
	const wrapped = /^\s*select\b/i.test(statement)
		? `select coalesce(json_agg(t), '[]') from (${statement}) t`
		: `with t as (${statement}) select '[]'`;
	const output = execFileSync(
		join(postgresBinDir(), 'psql'),
		['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-d', location, '-c', wrapped],
		{
			encoding: 'utf8'
		}
	);
	return JSON.parse(output) as T[];
}
