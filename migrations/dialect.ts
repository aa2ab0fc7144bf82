import {
	PostgresAdapter,
	sql,
	type ColumnDataType,
	type ColumnDefinitionBuilder,
	type CreateTableBuilder,
	type Kysely
} from 'kysely';

// The few places where one schema differs between SQLite (the embedded default) and PostgreSQL. Every migration
// writes its tables with Kysely's schema builder and asks here for what the two engines spell differently, so that
// one migration history builds both and the SQLite schema stays exactly what it has always been.

export type Dialect = 'sqlite' | 'postgres';

// Migrations see Kysely<unknown>, the application Kysely<Database>: these helpers take either.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyKysely = Kysely<any>;

/** Which engine a Kysely instance (or a transaction of one) talks to. */
export function dialectOf(db: AnyKysely): Dialect {
	return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** A generated integer key: SQLite's `integer primary key autoincrement`, PostgreSQL's identity (int4, as ids stay). */
export function generatedId(db: AnyKysely): (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
	return dialectOf(db) === 'postgres'
		? (c) => c.primaryKey().generatedByDefaultAsIdentity()
		: (c) => c.primaryKey().autoIncrement();
}

/** Bytes: SQLite's blob, PostgreSQL's bytea (both read back as a Buffer). */
export function bytesType(db: AnyKysely): ColumnDataType {
	return dialectOf(db) === 'postgres' ? 'bytea' : 'blob';
}

/**
 * A time in milliseconds since 1970 (sessions, links, the sync log): SQLite's integer holds 64 bits, PostgreSQL's
 * integer only 32, so there it is a bigint (read back as a number: see the type parsers in db/open.ts).
 */
export function millisType(db: AnyKysely): ColumnDataType {
	return dialectOf(db) === 'postgres' ? 'bigint' : 'integer';
}

/**
 * SQLite's WITHOUT ROWID (rows sit by their key, no insertion order kept in a rowid). PostgreSQL has no rowid to
 * drop: its tables are heaps either way.
 */
export function withoutRowid<T extends string, C extends string>(
	db: AnyKysely,
	builder: CreateTableBuilder<T, C>
): CreateTableBuilder<T, C> {
	return dialectOf(db) === 'postgres' ? builder : builder.modifyEnd(sql`without rowid`);
}
