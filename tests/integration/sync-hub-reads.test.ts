// The sync hub against reads that would stall the board: one observer asking for the whole document again and
// again, on one connection or by reconnecting. Real parts: a migrated SQLite file, a real port, y-websocket
// providers and raw ws clients (tests/support/hub.ts).
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
	rawUpgrade,
	waitFor,
	frame,
	json,
	type Raw,
	eventually,
	logRows,
	type AnyDatabase
} from '../support/hub';
import { DIALECTS } from '../support/database';

describe.each(DIALECTS)('on %s', (dialect) => {
	/** "Send me everything": a sync step 1 with an empty state vector (four bytes on the wire, with its header). */
	const everything = frame((e) => {
		encoding.writeVarUint(e, 0);
		syncProtocol.writeSyncStep1(e, new Y.Doc());
	});

	/** The step 2 answers among a raw client's frames, as the updates they carry. */
	function answers(raw: Raw): Uint8Array[] {
		return raw.frames
			.filter((f) => f[0] === 0 && f[1] === 1)
			.map((f) => {
				const decoder = decoding.createDecoder(f);
				decoding.readVarUint(decoder);
				decoding.readVarUint(decoder);
				return decoding.readVarUint8Array(decoder);
			});
	}

	const received = (raw: Raw) => raw.frames.reduce((sum, f) => sum + f.byteLength, 0);

	/** A document of about 240 KB, written by `write:1`. */
	async function largeDocument(h: { url: string; db: AnyDatabase }, name: string) {
		const writer = await connected(h, name, 'write:1');
		for (let i = 0; i < 4; i++) writer.doc.getMap('board').set(`page${i}`, String(i).repeat(60_000));
		await eventually(async () => (await logRows(h.db, name)).length === 4, 'the pages in the log');
		return writer;
	}

	describe('the sync hub: reads that cannot stall the board', () => {
		it('sends an observer who asks for everything 300 times one copy of the document, and everyone else’s edits go on', async () => {
			const db = await database(dialect);
			const h = await startHub(db);
			const writer = await largeDocument({ url: h.url, db }, 'flooded');
			const watcher = await connected(h, 'flooded', 'read:2');
			await waitFor(() => Object.keys(json(watcher.doc) as object).length === 4, 'the pages at the watcher');
			const whole = Y.encodeStateAsUpdate(watcher.doc).byteLength;
			expect(whole).toBeGreaterThan(200_000);

			const observer = await rawClient(h, 'flooded', 'read:9');
			for (let i = 0; i < 300; i++) observer.ws.send(everything);
			// Edits made during the flood are stored, and reach the others.
			for (let i = 0; i < 10; i++) writer.doc.getMap('board').set(`edit${i}`, i);
			await waitFor(() => (json(watcher.doc) as Record<string, number>).edit9 === 9, 'the edits at the watcher');
			expect(writer.denied).toEqual([]);
			expect((await logRows(db, 'flooded')).length).toBe(14);
			// The last of the 300 has been answered (the socket is ordered), or the observer was closed for flooding.
			await waitFor(
				() => answers(observer).length === 300 || observer.ws.readyState === WebSocket.CLOSED,
				'the answers'
			);
			const copies = answers(observer).filter((u) => u.byteLength > whole / 2).length;
			expect(copies).toBe(1);
			expect(received(observer)).toBeLessThan(2 * whole);
			// The one copy is the whole document; the rest answer empty (their place in the stream is the acknowledgement).
			const seen = new Y.Doc();
			for (const update of answers(observer)) Y.applyUpdate(seen, update);
			expect(Object.keys(json(seen) as object).filter((k) => k.startsWith('page'))).toHaveLength(4);
		});

		it('closes a connection that goes on asking faster than any screen probes, and keeps its user out for a while', async () => {
			const db = await database(dialect);
			const h = await startHub(db);
			await largeDocument({ url: h.url, db }, 'probed');
			const observer = await rawClient(h, 'probed', 'read:9');
			const closed = new Promise<number>((done) => observer.ws.once('close', (code) => done(code)));
			for (let i = 0; i < 1000; i++) observer.ws.send(everything);
			expect(await closed).toBe(1008);
			expect(answers(observer).length).toBeLessThan(1000);
			const again = await rawUpgrade(`http://127.0.0.1:${h.port}/sync/probed?token=read:9`);
			expect(again.status).toBe(429);
			// Another user is not held up.
			const other = await connected(h, 'probed', 'read:3');
			expect(Object.keys(json(other.doc) as object)).toHaveLength(4);
		});

		it('answers a screen’s probes, a step 1 after each edit and one every 1.5 s, every one of them', async () => {
			const db = await database(dialect);
			const h = await startHub(db);
			const prober = await rawClient(h, 'honest', 'write:4');
			const doc = new Y.Doc();
			doc.on('update', (update: Uint8Array) =>
				prober.ws.send(
					frame((e) => {
						encoding.writeVarUint(e, 0);
						syncProtocol.writeUpdate(e, update);
					})
				)
			);
			const probe = () =>
				prober.ws.send(
					frame((e) => {
						encoding.writeVarUint(e, 0);
						syncProtocol.writeSyncStep1(e, doc);
					})
				);
			probe();
			// A fast typist: 60 edits, each followed by its probe, as fast as the socket goes.
			for (let i = 0; i < 60; i++) {
				doc.getMap('board').set('reason', `text ${i}`);
				probe();
			}
			await waitFor(() => answers(prober).length === 61, 'an answer to every probe');
			expect(prober.ws.readyState).toBe(WebSocket.OPEN);
			expect(await logRows(db, 'honest')).toHaveLength(60);
		});

		it('sends a user who reconnects again and again to ask for everything a few copies, then refuses the upgrade (429)', async () => {
			const db = await database(dialect);
			const h = await startHub(db);
			const writer = await largeDocument({ url: h.url, db }, 'reloaded');
			const whole = Y.encodeStateAsUpdate(writer.doc).byteLength;
			let bytes = 0;
			let refused = 0;
			for (let i = 0; i < 30; i++) {
				let observer: Raw;
				try {
					observer = await rawClient(h, 'reloaded', 'read:9');
				} catch (error) {
					expect(String(error)).toContain('429');
					refused++;
					continue;
				}
				observer.ws.send(everything);
				await waitFor(() => answers(observer).length === 1, 'the answer');
				bytes += received(observer);
				observer.ws.terminate();
			}
			expect(refused).toBeGreaterThan(15);
			expect(bytes).toBeLessThan(10 * whole);
			// Someone else still gets the board at once.
			const other = await connected(h, 'reloaded', 'read:3');
			expect(Object.keys(json(other.doc) as object)).toHaveLength(4);
		});

		it('answers from a cache of the encoded state that a change of the document replaces', async () => {
			const db = await database(dialect);
			const h = await startHub(db);
			const writer = await connected(h, 'versions', 'write:1');
			writer.doc.getMap('board').set('a', 1);
			const first = await connected(h, 'versions', 'read:2');
			const second = await connected(h, 'versions', 'read:3');
			expect(json(first.doc)).toEqual({ a: 1 });
			expect(json(second.doc)).toEqual({ a: 1 });
			writer.doc.getMap('board').set('b', 2);
			await waitFor(() => (json(first.doc) as Record<string, number>).b === 2, 'the change');
			const third = await connected(h, 'versions', 'read:4');
			expect(json(third.doc)).toEqual({ a: 1, b: 2 });
			writer.doc.getMap('board').delete('a');
			await waitFor(() => !('a' in (json(first.doc) as object)), 'the deletion');
			const fourth = await connected(h, 'versions', 'read:5');
			expect(json(fourth.doc)).toEqual({ b: 2 });
		});
	});

	describe('the sync hub: the update log’s growth is bounded', () => {
		it('refuses a user’s write that would take what they wrote into a document’s log over their bound, and anyone’s past the document’s', async () => {
			const db = await database(dialect);
			// Snapshots every 5 updates keep the document's own size small: only the log grows.
			const h = await startHub(db, {
				snapshotAfterUpdates: 5,
				limits: () => ({
					maxUpdateBytes: 4096,
					maxDocumentBytes: 1 << 20,
					maxLogBytes: 30_000,
					maxUserLogBytes: 12_000
				})
			});
			const rewriter = await connected(h, 'bounded-log', 'write:1');
			const watcher = await connected(h, 'bounded-log', 'read:2');
			const logged = async (userId: number) =>
				(await logRows(db, 'bounded-log'))
					.filter((r) => r.user_id === userId)
					.reduce((sum, r) => sum + r.update.byteLength, 0);
			// Rewriting one long reason again and again, within every rate.
			for (let i = 0; rewriter.denied.length === 0 && i < 100; i++) {
				rewriter.doc.getMap('board').set('reason', `${i} ${'x'.repeat(1000)}`);
				await eventually(
					async () => (await logRows(db, 'bounded-log')).length > i || rewriter.denied.length > 0,
					'the rewrite stored or refused'
				);
			}
			expect(rewriter.denied[0]).toContain('too much into this document’s history');
			expect(await logged(1)).toBeLessThanOrEqual(12_000);
			expect(await logged(1)).toBeGreaterThan(10_000);
			// The refused rewrite is nowhere; the others still write, up to the document's own bound.
			const last = (json(watcher.doc) as { reason: string }).reason;
			expect((await logRows(db, 'bounded-log')).length).toBe(Number(last.split(' ')[0]) + 1);
			const others = [await connected(h, 'bounded-log', 'write:3'), await connected(h, 'bounded-log', 'write:4')];
			for (const [n, other] of others.entries()) {
				for (let i = 0; other.denied.length === 0 && i < 100; i++) {
					other.doc.getMap('board').set(`other${n}`, `${i} ${'y'.repeat(1000)}`);
					await waitFor(
						() =>
							(json(watcher.doc) as Record<string, string>)[`other${n}`]?.startsWith(`${i} `) ||
							other.denied.length > 0,
						'the write'
					);
				}
			}
			expect(others[0]!.denied[0]).toContain('too much into this document’s history');
			expect(others[1]!.denied[0]).toContain('the document’s history is full');
			const total = (await logRows(db, 'bounded-log')).reduce((sum, r) => sum + r.update.byteLength, 0);
			expect(total).toBeLessThanOrEqual(30_000);
			// After a restart the bound still holds: it is counted from the log itself.
			await h.stop();
			const again = await startHub(db, {
				limits: () => ({
					maxUpdateBytes: 4096,
					maxDocumentBytes: 1 << 20,
					maxLogBytes: 30_000,
					maxUserLogBytes: 12_000
				})
			});
			const back = await connected(again, 'bounded-log', 'write:1');
			back.doc.getMap('board').set('reason', 'z'.repeat(1000));
			await waitFor(() => back.denied.length > 0, 'the refusal after the restart');
		});
	});
});
