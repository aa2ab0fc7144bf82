import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, type OpenedDatabase } from '$lib/server/db/open';
import { ballotTally, castVote, closeBallot } from '$lib/server/ballots/store';
import { ballotSecretOf } from '$lib/server/ballots/secret';
import { ballotSecret } from '$lib/server/ballots/seal';
import type { DB } from '$lib/server/db/open';
import { postgresServer, temporaryDatabase, type TemporaryDatabase } from '../support/database';
import {
	closeRound,
	demoMeetingInVoting,
	expectChance,
	expectLinked,
	linkage,
	offsetsIn,
	openRound,
	orderIn,
	voteRound,
	type DemoMeeting,
	type VotedRound
} from '../support/ballot-secrecy';

// Secret ballots on a real PostgreSQL server, read as an attacker with the server's files would: the rows' system
// columns (xmin, cmin, ctid), the sequences, the heap files and the write-ahead log (pg_waldump). A vote's rows are
// tied together by all of these, which is why its paper is sealed; the plain papers, written at the close, are tied
// to nothing.

let database: TemporaryDatabase;
let meeting: DemoMeeting;
beforeEach(async () => {
	database = await temporaryDatabase('postgres');
	meeting = await demoMeetingInVoting(database.db);
});
afterEach(async () => {
	await database.close();
});

interface SystemColumns {
	key: string;
	xmin: string;
	cmin: string;
	ctid: string;
}

/** A table's rows with what PostgreSQL keeps beside them, in the order the heap holds them. */
async function systemColumns(db: DB, table: string, key: string, ballotId: number): Promise<SystemColumns[]> {
	const { rows } = await sql<SystemColumns>`
		select ${sql.ref(key)}::text as key, xmin::text as xmin, cmin::text as cmin, ctid::text as ctid
		from ${sql.table(table)} where ballot_id = ${ballotId}`.execute(db);
	const place = (ctid: string) => ctid.slice(1, -1).split(',').map(Number) as [number, number];
	return rows.sort((a, b) => place(a.ctid)[0] - place(b.ctid)[0] || place(a.ctid)[1] - place(b.ctid)[1]);
}

const currentLsn = async (db: DB) =>
	(await sql<{ lsn: string }>`select pg_current_wal_insert_lsn()::text as lsn`.execute(db)).rows[0]!.lsn;

/** The heap inserts the write-ahead log holds between two points, as (relation file, block, offset), in log order. */
async function loggedInserts(from: string, to: string): Promise<{ rel: string; ctid: string; tx: string }[]> {
	const server = await postgresServer();
	const dump = server.runTool('pg_waldump', [
		'-p',
		join(server.dataDir, 'pg_wal'),
		'-s',
		from,
		'-e',
		to,
		'-r',
		'Heap'
	]);
	const inserts: { rel: string; ctid: string; tx: string }[] = [];
	for (const line of dump.split('\n')) {
		const m =
			/tx:\s+(\d+),.*desc: INSERT(?:\+INIT)? off (\d+).*blkref #0: rel \d+\/\d+\/(\d+) (?:fork \w+ )?blk (\d+)/.exec(
				line
			);
		if (m) inserts.push({ tx: m[1]!, rel: m[3]!, ctid: `(${m[4]},${m[2]})` });
	}
	return inserts;
}

const fileNode = async (db: DB, table: string) =>
	(await sql<{ n: string }>`select pg_relation_filenode(${table})::text as n`.execute(db)).rows[0]!.n;

/** Every file of the server's data folder (the heap files, the write-ahead log, everything). */
async function dataFiles(): Promise<Buffer[]> {
	const walk = (dir: string): string[] =>
		readdirSync(dir).flatMap((name) => {
			const path = join(dir, name);
			return statSync(path).isDirectory() ? walk(path) : [path];
		});
	return walk((await postgresServer()).dataDir).map((path) => readFileSync(path));
}

async function sequences(db: DB): Promise<unknown[]> {
	return (await sql`select schemaname, sequencename, last_value from pg_sequences order by 1, 2`.execute(db)).rows;
}

/** The papers of a round named by their receipts, in an order the database gives. */
const receiptsByChoice = (round: VotedRound) => new Map(round.choices.map((c, i) => [c, round.receipts[i]!]));

describe('while a secret ballot is open', () => {
	it("each vote's rows are tied together, which is why its paper is sealed: the files hold no receipt, no sequence moved", async () => {
		const { db } = database;
		let before = '';
		let sequencesBefore: unknown[] = [];
		const round = await voteRound(db, meeting, 0, async () => {
			before = await currentLsn(db);
			sequencesBefore = await sequences(db);
		});
		const after = await currentLsn(db);
		// Voting moves no sequence: no row of a vote takes a serial number.
		expect(await sequences(db)).toEqual(sequencesBefore);

		// The control: an attacker ties each voter's row to the row written beside it, by xmin, by the heap's order
		// and by the log's order. Those rows are the sealed papers.
		const voters = await systemColumns(db, 'ballot_voters', 'unit_id', round.ballotId);
		const sealed = await systemColumns(db, 'ballot_sealed_papers', 'id', round.ballotId);
		expect(sealed).toHaveLength(8);
		const unitOf = new Map(
			(await db.selectFrom('units').select(['id', 'slug']).execute()).map((u) => [String(u.id), u.slug])
		);
		expectLinked('the voters in the heap', [
			linkage(
				voters.map((v) => unitOf.get(v.key)!),
				round.voters
			)
		]);
		expect(sealed.map((s) => s.xmin)).toEqual(voters.map((v) => v.xmin));
		const logged = await loggedInserts(before, after);
		const [votersFile, sealedFile, papersFile] = await Promise.all(
			['ballot_voters', 'ballot_sealed_papers', 'ballot_papers'].map((t) => fileNode(db, t))
		);
		expect(logged.filter((r) => r.rel === votersFile).map((r) => r.tx)).toEqual(voters.map((v) => v.xmin));
		expect(logged.filter((r) => r.rel === sealedFile).map((r) => r.tx)).toEqual(voters.map((v) => v.xmin));
		// No plain paper is written while the ballot is open.
		expect(logged.filter((r) => r.rel === papersFile)).toEqual([]);

		// What those sealed rows say: one length for all, and nowhere in the server's files a receipt or the secret.
		const contents = await db
			.selectFrom('ballot_sealed_papers')
			.select('sealed')
			.where('ballot_id', '=', round.ballotId)
			.execute();
		expect(new Set(contents.map((c) => c.sealed.length)).size).toBe(1);
		await sql`checkpoint`.execute(db);
		const secret = ballotSecretOf(db);
		for (const file of await dataFiles()) {
			expect(offsetsIn(file, round.receipts)).toEqual(round.receipts.map(() => -1));
			expect(file.includes(secret.bytes)).toBe(false);
		}
	});
});

describe('after the close', () => {
	it('the papers share the close’s xmin and cmin, and neither the heap, its file, the log, ids nor receipts order them as the votes came', async () => {
		const { db } = database;
		const attacks: Record<string, { hits: number; rho: number }[]> = {
			'order in the heap (ctid)': [],
			'order of the inserts in the write-ahead log': [],
			'order in the heap file': [],
			'order of the ids': [],
			'order of the receipts': []
		};
		const voterOrder: { hits: number; rho: number }[] = [];
		const papersFile = await fileNode(db, 'ballot_papers');
		for (let r = 0; r < 8; r++) {
			const round = await voteRound(db, meeting, r);
			const voters = await systemColumns(db, 'ballot_voters', 'unit_id', round.ballotId);
			const start = await currentLsn(db);
			await closeRound(db, meeting, round);
			const end = await currentLsn(db);
			expect(
				await db
					.selectFrom('ballot_sealed_papers')
					.select('id')
					.where('ballot_id', '=', round.ballotId)
					.execute()
			).toEqual([]);

			const papers = await systemColumns(db, 'ballot_papers', 'receipt', round.ballotId);
			expect(papers).toHaveLength(8);
			// One transaction and one statement wrote them all: nothing in xmin or cmin tells one from another.
			expect(new Set(papers.map((p) => p.xmin)).size).toBe(1);
			expect(new Set(papers.map((p) => p.cmin)).size).toBe(1);
			expect(voters.map((v) => v.xmin)).not.toContain(papers[0]!.xmin);
			const byReceipt = new Map(
				(
					await db
						.selectFrom('ballot_papers')
						.select(['receipt', 'id', 'choices', 'voter_unit_id'])
						.where('ballot_id', '=', round.ballotId)
						.execute()
				).map((p) => [p.receipt, p])
			);
			// Each paper says what its voter chose, and names nobody.
			const slugOf = new Map(
				(await db.selectFrom('units').select(['id', 'slug']).execute()).map((u) => [u.id, u.slug])
			);
			const receipts = receiptsByChoice(round);
			for (const [i, choice] of round.choices.entries()) {
				const paper = byReceipt.get(round.receipts[i]!)!;
				expect(paper.voter_unit_id).toBeNull();
				expect((JSON.parse(paper.choices) as number[]).map((id) => slugOf.get(id))).toEqual([choice]);
				expect(receipts.get(choice)).toBe(round.receipts[i]);
			}

			attacks['order in the heap (ctid)']!.push(
				linkage(
					papers.map((p) => p.key),
					round.receipts
				)
			);
			const logged = (await loggedInserts(start, end)).filter((i) => i.rel === papersFile);
			expect(logged).toHaveLength(8);
			const atCtid = new Map(papers.map((p) => [p.ctid, p.key]));
			attacks['order of the inserts in the write-ahead log']!.push(
				linkage(
					logged.map((i) => atCtid.get(i.ctid)!),
					round.receipts
				)
			);
			expect(new Set(logged.map((i) => i.tx))).toEqual(new Set([papers[0]!.xmin]));
			attacks['order of the ids']!.push(
				linkage(
					[...byReceipt.values()].sort((a, b) => a.id.localeCompare(b.id)).map((p) => p.receipt),
					round.receipts
				)
			);
			attacks['order of the receipts']!.push(linkage([...round.receipts].sort(), round.receipts));
			await sql`checkpoint`.execute(db);
			const path = (await sql<{ p: string }>`select pg_relation_filepath('ballot_papers') as p`.execute(db))
				.rows[0]!.p;
			const heap = readFileSync(join((await postgresServer()).dataDir, path));
			attacks['order in the heap file']!.push(linkage(orderIn(heap, round.receipts), round.receipts));
			// The same measure on the voters' rows does see the order of the votes.
			voterOrder.push(
				linkage(
					voters.map((v) => [...slugOf.entries()].find(([id]) => String(id) === v.key)![1]),
					round.voters
				)
			);
		}
		expectLinked('the voters in the heap', voterOrder);
		for (const [name, results] of Object.entries(attacks)) expectChance(name, results);
	});
});

describe('several instances', () => {
	it('a vote accepted by an instance that dies before the close is counted once by another; votes racing the close are counted or refused, never lost', async () => {
		const second: OpenedDatabase = await openDatabase(database.path);
		try {
			const round = await voteRound(database.db, meeting, 1);
			// An instance started with another secret is refused while these papers are sealed.
			await expect(openDatabase(database.path, { ballotSecret: ballotSecret(randomBytes(32)) })).rejects.toThrow(
				/8 sealed paper\(s\) of open secret ballots/
			);
			// The instance that took the votes is gone; the sealed papers are in the database, the secret is shared.
			const closed = await closeBallot(second.db, meeting.meetingId, round.ballotId, meeting.headUserId);
			expect(closed.ok && closed.tally).toMatchObject({ members: 8, cast: 8, valid: 8 });
			expect(
				(await ballotTally(second.db, meeting.meetingId, round.ballotId))?.results.map((c) => c.votes)
			).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);

			// Eight votes on one instance while the other closes: whatever was accepted is on a paper, once.
			for (let attempt = 0; attempt < 3; attempt++) {
				const { meetingId, headUserId, units } = meeting;
				const open = await openRound(database.db, meeting, `Biểu quyết song song ${attempt}`);
				const votes = units.map((unit, i) =>
					castVote(database.db, meetingId, open, unit, [units[(i + 1) % units.length]!])
				);
				const close = closeBallot(second.db, meetingId, open, headUserId);
				const accepted = (await Promise.all(votes)).filter((v) => v.ok).length;
				const counted = await close;
				expect(counted.ok).toBe(true);
				const count = async (table: 'ballot_voters' | 'ballot_papers' | 'ballot_sealed_papers') =>
					(await database.db.selectFrom(table).select('ballot_id').where('ballot_id', '=', open).execute())
						.length;
				expect(await count('ballot_voters')).toBe(accepted);
				expect(await count('ballot_papers')).toBe(accepted);
				expect(await count('ballot_sealed_papers')).toBe(0);
				expect(counted.ok && counted.tally.cast).toBe(accepted);
			}
		} finally {
			await second.db.destroy();
		}
	});
});
