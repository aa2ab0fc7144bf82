// What `npm run bench` needs of the app itself: the people and meetings of a scenario written straight into its
// database, sign-in through their join links (session cookies), and its launch RSS. (The
// app's own code the bench runs, the scoring-doc edit functions and the sync document and store, is imported
// directly from src/lib.)
import { createHash, randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
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
 * written into the app's database. Returns the clients: { token, userId, name, meetingId, document, units, peers,
 * flooder }; the last `flooders` of each meeting flood, and nobody waits for what they send.
 */
interface DemoMeeting {
	cluster_id: number;
	template_id: number;
	year: number;
	held_on: string | null;
}

export function createScenarioRows(
	db: Database.Database,
	{ key, meetings, clientsPerMeeting, flooders = 0 }: PeopleSpec
): BenchClient[] {
	const now = Date.now();
	const iso = new Date(now).toISOString();
	const demo = db.prepare<[number], DemoMeeting>('select * from meetings where id = ?').get(DEMO_MEETING);
	if (!demo) throw new Error('the demo meeting is missing: was the server started with BINHXET_DEMO=1?');
	const units = db
		.prepare<[number], { id: number; slug: string }>(
			'select units.id, units.slug from sheets join units on units.id = sheets.unit_id where sheets.meeting_id = ? order by units.position'
		)
		.all(DEMO_MEETING);
	const insertMeeting = db.prepare(
		`insert into meetings (cluster_id, template_id, year, title, held_on, phase, created_at) values (?, ?, ?, ?, ?, 'review', ?)`
	);
	const copySheets = db.prepare(
		'insert into sheets (meeting_id, unit_id, submitted_at) select ?, unit_id, submitted_at from sheets where meeting_id = ?'
	);
	const copyScores = db.prepare(
		`insert into sheet_scores (sheet_id, criterion_code, points)
		 select mine.id, scores.criterion_code, scores.points from sheet_scores scores
		 join sheets theirs on theirs.id = scores.sheet_id and theirs.meeting_id = ?
		 join sheets mine on mine.unit_id = theirs.unit_id and mine.meeting_id = ?`
	);
	const insertUser = db.prepare('insert into users (display_name, unit_id, created_at) values (?, ?, ?)');
	const insertParticipant = db.prepare(
		'insert into participants (meeting_id, user_id, role, unit_id, created_at) values (?, ?, ?, ?, ?)'
	);
	const insertLink = db.prepare(
		'insert into join_links (id, participant_id, created_at, expires_at) values (?, ?, ?, ?)'
	);

	const clients: BenchClient[] = [];
	db.transaction(() => {
		for (let m = 0; m < meetings; m++) {
			const meetingId = Number(
				insertMeeting.run(
					demo.cluster_id,
					demo.template_id,
					demo.year,
					`Bench ${key} #${m + 1}`,
					demo.held_on,
					iso
				).lastInsertRowid
			);
			copySheets.run(meetingId, DEMO_MEETING);
			copyScores.run(DEMO_MEETING, meetingId);
			for (let c = 0; c < clientsPerMeeting; c++) {
				const unit = units[c % units.length];
				if (!unit) throw new Error('the demo meeting has no units');
				const role = c === 0 ? 'head' : 'vice_head';
				const name = `Bench ${key} m${meetingId} ${role} ${c + 1}`;
				const userId = Number(insertUser.run(name, unit.id, iso).lastInsertRowid);
				const participantId = Number(
					insertParticipant.run(meetingId, userId, role, unit.id, iso).lastInsertRowid
				);
				const token = randomBytes(20).toString('hex');
				insertLink.run(sha256Hex(token), participantId, now, now + 60 * 60 * 1000);
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
	})();
	return clients;
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
