// What a database error means, whichever engine raised it: better-sqlite3 names its codes, pg gives SQLSTATEs.

function codeOf(error: unknown): unknown {
	return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

/** A unique index or key refused the row. */
export function isUniqueViolation(error: unknown): boolean {
	const code = codeOf(error);
	return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/**
 * The transaction was refused for a concurrent one: run it again. PostgreSQL: serialization_failure,
 * deadlock_detected; SQLite: busy (another process holds the write lock this transaction's first write needs).
 */
export function mustRetry(error: unknown): boolean {
	const code = codeOf(error);
	return code === '40001' || code === '40P01' || code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT';
}
