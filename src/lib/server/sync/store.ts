// What the sync hub needs of storage: the update log (the audit trail, kept forever), one snapshot per document, and
// the group commit's transaction. Two implementations: SQLite (./sqlite-store.ts, synchronous prepared statements on
// the app's connection) and PostgreSQL (./postgres-store.ts, a transaction of its own on a pool connection).

export interface StoredState {
	/** The newest snapshot, if any. */
	snapshot: { lastUpdateId: number; state: Uint8Array; stateVector: Uint8Array | null } | undefined;
	/** The log rows after the snapshot, in order. */
	tail: { id: number; update: Uint8Array }[];
}

/** One row of the update log, as a group writes it. */
export interface LogRow {
	document: string;
	/** Null: a change made by the server. */
	userId: number | null;
	createdAt: number;
	update: Uint8Array;
}

/** A log row once its group committed. */
export interface StoredLogRow extends LogRow {
	id: number;
}

/**
 * What became of each row of a group whose transaction committed, in the rows' order: its id, or the error that
 * rolled back its savepoint (alone: the rest of the group is stored).
 */
export type GroupOutcome = (number | Error)[];

/**
 * Hooks into every group's transaction (several instances on one PostgreSQL: a fencing check of each document's
 * owner before COMMIT, a NOTIFY after it). `beforeCommit` runs inside the transaction, after the rows are written;
 * throwing rolls the whole group back. `afterCommit` is called once the transaction committed, before anything of
 * the group is shared.
 */
export interface GroupHooks<Transaction> {
	beforeCommit?: (transaction: Transaction, rows: StoredLogRow[]) => void | Promise<void>;
	afterCommit?: (rows: StoredLogRow[]) => void;
}

export interface SyncStore {
	/** The newest snapshot and the log after it. */
	read(document: string): Promise<StoredState>;
	/** The bytes of the document's whole log, by the user who wrote them (null: the server). */
	logBytesByUser(document: string): Promise<Map<number | null, number>>;
	/** Keeps the snapshot unless a newer one is stored already. */
	writeSnapshot(
		document: string,
		lastUpdateId: number,
		state: Uint8Array,
		stateVector: Uint8Array,
		createdAt: number
	): Promise<void>;
	/**
	 * Writes one group's rows in one transaction, each in a savepoint of its own. Returns (SQLite: at once, in the
	 * caller's turn; PostgreSQL: a promise) each row's outcome once the transaction committed; throws (rejects) when
	 * it did not commit, with nothing of the group stored.
	 */
	commitGroup(rows: LogRow[]): GroupOutcome | Promise<GroupOutcome>;
	/**
	 * Whether a group cannot be written now: SQLite's one connection is inside a transaction page code opened (a
	 * group written inside it could still be rolled back after it was shared). The write group waits until false.
	 */
	busy(): boolean;
	/** Synchronous reads, for a store that has them (SQLite): a document loads in the turn it is asked for. */
	readonly now?: {
		read(document: string): StoredState;
		logBytesByUser(document: string): Map<number | null, number>;
	};
}
