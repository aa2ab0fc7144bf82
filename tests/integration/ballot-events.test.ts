import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import * as decoding from 'lib0/decoding';
import type WebSocket from 'ws';
import { scoringDocumentName } from '$lib/live/documents';
import { MESSAGE_EVENT, parseBoardEvent, type BoardEvent } from '$lib/live/events';
import { startServer, type RunningServer } from '../support/server';
import { postForm, signInAs } from '../support/people';
import { rawSocket, until } from '../support/live';

// Ballots and phases reach every screen as one-off events on the meeting's scoring socket, never as a stored
// document. Real parts: the built server on a real port, its SQLite file, real WebSocket clients.

let server: RunningServer;
let sqlite: SQLite.Database;
const cookies = { head: '', host: '', observer: '', delegate: '' };
const SCORING = scoringDocumentName(1);

/** A screen's socket on the scoring document, keeping every event the server sends it. */
async function screen(cookie: string): Promise<{ socket: WebSocket; events: BoardEvent[] }> {
	const opened = await rawSocket(server.url, `/sync/${SCORING}`, cookie);
	if (!('socket' in opened)) throw new Error(`refused: ${opened.status}`);
	const events: BoardEvent[] = [];
	opened.socket.on('message', (data: Buffer) => {
		const decoder = decoding.createDecoder(new Uint8Array(data));
		if (decoding.readVarUint(decoder) !== MESSAGE_EVENT) return;
		const event = parseBoardEvent(decoding.readVarString(decoder));
		if (!event) throw new Error('an event that does not parse');
		events.push(event);
	});
	return { socket: opened.socket, events };
}

const logRows = () =>
	sqlite.prepare('select document, count(*) as n from sync_updates group by document').all() as {
		document: string;
		n: number;
	}[];
const latestBallot = () => (sqlite.prepare('select max(id) as id from ballots').get() as { id: number }).id;

beforeAll(async () => {
	server = await startServer({ demo: true });
	sqlite = new SQLite(server.databasePath, { readonly: true });
	cookies.head = await signInAs(server.url, server.databasePath, { role: 'head' });
	cookies.host = await signInAs(server.url, server.databasePath, { role: 'host' });
	cookies.observer = await signInAs(server.url, server.databasePath, { role: 'observer' });
	cookies.delegate = await signInAs(server.url, server.databasePath, { role: 'delegate', unit: 'Hà Giang' });
});
afterAll(async () => {
	sqlite.close();
	await server.stop();
	server.cleanup();
});

describe('ballot events', () => {
	it('a new phase, a ballot prepared, opened, a vote cast and the close reach connected screens as messages; nothing goes into the update log', async () => {
		const observer = await screen(cookies.observer);
		const delegate = await screen(cookies.delegate);
		const logBefore = logRows();

		expect((await postForm(server.url, '/meetings/1?/phase', { to: 'voting' }, cookies.head)).status).toBe(200);
		await until(() => observer.events.some((e) => e.kind === 'phase' && e.phase === 'voting'), 'the phase event');

		const created = await postForm(
			server.url,
			'/meetings/1/ballots?/create',
			{
				purpose: 'flag',
				title: 'Suy tôn Cờ thi đua',
				candidate: 'son-la',
				maxChoices: '1',
				seats: '1',
				quorum: '5',
				thresholdNumerator: '1',
				thresholdDenominator: '2',
				thresholdBase: 'members',
				thresholdComparison: 'more_than',
				secret: 'on'
			},
			cookies.host
		);
		expect(created.status).toBe(200);
		const ballot = String(latestBallot());
		await until(
			() => observer.events.some((e) => e.kind === 'ballot' && e.ballot === ballot && e.status === 'draft'),
			'the draft'
		);

		expect((await postForm(server.url, '/meetings/1/ballots?/open', { ballot }, cookies.head)).status).toBe(200);
		await until(
			() => observer.events.some((e) => e.kind === 'ballot' && e.ballot === ballot && e.status === 'open'),
			'the opening'
		);

		expect(
			(await postForm(server.url, '/meetings/1/ballots?/vote', { ballot, choice: 'son-la' }, cookies.delegate))
				.status
		).toBe(200);
		await until(
			() =>
				observer.events.some(
					(e) => e.kind === 'ballot' && e.ballot === ballot && e.status === 'open' && e.voted === 1
				),
			'the turnout of 1'
		);

		expect((await postForm(server.url, '/meetings/1/ballots?/close', { ballot }, cookies.head)).status).toBe(200);
		await until(
			() => observer.events.some((e) => e.kind === 'ballot' && e.ballot === ballot && e.status === 'closed'),
			'the close'
		);
		await until(
			() => delegate.events.some((e) => e.kind === 'ballot' && e.ballot === ballot && e.status === 'closed'),
			'the close on the delegate’s screen'
		);

		// Only counts and statuses travel: never a choice.
		expect(JSON.stringify(observer.events)).not.toContain('son-la');
		// Nothing of the phase or the ballots was written to the update log, and there is no events document.
		expect(logRows()).toEqual(logBefore);
		expect(logRows().every((row) => /^meeting\/\d+\/(scoring|answers\/[a-z0-9-]+)$/.test(row.document))).toBe(true);
		const old = await rawSocket(server.url, '/sync/meeting/1/events', cookies.observer);
		expect('status' in old && old.status).toBe(404);

		for (const s of [observer, delegate]) s.socket.close();
	});

	it('a client that sends an event is closed; the others keep receiving them', async () => {
		const forger = await screen(cookies.head);
		const watcher = await screen(cookies.observer);
		const closed = new Promise<number>((resolve) => forger.socket.on('close', (code) => resolve(code)));
		const forged = new TextEncoder().encode(
			JSON.stringify({ kind: 'ballot', ballot: '1', status: 'closed', voted: 8 })
		);
		forger.socket.send(Buffer.from([MESSAGE_EVENT, forged.length, ...forged]));
		expect(await closed).toBe(1003);
		expect(watcher.events).toEqual([]);

		// The server's own events still reach the others (the meeting is in voting since the test before).
		const created = await postForm(
			server.url,
			'/meetings/1/ballots?/create',
			{
				purpose: 'merit',
				title: 'Bằng khen',
				candidate: 'lao-cai',
				maxChoices: '1',
				seats: '1',
				quorum: '5',
				thresholdNumerator: '1',
				thresholdDenominator: '2',
				thresholdBase: 'members',
				thresholdComparison: 'more_than'
			},
			cookies.host
		);
		expect(created.status).toBe(200);
		const draft = String(latestBallot());
		expect(
			(await postForm(server.url, '/meetings/1/ballots?/remove', { ballot: draft }, cookies.host)).status
		).toBe(200);
		await until(
			() => watcher.events.some((e) => e.kind === 'ballot' && e.ballot === draft && e.status === 'deleted'),
			'the deletion'
		);
		watcher.socket.close();
	});
});
