import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import * as encoding from 'lib0/encoding';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import { points } from '$lib/core/scoring';
import { answersMap, readAnswers, setAnswer } from '$lib/live/answers-doc';
import { answersDocumentName, scoringDocumentName } from '$lib/live/documents';
import {
	addComment,
	addDeduction,
	deductionsMap,
	readDeductions,
	removeDeduction,
	updateDeduction
} from '$lib/live/scoring-doc';
import { hashToken } from '$lib/server/auth/tokens';
import { openDatabase } from '$lib/server/db/open';
import { issueJoinLink } from '$lib/server/people/join-links';
import { addNewParticipant } from '$lib/server/people/participants';
import { startServer, type RunningServer } from '../support/server';
import { joinByLink, postForm, signInAs } from '../support/people';
import { connectLive, rawSocket, synced, until, type LiveClient } from '../support/live';

// A hostile participant against the real server (real sessions, sockets and SQLite file): forged authorship,
// answers on another unit's deductions, unbounded fields, updates Yjs would keep pending, floods, other sites'
// pages, ended sessions, and meeting ids probed by outsiders.

let server: RunningServer;
let sqlite: SQLite.Database;
const cookies: Record<string, string> = {};
const clients: LiveClient[] = [];
const SCORING = scoringDocumentName(1);

const PEOPLE = {
	head: { role: 'head' },
	viceLaiChau: { role: 'vice_head', unit: 'Lai Châu' },
	viceQuangNinh: { role: 'vice_head', unit: 'Quảng Ninh' },
	delegateSonLa: { role: 'delegate', unit: 'Sơn La' },
	delegateHaGiang: { role: 'delegate', unit: 'Hà Giang' },
	observer: { role: 'observer' }
} as const;
type Who = keyof typeof PEOPLE;

function connect(who: Who, document = SCORING): LiveClient {
	const client = connectLive(server.url, cookies[who]!, document);
	clients.push(client);
	return client;
}
const logged = (document = SCORING) =>
	(sqlite.prepare('select count(*) as n from sync_updates where document = ?').get(document) as { n: number }).n;
const loggedBytes = (userId: number) =>
	(
		sqlite
			.prepare('select coalesce(sum(length("update")), 0) as n from sync_updates where user_id = ?')
			.get(userId) as { n: number }
	).n;

/** The writer as the server knows them: user id and display name. */
function writer(who: Who): { id: number; name: string } {
	const person = PEOPLE[who];
	const row =
		'unit' in person
			? sqlite
					.prepare(
						'select u.id, u.display_name as name from participants p join users u on u.id = p.user_id join units un on un.id = p.unit_id where p.meeting_id = 1 and p.role = ? and (un.short_name = ? or un.name = ?)'
					)
					.get(person.role, person.unit, person.unit)
			: sqlite
					.prepare(
						'select u.id, u.display_name as name from participants p join users u on u.id = p.user_id where p.meeting_id = 1 and p.role = ? order by p.id limit 1'
					)
					.get(person.role);
	return row as { id: number; name: string };
}

/** Makes a change on a fresh, synced client of `who` and expects the server to refuse it: told, not logged. */
async function expectRefused(who: Who, change: (doc: Y.Doc) => void, document = SCORING): Promise<void> {
	const client = connect(who, document);
	await synced(client);
	const before = logged(document);
	change(client.doc);
	await until(() => client.refused() > 0, 'the refusal');
	expect(logged(document)).toBe(before);
	client.destroy();
	clients.splice(clients.indexOf(client), 1);
}

/** Makes a change on a fresh, synced client of `who` and expects it stored and nothing refused. */
async function expectAccepted(who: Who, change: (doc: Y.Doc) => void, document = SCORING): Promise<LiveClient> {
	const client = connect(who, document);
	await synced(client);
	const before = logged(document);
	change(client.doc);
	await until(() => logged(document) > before, 'the change stored');
	expect(client.refused()).toBe(0);
	return client;
}

/** A y-websocket update frame, as a raw client sends it. */
function updateFrame(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0);
	encoding.writeVarUint(encoder, 2);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** A raw socket of `who` on a document, counting the auth (refusal) messages it receives. */
async function rawWriter(
	who: Who,
	document = SCORING
): Promise<{ socket: WebSocket; refusals: () => number; closed: Promise<number> }> {
	const opened = await rawSocket(server.url, `/sync/${document}`, cookies[who]);
	if (!('socket' in opened)) throw new Error(`refused: ${opened.status}`);
	let refusals = 0;
	opened.socket.on('message', (data: Buffer) => {
		if (data[0] === 2) refusals++;
	});
	const closed = new Promise<number>((resolve) => opened.socket.on('close', (code) => resolve(code)));
	return { socket: opened.socket, refusals: () => refusals, closed };
}

beforeAll(async () => {
	server = await startServer({ demo: true, env: { BINHXET_ACCESS_RECHECK_MS: '300' } });
	sqlite = new SQLite(server.databasePath);
	for (const [who, person] of Object.entries(PEOPLE))
		cookies[who] = await signInAs(server.url, server.databasePath, person);
});
afterEach(() => {
	while (clients.length) clients.pop()!.destroy();
});
afterAll(async () => {
	sqlite.close();
	await server.stop();
	server.cleanup();
});

const sonLa = (reason: string, criterion = 'I.1', pts = points(0.5)) => ({
	unit: 'son-la',
	criterion,
	points: pts,
	reason
});

describe('who did what is the server’s word', () => {
	it('refuses a new deduction in the writer’s id but another’s name, or with a time that is not now', async () => {
		const me = writer('viceLaiChau');
		await expectRefused('viceLaiChau', (doc) =>
			addDeduction(doc, sonLa('tên giả'), { id: me.id, name: writer('head').name })
		);
		await expectRefused('viceLaiChau', (doc) =>
			addDeduction(doc, sonLa('ngày giả'), me, new Date('2020-01-01T00:00:00Z'))
		);
	});

	it('refuses edits that rewrite the author, the creation time or the unit, or stamp someone else; keeps an honest edit', async () => {
		const author = await expectAccepted(
			'head',
			(doc) => void addDeduction(doc, sonLa('gốc', 'I.2.1'), writer('head'))
		);
		const id = readDeductions(author.doc)[0]!.id;
		const vice = writer('viceLaiChau');
		const field = (key: string, value: unknown) => (doc: Y.Doc) =>
			doc.transact(() => {
				const entry = deductionsMap(doc).get(id)!;
				entry.set(key, value);
				entry.set('updatedAt', new Date().toISOString());
				entry.set('updatedById', vice.id);
				entry.set('updatedBy', vice.name);
			});
		await expectRefused('viceLaiChau', field('authorId', vice.id));
		await expectRefused('viceLaiChau', field('authorName', vice.name));
		await expectRefused('viceLaiChau', field('createdAt', new Date().toISOString()));
		await expectRefused('viceLaiChau', field('unit', 'lai-chau'));
		// An edit stamped with another person, or not stamped at all.
		await expectRefused('viceLaiChau', (doc) => updateDeduction(doc, id, { points: points(1) }, writer('head')));
		await expectRefused('viceLaiChau', (doc) => deductionsMap(doc).get(id)!.set('points', points(1)));
		const honest = await expectAccepted(
			'viceLaiChau',
			(doc) => void updateDeduction(doc, id, { points: points(1) }, vice)
		);
		const edited = readDeductions(honest.doc).find((d) => d.id === id)!;
		expect(edited).toMatchObject({
			authorId: writer('head').id,
			updatedById: vice.id,
			updatedBy: vice.name,
			points: points(1)
		});
		removeDeduction(honest.doc, id);
		await until(() => readDeductions(author.doc).every((d) => d.id !== id), 'cleanup');
	});

	it('takes back a removal of another’s deduction exactly as it was (undo), but not a “restore” in another name', async () => {
		const author = await expectAccepted(
			'head',
			(doc) => void addDeduction(doc, sonLa('được khôi phục', 'I.2.2'), writer('head'))
		);
		const id = readDeductions(author.doc)[0]!.id;
		const remover = connect('viceLaiChau');
		await synced(remover);
		const fields = deductionsMap(remover.doc).get(id)!.toJSON() as Record<string, unknown>;
		const undo = new Y.UndoManager(deductionsMap(remover.doc));
		removeDeduction(remover.doc, id);
		await until(() => readDeductions(author.doc).every((d) => d.id !== id), 'the removal everywhere');
		undo.undo();
		await until(() => readDeductions(author.doc).some((d) => d.id === id), 'the deduction back everywhere');
		expect(remover.refused()).toBe(0);
		expect(readDeductions(author.doc).find((d) => d.id === id)).toMatchObject({
			authorId: writer('head').id,
			reason: 'được khôi phục'
		});

		removeDeduction(remover.doc, id);
		await until(() => readDeductions(author.doc).every((d) => d.id !== id), 'removed again');
		const vice = writer('viceLaiChau');
		await expectRefused('viceLaiChau', (doc) =>
			doc.transact(() => {
				const forged = new Y.Map<unknown>();
				for (const [key, value] of Object.entries(fields))
					forged.set(key, key === 'authorName' ? vice.name : key === 'authorId' ? vice.id : value);
				deductionsMap(doc).set(id, forged);
			})
		);
	});

	it('lets only the scorer who withdrew a deduction bring it back: not another, even with its old stamp', async () => {
		const author = await expectAccepted(
			'head',
			(doc) => void addDeduction(doc, sonLa('rút lại', 'I.2.3'), writer('head'))
		);
		const id = readDeductions(author.doc)[0]!.id;
		const fields = deductionsMap(author.doc).get(id)!.toJSON() as Record<string, unknown>;
		const undo = new Y.UndoManager(deductionsMap(author.doc));
		removeDeduction(author.doc, id);
		const vice = connect('viceLaiChau');
		await synced(vice);
		await until(() => readDeductions(vice.doc).every((d) => d.id !== id), 'the withdrawal everywhere');
		// The vice-head writes the head's withdrawn deduction back exactly as it was, stamps and all.
		await expectRefused('viceLaiChau', (doc) =>
			doc.transact(() => {
				const copy = new Y.Map<unknown>();
				for (const [key, value] of Object.entries(fields)) copy.set(key, value);
				deductionsMap(doc).set(id, copy);
			})
		);
		expect(readDeductions(vice.doc).some((d) => d.id === id)).toBe(false);
		// The head's own undo still brings it back.
		undo.undo();
		await until(() => readDeductions(vice.doc).some((d) => d.id === id), 'the head’s undo everywhere');
		expect(author.refused()).toBe(0);
		removeDeduction(author.doc, id);
		await until(() => readDeductions(vice.doc).every((d) => d.id !== id), 'cleanup');
	});

	it('refuses text a document cannot hold (Word’s U+000B) in a reason, a comment or an answer; keeps it normalised', async () => {
		const me = writer('head');
		// One transaction each, so that the whole write is judged (and refused) as one update.
		const raw = (reason: string) => (doc: Y.Doc) =>
			doc.transact(() => {
				const id = addDeduction(doc, sonLa('tạm', 'I.3'), me);
				deductionsMap(doc).get(id)!.set('reason', reason);
			});
		await expectRefused('head', raw('dòng một\u000Bdòng hai'));
		await expectRefused('head', raw('ký tự\u0001lạ'));
		await expectRefused('head', (doc) =>
			doc.transact(() => {
				const id = addComment(doc, { unit: 'son-la', criterion: 'I.1', parentId: null, text: 'x' }, me);
				(doc.getMap('comments').get(id) as Y.Map<unknown>).set('text', 'nhận xét\uFFFF');
			})
		);
		// Through the board's own functions, as the browser writes: normalised, and accepted.
		const kept = await expectAccepted(
			'head',
			(doc) => void addDeduction(doc, sonLa('dòng một\u000Bdòng hai', 'I.3'), me)
		);
		const stored = readDeductions(kept.doc).find((d) => d.reason.startsWith('dòng một'))!;
		expect(stored.reason).toBe('dòng một\ndòng hai');
		const sonLaAnswers = answersDocumentName(1, 'son-la');
		await expectRefused(
			'delegateSonLa',
			(doc) =>
				doc.transact(() => {
					setAnswer(doc, stored.id, 'x', writer('delegateSonLa'));
					(answersMap(doc).get(stored.id) as Y.Map<unknown>).set('text', 'giải trình\u000B');
				}),
			sonLaAnswers
		);
		removeDeduction(kept.doc, stored.id);
		await until(() => readDeductions(kept.doc).every((d) => d.id !== stored.id), 'cleanup');
	});

	it('refuses a comment in another’s name and any edit of a comment', async () => {
		await expectRefused('viceLaiChau', (doc) =>
			addComment(doc, { unit: 'son-la', criterion: 'I.1', parentId: null, text: 'giả' }, writer('head'))
		);
		const first = await expectAccepted(
			'viceLaiChau',
			(doc) =>
				void addComment(
					doc,
					{ unit: 'son-la', criterion: 'I.1', parentId: null, text: 'thật' },
					writer('viceLaiChau')
				)
		);
		const id = [...first.doc.getMap('comments').keys()][0]!;
		await expectRefused('head', (doc) =>
			(doc.getMap('comments').get(id) as Y.Map<unknown>).set('text', 'sửa lời người khác')
		);
	});
});

describe('answers belong to their own unit’s deductions', () => {
	it('refuses an answer to another unit’s deduction, to no deduction, or empty; keeps one to its own', async () => {
		const head = await expectAccepted('head', (doc) => {
			addDeduction(doc, sonLa('của Sơn La', 'I.3'), writer('head'));
			addDeduction(
				doc,
				{ unit: 'ha-giang', criterion: 'I.3', points: points(0.5), reason: 'của Hà Giang' },
				writer('head')
			);
		});
		await until(() => readDeductions(head.doc).length >= 2, 'both');
		const ofSonLa = readDeductions(head.doc).find((d) => d.reason === 'của Sơn La')!.id;
		const ofHaGiang = readDeductions(head.doc).find((d) => d.reason === 'của Hà Giang')!.id;
		const haGiang = answersDocumentName(1, 'ha-giang');
		const me = writer('delegateHaGiang');
		await expectRefused('delegateHaGiang', (doc) => setAnswer(doc, ofSonLa, 'trả lời thay Sơn La', me), haGiang);
		await expectRefused(
			'delegateHaGiang',
			(doc) => setAnswer(doc, crypto.randomUUID(), 'không có khoản trừ này', me),
			haGiang
		);
		await expectRefused('delegateHaGiang', (doc) => setAnswer(doc, ofHaGiang, '   ', me), haGiang);
		await expectRefused(
			'delegateHaGiang',
			(doc) => setAnswer(doc, ofHaGiang, 'mạo danh', writer('delegateSonLa')),
			haGiang
		);
		const own = await expectAccepted(
			'delegateHaGiang',
			(doc) => setAnswer(doc, ofHaGiang, 'Giải trình của Hà Giang', me),
			haGiang
		);
		expect(readAnswers(own.doc).get(ofHaGiang)?.text).toBe('Giải trình của Hà Giang');
		for (const d of readDeductions(head.doc)) removeDeduction(head.doc, d.id);
		const reader = connect('observer');
		await until(() => reader.provider.synced && readDeductions(reader.doc).length === 0, 'cleanup');
	});
});

describe('every field is bounded and typed', () => {
	it('refuses a 900 KB name (40 times) without the database growing, extra keys, bad ids, times and long reasons', async () => {
		const me = writer('viceQuangNinh');
		const bytesBefore = loggedBytes(me.id);
		const raw = await rawWriter('viceQuangNinh');
		for (let i = 0; i < 40; i++) {
			const doc = new Y.Doc();
			const id = addDeduction(doc, sonLa(`to ${i}`), me);
			deductionsMap(doc)
				.get(id)!
				.set('authorName', 'x'.repeat(900 * 1024));
			raw.socket.send(updateFrame(Y.encodeStateAsUpdate(doc)));
		}
		await until(() => raw.refusals() >= 40, 'forty refusals');
		expect(loggedBytes(me.id)).toBe(bytesBefore);
		raw.socket.close();

		await expectRefused('viceQuangNinh', (doc) =>
			addDeduction(doc, sonLa('tên dài'), { id: me.id, name: 'x'.repeat(10_000) })
		);
		await expectRefused('viceQuangNinh', (doc) => addDeduction(doc, sonLa('y'.repeat(2001)), me));
		// One transaction each: the entry arrives whole, as a hostile client would send it.
		await expectRefused('viceQuangNinh', (doc) =>
			doc.transact(() => {
				const id = addDeduction(doc, sonLa('khóa thừa'), me);
				deductionsMap(doc).get(id)!.set('extra', 'x');
			})
		);
		await expectRefused('viceQuangNinh', (doc) => {
			const entry = new Y.Map<unknown>();
			doc.transact(() => {
				deductionsMap(doc).set('not-a-uuid', entry);
				const at = new Date().toISOString();
				for (const [k, v] of Object.entries({
					...sonLa('mã sai'),
					authorId: me.id,
					authorName: me.name,
					createdAt: at,
					updatedAt: at,
					updatedById: me.id,
					updatedBy: me.name
				}))
					entry.set(k, v);
			});
		});
		await expectRefused('viceQuangNinh', (doc) =>
			doc.transact(() => {
				const id = addDeduction(doc, sonLa('giờ sai'), me);
				deductionsMap(doc).get(id)!.set('createdAt', 'hôm qua');
			})
		);
		await expectRefused('viceQuangNinh', (doc) => doc.getArray('deductions-extra').push(['x']));
	});
});

describe('nothing the server cannot check is kept pending', () => {
	/** A change of another client that never reached the server, and the state the hostile client builds on. */
	function ghostOf(base: Y.Doc, change: (doc: Y.Doc) => void): { unseen: Uint8Array; doc: Y.Doc } {
		const ghost = new Y.Doc();
		Y.applyUpdate(ghost, Y.encodeStateAsUpdate(base));
		const before = Y.encodeStateVector(ghost);
		change(ghost);
		return { unseen: Y.encodeStateAsUpdate(ghost, before), doc: ghost };
	}

	it('refuses structs built on a change the server never had: told, not logged, not relayed, and later writes work', async () => {
		const head = connect('head');
		const watcher = connect('observer');
		await Promise.all([head, watcher].map(synced));
		let id = '';
		const { unseen } = ghostOf(
			head.doc,
			(doc) => (id = addDeduction(doc, sonLa('bóng ma', 'II.3'), writer('head')))
		);
		const hostile = new Y.Doc();
		Y.applyUpdate(hostile, Y.encodeStateAsUpdate(head.doc));
		Y.applyUpdate(hostile, unseen);
		const before = Y.encodeStateVector(hostile);
		updateDeduction(hostile, id, { points: points(1) }, writer('head'));
		const dependent = Y.encodeStateAsUpdate(hostile, before);

		const raw = await rawWriter('head');
		const count = logged();
		raw.socket.send(updateFrame(dependent));
		await until(() => raw.refusals() > 0, 'the refusal');
		expect(logged()).toBe(count);

		const real = addDeduction(head.doc, sonLa('thật sau đó', 'II.3'), writer('head'));
		await until(() => readDeductions(watcher.doc).some((d) => d.id === real), 'a later write arriving');
		const fresh = connect('observer');
		await synced(fresh);
		expect(fresh.doc.store.pendingStructs).toBeNull();
		expect(watcher.doc.store.pendingStructs).toBeNull();
		raw.socket.close();
		removeDeduction(head.doc, real);
	});

	it('refuses a deletion of something the server never had', async () => {
		const head = connect('head');
		await synced(head);
		const { doc: ghost } = ghostOf(head.doc, (doc) =>
			addDeduction(doc, sonLa('sẽ bị xóa', 'II.3'), writer('head'))
		);
		const before = Y.encodeStateVector(ghost);
		for (const id of [...deductionsMap(ghost).keys()]) removeDeduction(ghost, id);
		const deletion = Y.encodeStateAsUpdate(ghost, before);

		const raw = await rawWriter('head');
		const count = logged();
		raw.socket.send(updateFrame(deletion));
		await until(() => raw.refusals() > 0, 'the refusal');
		expect(logged()).toBe(count);
		const fresh = connect('observer');
		await synced(fresh);
		expect(fresh.doc.store.pendingDs).toBeNull();
		raw.socket.close();
	});
});

describe('no one can stall the board', () => {
	it('throttles and then closes a flooding scorer, while another scorer’s edits still arrive', async () => {
		const flooder = connect('viceQuangNinh');
		const other = connect('viceLaiChau');
		const watcher = connect('observer');
		await Promise.all([flooder, other, watcher].map(synced));
		const me = writer('viceQuangNinh');
		const id = addDeduction(flooder.doc, sonLa('lũ', 'II.3'), me);
		await until(() => readDeductions(watcher.doc).some((d) => d.id === id), 'the flood’s target');
		const closeCodes: number[] = [];
		flooder.provider.on('connection-close', (event: CloseEvent | null) => event && closeCodes.push(event.code));

		// 2000 edits at once, each its own frame (the provider sends every change as it happens).
		for (let i = 0; i < 2000; i++) updateDeduction(flooder.doc, id, { reason: `lũ ${i}` }, me);
		const real = addDeduction(other.doc, sonLa('vẫn đến', 'II.3'), writer('viceLaiChau'));
		await until(() => readDeductions(watcher.doc).some((d) => d.id === real), 'the other scorer’s edit');
		await until(() => closeCodes.includes(1008), 'the flooder closed');
		flooder.destroy();
		// Kept out for a while: a reconnect at once would bring the flood's backlog back in one step 2.
		expect(await rawSocket(server.url, `/sync/${SCORING}`, cookies.viceQuangNinh)).toMatchObject({ status: 429 });
		expect(flooder.refused()).toBeGreaterThan(0);
		// Only what the bucket let through was stored: the burst, not the flood.
		const stored = sqlite
			.prepare('select count(*) as n from sync_updates where document = ? and user_id = ?')
			.get(SCORING, me.id) as { n: number };
		expect(stored.n).toBeLessThan(400);
		removeDeduction(other.doc, real);
		removeDeduction(other.doc, id);
	});
});

describe('only our own pages may open the live board', () => {
	it('refuses an upgrade from another site’s page (403), accepts our own origin', async () => {
		expect(
			await rawSocket(server.url, `/sync/${SCORING}`, cookies.head, { origin: 'http://evil.example' })
		).toMatchObject({ status: 403 });
		expect(await rawSocket(server.url, `/sync/${SCORING}`, cookies.head, { origin: 'null' })).toMatchObject({
			status: 403
		});
		// This deployment speaks plain http: https on our own host and port is another server, not our page.
		const https = new URL(server.url);
		https.protocol = 'https:';
		expect(await rawSocket(server.url, `/sync/${SCORING}`, cookies.head, { origin: https.origin })).toMatchObject({
			status: 403
		});
		const own = await rawSocket(server.url, `/sync/${SCORING}`, cookies.head, {
			origin: new URL(server.url).origin
		});
		expect('socket' in own).toBe(true);
		if ('socket' in own) own.socket.close();
	});
});

describe('ended sessions and withdrawn rights end live access', () => {
	/** A new participant with their own session, so that ending it spares the others. */
	async function newPerson(
		role: 'vice_head' | 'delegate',
		unitSlug: string
	): Promise<{ cookie: string; userId: number }> {
		const { db } = await openDatabase(server.databasePath);
		try {
			const unit = sqlite.prepare('select id from units where slug = ?').get(unitSlug) as { id: number };
			const added = await addNewParticipant(db, {
				meetingId: 1,
				name: `Người thử ${Math.random()}`,
				role,
				unitId: unit.id
			});
			if (!added.ok) throw new Error(JSON.stringify(added));
			const participant = sqlite
				.prepare('select id, user_id from participants where meeting_id = 1 order by id desc limit 1')
				.get() as { id: number; user_id: number };
			const cookie = await joinByLink(server.url, (await issueJoinLink(db, participant.id)).token);
			return { cookie, userId: participant.user_id };
		} finally {
			await db.destroy();
		}
	}
	const closeCodeOf = (client: LiveClient) =>
		new Promise<number>((resolve) =>
			client.provider.on('connection-close', (event: CloseEvent | null) => event && resolve(event.code))
		);

	it('logout closes that session’s sockets at once (4401); the user’s other sessions stay', async () => {
		const person = await newPerson('vice_head', 'lai-chau');
		const other = await newPerson('vice_head', 'lai-chau');
		const client = connectLive(server.url, person.cookie, SCORING);
		const bystander = connectLive(server.url, other.cookie, SCORING);
		clients.push(client, bystander);
		await Promise.all([client, bystander].map(synced));
		const closed = closeCodeOf(client);
		const response = await postForm(server.url, '/logout', {}, person.cookie);
		expect(response.status).toBe(303);
		expect(await closed).toBe(4401);
		expect(bystander.provider.wsconnected).toBe(true);
	});

	it('“end all sessions” closes every socket of the user', async () => {
		const person = await newPerson('vice_head', 'son-la');
		const a = connectLive(server.url, person.cookie, SCORING);
		const b = connectLive(server.url, person.cookie, answersDocumentName(1, 'son-la'));
		clients.push(a, b);
		await Promise.all([a, b].map(synced));
		const closed = Promise.all([closeCodeOf(a), closeCodeOf(b)]);
		const response = await postForm(server.url, '/account?/endAll', {}, person.cookie);
		expect(response.status).toBe(303);
		expect(await closed).toEqual([4401, 4401]);
	});

	it('a changed role takes effect on the next write; a removed participant is cut off even as a reader', async () => {
		const person = await newPerson('vice_head', 'quang-ninh');
		const client = connectLive(server.url, person.cookie, SCORING);
		clients.push(client);
		await synced(client);
		const name = (
			sqlite.prepare('select display_name from users where id = ?').get(person.userId) as { display_name: string }
		).display_name;
		sqlite.prepare("update participants set role = 'observer' where user_id = ?").run(person.userId);
		const count = logged();
		addDeduction(client.doc, sonLa('đã thôi làm phó cụm'), { id: person.userId, name });
		await until(() => client.refused() > 0, 'the refusal');
		expect(logged()).toBe(count);

		const closed = closeCodeOf(client);
		sqlite
			.prepare('delete from join_links where participant_id in (select id from participants where user_id = ?)')
			.run(person.userId);
		sqlite.prepare('delete from participants where user_id = ?').run(person.userId);
		expect(await closed).toBe(4403);
	});

	it('an upgrade never extends the session (no cookie can follow); the next page request extends both', async () => {
		const person = await newPerson('vice_head', 'ha-giang');
		const id = hashToken(person.cookie.split('=')[1]!);
		const soon = Date.now() + 10 * 24 * 60 * 60 * 1000;
		sqlite.prepare('update sessions set expires_at = ? where id = ?').run(soon, id);
		const opened = await rawSocket(server.url, `/sync/${SCORING}`, person.cookie);
		expect('socket' in opened).toBe(true);
		if ('socket' in opened) opened.socket.close();
		expect(
			(sqlite.prepare('select expires_at from sessions where id = ?').get(id) as { expires_at: number })
				.expires_at
		).toBe(soon);

		const page = await fetch(`${server.url}/`, { headers: { cookie: person.cookie }, redirect: 'manual' });
		const renewed = (
			sqlite.prepare('select expires_at from sessions where id = ?').get(id) as { expires_at: number }
		).expires_at;
		expect(renewed).toBeGreaterThan(soon);
		const setCookie = page.headers.getSetCookie().find((c) => c.startsWith('session='))!;
		const expires = Date.parse(/Expires=([^;]+)/i.exec(setCookie)![1]!);
		expect(Math.abs(expires - renewed)).toBeLessThan(2000);
	});
});

describe('meeting ids are not revealed to outsiders', () => {
	it('answers a non-participant 403 for every id, existing or not; an administrator sees 404 for a missing one', async () => {
		sqlite
			.prepare(
				"insert into meetings (cluster_id, template_id, year, title, held_on, phase, created_at) values (1, 1, 2030, 'Cụm khác', '2030-11-15', 'review', '')"
			)
			.run();
		const other = (sqlite.prepare('select max(id) as id from meetings').get() as { id: number }).id;
		const get = (path: string, who: Who) =>
			fetch(`${server.url}${path}`, { headers: { cookie: cookies[who]! }, redirect: 'manual' });
		const existing = await get(`/meetings/${other}`, 'delegateSonLa');
		const missing = await get('/meetings/987654', 'delegateSonLa');
		expect(existing.status).toBe(403);
		expect(missing.status).toBe(403);
		const text = async (r: Response) => /<main[^>]*>([\s\S]*?)<\/main>/.exec(await r.text())?.[1];
		expect(await text(existing)).toBe(await text(missing));
		for (const path of ['ballots', 'record', 'record.json', 'units/son-la']) {
			expect((await get(`/meetings/${other}/${path}`, 'delegateSonLa')).status).toBe(403);
			expect((await get(`/meetings/987654/${path}`, 'delegateSonLa')).status).toBe(403);
		}
		expect(
			await rawSocket(server.url, `/sync/${scoringDocumentName(987654)}`, cookies.delegateSonLa)
		).toMatchObject({ status: 403 });
		expect(await rawSocket(server.url, `/sync/${scoringDocumentName(other)}`, cookies.delegateSonLa)).toMatchObject(
			{ status: 403 }
		);

		const observer = writer('observer');
		sqlite.prepare('update users set is_admin = 1 where id = ?').run(observer.id);
		try {
			expect((await get('/meetings/987654', 'observer')).status).toBe(404);
			expect((await get(`/meetings/${other}`, 'observer')).status).toBe(200);
		} finally {
			sqlite.prepare('update users set is_admin = 0 where id = ?').run(observer.id);
		}
	});
});

describe('the frozen record', () => {
	it('names authors and last editors as the server knows them, and takes each unit’s answers from its own document', async () => {
		const head = await expectAccepted(
			'head',
			(doc) => void addDeduction(doc, sonLa('vào biên bản', 'IV.3'), writer('head'))
		);
		const id = readDeductions(head.doc).find((d) => d.reason === 'vào biên bản')!.id;
		await expectAccepted(
			'viceLaiChau',
			(doc) => void updateDeduction(doc, id, { points: points(1) }, writer('viceLaiChau'))
		);
		await expectAccepted(
			'delegateSonLa',
			(doc) => setAnswer(doc, id, 'Sơn La giải trình', writer('delegateSonLa')),
			answersDocumentName(1, 'son-la')
		);
		// An answer to Sơn La's deduction in Lào Cai's document, as a log written before the check existed would hold.
		const planted = new Y.Doc();
		setAnswer(planted, id, 'Lào Cai trả lời thay', writer('delegateSonLa'));
		expect(answersMap(planted).size).toBe(1);
		sqlite
			.prepare('insert into sync_updates (document, user_id, created_at, "update") values (?, null, ?, ?)')
			.run(answersDocumentName(1, 'lao-cai'), Date.now(), Buffer.from(Y.encodeStateAsUpdate(planted)));

		sqlite.prepare("update meetings set phase = 'voting' where id = 1").run();
		const closed = await postForm(server.url, '/meetings/1?/close', {}, cookies.head);
		expect([200, 303]).toContain(closed.status);
		const { record } = (await (
			await fetch(`${server.url}/meetings/1/record.json`, { headers: { cookie: cookies.head! } })
		).json()) as {
			record: {
				summary: {
					unit: string;
					deductions: {
						reason: string;
						author: string;
						updatedBy: string;
						answer: { text: string } | null;
					}[];
				}[];
			};
		};
		const row = record.summary
			.find((s) => s.unit === 'son-la')!
			.deductions.find((d) => d.reason === 'vào biên bản')!;
		expect(row).toMatchObject({
			author: writer('head').name,
			updatedBy: writer('viceLaiChau').name,
			answer: { text: 'Sơn La giải trình' }
		});
		expect(JSON.stringify(record)).not.toContain('Lào Cai trả lời thay');
	});
});
