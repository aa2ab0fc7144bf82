import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { migrations } from '../../../../migrations';
import type { Database } from './schema';
import { adoptBallotSecret, resolveBallotSecret } from '../ballots/secret';
import type { BallotSecret } from '../ballots/seal';

export type DB = Kysely<Database>;

export interface OpenedDatabase {
	db: DB;
	/** The raw connection, for the few places that need synchronous statements (the sync log). */
	sqlite: SQLite.Database;
}

export interface OpenOptions {
	/** The secret that seals secret ballots' papers; by default the environment's or the key file beside the database. */
	ballotSecret?: BallotSecret;
}

/** Opens (creating the folder and file when missing) and migrates the database at `path`. */
export async function openDatabase(path: string, options: OpenOptions = {}): Promise<OpenedDatabase> {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const sqlite = new SQLite(path);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = NORMAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	// Deleted content is overwritten, not left in free pages (secret ballots: see ballots/store.ts).
	sqlite.pragma('secure_delete = ON');
	const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
	await migrateToLatest(db);
	await adoptBallotSecret(db, options.ballotSecret ?? resolveBallotSecret(path));
	return { db, sqlite };
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
