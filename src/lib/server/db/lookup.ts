// Small read queries asked on the live board's write path (rights, a meeting's shape), written once with Kysely for
// both engines. Each is compiled once; on SQLite it runs as a prepared statement in the caller's turn (a write's
// checks stay in its write group's one synchronous step), on PostgreSQL through the pool, awaited.
import type { Compilable } from 'kysely';
import type { DB, OpenedDatabase } from './open';

/** A value now, or a promise of it: SQLite answers at once, PostgreSQL later. */
export type Maybe<T> = T | Promise<T>;

// Not named `then`: a module that exports `then` is a thenable, and `await import()` of it would call it.
/** `fn` applied to `value`, in the same turn when `value` is not a promise. */
export function andThen<T, U>(value: Maybe<T>, fn: (value: T) => Maybe<U>): Maybe<U> {
	return value instanceof Promise ? value.then(fn) : fn(value);
}

/**
 * A query with parameters, compiled once: `build` is called once with stand-ins for its arguments, and each call
 * puts the real arguments where the stand-ins went.
 */
export function lookup<Args extends unknown[], Row>(
	opened: OpenedDatabase,
	build: (db: DB, ...args: Args) => Compilable<Row>
): (...args: Args) => Maybe<Row[]> {
	const standIns = Array.from({ length: build.length - 1 }, (_, i) => `\u0000lookup-argument-${i}\u0000`);
	const compiled = build(opened.db, ...(standIns as Args)).compile();
	// Each parameter is an argument's place, or a constant of the query itself.
	const places = compiled.parameters.map((parameter) => standIns.indexOf(parameter as string));
	const parameters = (args: Args) => places.map((at, i) => (at < 0 ? compiled.parameters[i] : args[at]));
	if (opened.dialect === 'sqlite') {
		const statement = opened.sqlite.prepare(compiled.sql);
		return (...args) => statement.all(...parameters(args)) as Row[];
	}
	return async (...args) => {
		const result = await opened.db.executeQuery<Row>({ ...compiled, parameters: parameters(args) });
		return result.rows;
	};
}
