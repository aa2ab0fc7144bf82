import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { hashToken } from '$lib/server/auth/tokens';
import { openDatabase } from '$lib/server/db/open';
import { createUser } from '$lib/server/people/users';
import { startServer, type RunningServer } from '../support/server';
import { issueLinkFor, joinByLink, postForm, sessionCookieOf } from '../support/people';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer({ demo: true });
	// A user with a password, as the admin command or the account page would make one.
	const { db } = await openDatabase(server.databasePath);
	await createUser(db, { displayName: 'Thư ký', username: 'thuky', password: 'mat-khau-dai' });
	await createUser(db, { displayName: 'Bị khóa', username: 'bikhoa', password: 'mat-khau-dai' });
	await db.destroy();
});
afterAll(async () => {
	await server.stop();
	server.cleanup();
});

const page = (path: string, cookie?: string) =>
	fetch(`${server.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

/** Every text and blob value in the database, to prove a secret is not stored. */
function everyStoredValue(): string {
	const sqlite = new SQLite(server.databasePath, { readonly: true });
	try {
		const tables = sqlite.prepare("select name from sqlite_master where type = 'table'").all() as {
			name: string;
		}[];
		return tables
			.flatMap(({ name }) => sqlite.prepare(`select * from "${name}"`).all() as Record<string, unknown>[])
			.flatMap((row) => Object.values(row).map((v) => (v instanceof Buffer ? v.toString('latin1') : String(v))))
			.join('\n');
	} finally {
		sqlite.close();
	}
}

describe('signing in with a password', () => {
	it('sets an HttpOnly, SameSite=Lax session cookie whose value is stored nowhere, only its hash', async () => {
		const response = await postForm(server.url, '/login', { username: 'thuky', password: 'mat-khau-dai' });
		expect(response.status).toBe(303);
		const header = response.headers.getSetCookie().find((c) => c.startsWith('session='))!;
		expect(header).toMatch(/HttpOnly/i);
		expect(header).toMatch(/SameSite=Lax/i);
		expect(header).toMatch(/Path=\//);
		expect(header).toMatch(/Expires=/);
		const token = sessionCookieOf(response).split('=')[1]!;
		const stored = everyStoredValue();
		expect(stored).not.toContain(token);
		expect(stored).toContain(hashToken(token));
		expect((await page('/account', sessionCookieOf(response))).status).toBe(200);
	});

	it('answers a wrong password and an unknown name with the same message', async () => {
		const wrongPassword = await postForm(server.url, '/login', { username: 'thuky', password: 'sai-mat-khau' });
		const unknownName = await postForm(server.url, '/login', { username: 'khong-co', password: 'sai-mat-khau' });
		expect(wrongPassword.status).toBe(400);
		expect(unknownName.status).toBe(400);
		for (const response of [wrongPassword, unknownName]) {
			const html = await response.text();
			expect(html).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
			expect(response.headers.getSetCookie().some((c) => c.startsWith('session='))).toBe(false);
		}
	});

	it('throttles an account after 5 failures in a minute, and says so, even for the right password', async () => {
		for (let attempt = 0; attempt < 5; attempt++) {
			expect(
				(await postForm(server.url, '/login', { username: 'bikhoa', password: `sai-${attempt}` })).status
			).toBe(400);
		}
		const throttled = await postForm(server.url, '/login', { username: 'bikhoa', password: 'mat-khau-dai' });
		expect(throttled.status).toBe(429);
		expect(await throttled.text()).toMatch(/Bạn đã thử quá nhiều lần\. Vui lòng thử lại sau \d+ giây\./);
	});

	it('refuses a form posted from another site', async () => {
		const response = await fetch(`${server.url}/login`, {
			method: 'POST',
			headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
			body: 'username=thuky&password=mat-khau-dai'
		});
		expect(response.status).toBe(403);
	});
});

describe('sessions', () => {
	it('sign-out ends the session: the old cookie no longer opens the board', async () => {
		const cookie = await joinByLink(server.url, await issueLinkFor(server.databasePath, { role: 'observer' }));
		expect((await page('/meetings/1', cookie)).status).toBe(200);
		expect((await postForm(server.url, '/logout', {}, cookie)).status).toBe(303);
		const after = await page('/meetings/1', cookie);
		expect(after.status).toBe(303);
		expect(after.headers.get('location')).toBe('/login?next=%2Fmeetings%2F1');
	});

	it('"sign out on every device" ends all of the user\'s sessions', async () => {
		const first = await joinByLink(
			server.url,
			await issueLinkFor(server.databasePath, { role: 'vice_head', unit: 'Lai Châu' })
		);
		const second = await joinByLink(
			server.url,
			await issueLinkFor(server.databasePath, { role: 'vice_head', unit: 'Lai Châu' })
		);
		const other = await joinByLink(server.url, await issueLinkFor(server.databasePath, { role: 'head' }));
		expect((await postForm(server.url, '/account?/endAll', {}, first)).status).toBe(303);
		expect((await page('/meetings/1', first)).status).toBe(303);
		expect((await page('/meetings/1', second)).status).toBe(303);
		expect((await page('/meetings/1', other)).status).toBe(200);
	});

	it('a made-up or revoked session cookie is refused and cleared', async () => {
		const response = await page('/meetings/1', 'session=notarealtoken');
		expect(response.status).toBe(303);
		expect(response.headers.getSetCookie().some((c) => /^session=;/.test(c))).toBe(true);
	});
});

describe('joining by a personal link', () => {
	it('lands the official on the meeting board, signed in with their role; the link then says it was used', async () => {
		const token = await issueLinkFor(server.databasePath, { role: 'delegate', unit: 'Hà Giang' });
		const preview = await page(`/join/${token}`);
		expect(preview.status).toBe(200);
		expect(await preview.text()).toContain('Xin chào Lý Văn Thắng');

		const joined = await postForm(server.url, `/join/${token}`, {});
		expect(joined.status).toBe(303);
		expect(joined.headers.get('location')).toBe('/meetings/1');
		const board = await (await page('/meetings/1', sessionCookieOf(joined))).text();
		expect(board).toContain('Đại biểu đơn vị');
		expect(board).toContain('Hà Giang');

		const again = await postForm(server.url, `/join/${token}`, {});
		expect(again.status).toBe(410);
		expect(await again.text()).toContain('Đường dẫn này đã được dùng.');
		expect(await (await page(`/join/${token}`)).text()).toContain('Đường dẫn này đã được dùng.');
	});

	it('a revoked link says so and offers the sign-in page', async () => {
		const token = await issueLinkFor(server.databasePath, { role: 'delegate', unit: 'Cao Bằng' });
		const { db } = await openDatabase(server.databasePath);
		await db.updateTable('join_links').set({ revoked_at: Date.now() }).where('id', '=', hashToken(token)).execute();
		await db.destroy();
		const html = await (await page(`/join/${token}`)).text();
		expect(html).toContain('Đường dẫn này đã bị thu hồi.');
		expect(html).toContain('href="/login"');
		expect((await postForm(server.url, `/join/${token}`, {})).status).toBe(410);
	});

	it('an expired or unknown link says so', async () => {
		const token = await issueLinkFor(server.databasePath, { role: 'delegate', unit: 'Lạng Sơn' });
		const { db } = await openDatabase(server.databasePath);
		await db
			.updateTable('join_links')
			.set({ expires_at: Date.now() - 1 })
			.where('id', '=', hashToken(token))
			.execute();
		await db.destroy();
		expect(await (await page(`/join/${token}`)).text()).toContain('Đường dẫn này đã hết hạn.');
		expect(await (await page('/join/khongcoduongdannay')).text()).toContain('Đường dẫn không hợp lệ.');
	});

	it('lets an official who joined by link set a password and sign in with it later', async () => {
		const cookie = await joinByLink(
			server.url,
			await issueLinkFor(server.databasePath, { role: 'delegate', unit: 'Lào Cai' })
		);
		const short = await postForm(
			server.url,
			'/account?/credentials',
			{ username: 'laocai', password: 'ngan' },
			cookie
		);
		expect(await short.text()).toContain('Mật khẩu cần ít nhất 8 ký tự.');
		const saved = await postForm(
			server.url,
			'/account?/credentials',
			{ username: 'laocai', password: 'lao-cai-2021' },
			cookie
		);
		expect(await saved.text()).toContain('Đã lưu. Lần sau bạn có thể đăng nhập bằng tên laocai.');
		const signIn = await postForm(server.url, '/login', { username: 'laocai', password: 'lao-cai-2021' });
		expect(signIn.status).toBe(303);
		expect(await (await page('/meetings/1', sessionCookieOf(signIn))).text()).toContain('Lào Cai');
	});
});

describe('security headers', () => {
	it('send a Content-Security-Policy, forbid framing and never send a referrer to another site', async () => {
		const response = await page(`/join/${await issueLinkFor(server.databasePath, { role: 'observer' })}`);
		const csp = response.headers.get('content-security-policy') ?? '';
		expect(csp).toContain("default-src 'self'");
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).toMatch(/script-src 'self'/);
		expect(response.headers.get('x-frame-options')).toBe('DENY');
		expect(response.headers.get('referrer-policy')).toBe('same-origin');
	});
});

describe('throttling per client address', () => {
	it('after 20 failures from one address, even a new account name waits', async () => {
		const fresh = await startServer({ demo: false });
		try {
			for (let attempt = 0; attempt < 20; attempt++) {
				expect(
					(await postForm(fresh.url, '/login', { username: `nguoi-${attempt}`, password: 'sai-mat-khau' }))
						.status
				).toBe(400);
			}
			const blocked = await postForm(fresh.url, '/login', { username: 'nguoi-moi', password: 'sai-mat-khau' });
			expect(blocked.status).toBe(429);
			expect(await blocked.text()).toContain('Bạn đã thử quá nhiều lần.');
		} finally {
			await fresh.stop();
			fresh.cleanup();
		}
	});
});
