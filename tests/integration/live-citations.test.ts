import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import * as Y from 'yjs';
import { points } from '$lib/core/scoring';
import { scoringDocumentName } from '$lib/live/documents';
import { addDeduction, deductionsMap, readDeduction, updateDeduction } from '$lib/live/scoring-doc';
import { startServer, type RunningServer } from '../support/server';
import { postForm, signInAs } from '../support/people';
import { connectLive, synced, until, type LiveClient } from '../support/live';

// A deduction's citation is checked by the server like its other fields: it may name only a file the deduction's
// own unit sent, its text is bounded and must be writable in a document, and an edit that changes it is stamped.
// Real server, real sessions and sockets; the files are sent through the upload route.

let server: RunningServer;
let sqlite: SQLite.Database;
const clients: LiveClient[] = [];
const SCORING = scoringDocumentName(1);
let headCookie = '';
let head = { id: 0, name: '' };
const sent: Record<string, string> = {};

/** A PDF's first bytes are all its content check reads; the rest is a body of its own. */
const pdf = (line: string) =>
	new TextEncoder().encode(`%PDF-1.4\n% ${line}\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n`);

async function send(unit: string, slug: string, name: string, item: string): Promise<string> {
	const cookie = await signInAs(server.url, server.databasePath, { role: 'delegate', unit });
	const form = new FormData();
	form.set('file', new File([pdf(name)], name, { type: 'application/pdf' }));
	form.set('kind', 'evidence');
	form.set('items', item);
	const response = await fetch(`${server.url}/meetings/1/units/${slug}/files`, {
		method: 'POST',
		headers: { origin: new URL(server.url).origin, cookie },
		body: form
	});
	const body = await response.text();
	expect(response.status, body).toBe(201);
	return (JSON.parse(body) as { file: { sha256: string } }).file.sha256;
}

async function phase(to: string) {
	const cookie = await signInAs(server.url, server.databasePath, { role: 'host' });
	const response = await postForm(server.url, '/meetings/1?/phase', { to }, cookie);
	expect(response.status).toBeLessThan(400);
}

const logged = () =>
	(sqlite.prepare('select count(*) as n from sync_updates where document = ?').get(SCORING) as { n: number }).n;

async function client(): Promise<LiveClient> {
	const c = connectLive(server.url, headCookie, SCORING);
	clients.push(c);
	await synced(c);
	return c;
}

async function expectRefused(change: (doc: Y.Doc) => void): Promise<void> {
	const c = await client();
	const before = logged();
	change(c.doc);
	await until(() => c.refused() > 0, 'the refusal');
	expect(logged()).toBe(before);
}

async function expectAccepted(change: (doc: Y.Doc) => void): Promise<LiveClient> {
	const c = await client();
	const before = logged();
	change(c.doc);
	await until(() => logged() > before, 'the change stored');
	expect(c.refused()).toBe(0);
	return c;
}

beforeAll(async () => {
	server = await startServer({ demo: true });
	sqlite = new SQLite(server.databasePath);
	await phase('preparation');
	sent.haGiang = await send('Hà Giang', 'ha-giang', 'QĐ 12.pdf', 'II.1.1');
	sent.caoBang = await send('Cao Bằng', 'cao-bang', 'Giấy mời.pdf', 'II.2.2');
	await phase('review');
	headCookie = await signInAs(server.url, server.databasePath, { role: 'head' });
	head = sqlite
		.prepare(
			"select u.id, u.display_name as name from participants p join users u on u.id = p.user_id where p.meeting_id = 1 and p.role = 'head'"
		)
		.get() as { id: number; name: string };
}, 120_000);
afterEach(() => {
	while (clients.length) clients.pop()!.destroy();
});
afterAll(async () => {
	sqlite.close();
	await server.stop();
	server.cleanup();
});

const haGiang = (citation: { file: string | null; text: string }) => ({
	unit: 'ha-giang',
	criterion: 'II.1.1',
	points: points(2.5),
	reason: 'Phối hợp với Học viện xây dựng đề tài',
	citation
});

describe('a deduction’s citation', () => {
	it('may name a file its own unit sent, and is kept with the deduction', async () => {
		const c = await expectAccepted(
			(doc) => void addDeduction(doc, haGiang({ file: sent.haGiang!, text: 'Quyết định số 12' }), head)
		);
		const [id] = [...deductionsMap(c.doc).keys()].filter(
			(k) => readDeduction(k, deductionsMap(c.doc).get(k))?.citation?.file === sent.haGiang
		);
		expect(id).toBeDefined();
		// An edit of the citation is stamped like any edit, and accepted.
		const before = logged();
		updateDeduction(c.doc, id!, { citation: { file: null, text: 'Quyết định số 12 chỉ ghi phối hợp' } }, head);
		await until(() => logged() > before, 'the edit stored');
		expect(c.refused()).toBe(0);
	});

	it('may not name another unit’s file, nor a file nobody sent', async () => {
		await expectRefused((doc) => void addDeduction(doc, haGiang({ file: sent.caoBang!, text: '' }), head));
		await expectRefused((doc) => void addDeduction(doc, haGiang({ file: 'f'.repeat(64), text: '' }), head));
	});

	it('may not point at another unit’s file by an edit either', async () => {
		const c = await expectAccepted(
			(doc) => void addDeduction(doc, haGiang({ file: null, text: 'Biên bản' }), head)
		);
		const id = [...deductionsMap(c.doc).keys()].at(-1)!;
		const before = logged();
		updateDeduction(c.doc, id, { citation: { file: sent.caoBang!, text: 'Biên bản' } }, head);
		await until(() => c.refused() > 0, 'the refusal');
		expect(logged()).toBe(before);
	});

	it('is bounded and typed: a long text, a file that is no digest, a character no document holds', async () => {
		for (const [field, value] of [
			['citation', 'x'.repeat(501)],
			['citedFile', '../../etc/passwd'],
			['citation', 'dòng\u0002']
		] as const) {
			await expectRefused((doc) =>
				// One update: the new entry with the field as written.
				doc.transact(() => {
					const id = addDeduction(doc, haGiang({ file: null, text: 'x' }), head);
					deductionsMap(doc).get(id)!.set(field, value);
				})
			);
		}
	});
});
