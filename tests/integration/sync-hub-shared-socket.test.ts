// The sync hub: one socket carries the other documents of its meeting (a unit's page shows the scoring document and
// that unit's answers over one socket), each checked as on a socket of its own. Real parts: a migrated SQLite file,
// a real port, y-websocket providers (the other document's over the browser's own shared-socket.ts) and raw ws
// clients for frames no provider would send (the harness is tests/support/hub.ts).
import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import {
	boardUpdate,
	connected,
	connectOver,
	database,
	frame,
	rawClient,
	rows,
	startHub,
	updateMessage,
	waitFor,
	type Raw
} from '../support/hub';

const SCORING = 'meeting/1/scoring';
const ANSWERS = 'meeting/1/answers/unit-a';

/** A message of another document of the socket: message 5, its name, then the document's own message. */
const documentMessage = (name: string, message: Uint8Array) =>
	frame((e) => {
		encoding.writeVarUint(e, 5);
		encoding.writeVarString(e, name);
		encoding.writeVarUint8Array(e, message);
	});

const step1 = frame((e) => {
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
});

/** What the server said of each document it ended or refused on the socket (message 6). */
function ends(raw: Raw): { name: string; code: number; reason: string }[] {
	return raw.frames
		.map((bytes) => decoding.createDecoder(bytes))
		.filter((decoder) => decoding.readVarUint(decoder) === 6)
		.map((decoder) => ({
			name: decoding.readVarString(decoder),
			code: decoding.readVarUint(decoder),
			reason: decoding.readVarString(decoder)
		}));
}

/** The messages of document `name` the server sent on the socket (unwrapped), by their message type. */
function messagesOf(raw: Raw, name: string): number[] {
	return raw.frames
		.map((bytes) => decoding.createDecoder(bytes))
		.filter((decoder) => decoding.readVarUint(decoder) === 5 && decoding.readVarString(decoder) === name)
		.map((decoder) => decoding.readVarUint8Array(decoder)[0]!);
}

describe('the sync hub: several documents of a meeting on one socket', () => {
	it('carries a unit’s answers beside the scoring document: edits reach another screen, each logged as its own', async () => {
		const db = await database();
		const h = await startHub(db);
		const head = await connected(h, SCORING, 'write:1');
		const headAnswers = connectOver(head, ANSWERS);
		const delegate = await connected(h, SCORING, 'write:2');
		const delegateAnswers = connectOver(delegate, ANSWERS);
		await waitFor(() => headAnswers.provider.synced && delegateAnswers.provider.synced, 'both answers to sync');

		delegateAnswers.doc.getMap('board').set('answer', 'Đã khắc phục');
		await waitFor(() => headAnswers.doc.getMap('board').get('answer') === 'Đã khắc phục', 'the answer to arrive');
		head.doc.getMap('board').set('deduction', 50);
		await waitFor(() => delegate.doc.getMap('board').get('deduction') === 50, 'the deduction to arrive');
		// Neither document leaks into the other.
		expect(headAnswers.doc.getMap('board').get('deduction')).toBeUndefined();
		expect(head.doc.getMap('board').get('answer')).toBeUndefined();

		expect(h.upgrades()).toBe(2);
		expect(h.hub.connectionCount()).toBe(4);
		expect(rows(db.sqlite, ANSWERS).map((r) => r.user_id)).toEqual([2]);
		expect(rows(db.sqlite, SCORING).map((r) => r.user_id)).toEqual([1]);

		// Presence on the added document follows its rules too: the server's name, not the one claimed.
		delegateAnswers.provider.awareness.setLocalState({ name: 'Someone else' });
		const clientId = delegateAnswers.doc.clientID;
		await waitFor(
			() => headAnswers.provider.awareness.getStates().get(clientId)?.name === 'User 2',
			'the delegate’s presence, named by the server'
		);

		// Leaving the answers (another page) keeps the socket and its scoring document.
		delegateAnswers.provider.destroy();
		await waitFor(() => h.hub.connectionCount() === 3, 'the answers connection to go');
		await waitFor(() => !headAnswers.provider.awareness.getStates().has(clientId), 'its presence to go');
		delegate.doc.getMap('board').set('after', true);
		await waitFor(() => head.doc.getMap('board').get('after') === true, 'the scoring document to go on');
		expect(delegate.provider.wsconnected).toBe(true);
		expect(h.upgrades()).toBe(2);

		// The socket drops: both documents come back on the next one, with what was written meanwhile.
		head.provider.ws!.close();
		await waitFor(() => !headAnswers.provider.wsconnected, 'the answers to lose their socket with it');
		headAnswers.doc.getMap('board').set('offline', 'kept');
		await waitFor(() => head.provider.synced && headAnswers.provider.synced, 'both documents to come back');
		await waitFor(
			() => h.hub.documentNow(ANSWERS)?.getMap('board').get('offline') === 'kept',
			'the offline answer to reach the server'
		);
		expect(h.upgrades()).toBe(3);
		expect(h.hub.connectionCount()).toBe(3); // the two screens' scoring and the head's answers

		// The person's access ends: the socket is closed for good, and so are the documents it carried.
		h.policy.revoked.add(1);
		expect(await h.hub.reauthorizeUser(1)).toBe(2);
		await waitFor(() => headAnswers.closedWith.length > 0, 'the answers to end for good');
		expect(headAnswers.closedWith).toEqual([4403]);
		expect(head.provider.shouldConnect || headAnswers.provider.shouldConnect).toBe(false);
	});

	it('asks rights per document: a refused one ends alone, with its own code, and the socket goes on', async () => {
		const db = await database();
		const h = await startHub(db);
		h.policy.closed.add('meeting/1/answers/unit-b');
		const head = await connected(h, SCORING, 'write:1');
		const watcher = await connected(h, SCORING, 'read:2');

		const refused = connectOver(head, 'meeting/1/answers/unit-b');
		const elsewhere = connectOver(head, 'meeting/2/answers/unit-a');
		await waitFor(() => refused.closedWith.length > 0 && elsewhere.closedWith.length > 0, 'both refusals');
		expect(refused.closedWith).toEqual([4403]);
		expect(elsewhere.closedWith).toEqual([4403]);
		expect(h.logs.some((l) => l.includes('not a document of this socket’s meeting'))).toBe(true);
		expect(refused.doc.getMap('board').size).toBe(0);
		head.doc.getMap('board').set('still', 1);
		await waitFor(() => watcher.doc.getMap('board').get('still') === 1, 'the head’s socket to go on');

		// A reader's write to the added document is refused there (the auth message, inside it), kept from everyone.
		const reader = connectOver(watcher, ANSWERS);
		const writer = connectOver(head, ANSWERS);
		await waitFor(() => reader.provider.synced && writer.provider.synced, 'the answers to sync');
		reader.doc.getMap('board').set('forged', 'x');
		await waitFor(() => reader.denied.length === 1, 'the refusal');
		expect(reader.denied[0]).toContain('read-only');
		writer.doc.getMap('board').set('real', 'y');
		await waitFor(() => reader.doc.getMap('board').get('real') === 'y', 'the writer’s answer');
		expect(writer.doc.getMap('board').get('forged')).toBeUndefined();
		expect(rows(db.sqlite, ANSWERS).map((r) => r.user_id)).toEqual([1]);

		// Access withdrawn from the answers alone (asked again, as every 30 s): those end, the sockets stay.
		h.policy.closed.add(ANSWERS);
		expect(await h.hub.reauthorize('meeting/1/')).toBe(2);
		await waitFor(() => reader.closedWith.length > 0 && writer.closedWith.length > 0, 'the answers to close');
		expect([reader.closedWith, writer.closedWith]).toEqual([[4403], [4403]]);
		head.doc.getMap('board').set('after', 2);
		await waitFor(() => watcher.doc.getMap('board').get('after') === 2, 'the scoring document to go on');
		expect(head.provider.wsconnected && watcher.provider.wsconnected).toBe(true);
		expect(h.upgrades()).toBe(2);
	});

	it('refuses a malformed or unknown document message alone; a frame that does not decode closes its socket only', async () => {
		const db = await database();
		const h = await startHub(db);
		const writer = await connected(h, SCORING, 'write:1');
		const watcher = await connected(h, SCORING, 'read:2');
		const raw = await rawClient(h, SCORING, 'write:9');

		raw.ws.send(documentMessage(ANSWERS, step1));
		await waitFor(() => messagesOf(raw, ANSWERS).includes(0), 'the answers document’s step 1');
		// Events reach an added document's screens inside its messages.
		expect(h.hub.sendEvent(ANSWERS, { kind: 'phase', phase: 'review' })).toBe(1);
		await waitFor(() => messagesOf(raw, ANSWERS).includes(4), 'the event');

		const refusals: [string, Uint8Array, number][] = [
			// A message type a client may not send, inside a document's message: that document ends (1003).
			[ANSWERS, Uint8Array.from([2, 0, 0]), 1003],
			// An update that does not decode: that document ends (1007).
			['meeting/1/answers/unit-b', Uint8Array.from([0, 2, 5, 1, 2]), 1007],
			// The socket's own document travels unwrapped; a name no document has; another meeting's document.
			[SCORING, step1, 4400],
			['meeting/1/\u0001', step1, 4400],
			['meeting/2/answers/unit-a', step1, 4403]
		];
		for (const [name, message, code] of refusals) {
			if (message !== step1) raw.ws.send(documentMessage(name, step1));
			raw.ws.send(documentMessage(name, message));
			await waitFor(() => ends(raw).some((end) => end.name === name), `the end of ${JSON.stringify(name)}`);
			expect(ends(raw).find((end) => end.name === name)?.code, name).toBe(code);
		}
		// Something other than a step 1 for a document not on the socket (in flight after its end) is dropped.
		raw.ws.send(documentMessage('meeting/1/answers/unit-c', updateMessage(boardUpdate('stray', 1))));
		await waitFor(() => h.logs.some((l) => l.includes('dropped a message for "meeting/1/answers/unit-c"')), 'drop');
		expect(rows(db.sqlite, 'meeting/1/answers/unit-c')).toEqual([]);

		// The socket itself goes on: its own document still answers, and nobody else noticed.
		raw.ws.send(updateMessage(boardUpdate('raw', 1)));
		await waitFor(() => watcher.doc.getMap('board').get('raw') === 1, 'the raw client’s scoring write');
		writer.doc.getMap('board').set('writer', 1);
		await waitFor(() => watcher.doc.getMap('board').get('writer') === 1, 'the writer');
		expect(raw.ws.readyState).toBe(raw.ws.OPEN);

		// A document message whose name does not decode cannot be told apart: its socket closes (1007), alone.
		raw.ws.send(Uint8Array.from([5, 200]));
		expect((await raw.closed).code).toBe(1007);
		await waitFor(() => h.hub.connectionCount() === 2, 'the raw socket’s documents to go');
		writer.doc.getMap('board').set('after', 1);
		await waitFor(() => watcher.doc.getMap('board').get('after') === 1, 'the others to go on');
	});

	it('limits each added document like a socket of its own: its flood ends it alone and keeps its user out a while', async () => {
		const db = await database();
		const h = await startHub(db, { updateRate: { perSecond: 1, burst: 5 }, floodCooldownMs: 60_000 });
		const raw = await rawClient(h, SCORING, 'write:9');
		raw.ws.send(documentMessage(ANSWERS, step1));
		await waitFor(() => messagesOf(raw, ANSWERS).includes(0), 'the answers document');
		for (let i = 0; i < 20; i++) raw.ws.send(documentMessage(ANSWERS, updateMessage(boardUpdate(`k${i}`, i))));
		await waitFor(() => ends(raw).some((end) => end.name === ANSWERS), 'the flood to be ended');
		expect(ends(raw)[0]).toMatchObject({ name: ANSWERS, code: 1008 });
		// Asking for it again is refused for now (try again later), as an upgrade would be (429).
		raw.ws.send(documentMessage(ANSWERS, step1));
		await waitFor(() => ends(raw).length === 2, 'the second refusal');
		expect(ends(raw)[1]).toMatchObject({ name: ANSWERS, code: 1013 });
		expect(raw.ws.readyState).toBe(raw.ws.OPEN);
		expect(h.hub.connectionCount()).toBe(1);
	});

	it('bounds what one socket may add: eight documents at once, and additions at a rate', async () => {
		const db = await database();
		const h = await startHub(db);
		const raw = await rawClient(h, SCORING, 'write:9');
		const name = (i: number) => `meeting/1/answers/unit-${i}`;
		for (let i = 0; i < 9; i++) raw.ws.send(documentMessage(name(i), step1));
		await waitFor(() => ends(raw).length === 1 && h.hub.connectionCount() === 9, 'eight added, one refused');
		expect(ends(raw)[0]).toMatchObject({ name: name(8), code: 1008, reason: 'too many documents on one socket' });

		// Leaving makes room; adding again and again is refused past a burst (try again later), the socket stays.
		const leave = (i: number) =>
			frame((e) => {
				encoding.writeVarUint(e, 6);
				encoding.writeVarString(e, name(i));
				encoding.writeVarUint(e, 1000);
				encoding.writeVarString(e, '');
			});
		for (let i = 0; i < 20; i++) {
			raw.ws.send(leave(i));
			raw.ws.send(documentMessage(name(i + 9), step1));
		}
		await waitFor(() => ends(raw).some((end) => end.code === 1013), 'an addition refused for its rate');
		expect(ends(raw).find((end) => end.code === 1013)?.reason).toBe('documents added too often: try again later');
		expect(ends(raw).every((end) => end.code === 1008 || end.code === 1013)).toBe(true);
		expect(raw.ws.readyState).toBe(raw.ws.OPEN);
	});
});
