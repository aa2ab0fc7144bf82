// The table of the Hocuspocus peer's SQLite file (scripts/bench/peers/hocuspocus.ts): one row per document, its whole
// Yjs state as the Database extension hands it over. Shared with the bench, which fills it for scenario (d).
import Database from 'better-sqlite3';

/** Opens (creating if needed) the peer's database with the app's own settings: WAL, synchronous = NORMAL. */
export interface HocuspocusStore {
	db: Database.Database;
	/** A document's state, or undefined. */
	fetch: Database.Statement<[string], Buffer>;
	/** Inserts or replaces a document's state: name, state, updated at (ms). */
	store: Database.Statement<[string, Uint8Array, number]>;
}

export function openHocuspocusStore(path: string): HocuspocusStore {
	const db = new Database(path);
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = NORMAL');
	db.exec(
		'create table if not exists documents (name text primary key, data blob not null, updated_at integer not null)'
	);
	return {
		db,
		fetch: db.prepare<[string], Buffer>('select data from documents where name = ?').pluck(),
		store: db.prepare<[string, Uint8Array, number]>(
			'insert into documents (name, data, updated_at) values (?, ?, ?) on conflict (name) do update set data = excluded.data, updated_at = excluded.updated_at'
		)
	};
}
