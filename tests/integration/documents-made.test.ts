import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { points } from '$lib/core/scoring';
import { scoringDocumentName } from '$lib/live/documents';
import { addDeduction } from '$lib/live/scoring-doc';
import { startServer, type RunningServer } from '../support/server';
import { signInAs } from '../support/people';
import { connectLive, synced, until } from '../support/live';

// The meeting's documents are made once per version of what they say, on the real server: a crowd of downloads of
// the archive makes it once; a change to the draft makes a new one. The server says in its log each file it makes.

let server: RunningServer;
let sqlite: SQLite.Database;
const cookies: Record<string, string> = {};
const ARCHIVE = 'ho-so-hoi-nghi-2021.zip';
const MINUTES = 'bien-ban-hoi-nghi-2021.docx';

beforeAll(async () => {
	server = await startServer({ demo: true });
	sqlite = new SQLite(server.databasePath);
	cookies.delegate = await signInAs(server.url, server.databasePath, { role: 'delegate', unit: 'Hà Giang' });
	cookies.head = await signInAs(server.url, server.databasePath, { role: 'head' });
}, 180_000);
afterAll(async () => {
	sqlite.close();
	await server.stop();
	server.cleanup();
});

const made = (name: string) =>
	server
		.output()
		.split('\n')
		.filter((line) => line.includes(`documents: made ${name} of meeting 1 `)).length;
const download = async (name: string, who = 'delegate') => {
	const response = await fetch(`${server.url}/meetings/1/documents/${name}`, { headers: { cookie: cookies[who]! } });
	expect(response.status).toBe(200);
	return Buffer.from(await response.arrayBuffer());
};

describe('documents made once per version', () => {
	it('ten downloads at once of the archive make it once, and every one gets the same file', async () => {
		const bodies = await Promise.all(Array.from({ length: 10 }, () => download(ARCHIVE)));
		expect(bodies[0]!.byteLength).toBeGreaterThan(10_000);
		for (const body of bodies) expect(body.equals(bodies[0]!)).toBe(true);
		expect(made(ARCHIVE)).toBe(1);
		// Its parts were made once too, and are served from there.
		expect(made(MINUTES)).toBe(1);
		await download(MINUTES);
		await download(ARCHIVE);
		expect(made(MINUTES)).toBe(1);
		expect(made(ARCHIVE)).toBe(1);
	});

	it('a change to the draft (a deduction on the live board) makes a new archive, once', async () => {
		const before = await download(ARCHIVE);
		const head = connectLive(server.url, cookies.head!, scoringDocumentName(1));
		await synced(head);
		const writer = sqlite
			.prepare(
				"select u.id, u.display_name as name from participants p join users u on u.id = p.user_id where p.role = 'head' order by p.id limit 1"
			)
			.get() as { id: number; name: string };
		const logged = () =>
			(
				sqlite
					.prepare('select count(*) as n from sync_updates where document = ?')
					.get(scoringDocumentName(1)) as { n: number }
			).n;
		const rows = logged();
		addDeduction(
			head.doc,
			{ unit: 'ha-giang', criterion: 'II.1.1', points: points(0.5), reason: 'Chậm nộp báo cáo' },
			writer
		);
		await until(() => logged() > rows, 'the deduction in the log');
		head.destroy();
		const after = await Promise.all(Array.from({ length: 5 }, () => download(ARCHIVE)));
		expect(after[0]!.equals(before)).toBe(false);
		for (const body of after) expect(body.equals(after[0]!)).toBe(true);
		expect(made(ARCHIVE)).toBe(2);
	});
});
