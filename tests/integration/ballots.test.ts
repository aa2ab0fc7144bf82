import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { demo } from '$lib/server/demo/load-demo';
import { openDatabase } from '$lib/server/db/open';
import { verifyRecord } from '$lib/server/record/close-meeting';
import { startServer, type RunningServer } from '../support/server';
import { postForm, signInAs } from '../support/people';
import { connectLive, synced, until } from '../support/live';
import { answersDocumentName, scoringDocumentName } from '$lib/live/documents';
import { addDeduction, readDeductions } from '$lib/live/scoring-doc';
import { readAnswers, setAnswer } from '$lib/live/answers-doc';

// Ballots on the real server: votes decided in SQL transactions, by delegates of member units.

let server: RunningServer;
let sqlite: SQLite.Database;
const delegates = new Map<string, string>(); // unit slug → session cookie
let head: string;
let host: string;
let observer: string;

const units = demo.units.map((u) => u.slug);
const count = (sql: string, ...args: unknown[]) => (sqlite.prepare(sql).get(...args) as { n: number }).n;
const latestBallot = () => (sqlite.prepare('select max(id) as id from ballots').get() as { id: number }).id;

function createBallot(fields: Record<string, string | string[]>) {
	const body = new URLSearchParams();
	const defaults = {
		maxChoices: '1',
		seats: '1',
		quorum: '5',
		thresholdNumerator: '1',
		thresholdDenominator: '2',
		thresholdBase: 'members',
		thresholdComparison: 'more_than',
		secret: 'on'
	};
	for (const [key, value] of Object.entries({ ...defaults, ...fields }))
		for (const v of [value].flat()) body.append(key, v);
	return fetch(`${server.url}/meetings/1/ballots?/create`, {
		method: 'POST',
		headers: {
			origin: server.url,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			cookie: host
		},
		body
	});
}
const act = (action: string, ballot: number, cookie: string, extra: Record<string, string> = {}) =>
	postForm(server.url, `/meetings/1/ballots?/${action}`, { ballot: String(ballot), ...extra }, cookie);
function vote(unit: string, ballot: number, choices: string[], extra: Record<string, string> = {}) {
	const body = new URLSearchParams({ ballot: String(ballot), ...extra });
	for (const c of choices) body.append('choice', c);
	return fetch(`${server.url}/meetings/1/ballots?/vote`, {
		method: 'POST',
		headers: {
			origin: server.url,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			cookie: delegates.get(unit)!
		},
		body
	});
}

beforeAll(async () => {
	server = await startServer({ demo: true });
	sqlite = new SQLite(server.databasePath);
	head = await signInAs(server.url, server.databasePath, { role: 'head' });
	host = await signInAs(server.url, server.databasePath, { role: 'host' });
	observer = await signInAs(server.url, server.databasePath, { role: 'observer' });
	for (const unit of demo.units)
		delegates.set(
			unit.slug,
			await signInAs(server.url, server.databasePath, { role: 'delegate', unit: unit.short_name })
		);
	expect((await postForm(server.url, '/meetings/1?/phase', { to: 'voting' }, head)).status).toBe(200);
});
afterAll(async () => {
	sqlite.close();
	await server.stop();
	server.cleanup();
});

describe('a secret ballot for the emulation flag', () => {
	let ballot: number;

	it('the host prepares it, the head opens it; a delegate cannot open it', async () => {
		expect(
			(
				await createBallot({
					title: 'Suy tôn Cờ thi đua',
					purpose: 'flag',
					candidate: ['quang-ninh', 'son-la', 'lai-chau']
				})
			).status
		).toBe(200);
		ballot = latestBallot();
		expect((await act('open', ballot, delegates.get('son-la')!)).status).toBe(403);
		expect(count('select count(*) as n from ballots where id = ? and status = ?', ballot, 'draft')).toBe(1);
		expect((await act('open', ballot, head)).status).toBe(200);
	});

	it('8 delegates voting at the same instant, each pressing twice, give exactly 8 votes', async () => {
		const choice = (unit: string) => (unit === 'quang-ninh' ? ['son-la'] : ['quang-ninh']);
		const responses = await Promise.all(
			units.flatMap((unit) => [vote(unit, ballot, choice(unit)), vote(unit, ballot, choice(unit))])
		);
		const statuses = responses.map((r) => r.status);
		expect(statuses.filter((s) => s === 200)).toHaveLength(8);
		expect(statuses.filter((s) => s === 409)).toHaveLength(8);
		const refusals = await Promise.all(responses.filter((r) => r.status === 409).map((r) => r.text()));
		for (const html of refusals) expect(html).toContain('Đơn vị của bạn đã bỏ phiếu; mỗi đơn vị chỉ một phiếu.');
		expect(count('select count(*) as n from ballot_voters where ballot_id = ?', ballot)).toBe(8);
		// While it is open the papers are sealed; they are written in plain only at the close.
		expect(count('select count(*) as n from ballot_sealed_papers where ballot_id = ?', ballot)).toBe(8);
		expect(count('select count(*) as n from ballot_papers where ballot_id = ?', ballot)).toBe(0);
	});

	it('while open, everyone sees how many have voted and nobody sees a partial result', async () => {
		const html = await (await fetch(`${server.url}/meetings/1/ballots`, { headers: { cookie: observer } })).text();
		expect(html).toContain('Đã bỏ phiếu: 8/8 đơn vị');
		expect(html).toContain('Kết quả chỉ công bố khi kết thúc biểu quyết.');
		expect(html).not.toContain('data-testid="result"');
	});

	it('its stored rows cannot be linked to the voters: the sealed papers are one length and name nobody', () => {
		const columns = (table: string) =>
			(sqlite.prepare(`pragma table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
		expect(columns('ballot_papers')).toEqual(['id', 'ballot_id', 'receipt', 'choices', 'voter_unit_id', 'against']); // against: what the paper says, like choices
		expect(columns('ballot_voters')).toEqual(['ballot_id', 'unit_id']);
		expect(columns('ballot_sealed_papers')).toEqual(['id', 'ballot_id', 'key_id', 'sealed', 'receipt_tag']);
		// No timestamps anywhere; no rowid whose order would follow the order of voting.
		for (const table of ['ballot_papers', 'ballot_voters', 'ballot_sealed_papers']) {
			const ddl = (sqlite.prepare('select sql from sqlite_master where name = ?').get(table) as { sql: string })
				.sql;
			expect(ddl.toLowerCase()).toContain('without rowid');
			expect(() => sqlite.prepare(`select rowid from ${table}`).all()).toThrow(/no such column: rowid/);
		}
		// Seven papers for Quảng Ninh and one for Sơn La, sealed: all of one length, none readable.
		const sealed = (
			sqlite.prepare('select sealed from ballot_sealed_papers where ballot_id = ?').all(ballot) as {
				sealed: string;
			}[]
		).map((r) => r.sealed);
		expect(new Set(sealed.map((s) => s.length)).size).toBe(1);
		// A plain paper would hold its choice as the papers table does: the chosen units' ids in a JSON array.
		const choices = (sqlite.prepare('select id from units').all() as { id: number }[]).map((u) => `[${u.id}]`);
		for (const paper of sealed)
			for (const choice of choices) expect(Buffer.from(paper, 'base64').toString('latin1')).not.toContain(choice);
	});

	it('its files keep no order of the votes: the write-ahead log holds none of the sealed papers', () => {
		const wal = `${server.databasePath}-wal`;
		const log = existsSync(wal) ? readFileSync(wal) : Buffer.alloc(0);
		const papers = sqlite
			.prepare('select id, sealed from ballot_sealed_papers where ballot_id = ?')
			.all(ballot) as {
			id: string;
			sealed: string;
		}[];
		expect(papers).toHaveLength(8);
		for (const paper of papers) {
			expect(log.includes(Buffer.from(paper.id))).toBe(false);
			expect(log.includes(Buffer.from(paper.sealed))).toBe(false);
		}
	});

	it('a vote after the close is refused with a message; the count does not change', async () => {
		expect((await act('close', ballot, head)).status).toBe(200);
		const late = await vote('son-la', ballot, ['quang-ninh']);
		expect(late.status).toBe(409);
		expect(await late.text()).toContain('Cuộc biểu quyết không còn mở: phiếu không được ghi nhận.');
		expect(count('select count(*) as n from ballot_papers where ballot_id = ?', ballot)).toBe(8);
		// The close opened every sealed paper into a plain one, naming no voter, and kept no sealed one.
		expect(count('select count(*) as n from ballot_sealed_papers where ballot_id = ?', ballot)).toBe(0);
		expect(
			count('select count(*) as n from ballot_papers where ballot_id = ? and voter_unit_id is not null', ballot)
		).toBe(0);
	});

	it('at the close everyone sees the result at once, and Quảng Ninh becomes the flag nomination', async () => {
		const html = await (await fetch(`${server.url}/meetings/1/ballots`, { headers: { cookie: observer } })).text();
		expect(html).toContain('Phiếu phát ra: 8 · Phiếu thu về: 8 · Hợp lệ: 8 · Không hợp lệ: 0 · Phiếu trống: 0');
		expect(html).toMatch(/data-candidate="quang-ninh"[\s\S]*?data-col="votes">7</);
		expect(html).toContain('Quảng Ninh được suy tôn.');
		expect(
			count(
				"select count(*) as n from nominations n join units u on u.id = n.unit_id where n.purpose = 'flag' and u.slug = 'quang-ninh'"
			)
		).toBe(1);
	});
});

describe('refusals', () => {
	let ballot: number;
	beforeAll(async () => {
		await createBallot({ title: 'Đề nghị tặng Bằng khen', purpose: 'merit', candidate: ['son-la', 'lai-chau'] });
		ballot = latestBallot();
		await act('open', ballot, head);
	});

	it('a ballot whose rules cannot work does not open, and the head is told why', async () => {
		await createBallot({ title: 'Sai quy tắc', purpose: 'other', candidate: ['son-la'], quorum: '9' });
		const id = latestBallot();
		const response = await act('open', id, head);
		expect(response.status).toBe(409);
		expect(await response.text()).toContain('Chưa mở được: Số đơn vị tối thiểu vượt số thành viên.');
		expect(sqlite.prepare('select status from ballots where id = ?').get(id)).toEqual({ status: 'draft' });
	});

	it("a non-delegate cannot vote: 403 with the reason (the head's unit has its own delegate, who votes)", async () => {
		for (const [cookie, reason] of [
			[head, 'Bạn không thay mặt đơn vị này'],
			[observer, 'Vai trò của bạn không được làm việc này.']
		] as const) {
			const response = await fetch(`${server.url}/meetings/1/ballots?/vote`, {
				method: 'POST',
				headers: {
					origin: server.url,
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded',
					cookie
				},
				body: `ballot=${ballot}&choice=son-la`
			});
			expect(response.status).toBe(403);
			expect(await response.text()).toContain(reason);
		}
	});

	it('a delegate votes only for their own unit: a unit named in the form is ignored', async () => {
		const response = await vote('cao-bang', ballot, ['son-la'], { unit: 'ha-giang' });
		expect(response.status).toBe(200);
		const voted = sqlite
			.prepare('select u.slug from ballot_voters v join units u on u.id = v.unit_id where v.ballot_id = ?')
			.all(ballot);
		expect(voted).toEqual([{ slug: 'cao-bang' }]);
	});

	it.each([
		['too many choices', 'ha-giang', ['son-la', 'lai-chau'], 'Chọn quá số lượng: tối đa 1, bạn chọn 2.'],
		['not a candidate', 'ha-giang', ['dien-bien'], 'Điện Biên không có trong danh sách đề cử.'],
		['choosing itself', 'son-la', ['son-la'], 'Đơn vị không được tự chọn mình (Sơn La).']
	])('%s is refused with a clear message and nothing is stored', async (_name, unit, choices, message) => {
		const before = count('select count(*) as n from ballot_sealed_papers where ballot_id = ?', ballot);
		const response = await vote(unit, ballot, choices);
		expect(response.status).toBe(409);
		expect(await response.text()).toContain(message);
		expect(count('select count(*) as n from ballot_sealed_papers where ballot_id = ?', ballot)).toBe(before);
	});

	it('a blank vote is a valid vote', async () => {
		const before = count('select count(*) as n from ballot_sealed_papers where ballot_id = ?', ballot);
		expect((await vote('dien-bien', ballot, [])).status).toBe(200);
		expect(count('select count(*) as n from ballot_sealed_papers where ballot_id = ?', ballot)).toBe(before + 1);
	});

	it('no candidate over the threshold leads to a run-off, prepared with one action', async () => {
		await vote('quang-ninh', ballot, ['son-la']);
		await vote('lao-cai', ballot, ['lai-chau']);
		await vote('ha-giang', ballot, ['lai-chau']);
		await vote('lang-son', ballot, ['son-la']);
		await vote('son-la', ballot, ['lai-chau']);
		await vote('lai-chau', ballot, ['son-la']);
		// Sơn La 4, Lai Châu 3, one blank: neither has more than half of the 8 members.
		expect((await act('close', ballot, head)).status).toBe(200);
		expect(count("select count(*) as n from ballot_papers where ballot_id = ? and choices = '[]'", ballot)).toBe(1);
		const html = await (await fetch(`${server.url}/meetings/1/ballots`, { headers: { cookie: head } })).text();
		expect(html).toContain('Chưa đơn vị nào đạt ngưỡng: bầu lại 1 đơn vị giữa Sơn La, Lai Châu.');
		const before = latestBallot();
		expect((await act('runoff', ballot, head)).status).toBe(200);
		const runoff = latestBallot();
		expect(runoff).toBe(before + 1);
		const candidates = sqlite
			.prepare(
				'select u.slug from ballot_candidates c join units u on u.id = c.unit_id where c.ballot_id = ? order by c.position'
			)
			.all(runoff);
		expect(candidates).toEqual([{ slug: 'son-la' }, { slug: 'lai-chau' }]);
		expect(sqlite.prepare('select round, status, runoff_of from ballots where id = ?').get(runoff)).toEqual({
			round: 2,
			status: 'draft',
			runoff_of: ballot
		});
	});
});

describe('closing the meeting', () => {
	// Scored live during the review: one deduction on Lào Cai, answered by its delegate.
	beforeAll(async () => {
		sqlite.prepare("update meetings set phase = 'review' where id = 1").run();
		// The writer as the server knows them: a live entry's author must be the writer's own id and name.
		const userOf = (role: string, slug: string) =>
			sqlite
				.prepare(
					'select p.user_id as id, users.display_name as name from participants p join units u on u.id = p.unit_id join users on users.id = p.user_id where p.role = ? and u.slug = ?'
				)
				.get(role, slug) as { id: number; name: string };
		const vice = connectLive(
			server.url,
			await signInAs(server.url, server.databasePath, { role: 'vice_head', unit: 'Lai Châu' }),
			scoringDocumentName(1)
		);
		const answers = connectLive(server.url, delegates.get('lao-cai')!, answersDocumentName(1, 'lao-cai'));
		try {
			await Promise.all([synced(vice), synced(answers)]);
			const id = addDeduction(
				vice.doc,
				{
					unit: 'lao-cai',
					criterion: 'II.3',
					points: 200,
					reason: 'Vừa tính điểm đề tài, vừa lấy đề tài đó làm sáng kiến'
				},
				userOf('vice_head', 'lai-chau')
			);
			setAnswer(answers.doc, id, 'Đề tài và sáng kiến là hai sản phẩm khác nhau.', userOf('delegate', 'lao-cai'));
			const reader = connectLive(server.url, observer, answersDocumentName(1, 'lao-cai'));
			await until(
				() => readAnswers(reader.doc).has(id) && readDeductions(vice.doc).length === 1,
				'the deduction and its answer stored'
			);
			reader.destroy();
		} finally {
			vice.destroy();
			answers.destroy();
			sqlite.prepare("update meetings set phase = 'voting' where id = 1").run();
		}
	});

	it('only the head closes it; the record is sealed as bytes whose digest no change of the rows can touch, and any change of a byte breaks', async () => {
		expect((await postForm(server.url, '/meetings/1?/close', {}, host)).status).toBe(403);
		const response = await postForm(server.url, '/meetings/1?/close', {}, head);
		expect(response.status).toBe(200);
		const digest = /Mã kiểm tra biên bản: ([0-9a-f]{64})/.exec(await response.text())?.[1];
		expect(digest).toBeDefined();

		const response2 = await fetch(`${server.url}/meetings/1/record.json`, { headers: { cookie: observer } });
		const body = await response2.text();
		const record = JSON.parse(body);
		expect(record.digest).toBe(digest);
		// record.json carries the sealed bytes as they are: hashing them gives the digest.
		const bytes = body.slice(body.indexOf('"record":') + '"record":'.length, -1);
		expect(createHash('sha256').update(bytes, 'utf8').digest('hex')).toBe(digest);
		expect(record.intact).toBe(true);
		expect(record.record.summary).toHaveLength(8);
		expect(record.record.nominations).toEqual([
			{ purpose: 'flag', unit: 'quang-ninh', name: demo.units[0]!.name, ballot: 1 }
		]);
		// The live sheet's final state is in the record: the deduction with its reason and author, and the answer.
		const laoCai = record.record.summary.find((row: { unit: string }) => row.unit === 'lao-cai');
		expect(laoCai).toMatchObject({ selfScore: 10000, clusterScore: 9800 });
		expect(laoCai.deductions).toEqual([
			expect.objectContaining({
				criterion: 'II.3',
				points: 200,
				reason: 'Vừa tính điểm đề tài, vừa lấy đề tài đó làm sáng kiến',
				author: 'Nguyễn Tiên Tăng',
				// Never edited: its last editor is its author.
				updatedBy: 'Nguyễn Tiên Tăng',
				answer: { text: 'Đề tài và sáng kiến là hai sản phẩm khác nhau.', author: 'Hoàng Thị Lan' }
			})
		]);
		expect(count('select count(*) as n from deductions')).toBe(1);

		const { db } = await openDatabase(server.databasePath);
		try {
			expect((await verifyRecord(db, 1))!.intact).toBe(true);
			// The rows are not the record: a changed paper or score leaves the sealed record and its seal as they were.
			const paper = sqlite.prepare('select id, choices from ballot_papers where ballot_id = 1 limit 1').get() as {
				id: string;
				choices: string;
			};
			sqlite.prepare("update ballot_papers set choices = '[]' where id = ?").run(paper.id);
			sqlite
				.prepare(
					'update final_scores set cluster_points = cluster_points - 50 where meeting_id = 1 and rank = 1'
				)
				.run();
			expect((await verifyRecord(db, 1))!.intact).toBe(true);
			const again = await (
				await fetch(`${server.url}/meetings/1/record.json`, { headers: { cookie: observer } })
			).text();
			expect(again).toBe(body);
			sqlite.prepare('update ballot_papers set choices = ? where id = ?').run(paper.choices, paper.id);
			sqlite
				.prepare(
					'update final_scores set cluster_points = cluster_points + 50 where meeting_id = 1 and rank = 1'
				)
				.run();
			// A changed byte of the stored record breaks the seal, and the record page says so.
			const stored = sqlite.prepare('select record from meeting_records where meeting_id = 1').get() as {
				record: Buffer;
			};
			sqlite
				.prepare('update meeting_records set record = ? where meeting_id = 1')
				.run(
					Buffer.from(
						stored.record.toString('utf8').replace('"clusterScore":9800', '"clusterScore":9900'),
						'utf8'
					)
				);
			expect((await verifyRecord(db, 1))!.intact).toBe(false);
			const page = await (
				await fetch(`${server.url}/meetings/1/record`, { headers: { cookie: observer } })
			).text();
			expect(page).toContain('biên bản đã bị thay đổi');
			sqlite.prepare('update meeting_records set record = ? where meeting_id = 1').run(stored.record);
			expect((await verifyRecord(db, 1))!.intact).toBe(true);
		} finally {
			await db.destroy();
		}
	});

	it('after the close nothing changes: no phase move, no ballot, no vote, no live edit', async () => {
		expect((await postForm(server.url, '/meetings/1?/phase', { to: 'review' }, head)).status).toBe(403);
		const headId = (
			sqlite.prepare("select user_id as id from participants where role = 'head'").get() as { id: number }
		).id;
		const live = connectLive(server.url, head, scoringDocumentName(1));
		try {
			await synced(live);
			addDeduction(
				live.doc,
				{ unit: 'son-la', criterion: 'I.1', points: 100, reason: 'sau khi đã khóa' },
				{ id: headId, name: 'Sơn La' }
			);
			await until(() => live.refused() > 0, 'the write refused');
		} finally {
			live.destroy();
		}
		const fresh = connectLive(server.url, observer, scoringDocumentName(1));
		await synced(fresh);
		expect(readDeductions(fresh.doc).map((d) => d.reason)).not.toContain('sau khi đã khóa');
		fresh.destroy();
		expect((await createBallot({ title: 'Muộn', purpose: 'other', candidate: ['son-la'] })).status).toBe(403);
		const html = await (await fetch(`${server.url}/meetings/1/record`, { headers: { cookie: observer } })).text();
		expect(html).toContain('Biên bản kiểm phiếu: Suy tôn Cờ thi đua');
		expect(html).toContain(
			'Suy tôn đề nghị tặng Cờ thi đua: <strong>Trường Đào tạo cán bộ Nguyễn Văn Cừ tỉnh Quảng Ninh</strong>'
		);
	});
});
