// The sync hub: who may connect and who may write (rights are asked on every write). Real parts: a migrated SQLite
// file, a real port, y-websocket providers and raw ws clients (the harness is tests/support/hub.ts).
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import {
	database,
	startHub,
	connected,
	rawClient,
	waitFor,
	sleep,
	json,
	rawUpgrade,
	eventually,
	logRows,
	logReplay
} from '../support/hub';
import { DIALECTS } from '../support/database';

describe.each(DIALECTS)('on %s', (dialect) => {
	describe('the sync hub: who may connect', () => {
		it('answers 401, 403, 404 and 400 as plain HTTP before the upgrade, with nothing of the document', async () => {
			const db = await database(dialect);
			const h = await startHub(db, { seed: (_name, doc) => doc.getMap('board').set('secret', 'TOP-SECRET-42') });
			const base = `http://127.0.0.1:${h.port}/sync`;

			const cases: [string, number][] = [
				[`${base}/meeting-1`, 401],
				[`${base}/meeting-1?token=none:4`, 403],
				[`${base}/missing/board?token=write:1`, 404],
				[`${base}/%E0%A4%A?token=write:1`, 400],
				[`${base}/?token=write:1`, 400],
				[`http://127.0.0.1:${h.port}/elsewhere/meeting-1?token=write:1`, 404]
			];
			for (const [url, status] of cases) {
				const answer = await rawUpgrade(url);
				expect(answer, url).toMatchObject({ status, upgraded: false });
				expect(answer.body).not.toContain('TOP-SECRET');
			}
			// The same through a real WebSocket client: refused at the handshake, not one frame received.
			const refused = await new Promise<number>((done) => {
				const ws = new WebSocket(`${h.url}/meeting-1?token=none:4`);
				ws.on('message', () => done(-1));
				ws.on('error', () => {});
				ws.on('unexpected-response', (_request, response) => {
					done(response.statusCode ?? 0);
					ws.terminate();
				});
			});
			expect(refused).toBe(403);
			expect(h.hub.connectionCount()).toBe(0);
			expect(h.logs.filter((l) => l.includes('refused upgrade'))).toHaveLength(cases.length + 1);
			expect(h.logs.some((l) => l.includes('token'))).toBe(false); // the query string is never logged

			// A signed-in participant gets the document; the name is URL-decoded and may contain '/'.
			const client = await connected(h, 'meeting/1/scoring', 'read:2');
			expect(json(client.doc)).toEqual({ secret: 'TOP-SECRET-42' });
			const encoded = await rawClient(h, encodeURIComponent('meeting/1/scoring'), 'read:3');
			await waitFor(() => encoded.frames.length > 0, 'the step 1 of the encoded name');
			expect((await h.hub.getDocument('meeting/1/scoring')).getMap('board').get('secret')).toBe('TOP-SECRET-42');
			expect(h.hub.connectionCount()).toBe(2);
		});

		it('closes connections whose access is withdrawn, with 4000 + status, when asked to reauthorize', async () => {
			const db = await database(dialect);
			const h = await startHub(db);
			const kept = await connected(h, 'meeting-7/board', 'write:1');
			const removed = await connected(h, 'meeting-7/board', 'write:2');
			const closedEvent = new Promise<{ code: number }>((done) =>
				removed.provider.on('closed', (event) => done(event))
			);
			h.policy.revoked.add(2);
			expect(await h.hub.reauthorize('meeting-8/')).toBe(0);
			expect(await h.hub.reauthorize('meeting-7/')).toBe(1);
			expect((await closedEvent).code).toBe(4403);
			await sleep(150); // longer than the provider's backoff: it must not come back
			expect(h.hub.connectionCount()).toBe(1);
			expect(removed.provider.wsconnected).toBe(false);
			kept.doc.getMap('board').set('still', 'here');
			await eventually(async () => (await logRows(db, 'meeting-7/board')).length === 1, 'the kept write');
			expect((await logRows(db, 'meeting-7/board'))[0]!.user_id).toBe(1);
		});
	});

	describe('the sync hub: who may write', () => {
		it("drops a read-only connection's writes: not applied, not logged, never seen; tells it and keeps it open", async () => {
			const db = await database(dialect);
			const h = await startHub(db);
			const writer = await connected(h, 'scoring', 'write:1');
			const reader = await connected(h, 'scoring', 'read:5');
			const watcher = await connected(h, 'scoring', 'read:6');

			writer.doc.getMap('board').set('a', 1);
			await waitFor(
				() => reader.doc.getMap('board').get('a') === 1 && watcher.doc.getMap('board').get('a') === 1,
				'a'
			);
			// Its own step 2 in reply to the server's step 1 carried nothing new: not refused.
			expect(reader.denied).toEqual([]);

			reader.doc.getMap('board').set('evil', 'x');
			reader.doc.getMap('board').delete('a');
			await waitFor(() => reader.denied.length === 2, 'two refusals');
			expect(reader.denied[0]).toContain('read-only');
			expect(reader.provider.wsconnected).toBe(true);

			// A later write of the writer reaches everyone, the refused ones never do.
			writer.doc.getMap('board').set('b', 2);
			await waitFor(
				() => watcher.doc.getMap('board').get('b') === 2 && reader.doc.getMap('board').get('b') === 2,
				'b'
			);
			expect(json(watcher.doc)).toEqual({ a: 1, b: 2 });
			expect(json(writer.doc)).toEqual({ a: 1, b: 2 });
			expect(json(await h.hub.getDocument('scoring'))).toEqual({ a: 1, b: 2 });
			expect((await logRows(db, 'scoring')).map((r) => r.user_id)).toEqual([1, 1]);
			expect(json(await logReplay(db, 'scoring'))).toEqual({ a: 1, b: 2 });
			expect(h.logs.some((l) => l.includes('refused update from user 5 (read)'))).toBe(true);
		});

		it('asks canWrite() on every write: rights withdrawn mid-connection take effect at once', async () => {
			const db = await database(dialect);
			const h = await startHub(db);
			const writer = await connected(h, 'phase', 'write:3');
			const watcher = await connected(h, 'phase', 'read:4');
			writer.doc.getMap('board').set('before', 1);
			await waitFor(() => watcher.doc.getMap('board').get('before') === 1, 'the write before');

			h.policy.readOnlyNow.add(3); // e.g. the meeting was closed
			writer.doc.getMap('board').set('after', 2);
			await waitFor(() => writer.denied.length === 1, 'the refusal');
			const probe = await connected(h, 'phase', 'read:7');
			expect(json(probe.doc)).toEqual({ before: 1 });
			expect(await logRows(db, 'phase')).toHaveLength(1);
		});

		it('refuses what validate() rejects, and later writes that depend on a refused one', async () => {
			const db = await database(dialect);
			const askedFor: (number | null)[] = [];
			const h = await startHub(db, {
				validate: (_name, doc, update, access) => {
					askedFor.push(access.userId);
					const copy = new Y.Doc();
					Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
					Y.applyUpdate(copy, update);
					return !copy.getMap('board').has('forbidden');
				}
			});
			const writer = await connected(h, 'validated', 'write:1');
			const watcher = await connected(h, 'validated', 'read:2');
			writer.doc.getMap('board').set('fine', 1);
			await waitFor(() => watcher.doc.getMap('board').get('fine') === 1, 'fine');

			writer.doc.getMap('board').set('forbidden', 1);
			await waitFor(() => writer.denied.length === 1, 'the refusal');
			expect(writer.denied[0]).toBe('the change is not allowed');
			// This client's next change builds on the refused one: the server cannot apply it and says so.
			writer.doc.getMap('board').set('next', 1);
			await waitFor(() => writer.denied.length === 2, 'the second refusal');
			expect(writer.denied[1]).toContain('depends on');

			const other = await connected(h, 'validated', 'write:3');
			other.doc.getMap('board').set('other', 1);
			await waitFor(() => watcher.doc.getMap('board').get('other') === 1, 'other');
			expect(json(watcher.doc)).toEqual({ fine: 1, other: 1 });
			expect((await logRows(db, 'validated')).map((r) => r.user_id)).toEqual([1, 3]);
			expect(askedFor).toEqual([1, 1, 3]); // with the writer's access; the dependent write never got that far
		});
	});
});
