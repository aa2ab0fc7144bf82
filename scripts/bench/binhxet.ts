// What `npm run bench` needs of the app itself: the people and meetings of a scenario written straight into its
// database, sign-in through their join links (session cookies), and its launch RSS. (The
// app's own code the bench runs, the scoring-doc edit functions and the sync document and store, is imported
// directly from src/lib.)
import { createHash, randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import type { DB } from '$lib/server/db/open';
import { procFigures, sleep } from './proc';
import type { BenchServer } from './servers';
import { DEMO_MEETING } from './settings';
import type { BenchClient, Item, Launch, PeopleSpec } from './types';

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The demo template's score items (a deduction's criterion, points up to its max) and the demo meeting's units. */
export function readAppFacts(databasePath: string): { items: Item[]; units: string[] } {
	const db = new Database(databasePath, { readonly: true });
	try {
		const meeting = db
			.prepare<[number], { template_id: number }>('select template_id from meetings where id = ?')
			.get(DEMO_MEETING);
		if (!meeting) throw new Error('the demo meeting is missing');
		const items = db
			.prepare<[number], Item>(
				`select code, max from criteria where template_id = ? and kind = 'score' and max >= 50 order by position`
			)
			.all(meeting.template_id);
		const units = db
			.prepare<[number], string>(
				'select units.slug from sheets join units on units.id = sheets.unit_id where sheets.meeting_id = ? order by units.position'
			)
			.pluck()
			.all(DEMO_MEETING);
		if (items.length === 0) throw new Error('the demo template has no score items');
		return { items, units };
	} finally {
		db.close();
	}
}

/**
 * A scenario's meetings (copies of the demo meeting, in review) and their participants with fresh join links,
 * written into the app's database (SQLite or PostgreSQL, through the app's Kysely connection) in one transaction.
 * Returns the clients: { token, userId, name, meetingId, document, units, peers, flooder }; the last `flooders` of
 * each meeting flood, and nobody waits for what they send.
 */
export async function createScenarioRows(
	db: DB,
	{ key, meetings, clientsPerMeeting, flooders = 0 }: PeopleSpec
): Promise<BenchClient[]> {
	const now = Date.now();
	const iso = new Date(now).toISOString();
	return db.transaction().execute(async (trx) => {
		const demo = await trx
			.selectFrom('meetings')
			.select(['cluster_id', 'template_id', 'year', 'held_on'])
			.where('id', '=', DEMO_MEETING)
			.executeTakeFirst();
		if (!demo) throw new Error('the demo meeting is missing: was the server started with BINHXET_DEMO=1?');
		const sheets = await trx
			.selectFrom('sheets')
			.innerJoin('units', 'units.id', 'sheets.unit_id')
			.select(['sheets.id', 'sheets.unit_id', 'sheets.submitted_at', 'units.slug'])
			.where('sheets.meeting_id', '=', DEMO_MEETING)
			.orderBy('units.position')
			.execute();
		const units = sheets.map((sheet) => ({ id: sheet.unit_id, slug: sheet.slug }));
		const scores = await trx
			.selectFrom('sheet_scores')
			.select(['sheet_id', 'criterion_code', 'points'])
			.where(
				'sheet_id',
				'in',
				sheets.map((sheet) => sheet.id)
			)
			.execute();

		const clients: BenchClient[] = [];
		for (let m = 0; m < meetings; m++) {
			const { id: meetingId } = await trx
				.insertInto('meetings')
				.values({ ...demo, title: `Bench ${key} #${m + 1}`, phase: 'review', created_at: iso })
				.returning('id')
				.executeTakeFirstOrThrow();
			// Each unit's sheet and self-assessed scores, as the demo meeting has them.
			const copied = await trx
				.insertInto('sheets')
				.values(
					sheets.map((sheet) => ({
						meeting_id: meetingId,
						unit_id: sheet.unit_id,
						submitted_at: sheet.submitted_at
					}))
				)
				.returning(['id', 'unit_id'])
				.execute();
			const sheetOf = new Map(
				sheets.map((sheet) => [sheet.id, copied.find((c) => c.unit_id === sheet.unit_id)?.id])
			);
			const copiedScores = scores.map((score) => ({ ...score, sheet_id: sheetOf.get(score.sheet_id) as number }));
			if (copiedScores.length > 0) await trx.insertInto('sheet_scores').values(copiedScores).execute();
			for (let c = 0; c < clientsPerMeeting; c++) {
				const unit = units[c % units.length];
				if (!unit) throw new Error('the demo meeting has no units');
				const role = c === 0 ? 'head' : 'vice_head';
				const name = `Bench ${key} m${meetingId} ${role} ${c + 1}`;
				const { id: userId } = await trx
					.insertInto('users')
					.values({ display_name: name, unit_id: unit.id, created_at: iso })
					.returning('id')
					.executeTakeFirstOrThrow();
				const { id: participantId } = await trx
					.insertInto('participants')
					.values({ meeting_id: meetingId, user_id: userId, role, unit_id: unit.id, created_at: iso })
					.returning('id')
					.executeTakeFirstOrThrow();
				const token = randomBytes(20).toString('hex');
				await trx
					.insertInto('join_links')
					.values({
						id: sha256Hex(token),
						participant_id: participantId,
						created_at: now,
						expires_at: now + 60 * 60 * 1000
					})
					.execute();
				clients.push({
					token,
					userId,
					name,
					meetingId,
					document: `meeting/${meetingId}/scoring`,
					// The writer's own unit first (the sheet it looks at), then the others: any member unit may be scored.
					units: [unit.slug, ...units.filter((u) => u !== unit).map((u) => u.slug)],
					peers: clientsPerMeeting - 1 - flooders,
					flooder: c >= clientsPerMeeting - flooders
				});
			}
		}
		return clients;
	});
}

/** Uses each client's join link as a browser would (the form's POST) and keeps the session cookie it sets. */
export async function signIn(base: string, clients: BenchClient[]): Promise<void> {
	let next = 0;
	const one = async () => {
		while (next < clients.length) {
			const client = clients[next++] as BenchClient;
			const response = await fetch(`${base}/join/${client.token}`, {
				method: 'POST',
				redirect: 'manual',
				headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
				body: ''
			});
			const cookie = response.headers.getSetCookie().find((c) => c.startsWith('session='));
			await response.arrayBuffer();
			if (response.status !== 303 || !cookie)
				throw new Error(`join link of ${client.name}: HTTP ${response.status}, no session cookie`);
			client.cookie = cookie.split(';', 1)[0] ?? '';
		}
	};
	await Promise.all(Array.from({ length: 8 }, one));
}

/**
 * The app's RSS at launch: after it says it listens (and a second of quiet), then after one page request each for
 * / and /login, before any WebSocket.
 */
export async function measureLaunch(server: BenchServer): Promise<Launch> {
	await sleep(1000);
	const started = procFigures(server.pid);
	for (const path of ['/', '/login']) {
		const response = await fetch(`${server.base}${path}`, { redirect: 'manual', headers: { accept: 'text/html' } });
		await response.arrayBuffer();
	}
	await sleep(500);
	const paged = procFigures(server.pid);
	return {
		afterStartMb: (started?.rssKb ?? NaN) / 1024,
		afterPagesMb: (paged?.rssKb ?? NaN) / 1024,
		peakMb: (paged?.hwmKb ?? NaN) / 1024,
		anonMb: (paged?.anonKb ?? NaN) / 1024,
		fileMb: (paged?.fileKb ?? NaN) / 1024
	};
}
