import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { migrations } from '../../../../migrations';
import type { Database } from './schema';

export type DB = Kysely<Database>;

/** The embedded default: one SQLite file. */
export interface OpenedSqlite {
	dialect: 'sqlite';
	db: DB;
	/** The raw connection, for the few places that need synchronous statements (the sync log). */
	sqlite: SQLite.Database;
	pool?: undefined;
}

/** The shared store of several instances: a PostgreSQL database through a pool of connections. */
export interface OpenedPostgres {
	dialect: 'postgres';
	db: DB;
	pool: pg.Pool;
	sqlite?: undefined;
}

export type OpenedDatabase = OpenedSqlite | OpenedPostgres;

/** A postgres:// (or postgresql://) URL names a PostgreSQL database; anything else is a SQLite file's path. */
export function isPostgresUrl(location: string): boolean {
	return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * Opens and migrates the database at `location`: a PostgreSQL URL, or the path of a SQLite file (its folder and
 * the file are created when missing). Closing the Kysely instance (`db.destroy()`) closes the connection or pool.
 */
export async function openDatabase(location: string, options: { poolSize?: number } = {}): Promise<OpenedDatabase> {
	const opened = isPostgresUrl(location) ? openPostgres(location, options.poolSize ?? 10) : openSqlite(location);
	try {
		await migrateToLatest(opened.db);
		if (opened.dialect === 'postgres') await warnOfCollation(opened.db);
	} catch (error) {
		await opened.db.destroy();
		throw error;
	}
	return opened;
}

function openSqlite(path: string): OpenedSqlite {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const sqlite = new SQLite(path);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = NORMAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	// Deleted content is overwritten, not left in free pages (secret ballots: see ballots/store.ts).
	sqlite.pragma('secure_delete = ON');
	const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
	return { dialect: 'sqlite', db, sqlite };
}

// pg hands back bigint (COUNT, a bigint column: times in ms) and numeric (SUM of bigints) as strings, since they
// may exceed a double. Every such value here is a count, a sum of points or a time in ms, far inside 2^53: read them
// as numbers, so that both engines give the same JS types. Bytes (bytea) come back as a Buffer, as from SQLite.
const INT8 = 20;
const NUMERIC = 1700;
const types = {
	getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
		if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
		return pg.types.getTypeParser(oid, format);
	}) as typeof pg.types.getTypeParser
};

function openPostgres(url: string, max: number): OpenedPostgres {
	// A server that does not answer is reported within seconds (/healthz says so), not waited for forever.
	const pool = new pg.Pool({ connectionString: url, types, max, connectionTimeoutMillis: 10_000 });
	// An idle connection dropped by the server (a restart) is reported here; the pool makes a new one when asked.
	pool.on('error', (error) => console.error('database: an idle connection failed:', error.message));
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
	return { dialect: 'postgres', db, pool };
}

/**
 * The raw SQLite connection, for the code that still speaks to SQLite synchronously (the live board's log). On
 * PostgreSQL it refuses with a message that says so, rather than failing somewhere deeper.
 */
export function requireSqlite(opened: OpenedDatabase): SQLite.Database {
	if (opened.dialect !== 'sqlite')
		throw new Error('the live board still needs SQLite: its store on PostgreSQL is not written yet');
	return opened.sqlite;
}

/**
 * SQLite compares and sorts text by code point. A PostgreSQL database made with a language's collation
 * (en_US.UTF-8, vi_VN.UTF-8) sorts names, codes and receipts otherwise: it works, but lists come out in another order
 * than on SQLite. Say so once, at start.
 */
async function warnOfCollation(db: DB): Promise<void> {
	const { rows } = await sql<{
		collation: string;
	}>`select datcollate as collation from pg_database where datname = current_database()`.execute(db);
	const collation = rows[0]?.collation ?? '';
	if (!/^(C|POSIX|C\.UTF-?8)$/i.test(collation))
		console.warn(
			`database: PostgreSQL sorts text by ${collation}, not by code point as SQLite does; ` +
				"create the database with LC_COLLATE 'C.UTF-8' (TEMPLATE template0) for the same order"
		);
}

async function migrateToLatest(db: DB): Promise<void> {
	const migrator = new Migrator({
		db,
		provider: { getMigrations: async () => migrations }
	});
	const { error, results } = await migrator.migrateToLatest();
	const failed = results?.find((r) => r.status === 'Error');
	if (error || failed) {
		throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
	}
}
