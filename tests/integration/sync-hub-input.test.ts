// The sync hub against bad input: byte limits, updates Yjs would keep pending, bad frames, presence. Real parts: a
// migrated SQLite file, a real port, y-websocket providers and raw ws clients (tests/support/hub.ts).
import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
	database,
	startHub,
	connected,
	rawClient,
	waitFor,
	sleep,
	frame,
	updateMessage,
	awarenessMessage,
	boardUpdate,
	stateKey,
	json,
	logRows,
	logReplay
} from '../support/hub';
import { DIALECTS } from '../support/database';

describe.each(DIALECTS)('on %s', (dialect) => {
	describe('the sync hub: frames out', () => {
		it('every other client receives updates whole, whatever their frame length (7-, 16- and 64-bit lengths)', async () => {
			const db = await database(dialect);
			const h = await startHub(db);
			const writer = await connected(h, 'frames', 'write:1');
			const watcher = await connected(h, 'frames', 'read:2');
			let reconnects = 0;
			watcher.provider.on(
				'status',
				({ status }: { status: string }) => void (status === 'disconnected' && reconnects++)
			);
			// A bare client reads every frame it is sent: a frame with a wrong length would garble the ones after it.
			const raw = await rawClient(h, 'frames', 'read:3');
			const values = { small: 'a'.repeat(10), medium: 'b'.repeat(500), large: 'c'.repeat(70_000), after: 'd' };
			// One at a time, so that each goes out in a frame of its own (updates of one turn would share a frame).
			for (const [key, value] of Object.entries(values)) {
				writer.doc.getMap('board').set(key, value);
				await waitFor(
					() => (json(watcher.doc) as Record<string, string>)[key] === value,
					`the update of ${key}`
				);
			}
			expect(json(watcher.doc)).toEqual(values);
			expect(reconnects).toBe(0);
			const seen = new Y.Doc();
			await waitFor(() => {
				for (const data of raw.frames.splice(0)) {
					const decoder = decoding.createDecoder(data);
					if (decoding.readVarUint(decoder) === 0)
						syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), seen, null);
				}
				return Object.keys(json(seen) as object).length === 4;
			}, 'the four updates at the bare client');
			expect(json(seen)).toEqual(values);
			expect(raw.ws.readyState).toBe(WebSocket.OPEN);
		});
	});

	describe('the sync hub: events', () => {
		it('an event reaches every connection on its document, no other, and is not logged; a client sending one is closed', async () => {
			const db = await database(dialect);
			const h = await startHub(db);
			const here = [await rawClient(h, 'meeting-a', 'read:1'), await rawClient(h, 'meeting-a', 'read:2')];
			const elsewhere = await rawClient(h, 'meeting-b', 'read:3');
			const events = (raw: { frames: Uint8Array[] }) =>
				raw.frames.flatMap((data) => {
					const decoder = decoding.createDecoder(data);
					return decoding.readVarUint(decoder) === 4
						? [JSON.parse(decoding.readVarString(decoder)) as unknown]
						: [];
				});
			expect(h.hub.sendEvent('meeting-a', { kind: 'ballot', ballot: '7', status: 'open', voted: 3 })).toBe(2);
			for (const raw of here) await waitFor(() => events(raw).length === 1, 'the event');
			expect(events(here[0]!)).toEqual([{ kind: 'ballot', ballot: '7', status: 'open', voted: 3 }]);
			expect(events(elsewhere)).toEqual([]);
			expect(await logRows(db, 'meeting-a')).toHaveLength(0);

			const forged = new TextEncoder().encode('{"kind":"phase","phase":"closed"}');
			here[0]!.ws.send(Uint8Array.from([4, forged.length, ...forged]));
			expect((await here[0]!.closed).code).toBe(1003);
			expect(events(here[1]!)).toHaveLength(1);
		});
	});

	describe('the sync hub: limits and pending updates', () => {
		it('refuses an update over its byte limit, and any update once the document reaches its ceiling', async () => {
			const db = await database(dialect);
			const h = await startHub(db, {
				limits: () => ({
					maxUpdateBytes: 300,
					maxDocumentBytes: 1200,
					maxLogBytes: 1 << 20,
					maxUserLogBytes: 1 << 20
				})
			});
			const writer = await connected(h, 'bounded', 'write:1');
			const watcher = await connected(h, 'bounded', 'read:2');
			writer.doc.getMap('board').set('big', 'x'.repeat(400));
			await waitFor(() => writer.denied.length === 1, 'the refusal of the big update');
			expect(writer.denied[0]).toContain('over 300 bytes');
			expect(await logRows(db, 'bounded')).toHaveLength(0);

			// Small writes from a fresh client until the document is full.
			const small = await connected(h, 'bounded', 'write:3');
			for (let i = 0; small.denied.length === 0 && i < 50; i++) {
				small.doc.getMap('board').set(`k${i}`, 'y'.repeat(150));
				await sleep(5);
			}
			await waitFor(() => small.denied.length > 0, 'the ceiling');
			expect(small.denied[0]).toContain('full');
			const stored = (await logRows(db, 'bounded')).reduce((sum, r) => sum + r.update.byteLength, 0);
			expect(stored).toBeLessThanOrEqual(1200);
			expect(Object.keys(json(watcher.doc) as object).length).toBe((await logRows(db, 'bounded')).length);
		});

		it('closes a steady flood even though one update in each refill gets through', async () => {
			const db = await database(dialect);
			const h = await startHub(db, { updateRate: { perSecond: 20, burst: 10 } });
			const flooder = await rawClient(h, 'trickle', 'write:1');
			const closed = new Promise<number>((done) => flooder.ws.once('close', (code) => done(code)));
			// About 200 updates a second (two every 10 ms; fewer on a busy machine, still far above the rate): about one in
			// ten fits the rate, so no run of refusals is ever longer than the burst.
			let i = 0;
			const timer = setInterval(() => {
				for (let n = 0; n < 2; n++) flooder.ws.send(updateMessage(boardUpdate(`k${i++}`, i)));
			}, 10);
			const code = await closed;
			clearInterval(timer);
			expect(code).toBe(1008);
			// Closed once the burst was spent and as many refusals again had come: long before the flood got far.
			expect(i).toBeLessThan(600);
		});

		it('refuses an update that Yjs would keep pending (it builds on a change the server never had), without a content check', async () => {
			const db = await database(dialect);
			const h = await startHub(db);
			const watcher = await connected(h, 'pending', 'read:2');
			// Another client's change that never reaches the server, and an edit made on top of it.
			const ghost = new Y.Doc();
			ghost.getMap('board').set('ghost', 1);
			const hostile = new Y.Doc();
			Y.applyUpdate(hostile, Y.encodeStateAsUpdate(ghost));
			const before = Y.encodeStateVector(hostile);
			hostile.getMap('board').set('ghost', 2);
			const raw = await rawClient(h, 'pending', 'write:1');
			raw.ws.send(updateMessage(Y.encodeStateAsUpdate(hostile, before)));
			await waitFor(() => raw.frames.some((f) => f[0] === 2), 'the refusal');
			expect(await logRows(db, 'pending')).toHaveLength(0);
			const live = await h.hub.getDocument('pending');
			expect(live.store.pendingStructs).toBeNull();
			expect(json(watcher.doc)).toEqual({});
			// The writer is told and stays connected; others' writes go on.
			const writer = await connected(h, 'pending', 'write:3');
			writer.doc.getMap('board').set('real', 1);
			await waitFor(() => watcher.doc.getMap('board').get('real') === 1, 'a later write');
			expect(raw.ws.readyState).toBe(WebSocket.OPEN);
		});
	});

	describe('the sync hub: bad input', () => {
		const stateVectorGarbage = frame((e) => {
			encoding.writeVarUint(e, 0);
			encoding.writeVarUint(e, 0);
			encoding.writeVarUint8Array(e, Uint8Array.from([0xff, 0xff, 0xff]));
		});
		const valid = updateMessage(boardUpdate('hostile', 'x'.repeat(40)));
		const truncatedInner = boardUpdate('hostile', 'x'.repeat(40));
		const notJsonAwareness = frame((e) => {
			encoding.writeVarUint(e, 1);
			encoding.writeVarUint8Array(
				e,
				frame((inner) => {
					encoding.writeVarUint(inner, 1); // one client
					encoding.writeVarUint(inner, 5); // its id
					encoding.writeVarUint(inner, 1); // its clock
					encoding.writeVarString(inner, '{not json');
				})
			);
		});
		const cases: [string, number, Uint8Array | string][] = [
			['garbage bytes', 1007, Uint8Array.from(Array.from({ length: 12 }, () => 0xff))],
			['a text frame', 1003, 'hello'],
			['an unknown message type', 1003, Uint8Array.from([9, 1, 2])],
			['an unknown sync message type', 1003, Uint8Array.from([0, 7, 0])],
			['an auth message from a client', 1003, Uint8Array.from([2, 0, 0])],
			['a frame cut short', 1007, valid.slice(0, valid.length - 10)],
			['a truncated update', 1007, updateMessage(truncatedInner.slice(0, truncatedInner.length - 12))],
			['a state vector that does not decode', 1007, stateVectorGarbage],
			['awareness that is not JSON', 1007, notJsonAwareness],
			['a frame over maxMessageBytes', 1009, new Uint8Array(100 * 1024)]
		];

		it.each(cases)(
			'%s closes only that connection (close code %i), the others keep syncing',
			async (_what, code, bytes) => {
				const db = await database(dialect);
				const h = await startHub(db, { maxMessageBytes: 64 * 1024 });
				const writer = await connected(h, 'hostile', 'write:1');
				const watcher = await connected(h, 'hostile', 'read:2');
				const hostile = await rawClient(h, 'hostile', 'write:9');
				writer.doc.getMap('board').set('before', 1);
				await waitFor(() => watcher.doc.getMap('board').get('before') === 1, 'before');

				hostile.ws.send(bytes);
				expect((await hostile.closed).code).toBe(code);
				await waitFor(() => h.hub.connectionCount() === 2, 'the server to drop the connection');
				expect(h.logs.some((l) => l.includes('user 9') && (l.includes(String(code)) || code === 1009))).toBe(
					true
				);

				writer.doc.getMap('board').set('after', 2);
				await waitFor(() => watcher.doc.getMap('board').get('after') === 2, 'after');
				expect(writer.provider.wsconnected && watcher.provider.wsconnected).toBe(true);
				expect((await logRows(db, 'hostile')).map((r) => r.user_id)).toEqual([1, 1]);
				expect(json(await h.hub.getDocument('hostile'))).toEqual({ before: 1, after: 2 });
			}
		);

		it('closes with 1007 on an update that decodes but throws when applied; it is not logged and nothing of it is kept', async () => {
			// Two documents' updates, then one byte of the second changed: it still decodes, and Yjs throws half-way
			// through applying it (after changing the document and emitting an update event). Checked here first, so
			// that a Yjs that no longer throws on it fails this test rather than passing it.
			const a = new Y.Doc();
			a.clientID = 1;
			a.getMap('m').set('k', 'v');
			const inner = new Y.Map();
			a.getMap('m').set('n', inner);
			inner.set('x', 1);
			a.getArray('arr').insert(0, [1, 2, 3]);
			a.getText('t').insert(0, 'hello');
			const base = Y.encodeStateAsUpdate(a);
			const b = new Y.Doc();
			b.clientID = 2;
			Y.applyUpdate(b, base);
			(b.getMap('m').get('n') as Y.Map<unknown>).set('y', 'z');
			b.getText('t').insert(2, 'XX');
			b.getArray('arr').delete(0, 1);
			const good = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
			const bad = good.slice();
			expect(Buffer.from(good).toString('hex')).toBe('010202002800010101790177017ac4010701080258580101010301');
			bad[17] = 2;
			expect(() => Y.decodeUpdate(bad)).not.toThrow();
			const probe = new Y.Doc();
			Y.applyUpdate(probe, base);
			let events = 0;
			probe.on('update', () => events++);
			expect(() => Y.applyUpdate(probe, bad)).toThrow();
			expect(events).toBe(1);

			const db = await database(dialect);
			const h = await startHub(db);
			const writer = await connected(h, 'poison', 'write:1');
			const watcher = await connected(h, 'poison', 'read:2');
			const hostile = await rawClient(h, 'poison', 'write:9');
			hostile.ws.send(updateMessage(base));
			await waitFor(() => watcher.doc.getText('t').toString() === 'hello', 'the base');
			const before = stateKey(watcher.doc);
			const watcherUpdates: Uint8Array[] = [];
			watcher.doc.on('update', (update: Uint8Array) => watcherUpdates.push(update));

			hostile.ws.send(updateMessage(bad));
			expect((await hostile.closed).code).toBe(1007);
			expect(h.logs.some((l) => l.includes('does not apply'))).toBe(true);
			expect((await logRows(db, 'poison')).map((r) => r.user_id)).toEqual([9]);
			const server = await h.hub.getDocument('poison');
			expect(stateKey(server)).toBe(before);

			writer.doc.getMap('board').set('after', 1);
			await waitFor(() => watcher.doc.getMap('board').get('after') === 1, 'after');
			expect(watcherUpdates).toHaveLength(1); // only the writer's: nothing of the poisoned update was broadcast
			expect(stateKey(watcher.doc)).toBe(stateKey(server));
			expect(stateKey(await logReplay(db, 'poison'))).toBe(stateKey(server));
			expect(watcher.doc.getText('t').toString()).toBe('hello');
		});

		it('closes a connection that does not read (backlog over the limit) without holding up the others', async () => {
			const db = await database(dialect);
			const h = await startHub(db, { maxBufferedBytes: 64 * 1024 });
			const writer = await connected(h, 'slow', 'write:1');
			const watcher = await connected(h, 'slow', 'read:2');
			const slow = await rawClient(h, 'slow', 'read:3');
			(slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();

			const chunk = 'x'.repeat(64 * 1024);
			for (let i = 0; i < 96; i++) {
				writer.doc.getMap('board').set(`k${i}`, `${i}${chunk}`);
				if (i % 8 === 0) await sleep(1);
			}
			await waitFor(() => h.logs.some((l) => l.includes('too slow')), 'the slow client to be closed');
			await waitFor(() => watcher.doc.getMap('board').size === 96, 'the watcher', 15_000);
			expect(h.hub.connectionCount()).toBe(2);
			expect(h.logs.find((l) => l.includes('too slow'))).toContain('user 3');
		});

		it('terminates a connection that stops answering pings, and keeps the ones that answer', async () => {
			const db = await database(dialect);
			// Pings far apart enough that a busy machine's healthy client answers each before the next.
			const h = await startHub(db, { pingIntervalMs: 200 });
			const healthy = await connected(h, 'ping', 'write:1');
			let pings = 0;
			(healthy.provider.ws as unknown as import('ws').WebSocket).on('ping', () => pings++);
			const dead = await rawClient(h, 'ping', 'read:2', { autoPong: false });
			expect((await dead.closed).code).toBe(1006);
			expect(h.logs.some((l) => l.includes('user 2 (read)') && l.includes('did not answer a ping'))).toBe(true);
			const seen = pings;
			await waitFor(() => pings >= seen + 2, 'two more pings answered');
			expect(healthy.provider.wsconnected).toBe(true);
			expect(h.hub.connectionCount()).toBe(1);
		});
	});

	describe('the sync hub: awareness', () => {
		it('asserts server identity fields, refuses speaking for others, rate-limits, answers queries and removes states on close', async () => {
			const db = await database(dialect);
			const h = await startHub(db);
			const a = await connected(h, 'presence', 'write:1');
			const watcher = await connected(h, 'presence', 'read:2');
			a.provider.awareness.setLocalState({ name: 'Somebody Else', role: 'head', cursor: 3 });
			await waitFor(
				() => watcher.provider.awareness.getStates().get(a.doc.clientID)?.cursor === 3,
				"a's presence"
			);
			expect(watcher.provider.awareness.getStates().get(a.doc.clientID)).toEqual({
				name: 'User 1',
				role: 'write',
				cursor: 3
			});

			const hostile = await rawClient(h, 'presence', 'read:9');
			hostile.ws.send(
				awarenessMessage([
					{ clientId: 4242, clock: 1, state: { cursor: 7 } },
					{ clientId: a.doc.clientID, clock: 10_000, state: { name: 'Hijacked' } }
				])
			);
			await waitFor(() => watcher.provider.awareness.getStates().has(4242), 'the hostile presence');
			expect(watcher.provider.awareness.getStates().get(4242)).toEqual({
				cursor: 7,
				name: 'User 9',
				role: 'read'
			});
			expect(watcher.provider.awareness.getStates().get(a.doc.clientID)!.cursor).toBe(3);
			expect(h.logs.some((l) => l.includes('does not own'))).toBe(true);

			// Query awareness (type 3) is answered with every state.
			const before = hostile.frames.length;
			hostile.ws.send(Uint8Array.from([3]));
			await waitFor(() => hostile.frames.length > before, 'the answer to the query');
			const answer = decoding.createDecoder(hostile.frames.at(-1)!);
			expect(decoding.readVarUint(answer)).toBe(1);
			const states = decoding.createDecoder(decoding.readVarUint8Array(answer));
			expect(decoding.readVarUint(states)).toBe(2);

			// A burst of 100 presence messages: about 20 pass.
			let seen = 0;
			watcher.provider.awareness.on('update', ({ updated }: { updated: number[] }) => {
				if (updated.includes(4242)) seen++;
			});
			for (let i = 0; i < 100; i++)
				hostile.ws.send(awarenessMessage([{ clientId: 4242, clock: 2 + i, state: { n: i } }]));
			await waitFor(() => seen >= 10, 'the first of the burst');
			await sleep(100);
			expect(seen).toBeLessThanOrEqual(40); // 20 at once, then 20 a second
			expect(h.logs.some((l) => l.includes('dropped awareness from user 9'))).toBe(true);
			expect(await logRows(db, 'presence')).toHaveLength(0); // presence is never logged

			// The hostile client vanishes without a word: its state is removed and the removal broadcast.
			hostile.ws.terminate();
			await waitFor(() => !watcher.provider.awareness.getStates().has(4242), 'the removal');
			expect(watcher.provider.awareness.getStates().has(a.doc.clientID)).toBe(true);
		});
		it('lets the same user take over its client id from an older connection (a reconnect), and nobody else', async () => {
			const db = await database(dialect);
			const h = await startHub(db);
			const watcher = await connected(h, 'takeover', 'read:2');
			const old = await rawClient(h, 'takeover', 'read:9');
			old.ws.send(awarenessMessage([{ clientId: 5555, clock: 1, state: { where: 'old' } }]));
			await waitFor(() => watcher.provider.awareness.getStates().get(5555)?.where === 'old', 'the old presence');

			const other = await rawClient(h, 'takeover', 'read:8');
			other.ws.send(awarenessMessage([{ clientId: 5555, clock: 2, state: { where: 'other user' } }]));
			await waitFor(
				() => h.logs.some((l) => l.includes('does not own') && l.includes('user 8')),
				"the other user's refusal"
			);
			expect(watcher.provider.awareness.getStates().get(5555)?.where).toBe('old');
			const renewed = await rawClient(h, 'takeover', 'read:9');
			renewed.ws.send(awarenessMessage([{ clientId: 5555, clock: 3, state: { where: 'new' } }]));
			await waitFor(() => watcher.provider.awareness.getStates().get(5555)?.where === 'new', 'the new presence');
			expect(watcher.provider.awareness.getStates().get(5555)).toEqual({
				where: 'new',
				name: 'User 9',
				role: 'read'
			});

			// The old socket going away does not remove the state its successor now speaks for.
			old.ws.terminate();
			await waitFor(() => h.hub.connectionCount() === 3, 'the old socket to go');
			await sleep(30);
			expect(watcher.provider.awareness.getStates().get(5555)?.where).toBe('new');
			renewed.ws.terminate();
			await waitFor(() => !watcher.provider.awareness.getStates().has(5555), 'the removal');
		});
	});
});
