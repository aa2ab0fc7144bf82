// A confirmation ballot (one candidate) on the real server, with one paper of each kind: agree, disagree, abstain.
// Each is its own figure on the ballots page, in the record and in the vote-count minutes (the .docx's own text).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { demo } from '$lib/server/demo/load-demo';
import { startServer, type RunningServer } from '../support/server';
import { postForm, signInAs } from '../support/people';
import { readDocx } from '../support/office';

let server: RunningServer;
let sqlite: SQLite.Database;
const delegates = new Map<string, string>();
let head: string;
let host: string;
let ballot: number;

function post(path: string, fields: [string, string][], cookie: string) {
	return fetch(`${server.url}${path}`, {
		method: 'POST',
		headers: {
			origin: server.url,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			cookie
		},
		body: new URLSearchParams(fields)
	});
}

beforeAll(async () => {
	server = await startServer({ demo: true });
	sqlite = new SQLite(server.databasePath);
	head = await signInAs(server.url, server.databasePath, { role: 'head' });
	host = await signInAs(server.url, server.databasePath, { role: 'host' });
	for (const unit of demo.units)
		delegates.set(
			unit.slug,
			await signInAs(server.url, server.databasePath, { role: 'delegate', unit: unit.short_name })
		);
	expect((await postForm(server.url, '/meetings/1?/phase', { to: 'voting' }, head)).status).toBe(200);
	const created = await post(
		'/meetings/1/ballots?/create',
		[
			['title', 'Bầu Cụm trưởng năm 2022'],
			['purpose', 'head'],
			['candidate', 'lai-chau'],
			['maxChoices', '1'],
			['seats', '1'],
			['quorum', '2'],
			['thresholdNumerator', '1'],
			['thresholdDenominator', '2'],
			['thresholdBase', 'cast'],
			['thresholdComparison', 'more_than'],
			['secret', 'on']
		],
		host
	);
	expect(created.status).toBe(200);
	ballot = (sqlite.prepare('select max(id) as id from ballots').get() as { id: number }).id;
	expect((await postForm(server.url, '/meetings/1/ballots?/open', { ballot: String(ballot) }, head)).status).toBe(
		200
	);
}, 120_000);
afterAll(async () => {
	sqlite.close();
	await server.stop();
	server.cleanup();
});

describe('a confirmation ballot with one paper of each kind', () => {
	it('takes agree, disagree and abstain as three sealed papers', async () => {
		const vote = (unit: string, fields: [string, string][]) =>
			post('/meetings/1/ballots?/vote', [['ballot', String(ballot)], ...fields], delegates.get(unit)!);
		expect((await vote('son-la', [['choice', 'lai-chau']])).status).toBe(200);
		expect((await vote('quang-ninh', [['against', 'lai-chau']])).status).toBe(200);
		expect((await vote('ha-giang', [])).status).toBe(200);
		// Against someone who is not the candidate, or for and against at once: refused, nothing stored.
		const wrong = await vote('lao-cai', [['against', 'son-la']]);
		expect(wrong.status).toBe(409);
		expect(await wrong.text()).toContain('Không đồng ý');
		// Sealed while the ballot is open: three papers, whatever they say.
		expect(
			(
				sqlite.prepare('select count(*) as n from ballot_sealed_papers where ballot_id = ?').get(ballot) as {
					n: number;
				}
			).n
		).toBe(3);
	});

	it('is counted on screen as agree 1, disagree 1, abstain or blank 1; the threshold applies to the agree votes', async () => {
		expect(
			(await postForm(server.url, '/meetings/1/ballots?/close', { ballot: String(ballot) }, head)).status
		).toBe(200);
		// Opened at the close: the disagree is a paper against the candidate, not a blank one.
		expect(
			sqlite
				.prepare('select choices, against from ballot_papers where ballot_id = ? order by choices, against')
				.all(ballot)
		).toHaveLength(3);
		expect(
			(
				sqlite
					.prepare(
						"select count(*) as n from ballot_papers where ballot_id = ? and choices = '[]' and against = '[]'"
					)
					.get(ballot) as { n: number }
			).n
		).toBe(1);
		const html = await (await fetch(`${server.url}/meetings/1/ballots`, { headers: { cookie: head } })).text();
		expect(html).toContain('Đồng ý: 1 · Không đồng ý: 1 · Không biểu quyết / phiếu trống: 1');
		expect(html).toContain('Phiếu phát ra: 8 · Phiếu thu về: 3 · Hợp lệ: 3 · Không hợp lệ: 0 · Phiếu trống: 1');
		// 1 agree of 3 papers is not more than half: Lai Châu is not elected.
		expect(
			(sqlite.prepare('select count(*) as n from nominations where ballot_id = ?').get(ballot) as { n: number }).n
		).toBe(0);
	});

	it('carries the three figures into the record and the vote-count minutes', async () => {
		expect((await postForm(server.url, '/meetings/1?/close', {}, head)).status).toBe(200);
		const record = (await (
			await fetch(`${server.url}/meetings/1/record.json`, { headers: { cookie: head } })
		).json()) as {
			record: { ballots: { id: number; count: { confirmation: unknown; blank: number; valid: number } }[] };
		};
		const counted = record.record.ballots.find((b) => b.id === ballot)!;
		expect(counted.count).toMatchObject({ valid: 3, blank: 1, confirmation: { agree: 1, disagree: 1, blank: 1 } });

		const recordPage = await (await fetch(`${server.url}/meetings/1/record`, { headers: { cookie: head } })).text();
		expect(recordPage).toContain('Đồng ý: 1 · Không đồng ý: 1 · Không biểu quyết / phiếu trống: 1');

		const number = (
			sqlite
				.prepare("select count(*) as n from ballots where meeting_id = 1 and status = 'closed' and id <= ?")
				.get(ballot) as { n: number }
		).n;
		const response = await fetch(`${server.url}/meetings/1/documents/bien-ban-kiem-phieu-${number}-2021.docx`, {
			headers: { cookie: head }
		});
		expect(response.status).toBe(200);
		const { text } = await readDocx(Buffer.from(await response.arrayBuffer()));
		expect(text).toContain('Số phiếu hợp lệ: 03 phiếu');
		expect(text).toContain('Số phiếu đồng ý: 01 phiếu');
		expect(text).toContain('Số phiếu không đồng ý: 01 phiếu');
		expect(text).toContain('Số phiếu không biểu quyết (phiếu trống): 01 phiếu');
		expect(text).not.toContain('Số phiếu trống: 02');
	});
});
