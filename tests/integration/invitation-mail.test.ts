import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import SQLite from 'better-sqlite3';
import { SMTPServer } from 'smtp-server';
import { startServer, type RunningServer } from '../support/server';
import { postForm, signInAs } from '../support/people';

// Sending the invitations by e-mail through a real SMTP receiver on the loopback: every participant who has not
// joined and has an address gets one message with a fresh link; an address the mail server refuses is reported
// by name, its new link is revoked, and the person's older link still works.

let server: RunningServer;
let smtp: SMTPServer;
let sqlite: SQLite.Database;
let host: string;
const received: { to: string[]; raw: string }[] = [];
const REFUSED = 'tu-choi@example.vn';

beforeAll(async () => {
	smtp = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onRcptTo(address, _session, callback) {
			if (address.address === REFUSED) {
				const refusal = new Error('Hộp thư không tồn tại') as Error & { responseCode: number };
				refusal.responseCode = 550;
				return callback(refusal);
			}
			callback();
		},
		onData(stream, session, callback) {
			let raw = '';
			stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
			stream.on('end', () => {
				received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
				callback();
			});
		}
	});
	await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
	const port = (smtp.server.address() as AddressInfo).port;
	server = await startServer({
		demo: true,
		env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Thư ký Cụm <cum@example.vn>' }
	});
	sqlite = new SQLite(server.databasePath);
	sqlite.pragma('busy_timeout = 5000');
	host = await signInAs(server.url, server.databasePath, { role: 'host' });
	// Three delegates have addresses, one of which the mail server refuses; the others have none.
	const setEmail = (slug: string, email: string) =>
		sqlite
			.prepare(
				"update users set email = ? where id = (select p.user_id from participants p join units u on u.id = p.unit_id where p.meeting_id = 1 and p.role = 'delegate' and u.slug = ?)"
			)
			.run(email, slug);
	setEmail('ha-giang', 'ha-giang@example.vn');
	setEmail('dien-bien', 'dien-bien@example.vn');
	setEmail('cao-bang', REFUSED);
});

afterAll(async () => {
	sqlite?.close();
	await server?.stop();
	server?.cleanup();
	await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

const participantOf = (slug: string) =>
	(
		sqlite
			.prepare(
				"select p.id from participants p join units u on u.id = p.unit_id where p.meeting_id = 1 and p.role = 'delegate' and u.slug = ?"
			)
			.get(slug) as { id: number }
	).id;
const activeLinks = (participantId: number) =>
	(
		sqlite
			.prepare(
				'select count(*) as n from join_links where participant_id = ? and used_at is null and revoked_at is null'
			)
			.get(participantId) as { n: number }
	).n;

/** The link in a message; quoted-printable may break long lines with "=" at their end. */
function linkIn(raw: string): string {
	const text = raw.replace(/=\r?\n/g, '');
	const match = /https?:\/\/[^\s]+\/join\/([a-z2-7]{32})/.exec(text);
	if (!match) throw new Error(`no link in the message:\n${raw}`);
	return match[1]!;
}

describe('invitations by e-mail', () => {
	it('the page says where mail comes from and how many can be sent', async () => {
		const page = await fetch(`${server.url}/meetings/1/invitations`, { headers: { cookie: host } });
		const html = await page.text();
		expect(html).toContain('Thư gửi từ Thư ký Cụm &lt;cum@example.vn>.');
		expect(html).toContain('Gửi giấy mời qua email (3 người chưa vào có email)');
		expect(html).not.toContain('không thư nào được gửi');
	});

	it('sends to every address, reports the refused one, and keeps only links that were delivered', async () => {
		const caoBang = participantOf('cao-bang');
		// An earlier link of the person whose address will be refused: it must survive the failed sending.
		const before = await postForm(
			server.url,
			'/meetings/1/invitations?/reissue',
			{ participant: String(caoBang) },
			host
		);
		const earlier = /\/join\/([a-z2-7]{32})/.exec(await before.text())![1]!;

		const response = await postForm(server.url, '/meetings/1/invitations?/send', {}, host);
		expect(response.status).toBe(200);
		const html = await response.text();
		expect(html).toContain('Đã gửi 2/3 thư.');
		expect(html).toMatch(
			new RegExp(`Không gửi được tới ${REFUSED} \\(Nông Thị Hạnh\\): 550 Hộp thư không tồn tại`)
		);

		expect(
			received
				.map((m) => m.to)
				.flat()
				.sort()
		).toEqual(['dien-bien@example.vn', 'ha-giang@example.vn']);
		const toHaGiang = received.find((m) => m.to.includes('ha-giang@example.vn'))!;
		expect(toHaGiang.raw).toMatch(/^From: .*cum@example\.vn/m);
		expect(toHaGiang.raw).toMatch(/^Subject: /m);

		// The delivered links sign their person in; the refused person keeps their earlier link and no new one.
		expect(activeLinks(caoBang)).toBe(1);
		for (const message of received) {
			const join = await postForm(server.url, `/join/${linkIn(message.raw)}`, {});
			expect(join.status).toBe(303);
		}
		expect((await postForm(server.url, `/join/${earlier}`, {})).status).toBe(303);
	});

	it('one person at a time, as the page does to count progress', async () => {
		const haGiang = participantOf('ha-giang');
		received.length = 0;
		const response = await postForm(
			server.url,
			'/meetings/1/invitations?/send',
			{ participant: String(haGiang) },
			host
		);
		expect(response.status).toBe(200);
		expect(await response.text()).toContain('Đã gửi 1/1 thư.');
		expect(received).toHaveLength(1);
		expect(received[0]!.to).toEqual(['ha-giang@example.vn']);
	});

	it('a delegate may not send invitations', async () => {
		const delegate = await signInAs(server.url, server.databasePath, { role: 'delegate', unit: 'Lạng Sơn' });
		received.length = 0;
		const response = await postForm(server.url, '/meetings/1/invitations?/send', {}, delegate);
		expect(response.status).toBe(403);
		expect(received).toHaveLength(0);
	});
});
