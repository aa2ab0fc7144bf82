import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { points } from '$lib/core/scoring';
import { readAnswers, setAnswer } from '$lib/live/answers-doc';
import { answersDocumentName, scoringDocumentName } from '$lib/live/documents';
import {
	addComment,
	addDeduction,
	readComments,
	readDeductions,
	removeDeduction,
	updateDeduction
} from '$lib/live/scoring-doc';
import { demo } from '$lib/server/demo/load-demo';
import { startServer, type RunningServer } from '../support/server';
import { signInAs } from '../support/people';
import { connectLive, connectLiveOver, rawSocket, synced, until, type LiveClient } from '../support/live';

// The live board on the real server: real sessions, real sockets, real SQLite.

let server: RunningServer;
let firstServer: RunningServer; // owns the temporary folder, also after a restart
let sqlite: SQLite.Database;
const cookies: Record<string, string> = {};
const clients: LiveClient[] = [];
const SCORING = scoringDocumentName(1);

function connect(who: string, document = SCORING): LiveClient {
	const client = connectLive(server.url, cookies[who]!, document);
	clients.push(client);
	return client;
}
/** A client of another document on `main`'s socket (a unit's page: the answers on the scoring document's socket). */
function connectOver(main: LiveClient, document: string): LiveClient {
	const client = connectLiveOver(main, document);
	clients.splice(clients.indexOf(main) + 1, 0, client); // destroyed (popped) before its socket's client
	return client;
}
const logged = (document: string) =>
	(sqlite.prepare('select count(*) as n from sync_updates where document = ?').get(document) as { n: number }).n;
const author = (who: string, id: number) => ({ id, name: who });
const userIdOf = (role: string) =>
	(
		sqlite
			.prepare(
				`select u.id from users u join participants p on p.user_id = u.id where p.role = ? order by p.id limit 1`
			)
			.get(role) as { id: number }
	).id;
/** The user behind one of the test's sessions (a new deduction's author must be the writer). */
const PEOPLE: Record<string, { role: string; unit?: string }> = {
	head: { role: 'head' },
	viceLaiChau: { role: 'vice_head', unit: 'lai-chau' },
	viceQuangNinh: { role: 'vice_head', unit: 'quang-ninh' },
	delegateHaGiang: { role: 'delegate', unit: 'ha-giang' },
	delegateSonLa: { role: 'delegate', unit: 'son-la' }
};
/** The writer as the server knows them: their user id and display name. */
const writer = (who: string): { id: number; name: string } => {
	const person = PEOPLE[who]!;
	return (
		person.unit
			? sqlite
					.prepare(
						'select u.id, u.display_name as name from participants p join users u on u.id = p.user_id join units un on un.id = p.unit_id where p.role = ? and un.slug = ?'
					)
					.get(person.role, person.unit)
			: sqlite
					.prepare(
						'select u.id, u.display_name as name from participants p join users u on u.id = p.user_id where p.role = ? order by p.id limit 1'
					)
					.get(person.role)
	) as { id: number; name: string };
};

beforeAll(async () => {
	server = firstServer = await startServer({ demo: true });
	sqlite = new SQLite(server.databasePath);
	cookies.head = await signInAs(server.url, server.databasePath, { role: 'head' });
	cookies.viceLaiChau = await signInAs(server.url, server.databasePath, { role: 'vice_head', unit: 'Lai Châu' });
	cookies.viceQuangNinh = await signInAs(server.url, server.databasePath, { role: 'vice_head', unit: 'Quảng Ninh' });
	cookies.delegateHaGiang = await signInAs(server.url, server.databasePath, { role: 'delegate', unit: 'Hà Giang' });
	cookies.delegateSonLa = await signInAs(server.url, server.databasePath, { role: 'delegate', unit: 'Sơn La' });
	cookies.observer = await signInAs(server.url, server.databasePath, { role: 'observer' });
});
afterEach(() => {
	while (clients.length) clients.pop()!.destroy();
	sqlite.prepare("update meetings set phase = 'review' where id = 1").run();
});
afterAll(async () => {
	sqlite.close();
	await server.stop();
	firstServer.cleanup();
});

describe('who may connect', () => {
	it('no session: 401 before the upgrade, nothing of the document sent', async () => {
		const result = await rawSocket(server.url, `/sync/${SCORING}`);
		expect(result).toMatchObject({ status: 401 });
		expect('body' in result && result.body).not.toMatch(/deductions/);
	});

	it('a participant of another meeting: 403; an unknown document: 404', async () => {
		// Not a participant: 403 whether the meeting exists or not, so that nobody learns which exist.
		expect(await rawSocket(server.url, `/sync/${scoringDocumentName(2)}`, cookies.head)).toMatchObject({
			status: 403
		});
		sqlite
			.prepare(
				"insert into meetings (cluster_id, template_id, year, title, held_on, phase, created_at) values (1, 1, 2022, 'Khác', '2022-11-15', 'review', '')"
			)
			.run();
		expect(await rawSocket(server.url, `/sync/${scoringDocumentName(2)}`, cookies.head)).toMatchObject({
			status: 403
		});
		expect(await rawSocket(server.url, '/sync/meeting/1/secrets', cookies.head)).toMatchObject({ status: 404 });
		expect(await rawSocket(server.url, `/sync/${answersDocumentName(1, 'ha-noi')}`, cookies.head)).toMatchObject({
			status: 404
		});
	});
});

describe('who may write what', () => {
	it('a vice-head’s deduction reaches the head and the delegate, and is in the log with its author', async () => {
		const vice = connect('viceLaiChau');
		const head = connect('head');
		const delegate = connect('delegateHaGiang');
		await Promise.all([vice, head, delegate].map(synced));
		const before = logged(SCORING);
		const viceId = (
			sqlite
				.prepare(
					"select p.user_id as id from participants p join units u on u.id = p.unit_id where p.role = 'vice_head' and u.slug = 'lai-chau'"
				)
				.get() as { id: number }
		).id;
		const id = addDeduction(
			vice.doc,
			{ unit: 'ha-giang', criterion: 'II.1.1', points: points(2.5), reason: 'Phối hợp với Học viện: ½ số điểm' },
			writer('viceLaiChau')
		);
		await until(
			() =>
				readDeductions(head.doc).some((d) => d.id === id) &&
				readDeductions(delegate.doc).some((d) => d.id === id),
			'the deduction everywhere'
		);
		expect(logged(SCORING)).toBeGreaterThan(before);
		const row = sqlite
			.prepare('select user_id from sync_updates where document = ? order by id desc limit 1')
			.get(SCORING) as { user_id: number };
		expect(row.user_id).toBe(viceId);
		removeDeduction(vice.doc, id);
		await until(() => readDeductions(head.doc).every((d) => d.id !== id), 'the removal everywhere');
	});

	it('a delegate’s and an observer’s writes to the scoring are dropped, told, never seen by others and never logged', async () => {
		const head = connect('head');
		const delegate = connect('delegateHaGiang');
		const observer = connect('observer');
		await Promise.all([head, delegate, observer].map(synced));
		const before = logged(SCORING);
		const forged = addDeduction(
			delegate.doc,
			{ unit: 'son-la', criterion: 'I.1', points: points(5), reason: 'tự ý trừ' },
			author('Hà Giang', 1)
		);
		addDeduction(
			observer.doc,
			{ unit: 'son-la', criterion: 'I.2.1', points: points(1), reason: 'quan sát viên trừ' },
			author('x', 1)
		);
		await until(() => delegate.refused() > 0 && observer.refused() > 0, 'both told of the refusal');
		// A later legitimate write by the head arrives; the forged ones never do.
		const real = addDeduction(
			head.doc,
			{ unit: 'son-la', criterion: 'IV.3', points: points(0.5), reason: 'thật' },
			writer('head')
		);
		await until(() => readDeductions(observer.doc).some((d) => d.id === real), 'the head’s deduction');
		expect(readDeductions(head.doc).map((d) => d.id)).not.toContain(forged);
		expect(readDeductions(observer.doc).map((d) => d.reason)).not.toContain('tự ý trừ');
		expect(logged(SCORING)).toBe(before + 1);
		removeDeduction(head.doc, real);
	});

	it('a delegate answers a deduction on their own unit; the scorers see it; another unit’s delegate cannot', async () => {
		const head = connect('head', answersDocumentName(1, 'ha-giang'));
		const own = connect('delegateHaGiang', answersDocumentName(1, 'ha-giang'));
		const other = connect('delegateSonLa', answersDocumentName(1, 'ha-giang'));
		await Promise.all([head, own, other].map(synced));
		const scorer = connect('head');
		await synced(scorer);
		const deduction = addDeduction(
			scorer.doc,
			{ unit: 'ha-giang', criterion: 'II.1.1', points: points(2.5), reason: 'Phối hợp' },
			writer('head')
		);
		await until(() => readDeductions(scorer.doc).length === 1 && logged(SCORING) > 0, 'the deduction stored');
		setAnswer(own.doc, deduction, 'Đề tài do trường chủ trì, Học viện chỉ phối hợp.', writer('delegateHaGiang'));
		setAnswer(other.doc, deduction, 'Sơn La trả lời thay', writer('delegateSonLa'));
		await until(() => other.refused() > 0, 'the other delegate told');
		await until(
			() => readAnswers(head.doc).get(deduction)?.text === 'Đề tài do trường chủ trì, Học viện chỉ phối hợp.',
			'the answer at the head'
		);
		removeDeduction(scorer.doc, deduction);
		const reader = connect('observer');
		await until(() => reader.provider.synced && readDeductions(reader.doc).length === 0, 'the deduction removed');
	});

	it('over the scoring document’s socket, a unit’s answers are checked as on their own; other meetings’ and unknown documents are refused alone', async () => {
		const boards = ['head', 'delegateHaGiang', 'delegateSonLa'].map((who) => connect(who));
		await Promise.all(boards.map(synced));
		const [head, own, other] = boards.map((board) => connectOver(board, answersDocumentName(1, 'ha-giang')));
		await Promise.all([head!, own!, other!].map(synced));
		const deduction = addDeduction(
			boards[0]!.doc,
			{ unit: 'ha-giang', criterion: 'II.1.1', points: points(2.5), reason: 'Phối hợp' },
			writer('head')
		);
		await until(() => logged(SCORING) > 0 && readDeductions(boards[1]!.doc).length === 1, 'the deduction shared');
		setAnswer(own!.doc, deduction, 'Học viện chỉ phối hợp.', writer('delegateHaGiang'));
		setAnswer(other!.doc, deduction, 'Sơn La trả lời thay', writer('delegateSonLa'));
		await until(() => other!.refused() > 0, 'the other delegate told');
		await until(() => readAnswers(head!.doc).get(deduction)?.text === 'Học viện chỉ phối hợp.', 'the answer');
		expect(other!.provider.wsconnected && boards[2]!.provider.wsconnected).toBe(true);

		// Another meeting's document, or a unit the meeting lacks: refused on the socket, which carries on.
		const elsewhere = connectOver(boards[0]!, answersDocumentName(2, 'ha-giang'));
		const unknown = connectOver(boards[0]!, answersDocumentName(1, 'ha-noi'));
		await until(() => elsewhere.closedWith.length > 0 && unknown.closedWith.length > 0, 'both refused');
		expect([elsewhere.closedWith, unknown.closedWith]).toEqual([[4403], [4404]]);
		removeDeduction(boards[0]!.doc, deduction);
		await until(() => readDeductions(boards[2]!.doc).length === 0, 'the removal, on the same socket');
		expect(boards.map((board) => board.sockets())).toEqual([1, 1, 1]);
	});

	it('a hostile vice-head cannot write points above the item’s maximum, off the step, on an unknown unit, or in another’s name', async () => {
		const vice = connect('viceQuangNinh');
		const head = connect('head');
		await Promise.all([vice, head].map(synced));
		const attempts = [
			{ unit: 'son-la', criterion: 'I.1', points: points(50), reason: 'quá tối đa' },
			{ unit: 'son-la', criterion: 'I.1', points: 25, reason: 'lệch bước' },
			{ unit: 'ha-noi', criterion: 'I.1', points: points(1), reason: 'đơn vị lạ' },
			{ unit: 'son-la', criterion: 'I', points: points(1), reason: 'trừ cả mục' }
		];
		for (const attempt of attempts) {
			const refusedBefore = vice.refused();
			addDeduction(vice.doc, attempt, writer('viceQuangNinh'));
			await until(() => vice.refused() > refusedBefore, `refusal of ${attempt.reason}`);
			// A refused write leaves this client's document ahead of the server: start a fresh one, as the UI reloads.
			vice.destroy();
			clients.splice(clients.indexOf(vice), 1);
			Object.assign(vice, connect('viceQuangNinh'));
			await synced(vice);
		}
		const impostor = connect('viceQuangNinh');
		await synced(impostor);
		addDeduction(
			impostor.doc,
			{ unit: 'son-la', criterion: 'I.1', points: points(1), reason: 'mạo danh' },
			author('Sơn La', userIdOf('head'))
		);
		await until(() => impostor.refused() > 0, 'the impostor told');
		expect(readDeductions(head.doc)).toEqual([]);
	});

	it('scorers discuss an item in a thread; a delegate cannot write there', async () => {
		const vice = connect('viceLaiChau');
		const head = connect('head');
		const delegate = connect('delegateHaGiang');
		await Promise.all([vice, head, delegate].map(synced));
		const first = addComment(
			vice.doc,
			{ unit: 'ha-giang', criterion: 'II.1.1', parentId: null, text: 'Đề tài có phải do trường chủ trì?' },
			writer('viceLaiChau')
		);
		await until(() => readComments(head.doc).some((c) => c.id === first), 'the comment at the head');
		addComment(
			head.doc,
			{ unit: 'ha-giang', criterion: 'II.1.1', parentId: first, text: 'Chỉ phối hợp với Học viện.' },
			writer('head')
		);
		await until(
			() => readComments(delegate.doc).filter((c) => c.parentId === first).length === 1,
			'the reply in the thread, seen by the delegate'
		);
		addComment(
			delegate.doc,
			{ unit: 'ha-giang', criterion: 'II.1.1', parentId: first, text: 'Đại biểu chen vào' },
			author('Hà Giang', 1)
		);
		await until(() => delegate.refused() > 0, 'the delegate told');
		expect(readComments(head.doc).map((c) => c.text)).toEqual([
			'Đề tài có phải do trường chủ trì?',
			'Chỉ phối hợp với Học viện.'
		]);
	});

	it('once the meeting moves to voting, scoring writes are refused', async () => {
		const head = connect('head');
		await synced(head);
		sqlite.prepare("update meetings set phase = 'voting' where id = 1").run();
		addDeduction(
			head.doc,
			{ unit: 'son-la', criterion: 'I.1', points: points(1), reason: 'quá muộn' },
			writer('head')
		);
		await until(() => head.refused() > 0, 'the head told');
		const fresh = connect('observer');
		await synced(fresh);
		expect(readDeductions(fresh.doc)).toEqual([]);
	});
});

describe('concurrent scoring converges', () => {
	it('two vice-heads deducting on the same item at the same moment: both are kept', async () => {
		const a = connect('viceLaiChau');
		const b = connect('viceQuangNinh');
		const watcher = connect('observer');
		await Promise.all([a, b, watcher].map(synced));
		const ida = addDeduction(
			a.doc,
			{ unit: 'lao-cai', criterion: 'II.3', points: points(1), reason: 'A' },
			writer('viceLaiChau')
		);
		const idb = addDeduction(
			b.doc,
			{ unit: 'lao-cai', criterion: 'II.3', points: points(1), reason: 'B' },
			writer('viceQuangNinh')
		);
		await until(
			() =>
				[a, b, watcher].every(
					(c) => readDeductions(c.doc).filter((d) => [ida, idb].includes(d.id)).length === 2
				),
			'both deductions everywhere'
		);
		for (const c of [a, b]) for (const id of [ida, idb]) removeDeduction(c.doc, id);
		await until(() => readDeductions(watcher.doc).length === 0, 'cleanup');
	});

	it('deductions that race past an item’s self score are both kept: the item counts 0 and the sheet shows the excess', async () => {
		const a = connect('viceLaiChau');
		const b = connect('viceQuangNinh');
		await Promise.all([a, b].map(synced));
		// Sơn La scored itself 10 on I.1; two scorers take 6 each at the same moment.
		const ida = addDeduction(
			a.doc,
			{ unit: 'son-la', criterion: 'I.1', points: points(6), reason: 'trừ A' },
			writer('viceLaiChau')
		);
		const idb = addDeduction(
			b.doc,
			{ unit: 'son-la', criterion: 'I.1', points: points(6), reason: 'trừ B' },
			writer('viceQuangNinh')
		);
		await until(
			() => [a, b].every((c) => readDeductions(c.doc).filter((d) => [ida, idb].includes(d.id)).length === 2),
			'both kept'
		);
		expect(a.refused() + b.refused()).toBe(0);
		const sheet = await (
			await fetch(`${server.url}/meetings/1/units/son-la`, { headers: { cookie: cookies.observer! } })
		).text();
		expect(sheet).toContain(
			'Mục I.1: các khoản trừ ghi tổng 12 điểm, nhưng mục chỉ có 10 điểm tự chấm; 2 điểm không có hiệu lực.'
		);
		const summary = await (
			await fetch(`${server.url}/meetings/1`, { headers: { cookie: cookies.observer! } })
		).text();
		expect(new RegExp('data-unit="son-la"[\\s\\S]*?data-col="cluster"[^>]*>([^<]*)<').exec(summary)?.[1]).toBe(
			'88'
		);
		removeDeduction(a.doc, ida);
		removeDeduction(a.doc, idb);
		await until(() => readDeductions(b.doc).length === 0, 'cleanup');
	});

	it('two people editing one deduction’s points, and a removal racing an edit: every screen ends the same', async () => {
		const a = connect('viceLaiChau');
		const b = connect('viceQuangNinh');
		const c = connect('head');
		await Promise.all([a, b, c].map(synced));
		const id = addDeduction(
			a.doc,
			{ unit: 'lang-son', criterion: 'II.2.2', points: points(1.5), reason: 'phối hợp' },
			writer('viceLaiChau')
		);
		await until(
			() => [b, c].every((x) => readDeductions(x.doc).some((d) => d.id === id)),
			'the deduction everywhere'
		);
		updateDeduction(a.doc, id, { points: points(1) }, writer('viceLaiChau'));
		updateDeduction(b.doc, id, { points: points(2) }, writer('viceQuangNinh'));
		const state = (x: LiveClient) => JSON.stringify(readDeductions(x.doc).map((d) => [d.id, d.points]));
		await until(() => state(a) === state(b) && state(b) === state(c), 'one value everywhere');
		expect([points(1), points(2)]).toContain(readDeductions(c.doc)[0]!.points);

		const before = logged(SCORING);
		removeDeduction(a.doc, id);
		updateDeduction(b.doc, id, { points: points(0.5), reason: 'sửa khi đang bị xóa' }, writer('viceQuangNinh'));
		await until(() => [a, b, c].every((x) => readDeductions(x.doc).length === 0), 'the removal winning everywhere');
		// The log keeps both: the removal and the edit.
		await until(() => logged(SCORING) >= before + 2, 'both updates logged');
	});

	it('10 clients making random edits end on the same state, equal to a fresh reader’s', async () => {
		const people = ['head', 'viceLaiChau', 'viceQuangNinh'];
		const ten = Array.from({ length: 10 }, (_, i) =>
			Object.assign(connect(people[i % 3]!), { writer: writer(people[i % 3]!) })
		);
		await Promise.all(ten.map(synced));
		const units = demo.units.map((u) => u.slug);
		let seed = 20211115;
		const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
		const ids: string[] = [];
		for (let round = 0; round < 20; round++) {
			for (const client of ten) {
				const roll = random();
				const existing = readDeductions(client.doc);
				if (roll < 0.5 || existing.length === 0) {
					ids.push(
						addDeduction(
							client.doc,
							{
								unit: units[Math.floor(random() * units.length)]!,
								criterion: 'I.4',
								points: points(0.5),
								reason: `r${round}`
							},
							client.writer
						)
					);
				} else if (roll < 0.8) {
					updateDeduction(
						client.doc,
						existing[Math.floor(random() * existing.length)]!.id,
						{ points: points(1) },
						client.writer
					);
				} else {
					removeDeduction(client.doc, existing[Math.floor(random() * existing.length)]!.id);
				}
			}
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
		const picture = (c: LiveClient) => JSON.stringify(readDeductions(c.doc).map((d) => [d.id, d.points, d.unit]));
		await until(() => ten.every((c) => picture(c) === picture(ten[0]!)), 'all ten equal', 15_000);
		const reader = connect('observer');
		await synced(reader);
		expect(picture(reader)).toBe(picture(ten[0]!));
		expect(ten.every((c) => c.refused() === 0)).toBe(true);
		for (const d of readDeductions(ten[0]!.doc)) removeDeduction(ten[0]!.doc, d.id);
		await until(() => readDeductions(reader.doc).length === 0, 'cleanup');
	});
});

describe('bad frames', () => {
	it.each([
		[
			'garbage bytes',
			Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
			[1007, 1003]
		],
		['an unknown message type', Buffer.from([0x07, 0x00]), [1003]],
		['a truncated update', Buffer.from([0x00, 0x02, 0x10, 0x01, 0x02]), [1007]],
		['a text frame', 'hello', [1003]]
	])('%s closes only that connection; the others keep syncing', async (_name, frame, codes) => {
		const head = connect('head');
		const watcher = connect('observer');
		await Promise.all([head, watcher].map(synced));
		const opened = await rawSocket(server.url, `/sync/${SCORING}`, cookies.head);
		if (!('socket' in opened)) throw new Error('not opened');
		const closed = new Promise<number>((resolve) => opened.socket.on('close', (code) => resolve(code)));
		opened.socket.send(frame);
		expect(codes).toContain(await closed);
		const id = addDeduction(
			head.doc,
			{ unit: 'cao-bang', criterion: 'V.2', points: points(0.5), reason: 'vẫn chạy' },
			writer('head')
		);
		await until(() => readDeductions(watcher.doc).some((d) => d.id === id), 'the watcher still syncing');
		removeDeduction(head.doc, id);
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
	});

	it('an oversized frame closes with 1009', async () => {
		const opened = await rawSocket(server.url, `/sync/${SCORING}`, cookies.head);
		if (!('socket' in opened)) throw new Error('not opened');
		const closed = new Promise<number>((resolve) => opened.socket.on('close', (code) => resolve(code)));
		opened.socket.send(Buffer.alloc(2 * 1024 * 1024, 1));
		expect(await closed).toBe(1009);
	});
});

describe('the pages show the live board', () => {
	it('after the report’s 2021 deductions are made live, the summary page shows the report’s cluster scores and the tie', async () => {
		const head = connect('head');
		await synced(head);
		for (const unit of demo.units) {
			for (const d of unit.deductions_2021)
				addDeduction(
					head.doc,
					{ unit: unit.slug, criterion: d.item, points: points(d.points), reason: d.reason },
					writer('head')
				);
		}
		await until(() => logged(SCORING) > 0 && readDeductions(head.doc).length === 9, 'nine deductions');
		const reader = connect('observer');
		await until(() => readDeductions(reader.doc).length === 9, 'a reader sees all nine');
		const html = await (await fetch(`${server.url}/meetings/1`, { headers: { cookie: cookies.observer! } })).text();
		const cell = (slug: string, col: string) =>
			new RegExp(`data-unit="${slug}"[\\s\\S]*?data-col="${col}"[^>]*>([^<]*)<`).exec(html)?.[1];
		expect(cell('quang-ninh', 'cluster')).toBe('99,5');
		expect(cell('son-la', 'cluster')).toBe('98');
		expect(cell('lai-chau', 'cluster')).toBe('98');
		expect(cell('lao-cai', 'cluster')).toBe('95,5');
		expect(cell('ha-giang', 'cluster')).toBe('87,5');
		expect(html).toContain('Tổng điểm trừ: 4,5');
		for (const d of readDeductions(head.doc)) removeDeduction(head.doc, d.id);
		await until(() => readDeductions(reader.doc).length === 0, 'cleanup');
	});
});

describe('nothing is lost', () => {
	it('after kill -9 and a restart, every deduction any client had received is there and the clients converge', async () => {
		const head = connect('head');
		const watcher = connect('observer');
		await Promise.all([head, watcher].map(synced));
		for (let i = 0; i < 30; i++)
			addDeduction(
				head.doc,
				{ unit: 'dien-bien', criterion: 'I.1', points: points(0.5), reason: `trước khi sập ${i}` },
				writer('head')
			);
		await until(() => readDeductions(watcher.doc).length === 30, 'the watcher has all 30');
		const seen = readDeductions(watcher.doc)
			.map((d) => d.id)
			.sort();

		await server.stop('SIGKILL');
		// Offline edit while the server is down: kept, and sent on reconnect.
		const offline = addDeduction(
			head.doc,
			{ unit: 'dien-bien', criterion: 'I.3', points: points(1), reason: 'khi mất kết nối' },
			writer('head')
		);
		server = await startServer({ demo: true, databasePath: server.databasePath, port: server.port });
		const fresh = connect('observer');
		await until(
			() => readDeductions(fresh.doc).some((d) => d.id === offline),
			'the offline edit arriving after the restart',
			15_000
		);
		const ids = readDeductions(fresh.doc).map((d) => d.id);
		for (const id of seen) expect(ids).toContain(id);
		await until(
			() => JSON.stringify(readDeductions(watcher.doc)) === JSON.stringify(readDeductions(fresh.doc)),
			'the old watcher converging'
		);
	});
});
