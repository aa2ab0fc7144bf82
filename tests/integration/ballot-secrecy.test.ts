import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import SQLite from 'better-sqlite3';
import { openDatabase } from '$lib/server/db/open';
import { ballotTally, closeBallot } from '$lib/server/ballots/store';
import { ballotSecret, unsealPaper } from '$lib/server/ballots/seal';
import { ballotSecretOf, keyFileOf } from '$lib/server/ballots/secret';
import { temporaryDatabase } from '../support/database';
import {
	closeRound,
	demoMeetingInVoting,
	expectChance,
	linkage,
	offsetsIn,
	orderIn,
	voteRound,
	type DemoMeeting
} from '../support/ballot-secrecy';

// Secret ballots on SQLite, read as an attacker with the database's files would: while a ballot is open its papers
// are sealed and the files name no choice and no receipt; after the close, nothing the files keep orders the papers
// as the votes came.

let database: Awaited<ReturnType<typeof temporaryDatabase>>;
let meeting: DemoMeeting;
beforeEach(async () => {
	database = await temporaryDatabase();
	meeting = await demoMeetingInVoting(database.db);
});
afterEach(async () => {
	await database.close();
});

const files = () => ({
	main: readFileSync(database.path),
	wal: (() => {
		try {
			return readFileSync(`${database.path}-wal`);
		} catch {
			return Buffer.alloc(0);
		}
	})()
});

/** What an attacker does first with a copy: fold the write-ahead log into the database file. */
function checkpointedCopy(): Buffer {
	const reader = new SQLite(database.path);
	try {
		reader.pragma('wal_checkpoint(truncate)');
	} finally {
		reader.close();
	}
	return readFileSync(database.path);
}

describe('while a secret ballot is open', () => {
	it('the files hold no receipt and no readable paper; the sealed papers are one length and open only under the secret', async () => {
		const { db } = database;
		const round = await voteRound(db, meeting, 0);
		const sealed = await db
			.selectFrom('ballot_sealed_papers')
			.select(['sealed', 'key_id'])
			.where('ballot_id', '=', round.ballotId)
			.execute();
		expect(sealed).toHaveLength(8);
		expect(await db.selectFrom('ballot_papers').selectAll().execute()).toEqual([]);
		// A blank paper and a paper with a name are as long as each other.
		expect(new Set(sealed.map((s) => s.sealed.length)).size).toBe(1);
		// The database keeps the secret's id, never the secret.
		const secret = ballotSecretOf(db);
		expect(sealed.every((s) => s.key_id === secret.keyId)).toBe(true);
		const { main, wal } = files();
		for (const bytes of [main, wal, checkpointedCopy()]) {
			expect(offsetsIn(bytes, round.receipts)).toEqual(round.receipts.map(() => -1));
			expect(bytes.includes(secret.bytes)).toBe(false);
			expect(bytes.includes(secret.bytes.toString('base64'))).toBe(false);
		}
		// Under another secret, or moved to another ballot, a sealed paper does not open; under the secret it does.
		const other = ballotSecret(randomBytes(32));
		for (const s of sealed) {
			expect(() => unsealPaper(other, round.ballotId, s.sealed)).toThrow(/does not open/);
			expect(() => unsealPaper(secret, round.ballotId + 1, s.sealed)).toThrow(/does not open/);
		}
		const opened = sealed.map((s) => unsealPaper(secret, round.ballotId, s.sealed).receipt);
		expect(opened.sort()).toEqual([...round.receipts].sort());
	});

	it('why the papers are sealed: with the secret, the sealed rows sit in the file in the order of the votes', async () => {
		// The control for the attacks below: SQLite places a page's cells in the order they came, so an attacker who
		// also holds the key file reads the order of the votes from the sealed rows. The measure sees that order.
		const { db } = database;
		const round = await voteRound(db, meeting, 1);
		const sealed = await db
			.selectFrom('ballot_sealed_papers')
			.select('sealed')
			.where('ballot_id', '=', round.ballotId)
			.execute();
		const secret = ballotSecretOf(db);
		const byReceipt = new Map(sealed.map((s) => [unsealPaper(secret, round.ballotId, s.sealed).receipt, s.sealed]));
		const inFile = orderIn(
			checkpointedCopy(),
			round.receipts.map((r) => byReceipt.get(r)!)
		).map((s) => round.receipts.find((r) => byReceipt.get(r) === s)!);
		expect(linkage(inFile, round.receipts)).toEqual({ hits: 8, rho: expect.closeTo(-1, 6) });
	});
});

describe('after the close', () => {
	it('no order the files keep (the file, the write-ahead log, ids, receipts, the table) follows the votes', async () => {
		const { db } = database;
		const attacks: Record<string, { hits: number; rho: number }[]> = {
			'order in the write-ahead log': [],
			'order in the database file': [],
			'order of the table': [],
			'order of the receipts': []
		};
		for (let r = 0; r < 8; r++) {
			const round = await voteRound(db, meeting, r);
			const sealed = (
				await db
					.selectFrom('ballot_sealed_papers')
					.select('sealed')
					.where('ballot_id', '=', round.ballotId)
					.execute()
			).map((s) => s.sealed);
			await closeRound(db, meeting, round);
			expect(
				await db
					.selectFrom('ballot_sealed_papers')
					.select('id')
					.where('ballot_id', '=', round.ballotId)
					.execute()
			).toEqual([]);
			// The papers, naming no voter; a paper's receipt names the vote (in the test, not in the database).
			const papers = await db
				.selectFrom('ballot_papers')
				.select(['receipt', 'choices', 'voter_unit_id'])
				.where('ballot_id', '=', round.ballotId)
				.execute();
			expect(papers.every((p) => p.voter_unit_id === null)).toBe(true);
			const ids = await db.selectFrom('units').select(['id', 'slug']).execute();
			for (const p of papers) {
				const vote = round.receipts.indexOf(p.receipt);
				const slug = ids.find((u) => u.id === (JSON.parse(p.choices) as number[])[0])!.slug;
				expect(slug).toBe(round.choices[vote]);
			}
			attacks['order of the table']!.push(
				linkage(
					papers.map((p) => p.receipt),
					round.receipts
				)
			);
			attacks['order of the receipts']!.push(linkage([...round.receipts].sort(), round.receipts));
			attacks['order in the write-ahead log']!.push(
				linkage(orderIn(files().wal, round.receipts), round.receipts)
			);
			const copy = checkpointedCopy();
			attacks['order in the database file']!.push(linkage(orderIn(copy, round.receipts), round.receipts));
			// The sealed rows are gone from the file itself (secure_delete), not only from the table.
			for (const s of sealed) expect(copy.includes(s.slice(0, 24))).toBe(false);
		}
		for (const [name, results] of Object.entries(attacks)) expectChance(name, results);
	});
});

describe('the ballot secret', () => {
	it('is a key file beside the database, readable by its owner only, and never in the database', async () => {
		const key = keyFileOf(database.path);
		expect(statSync(key).mode & 0o777).toBe(0o600);
		const secret = ballotSecretOf(database.db);
		expect(Buffer.from(readFileSync(key, 'utf8').trim(), 'base64')).toEqual(secret.bytes);
		expect(readFileSync(database.path).includes(secret.bytes)).toBe(false);
	});

	it('every vote is counted once when the server that took it is gone: another one closes the ballot', async () => {
		const round = await voteRound(database.db, meeting, 2);
		// The first server stops without closing; a second opens the same database, as after a crash.
		await database.db.destroy();
		const second = await openDatabase(database.path);
		try {
			const closed = await closeBallot(second.db, meeting.meetingId, round.ballotId, meeting.headUserId);
			expect(closed.ok && closed.tally).toMatchObject({ members: 8, cast: 8, valid: 8 });
			const tally = await ballotTally(second.db, meeting.meetingId, round.ballotId);
			expect(tally?.results.map((c) => c.votes)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
		} finally {
			await second.db.destroy();
		}
		database.db = (await openDatabase(database.path)).db;
	});

	it('a server with another secret is refused while papers are sealed; a paper it cannot open stops the close, losing nothing', async () => {
		const round = await voteRound(database.db, meeting, 3);
		await expect(openDatabase(database.path, { ballotSecret: ballotSecret(randomBytes(32)) })).rejects.toThrow(
			/8 sealed paper\(s\) of open secret ballots/
		);
		// A sealed paper altered by one byte (or moved from another ballot) does not open: the close is refused whole.
		const { db } = database;
		const victim = await db
			.selectFrom('ballot_sealed_papers')
			.select(['id', 'sealed'])
			.where('ballot_id', '=', round.ballotId)
			.executeTakeFirstOrThrow();
		const bytes = Buffer.from(victim.sealed, 'base64');
		bytes[20] = bytes[20]! ^ 1;
		await db
			.updateTable('ballot_sealed_papers')
			.set({ sealed: bytes.toString('base64') })
			.where('id', '=', victim.id)
			.execute();
		await expect(closeBallot(db, meeting.meetingId, round.ballotId, meeting.headUserId)).rejects.toThrow(
			/does not open/
		);
		const still = await db
			.selectFrom('ballots')
			.select('status')
			.where('id', '=', round.ballotId)
			.executeTakeFirst();
		expect(still?.status).toBe('open');
		expect(
			Number((await sql<{ n: number }>`select count(*) as n from ballot_sealed_papers`.execute(db)).rows[0]!.n)
		).toBe(8);
		// Put back, it counts.
		await db
			.updateTable('ballot_sealed_papers')
			.set({ sealed: victim.sealed })
			.where('id', '=', victim.id)
			.execute();
		expect((await closeBallot(db, meeting.meetingId, round.ballotId, meeting.headUserId)).ok).toBe(true);
	});

	it('once no paper is sealed, a new secret replaces the old one', async () => {
		const round = await voteRound(database.db, meeting, 4);
		await closeRound(database.db, meeting, round);
		const fresh = ballotSecret(randomBytes(32));
		const again = await openDatabase(database.path, { ballotSecret: fresh });
		try {
			const recorded = await again.db.selectFrom('ballot_key').select('key_id').executeTakeFirstOrThrow();
			expect(recorded.key_id).toBe(fresh.keyId);
			// The first server, still on the old secret, may no longer seal a paper.
			const next = voteRound(database.db, meeting, 5);
			await expect(next).rejects.toThrow(/ballot secret is not the database's/);
		} finally {
			await again.db.destroy();
		}
	});
});
