import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { points } from '$lib/core/scoring';
import { scoringDocumentName } from '$lib/live/documents';
import { addDeduction, updateDeduction } from '$lib/live/scoring-doc';
import { startServer, type RunningServer } from '../support/server';
import { signInAs } from '../support/people';
import { connectLive, synced, until, type LiveClient } from '../support/live';

// A unit's history on the real server, after a scorer rewrote a long reason again and again: the page sends 50
// changes at a time, and the log is replayed once, later looks reading only what was logged since.

let server: RunningServer;
let sqlite: SQLite.Database;
let head: LiveClient;
let cookie: string;
const SCORING = scoringDocumentName(1);
const REWRITES = 110;

const logged = () =>
	(sqlite.prepare('select count(*) as n from sync_updates where document = ?').get(SCORING) as { n: number }).n;
/** The rows of the scoring log the server read for the history so far, from its log lines. */
const replayed = () =>
	server
		.output()
		.split('\n')
		.map((line) => /^history: read (\d+) logged update\(s\) of "meeting\/1\/scoring"/.exec(line))
		.reduce((sum, match) => sum + (match ? Number(match[1]) : 0), 0);
const historyPage = async (query = '') => {
	const response = await fetch(`${server.url}/meetings/1/units/lao-cai/history${query}`, { headers: { cookie } });
	expect(response.status).toBe(200);
	return response.text();
};
const items = (html: string) => [...html.matchAll(/<li data-kind="(\w+)"/g)].map((m) => m[1]);

beforeAll(async () => {
	server = await startServer({ demo: true });
	sqlite = new SQLite(server.databasePath);
	cookie = await signInAs(server.url, server.databasePath, { role: 'head' });
	const writer = sqlite
		.prepare(
			"select u.id, u.display_name as name from participants p join users u on u.id = p.user_id where p.role = 'head' order by p.id limit 1"
		)
		.get() as { id: number; name: string };
	head = connectLive(server.url, cookie, SCORING);
	await synced(head);
	const before = logged();
	const id = addDeduction(
		head.doc,
		{ unit: 'lao-cai', criterion: 'I.2.3', points: points(1), reason: `0 ${'Lý do dài. '.repeat(150)}` },
		writer
	);
	await until(() => logged() === before + 1, 'the deduction');
	// One long reason rewritten again and again, each save waited for (within every rate).
	for (let i = 1; i <= REWRITES; i++) {
		updateDeduction(head.doc, id, { reason: `${i} ${'Lý do dài. '.repeat(150)}` }, writer);
		await until(() => logged() === before + 1 + i, `rewrite ${i}`);
	}
	expect(head.refused()).toBe(0);
}, 120_000);
afterAll(async () => {
	head.destroy();
	sqlite.close();
	await server.stop();
	server.cleanup();
});

describe('the history of a long log', () => {
	it('sends 50 changes a page, newest first, and the older ones on the next pages', async () => {
		const first = await historyPage();
		expect(items(first)).toHaveLength(50);
		expect(first).toContain(`«${REWRITES} Lý do dài.`);
		expect(first).toContain('Trang 1/3 · 111 thay đổi');
		// Each rewrite is 1,650 characters; the page quotes (and sends) the first 160 of each: the whole page, with the
		// board it belongs to, weighs less than 60 of them (all 111 were sent before).
		expect(first.length).toBeLessThan(60 * 1650);
		const second = await historyPage('?page=2');
		expect(items(second)).toHaveLength(50);
		const last = await historyPage('?page=3');
		expect(items(last)).toEqual([...Array(10).fill('reason'), 'add']);
		expect(last).toContain('«0 Lý do dài.');
		// Filters go with the page: this unit's changes by item.
		expect(items(await historyPage('?item=I.2.3&page=3'))).toHaveLength(11);
		expect(items(await historyPage('?item=II.2.2'))).toHaveLength(0);
	});

	it('replays the log once: later looks read only the rows logged since', async () => {
		await historyPage();
		const once = replayed();
		expect(once).toBe(logged());
		await Promise.all([historyPage(), historyPage('?page=2'), historyPage('?at=0')]);
		expect(replayed()).toBe(once);
		const writer = sqlite
			.prepare(
				"select u.id, u.display_name as name from participants p join users u on u.id = p.user_id where p.role = 'head' order by p.id limit 1"
			)
			.get() as { id: number; name: string };
		const rows = logged();
		addDeduction(
			head.doc,
			{ unit: 'lao-cai', criterion: 'I.2.1', points: points(0.5), reason: 'Một khoản mới' },
			writer
		);
		await until(() => logged() === rows + 1, 'the new deduction');
		const page = await historyPage();
		expect(replayed()).toBe(once + 1);
		expect(items(page)[0]).toBe('add');
		expect(page).toContain('Trang 1/3 · 112 thay đổi');
	});

	it('shows the sheet as it stood at a moment, from the server', async () => {
		expect(await historyPage('?at=0')).toMatch(/data-testid="as-at-label">trước/);
		expect(await historyPage()).toMatch(/data-testid="as-at-label">hiện tại/);
	});
});
