import { sql } from 'kysely';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import {
	createBallot,
	editBallot,
	prepareRunoff,
	tallyBallot,
	transition,
	turnout,
	validateVote,
	type Ballot,
	type BallotRules,
	type LifecycleRefusal,
	type Purpose,
	type RunoffRefusal,
	type Tally,
	type Turnout,
	type Vote,
	type VoteRefusal
} from '$lib/core/voting';
import { representsUnit } from '$lib/core/rights';
import type { DB } from '../db/open';
import { meetingSeats } from '../people/participants';
import type { Database } from '../db/schema';
import { serializable } from '../db/serializable';
import { dialectOf } from '../../../../migrations/dialect';

// Ballots in SQL: every decision (open, vote, close) is one transaction that reads the current state, asks the
// voting core, and writes, through serializable(): two votes of one unit, or a vote and the close, never
// interleave (better-sqlite3 runs one transaction at a time; PostgreSQL runs them SERIALIZABLE and runs again the
// one it aborts): the second sees the first.

type Executor = DB | Transaction<Database>;

/** Units in ballots are their slugs (stable, readable in the record); the tables hold unit ids. */
interface MeetingUnits {
	slugs: string[];
	idOf: Map<string, number>;
	slugOf: Map<number, string>;
}

async function meetingUnits(db: Executor, meetingId: number): Promise<MeetingUnits> {
	const rows = await db
		.selectFrom('sheets')
		.innerJoin('units', 'units.id', 'sheets.unit_id')
		.select(['units.id', 'units.slug'])
		.where('sheets.meeting_id', '=', meetingId)
		.orderBy('units.position')
		.execute();
	return {
		slugs: rows.map((r) => r.slug),
		idOf: new Map(rows.map((r) => [r.slug, r.id])),
		slugOf: new Map(rows.map((r) => [r.id, r.slug]))
	};
}

export interface StoredBallot {
	ballot: Ballot;
	meetingId: number;
	openedAt: string | null;
	closedAt: string | null;
	openedBy: number | null;
	closedBy: number | null;
	/** The vote-counting committee named when the ballot was prepared (its minutes carry their signatures). */
	committee: { head: string; members: string[] };
}

const committeeMembers = (text: string) =>
	text
		.split('\n')
		.map((m) => m.trim())
		.filter((m) => m !== '');

async function loadBallotIn(db: Executor, ballotId: number, units: MeetingUnits): Promise<StoredBallot | undefined> {
	const row = await db.selectFrom('ballots').selectAll().where('id', '=', ballotId).executeTakeFirst();
	if (!row) return undefined;
	const candidates = await db
		.selectFrom('ballot_candidates')
		.select('unit_id')
		.where('ballot_id', '=', ballotId)
		.orderBy('position')
		.execute();
	const rules: BallotRules = {
		purpose: row.purpose,
		maxChoices: row.max_choices,
		seats: row.seats,
		secret: row.secret === 1,
		quorum: row.quorum,
		threshold: {
			numerator: row.threshold_numerator,
			denominator: row.threshold_denominator,
			base: row.threshold_base,
			comparison: row.threshold_comparison
		},
		allowSelfVote: row.allow_self_vote === 1
	};
	return {
		ballot: {
			id: String(row.id),
			title: row.title,
			round: row.round,
			runoffOf: row.runoff_of === null ? null : String(row.runoff_of),
			status: row.status,
			candidates: candidates.map((c) => units.slugOf.get(c.unit_id) ?? String(c.unit_id)),
			rules
		},
		meetingId: row.meeting_id,
		openedAt: row.opened_at,
		closedAt: row.closed_at,
		openedBy: row.opened_by,
		closedBy: row.closed_by,
		committee: { head: row.committee_head, members: committeeMembers(row.committee_members) }
	};
}

/** A ballot of this meeting (never another meeting's, whatever id a form sends), with the meeting's units. */
async function ballotOfMeeting(
	db: Executor,
	meetingId: number,
	ballotId: number
): Promise<{ units: MeetingUnits; stored: StoredBallot } | undefined> {
	const units = await meetingUnits(db, meetingId);
	const stored = await loadBallotIn(db, ballotId, units);
	return stored?.meetingId === meetingId ? { units, stored } : undefined;
}

const NOT_FOUND = { ok: false, error: { code: 'not_found' } } as const;

/** A ballot's rules as the columns that store them. */
function rulesColumns(r: BallotRules) {
	return {
		max_choices: r.maxChoices,
		seats: r.seats,
		secret: r.secret ? 1 : 0,
		quorum: r.quorum,
		threshold_numerator: r.threshold.numerator,
		threshold_denominator: r.threshold.denominator,
		threshold_base: r.threshold.base,
		threshold_comparison: r.threshold.comparison,
		allow_self_vote: r.allowSelfVote ? 1 : 0
	};
}

async function insertBallot(
	db: Executor,
	meetingId: number,
	ballot: Ballot,
	units: MeetingUnits,
	now: Date,
	committee?: { head: string; members: string[] }
): Promise<number> {
	const { id } = await db
		.insertInto('ballots')
		.values({
			meeting_id: meetingId,
			title: ballot.title,
			purpose: ballot.rules.purpose,
			round: ballot.round,
			runoff_of: ballot.runoffOf === null ? null : Number(ballot.runoffOf),
			status: 'draft',
			...rulesColumns(ballot.rules),
			committee_head: committee?.head ?? '',
			committee_members: (committee?.members ?? []).join('\n'),
			created_at: now.toISOString()
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await writeCandidates(db, id, ballot.candidates, units);
	return id;
}

async function writeCandidates(
	db: Executor,
	ballotId: number,
	candidates: readonly string[],
	units: MeetingUnits
): Promise<void> {
	await db.deleteFrom('ballot_candidates').where('ballot_id', '=', ballotId).execute();
	const rows = candidates.flatMap((slug, position) => {
		const unitId = units.idOf.get(slug);
		return unitId === undefined ? [] : [{ ballot_id: ballotId, unit_id: unitId, position }];
	});
	if (rows.length > 0) await db.insertInto('ballot_candidates').values(rows).execute();
}

export interface DraftInput {
	title: string;
	purpose: Purpose;
	candidates: string[];
	rules?: Partial<Omit<BallotRules, 'purpose'>>;
	committee?: { head: string; members: string[] };
}

export type DraftResult = { ok: true; id: number } | { ok: false; reason: 'unknown_candidate'; candidate: string };

/** A new draft ballot: the core's defaults for its purpose, with the host's or head's choices over them. */
export async function createDraft(
	db: DB,
	meetingId: number,
	input: DraftInput,
	now = new Date()
): Promise<DraftResult> {
	return serializable(db, async (trx) => {
		const units = await meetingUnits(trx, meetingId);
		const unknown = input.candidates.find((c) => !units.idOf.has(c));
		if (unknown !== undefined) return { ok: false, reason: 'unknown_candidate', candidate: unknown } as const;
		const ballot = createBallot({
			id: 'new',
			title: input.title,
			purpose: input.purpose,
			candidates: input.candidates,
			memberCount: units.slugs.length,
			rules: input.rules
		});
		return { ok: true, id: await insertBallot(trx, meetingId, ballot, units, now, input.committee) } as const;
	});
}

export type LifecycleResult = { ok: true } | { ok: false; error: LifecycleRefusal | { code: 'not_found' } };

export async function openBallot(
	db: DB,
	meetingId: number,
	ballotId: number,
	userId: number,
	now = new Date()
): Promise<LifecycleResult> {
	return serializable(db, async (trx) => {
		const found = await ballotOfMeeting(trx, meetingId, ballotId);
		if (!found) return NOT_FOUND;
		const { units, stored } = found;
		const moved = transition(stored.ballot, 'open', units.slugs);
		if (!moved.ok) return moved;
		await trx
			.updateTable('ballots')
			.set({ status: 'open', opened_at: now.toISOString(), opened_by: userId })
			.where('id', '=', ballotId)
			.execute();
		return { ok: true } as const;
	});
}

export type CastResult =
	| { ok: true; receipt: string }
	| { ok: false; error: VoteRefusal | { code: 'not_found' } | { code: 'not_representative' } };

/** One unit's vote: checked by the core against the ballot as it is now, recorded in the same transaction. */
export async function castVote(
	db: DB,
	meetingId: number,
	ballotId: number,
	voterUnit: string,
	choices: string[],
	against: string[] = []
): Promise<CastResult> {
	let secret = false;
	const result = await serializable(db, async (trx) => {
		const cast = await castIn(trx, meetingId, ballotId, voterUnit, choices, against);
		secret = cast.secret;
		return cast.result;
	});
	if (result.ok && secret) await forgetVoteOrder(db);
	return result;
}

/**
 * A participant's vote for their unit: in the same transaction, the participations as they are now decide whether
 * they act for the unit (its present delegate, else its present head or vice-head: see the rights core's
 * representative.ts),
 * so that a delegate named or a head marked absent a moment before counts, and a unit still has one vote.
 */
export async function castVoteAs(
	db: DB,
	meetingId: number,
	ballotId: number,
	userId: number,
	choices: string[],
	against: string[] = []
): Promise<CastResult> {
	let secret = false;
	const result = await serializable(db, async (trx): Promise<CastResult> => {
		const seats = await meetingSeats(trx, meetingId);
		const mine = await trx
			.selectFrom('participants')
			.select('id')
			.where('meeting_id', '=', meetingId)
			.where('user_id', '=', userId)
			.executeTakeFirst();
		const seat = seats.find((s) => s.id === mine?.id);
		if (!seat || !representsUnit(seats, seat)) return { ok: false, error: { code: 'not_representative' } };
		const unit = await trx
			.selectFrom('units')
			.select('slug')
			.where('id', '=', seat.unitId!)
			.executeTakeFirstOrThrow();
		const cast = await castIn(trx, meetingId, ballotId, unit.slug, choices, against);
		secret = cast.secret;
		return cast.result;
	});
	if (result.ok && secret) await forgetVoteOrder(db);
	return result;
}

async function castIn(
	trx: Transaction<Database>,
	meetingId: number,
	ballotId: number,
	voterUnit: string,
	choices: string[],
	against: string[]
): Promise<{ result: CastResult; secret: boolean }> {
	let secret = false;
	const result = await (async (): Promise<CastResult> => {
		const found = await ballotOfMeeting(trx, meetingId, ballotId);
		if (!found) return NOT_FOUND;
		const { units, stored } = found;
		const voterId = units.idOf.get(voterUnit);
		const hasVoted =
			voterId !== undefined &&
			(await trx
				.selectFrom('ballot_voters')
				.select('unit_id')
				.where('ballot_id', '=', ballotId)
				.where('unit_id', '=', voterId)
				.executeTakeFirst()) !== undefined;
		const verdict = validateVote({
			ballot: stored.ballot,
			members: units.slugs,
			voter: voterUnit,
			hasVoted,
			choices,
			against
		});
		if (!verdict.ok) return verdict;

		// Choices in ballot order, so a paper says nothing about the order they were ticked in.
		const ordered = stored.ballot.candidates.filter((c) => choices.includes(c)).map((c) => units.idOf.get(c)!);
		const receipt = randomBytes(5).toString('hex').toUpperCase();
		secret = stored.ballot.rules.secret;
		await trx.insertInto('ballot_voters').values({ ballot_id: ballotId, unit_id: voterId! }).execute();
		await trx
			.insertInto('ballot_papers')
			.values({
				id: randomUUID(),
				ballot_id: ballotId,
				receipt,
				choices: JSON.stringify(ordered),
				// A confirmation's "Không đồng ý": a valid paper against its candidate, not a blank one.
				against: JSON.stringify(against.map((c) => units.idOf.get(c)!)),
				voter_unit_id: stored.ballot.rules.secret ? null : voterId!
			})
			.execute();
		return { ok: true, receipt } as const;
	})();
	return { result, secret };
}

/**
 * The voter's row and the paper are written in one commit, and SQLite's write-ahead log keeps commits in order:
 * replayed, it would pair each paper with its voter. So after every secret vote the log is copied into the
 * database and cut to nothing (in the database file, rows sit by key, not by time; secure_delete, set when the
 * database is opened, zeroes whatever a page drops). If a reader holds the log, it is cut at the next vote.
 */
async function forgetVoteOrder(db: DB): Promise<void> {
	// PostgreSQL's write-ahead log is the server's own and no statement cuts it: there, keeping a paper apart from its
	// voter is the papers' design, not this.
	if (dialectOf(db) !== 'sqlite') return;
	const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(truncate)`.execute(db);
	if (rows[0]?.busy)
		console.warn('ballots: the write-ahead log could not be truncated after a secret vote (a reader held it)');
}

/** The papers as votes for the tally; a secret ballot's papers name no voter (the core counts them as such). */
async function votesOf(db: Executor, ballotId: number, units: MeetingUnits): Promise<Vote[]> {
	const papers = await db
		.selectFrom('ballot_papers')
		.select(['choices', 'against', 'voter_unit_id'])
		.where('ballot_id', '=', ballotId)
		.execute();
	return papers.map((paper) => ({
		unit: paper.voter_unit_id === null ? null : (units.slugOf.get(paper.voter_unit_id) ?? '?'),
		choices: (JSON.parse(paper.choices) as number[]).map((id) => units.slugOf.get(id) ?? String(id)),
		against: (JSON.parse(paper.against) as number[]).map((id) => units.slugOf.get(id) ?? String(id))
	}));
}

export type CloseResult = { ok: true; tally: Tally } | { ok: false; error: LifecycleRefusal | { code: 'not_found' } };

/**
 * Closes a ballot and counts it, in one transaction: a vote that arrives first is counted, one that arrives after is
 * refused (the ballot is no longer open). The winners become the meeting's nominations.
 */
export async function closeBallot(
	db: DB,
	meetingId: number,
	ballotId: number,
	userId: number,
	now = new Date()
): Promise<CloseResult> {
	return serializable(db, async (trx) => {
		const found = await ballotOfMeeting(trx, meetingId, ballotId);
		if (!found) return NOT_FOUND;
		const { units, stored } = found;
		const moved = transition(stored.ballot, 'closed', units.slugs);
		if (!moved.ok) return moved;
		await trx
			.updateTable('ballots')
			.set({ status: 'closed', closed_at: now.toISOString(), closed_by: userId })
			.where('id', '=', ballotId)
			.execute();
		const tally = tallyBallot(moved.value, units.slugs, await votesOf(trx, ballotId, units));
		if (!tally.ok)
			throw new Error(`stored votes of ballot ${ballotId} do not count: ${JSON.stringify(tally.error)}`);
		if (stored.ballot.rules.purpose !== 'other' && tally.value.elected.length > 0) {
			await trx
				.insertInto('nominations')
				.values(
					tally.value.elected.map((slug) => ({
						meeting_id: meetingId,
						purpose: stored.ballot.rules.purpose,
						unit_id: units.idOf.get(slug)!,
						ballot_id: ballotId
					}))
				)
				.execute();
		}
		return { ok: true, tally: tally.value } as const;
	});
}

/** The count of a closed ballot (never of an open one: no partial results). */
export async function ballotTally(db: Executor, meetingId: number, ballotId: number): Promise<Tally | undefined> {
	const found = await ballotOfMeeting(db, meetingId, ballotId);
	if (!found || found.stored.ballot.status !== 'closed') return undefined;
	const { units, stored } = found;
	const tally = tallyBallot(stored.ballot, units.slugs, await votesOf(db, ballotId, units));
	return tally.ok ? tally.value : undefined;
}

export async function ballotTurnout(db: Executor, meetingId: number, ballotId: number): Promise<Turnout | undefined> {
	const found = await ballotOfMeeting(db, meetingId, ballotId);
	if (!found) return undefined;
	const { units, stored } = found;
	const voted = await db.selectFrom('ballot_voters').select('unit_id').where('ballot_id', '=', ballotId).execute();
	return turnout(
		stored.ballot,
		units.slugs,
		voted.map((v) => units.slugOf.get(v.unit_id) ?? String(v.unit_id))
	);
}

/** The counted papers of a closed ballot, for voters to check their receipt: receipt and choices, names only if open. */
export async function publishedPapers(
	db: Executor,
	meetingId: number,
	ballotId: number
): Promise<{ receipt: string; choices: string[]; against: string[]; voter: string | null }[] | undefined> {
	const found = await ballotOfMeeting(db, meetingId, ballotId);
	if (!found || found.stored.ballot.status !== 'closed') return undefined;
	const { units } = found;
	const papers = await db
		.selectFrom('ballot_papers')
		.select(['receipt', 'choices', 'against', 'voter_unit_id'])
		.where('ballot_id', '=', ballotId)
		.orderBy('receipt')
		.execute();
	return papers.map((p) => ({
		receipt: p.receipt,
		choices: (JSON.parse(p.choices) as number[]).map((id) => units.slugOf.get(id) ?? String(id)),
		against: (JSON.parse(p.against) as number[]).map((id) => units.slugOf.get(id) ?? String(id)),
		voter: p.voter_unit_id === null ? null : (units.slugOf.get(p.voter_unit_id) ?? null)
	}));
}

export async function listBallots(db: Executor, meetingId: number): Promise<StoredBallot[]> {
	const units = await meetingUnits(db, meetingId);
	const ids = await db.selectFrom('ballots').select('id').where('meeting_id', '=', meetingId).orderBy('id').execute();
	const out: StoredBallot[] = [];
	for (const { id } of ids) {
		const stored = await loadBallotIn(db, id, units);
		if (stored) out.push(stored);
	}
	return out;
}

export type RunoffResult = { ok: true; id: number } | { ok: false; error: RunoffRefusal | { code: 'not_found' } };

/** Prepares the run-off of a closed ballot as a new draft, with one action. */
export async function createRunoff(
	db: DB,
	meetingId: number,
	ballotId: number,
	now = new Date()
): Promise<RunoffResult> {
	return serializable(db, async (trx) => {
		const found = await ballotOfMeeting(trx, meetingId, ballotId);
		if (!found) return NOT_FOUND;
		const { units, stored } = found;
		const tally = await ballotTally(trx, meetingId, ballotId);
		if (!tally) return { ok: false, error: { code: 'ballot_not_closed', status: stored.ballot.status } } as const;
		const prepared = prepareRunoff(stored.ballot, tally, { id: 'new' });
		if (!prepared.ok) return prepared;
		// The same committee counts the run-off.
		return {
			ok: true,
			id: await insertBallot(trx, meetingId, prepared.value.ballot, units, now, stored.committee)
		} as const;
	});
}

export type EditResult =
	| { ok: true }
	| { ok: false; error: LifecycleRefusal | { code: 'not_found' } | { code: 'unknown_candidate'; candidate: string } };

/** Changes a draft's title, candidates, rules or vote-counting committee; an opened ballot is never changed. */
export async function editDraft(
	db: DB,
	meetingId: number,
	ballotId: number,
	edit: {
		title?: string;
		candidates?: string[];
		rules?: Partial<BallotRules>;
		committee?: { head: string; members: string[] };
	}
): Promise<EditResult> {
	return serializable(db, async (trx) => {
		const found = await ballotOfMeeting(trx, meetingId, ballotId);
		if (!found) return NOT_FOUND;
		const { units, stored } = found;
		const unknown = edit.candidates?.find((c) => !units.idOf.has(c));
		if (unknown !== undefined)
			return { ok: false, error: { code: 'unknown_candidate', candidate: unknown } } as const;
		// The purpose is what the ballot is for (its nominations, its wording): it stays.
		const rules = edit.rules ? { ...edit.rules, purpose: stored.ballot.rules.purpose } : undefined;
		const edited = editBallot(stored.ballot, { ...edit, rules });
		if (!edited.ok) return edited;
		await trx
			.updateTable('ballots')
			.set({
				title: edited.value.title,
				...rulesColumns(edited.value.rules),
				...(edit.committee
					? { committee_head: edit.committee.head, committee_members: edit.committee.members.join('\n') }
					: {})
			})
			.where('id', '=', ballotId)
			.execute();
		await writeCandidates(trx, ballotId, edited.value.candidates, units);
		return { ok: true } as const;
	});
}

/** Deletes a draft (one prepared by mistake, or a run-off not wanted); a ballot once opened is part of the record. */
export async function deleteDraft(db: DB, meetingId: number, ballotId: number): Promise<EditResult> {
	return serializable(db, async (trx) => {
		const found = await ballotOfMeeting(trx, meetingId, ballotId);
		if (!found) return NOT_FOUND;
		if (found.stored.ballot.status !== 'draft')
			return { ok: false, error: { code: 'not_editable', status: found.stored.ballot.status } } as const;
		await trx.deleteFrom('ballot_candidates').where('ballot_id', '=', ballotId).execute();
		await trx.deleteFrom('ballots').where('id', '=', ballotId).where('status', '=', 'draft').execute();
		return { ok: true } as const;
	});
}

/** How many units have voted in a ballot (all that turnout may say of a secret one). */
export async function voterCount(db: Executor, ballotId: number): Promise<number> {
	const row = await db
		.selectFrom('ballot_voters')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('ballot_id', '=', ballotId)
		.executeTakeFirst();
	return Number(row?.n ?? 0);
}
