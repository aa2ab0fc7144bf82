import { sql, type Kysely } from 'kysely';
import { generatedId, withoutRowid } from './dialect';

// Ballots, who has voted, the ballot papers, nominations, and the frozen record of a closed meeting.
// Secrecy: for a secret ballot, ballot_voters says who voted and ballot_papers what was chosen, and nothing links
// the two: no timestamps on either, papers keyed by a random id (WITHOUT ROWID, so no insertion order survives
// in a rowid), voters keyed by the unit.
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('ballots')
		.addColumn('id', 'integer', generatedId(db))
		.addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('purpose', 'text', (c) =>
			c.notNull().check(sql`purpose in ('flag', 'merit', 'head', 'vice_head', 'other')`)
		)
		.addColumn('round', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('runoff_of', 'integer', (c) => c.references('ballots.id'))
		.addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'open', 'closed')`))
		.addColumn('max_choices', 'integer', (c) => c.notNull())
		.addColumn('seats', 'integer', (c) => c.notNull())
		.addColumn('secret', 'integer', (c) => c.notNull())
		.addColumn('quorum', 'integer', (c) => c.notNull())
		.addColumn('threshold_numerator', 'integer', (c) => c.notNull())
		.addColumn('threshold_denominator', 'integer', (c) => c.notNull())
		.addColumn('threshold_base', 'text', (c) => c.notNull())
		.addColumn('threshold_comparison', 'text', (c) => c.notNull())
		.addColumn('allow_self_vote', 'integer', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('opened_at', 'text')
		.addColumn('closed_at', 'text')
		.addColumn('opened_by', 'integer', (c) => c.references('users.id'))
		.addColumn('closed_by', 'integer', (c) => c.references('users.id'))
		.execute();

	await db.schema
		.createTable('ballot_candidates')
		.addColumn('ballot_id', 'integer', (c) => c.notNull().references('ballots.id'))
		.addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('ballot_candidates_pk', ['ballot_id', 'unit_id'])
		.execute();

	// One row per unit that voted: the primary key makes a second vote impossible.
	await withoutRowid(
		db,
		db.schema
			.createTable('ballot_voters')
			.addColumn('ballot_id', 'integer', (c) => c.notNull().references('ballots.id'))
			.addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
			.addPrimaryKeyConstraint('ballot_voters_pk', ['ballot_id', 'unit_id'])
	).execute();

	// The papers: what was chosen (unit ids as a JSON array; [] is a blank vote) and the voter's receipt code.
	// voter_unit_id is filled for open ballots only.
	await withoutRowid(
		db,
		db.schema
			.createTable('ballot_papers')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('ballot_id', 'integer', (c) => c.notNull().references('ballots.id'))
			.addColumn('receipt', 'text', (c) => c.notNull().unique())
			.addColumn('choices', 'text', (c) => c.notNull())
			.addColumn('voter_unit_id', 'integer', (c) => c.references('units.id'))
	).execute();

	await db.schema
		.createTable('nominations')
		.addColumn('id', 'integer', generatedId(db))
		.addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id'))
		.addColumn('purpose', 'text', (c) => c.notNull())
		.addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
		.addColumn('ballot_id', 'integer', (c) => c.notNull().references('ballots.id'))
		.execute();

	// The frozen record: answers to deductions (the deductions themselves go to `deductions`), final scores, and the
	// record's canonical JSON with its SHA-256, written in the transaction that closes the meeting.
	await db.schema
		.createTable('deduction_answers')
		.addColumn('deduction_id', 'text', (c) => c.primaryKey().references('deductions.id'))
		.addColumn('text', 'text', (c) => c.notNull())
		.addColumn('author', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('final_scores')
		.addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id'))
		.addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
		.addColumn('self_points', 'integer', (c) => c.notNull())
		.addColumn('cluster_points', 'integer', (c) => c.notNull())
		.addColumn('rank', 'integer', (c) => c.notNull())
		.addColumn('tied', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('final_scores_pk', ['meeting_id', 'unit_id'])
		.execute();

	await db.schema
		.createTable('meeting_records')
		.addColumn('meeting_id', 'integer', (c) => c.primaryKey().references('meetings.id'))
		.addColumn('closed_at', 'text', (c) => c.notNull())
		.addColumn('closed_by', 'integer', (c) => c.notNull().references('users.id'))
		.addColumn('digest', 'text', (c) => c.notNull())
		.execute();
}
