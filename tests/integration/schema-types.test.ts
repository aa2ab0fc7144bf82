// The Kysely table types and the vocabularies against the database the migrations build: a temporary SQLite file,
// migrated as the server migrates it, read back with SQLite's own PRAGMA table_info and the tables' CHECK clauses;
// then a PostgreSQL database, read back from its catalogue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHASES, PURPOSES, ROLES } from '$lib/core/vocabulary';
import { COLUMNS } from '$lib/server/db/columns';
import { query, temporaryDatabase, type TemporaryDatabase } from '../support/database';

let database: Awaited<ReturnType<typeof temporaryDatabase>>;
beforeAll(async () => {
	database = await temporaryDatabase();
});
afterAll(() => database.close());

interface ColumnInfo {
	name: string;
	notnull: number;
	pk: number;
}

function tables(): string[] {
	const rows = database.sqlite
		.prepare(
			"select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name"
		)
		.all() as { name: string }[];
	return rows.map((r) => r.name);
}

/** A table's columns as SQLite has them: a key column never holds null, whatever its declaration says. */
function columnsOf(table: string): Record<string, 'null' | 'not null'> {
	const info = database.sqlite.prepare(`pragma table_info(${JSON.stringify(table)})`).all() as ColumnInfo[];
	return Object.fromEntries(info.map((c) => [c.name, c.notnull || c.pk ? 'not null' : 'null']));
}

/** The values a CHECK (column in (...)) of `table` allows. */
function allowed(table: string, column: string): string[] {
	const { sql } = database.sqlite
		.prepare("select sql from sqlite_master where type = 'table' and name = ?")
		.get(table) as { sql: string };
	const match = new RegExp(`"?${column}"?\\s+in\\s*\\(([^)]*)\\)`, 'i').exec(sql);
	if (!match) throw new Error(`no CHECK on ${table}.${column}`);
	return [...match[1]!.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
}

describe('the Kysely table types', () => {
	it('name every table the migrations create, and no other', () => {
		expect(Object.keys(COLUMNS).sort()).toEqual(tables());
	});

	it('give every table exactly its columns, each nullable exactly when the database allows null', () => {
		for (const table of tables())
			expect({ table, columns: COLUMNS[table as keyof typeof COLUMNS] }).toEqual({
				table,
				columns: columnsOf(table)
			});
	});
});

describe('the vocabularies', () => {
	it('are what the database allows: roles, phases, ballot purposes', () => {
		expect(allowed('participants', 'role')).toEqual([...ROLES]);
		expect(allowed('meetings', 'phase')).toEqual([...PHASES]);
		expect(allowed('ballots', 'purpose')).toEqual([...PURPOSES]);
	});
});

// The same migrations on PostgreSQL build the same tables and columns, with the same nullability, the dialect's
// types where the engines differ (migrations/dialect.ts), and ids that stay int4.
describe('the schema on PostgreSQL', () => {
	let postgres: TemporaryDatabase;
	beforeAll(async () => {
		postgres = await temporaryDatabase('postgres');
	});
	afterAll(() => postgres.close());

	const pgColumns = () =>
		query<{ table_name: string; column_name: string; is_nullable: 'YES' | 'NO'; data_type: string }>(
			postgres,
			"select table_name, column_name, is_nullable, data_type from information_schema.columns where table_schema = 'public' and table_name not like 'kysely_%'"
		);

	it('has the same tables and columns as the types, each nullable exactly when the types say', async () => {
		const columns = await pgColumns();
		const tablesOnPostgres = [...new Set(columns.map((c) => c.table_name))].sort();
		expect(tablesOnPostgres).toEqual(Object.keys(COLUMNS).sort());
		for (const table of tablesOnPostgres)
			expect({
				table,
				columns: Object.fromEntries(
					columns
						.filter((c) => c.table_name === table)
						.map((c) => [c.column_name, c.is_nullable === 'NO' ? 'not null' : 'null'])
				)
			}).toEqual({ table, columns: COLUMNS[table as keyof typeof COLUMNS] });
	});

	it('keeps ids int4, bytes as bytea and times in milliseconds as bigint', async () => {
		const type = new Map((await pgColumns()).map((c) => [`${c.table_name}.${c.column_name}`, c.data_type]));
		expect(type.get('meetings.id')).toBe('integer');
		expect(type.get('sync_updates.id')).toBe('integer');
		expect(type.get('sync_updates.update')).toBe('bytea');
		expect(type.get('meeting_records.record')).toBe('bytea');
		expect(type.get('sessions.expires_at')).toBe('bigint');
		expect(type.get('join_links.used_at')).toBe('bigint');
		expect(type.get('sign_in_throttle.blocked_until')).toBe('bigint');
	});

	it('allows the same roles, phases and ballot purposes', async () => {
		for (const [table, value] of [
			['participants', ROLES],
			['meetings', PHASES],
			['ballots', PURPOSES]
		] as const) {
			const [{ definition }] = (await query<{ definition: string }>(
				postgres,
				"select pg_get_constraintdef(oid) as definition from pg_constraint where conrelid = ?::regclass and contype = 'c' and pg_get_constraintdef(oid) like ?",
				table,
				`%${value[0]}%`
			)) as [{ definition: string }];
			expect([...definition.matchAll(/'([^']*)'/g)].map((m) => m[1])).toEqual([...value]);
		}
	});
});
