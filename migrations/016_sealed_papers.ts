import { sql, type Kysely } from 'kysely';
import { withoutRowid } from './dialect';

// Sealed papers: a secret ballot's papers as they are kept while it is open (see src/lib/server/ballots/seal.ts).
// - ballot_key: the id of the server-held ballot secret (an HMAC under it, never the secret). One row.
// - ballot_sealed_papers: one row a vote, written beside the voter's mark; `sealed` is the paper encrypted under the
//   ballot's key, padded to one length for all papers of the ballot. Keyed by a random id (WITHOUT ROWID on SQLite);
//   nothing in it is read before the close but its count.
//   Its key_id references ballot_key, so the recorded secret cannot change while a paper is sealed under it.
//   receipt_tag, an HMAC of the receipt under the secret, keeps receipts unique while they are sealed (a plain
//   paper's receipt is unique in ballot_papers), without saying which receipt it is.
//   At the close the rows are opened, written to ballot_papers in a random order, and deleted.
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('ballot_key')
		.addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
		.addColumn('key_id', 'text', (c) => c.notNull().unique())
		.execute();

	await withoutRowid(
		db,
		db.schema
			.createTable('ballot_sealed_papers')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('ballot_id', 'integer', (c) => c.notNull().references('ballots.id'))
			.addColumn('key_id', 'text', (c) => c.notNull().references('ballot_key.key_id'))
			.addColumn('sealed', 'text', (c) => c.notNull())
			.addColumn('receipt_tag', 'text', (c) => c.notNull().unique())
	).execute();
}
