// The Kysely table types and the vocabularies against the database the migrations build: a temporary SQLite file,
// migrated as the server migrates it, read back with SQLite's own PRAGMA table_info and the tables' CHECK clauses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHASES, PURPOSES, ROLES } from '$lib/core/vocabulary';
import { COLUMNS } from '$lib/server/db/columns';
import { temporaryDatabase } from '../support/database';

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
