// The live board on the real, built server running on PostgreSQL (DATABASE_URL): real sessions, real sockets, a
// throwaway PostgreSQL server. Rights, content checks and "durable before shared" hold as on SQLite, and the board
// rides out PostgreSQL going away and coming back.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { points } from '$lib/core/scoring';
import { readAnswers, setAnswer } from '$lib/live/answers-doc';
import { answersDocumentName, scoringDocumentName } from '$lib/live/documents';
import { addDeduction, readDeductions, removeDeduction } from '$lib/live/scoring-doc';
import { postgresServer } from '../support/database';
import { signInAs } from '../support/people';
import { connectLive, synced, until, type LiveClient } from '../support/live';
import { startServer, type RunningServer } from '../support/server';
import type { RunningPostgres } from '../support/postgres';

let postgres: RunningPostgres;
let databaseUrl: string;
let server: RunningServer;
let database: pg.Pool;
const cookies: Record<string, string> = {};
const clients: LiveClient[] = [];
const SCORING = scoringDocumentName(1);

function connect(who: string, document = SCORING): LiveClient {
	const client = connectLive(server.url, cookies[who]!, document);
	clients.push(client);
	return client;
}

async function logged(document: string): Promise<{ user_id: number | null }[]> {
	const result = await database.query<{ user_id: number | null }>(
		'SELECT user_id FROM sync_updates WHERE document = $1 ORDER BY id',
		[document]
	);
	return result.rows;
}

/** The writer as the server knows them: their user id and display name. */
async function writer(role: string, unit?: string): Promise<{ id: number; name: string }> {
	const result = await database.query<{ id: number; name: string }>(
		`SELECT u.id, u.display_name AS name FROM participants p JOIN users u ON u.id = p.user_id
		 LEFT JOIN units un ON un.id = p.unit_id WHERE p.meeting_id = 1 AND p.role = $1 AND ($2::text IS NULL OR un.slug = $2)
		 ORDER BY p.id LIMIT 1`,
		[role, unit ?? null]
	);
	return result.rows[0]!;
}

beforeAll(async () => {
	postgres = await postgresServer();
	databaseUrl = await postgres.createDatabase();
	server = await startServer({ demo: true, env: { DATABASE_URL: databaseUrl } });
	database = new pg.Pool({ connectionString: databaseUrl });
	database.on('error', () => {});
	cookies.head = await signInAs(server.url, databaseUrl, { role: 'head' });
	cookies.viceLaiChau = await signInAs(server.url, databaseUrl, { role: 'vice_head', unit: 'Lai Châu' });
	cookies.delegateHaGiang = await signInAs(server.url, databaseUrl, { role: 'delegate', unit: 'Hà Giang' });
	cookies.delegateSonLa = await signInAs(server.url, databaseUrl, { role: 'delegate', unit: 'Sơn La' });
	cookies.observer = await signInAs(server.url, databaseUrl, { role: 'observer' });
});
afterEach(() => {
	while (clients.length) clients.pop()!.destroy();
});
afterAll(async () => {
	await server?.stop();
	server?.cleanup();
	await database?.end();
});

describe('the live board on PostgreSQL', () => {
	it('a vice-head’s deduction reaches the head and a delegate, and is in the log with its author', async () => {
		const vice = connect('viceLaiChau');
		const head = connect('head');
		const delegate = connect('delegateHaGiang');
		await Promise.all([vice, head, delegate].map(synced));
		const author = await writer('vice_head', 'lai-chau');
		const id = addDeduction(
			vice.doc,
			{ unit: 'ha-giang', criterion: 'II.1.1', points: points(2.5), reason: 'Phối hợp với Học viện: ½ số điểm' },
			author
		);
		await until(
			() =>
				readDeductions(head.doc).some((d) => d.id === id) &&
				readDeductions(delegate.doc).some((d) => d.id === id),
			'the deduction everywhere'
		);
		expect((await logged(SCORING)).at(-1)?.user_id).toBe(author.id);
		removeDeduction(vice.doc, id);
		await until(() => readDeductions(head.doc).every((d) => d.id !== id), 'the removal everywhere');
	});

	it('drops a delegate’s write to the scoring (told, never logged) and takes their answer on their own unit', async () => {
		const head = connect('head');
		const delegate = connect('delegateHaGiang');
		const answers = connect('head', answersDocumentName(1, 'ha-giang'));
		const own = connect('delegateHaGiang', answersDocumentName(1, 'ha-giang'));
		const other = connect('delegateSonLa', answersDocumentName(1, 'ha-giang'));
		await Promise.all([head, delegate, answers, own, other].map(synced));
		const before = (await logged(SCORING)).length;
		addDeduction(
			delegate.doc,
			{ unit: 'son-la', criterion: 'I.1', points: points(5), reason: 'tự ý trừ' },
			await writer('delegate', 'ha-giang')
		);
		await until(() => delegate.refused() > 0, 'the delegate told');
		expect((await logged(SCORING)).length).toBe(before);

		const deduction = addDeduction(
			head.doc,
			{ unit: 'ha-giang', criterion: 'II.1.1', points: points(2.5), reason: 'Phối hợp' },
			await writer('head')
		);
		await until(() => readDeductions(delegate.doc).some((d) => d.id === deduction), 'the deduction stored');
		setAnswer(own.doc, deduction, 'Học viện chỉ phối hợp.', await writer('delegate', 'ha-giang'));
		setAnswer(other.doc, deduction, 'Sơn La trả lời thay', await writer('delegate', 'son-la'));
		await until(() => other.refused() > 0, 'the other delegate told');
		await until(() => readAnswers(answers.doc).get(deduction)?.text === 'Học viện chỉ phối hợp.', 'the answer');
		removeDeduction(head.doc, deduction);
		await until(() => readDeductions(delegate.doc).every((d) => d.id !== deduction), 'the removal');
	});

	it('while PostgreSQL is down, a deduction is neither shared nor lost; the board recovers by itself', async () => {
		const head = connect('head');
		const watcher = connect('observer');
		await Promise.all([head, watcher].map(synced));
		const before = (await logged(SCORING)).length;
		const author = await writer('head');

		await postgres.stop('fast');
		let id: string;
		try {
			id = addDeduction(
				head.doc,
				{ unit: 'dien-bien', criterion: 'I.3', points: points(1), reason: 'khi cơ sở dữ liệu ngừng' },
				author
			);
			// The write cannot be stored: the server closes the head's socket rather than share it.
			await until(() => !head.provider.wsconnected, 'the head’s socket closed');
			expect(readDeductions(watcher.doc).some((d) => d.id === id)).toBe(false);
			expect(server.output()).not.toContain('binhxet could not start');
			expect(server.process.exitCode).toBeNull();
		} finally {
			await postgres.start();
		}
		await until(() => readDeductions(watcher.doc).some((d) => d.id === id), 'the deduction after the restart');
		expect((await logged(SCORING)).length).toBe(before + 1);
		removeDeduction(head.doc, id);
		await until(() => readDeductions(watcher.doc).every((d) => d.id !== id), 'the removal');
	});
});
