import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { startServer, type RunningServer } from '../support/server';
import { signInAs } from '../support/people';

describe('the production server with the demo loaded', () => {
	let server: RunningServer;
	let cookie: string;
	const get = (path: string, headers: Record<string, string> = {}) =>
		fetch(`${server.url}${path}`, { headers: { cookie, ...headers } });
	beforeAll(async () => {
		server = await startServer({ demo: true });
		cookie = await signInAs(server.url, server.databasePath, { role: 'observer' });
	});
	afterAll(async () => {
		await server.stop();
		server.cleanup();
	});

	it('creates the database folder and answers /healthz with JSON', async () => {
		expect(existsSync(server.databasePath)).toBe(true);
		const response = await fetch(`${server.url}/healthz`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toContain('application/json');
		expect(await response.json()).toEqual({ status: 'ok', database: 'ok' });
	});

	it('prints where to open the board, the demo meeting, and a sign-in link for every demo role', () => {
		const output = server.output();
		expect(output).toContain(`running at ${server.url}`);
		expect(output).toMatch(/demo meeting loaded: http:\/\/\S+\/meetings\/1/);
		const links = output.split('\n').filter((line) => line.includes('/join/'));
		expect(links).toHaveLength(13);
		for (const role of ['host', 'head', 'vice_head', 'delegate', 'observer']) {
			expect(links.some((line) => line.trim().startsWith(role))).toBe(true);
		}
		expect(
			links.filter((line) => line.trim().startsWith('delegate')).map((line) => line.split(/\s{2,}/)[2])
		).toEqual(['Quảng Ninh', 'Sơn La', 'Lai Châu', 'Lào Cai', 'Lạng Sơn', 'Cao Bằng', 'Hà Giang', 'Điện Biên']);
	});

	it('lists the demo meeting on the home page, in Vietnamese', async () => {
		const html = await (await get('/')).text();
		expect(html).toContain('<html lang="vi">');
		expect(html).toContain('Hội nghị tổng kết hoạt động Cụm Thi đua năm 2021 (trực tuyến)');
		expect(html).toContain('Bình xét, chấm điểm');
	});

	it('serves the summary table and a unit sheet with its arithmetic warnings', async () => {
		const summary = await (await get('/meetings/1')).text();
		expect(summary).toContain('Tổng hợp chấm điểm');
		expect(summary).toContain('Điện Biên');
		const sheet = await (await get('/meetings/1/units/dien-bien')).text();
		expect(sheet).toContain('đơn vị ghi 97, cộng từ các tiêu chí được 85');
	});

	it('answers 404 for a unit that does not exist, 403 for a meeting one is not in (existing or not), and stays up', async () => {
		expect((await get('/meetings/999')).status).toBe(403);
		expect((await get('/meetings/abc')).status).toBe(404);
		expect((await get('/meetings/1/units/ha-noi')).status).toBe(404);
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
	});

	it('switches to English and back by the language link', async () => {
		const response = await fetch(`${server.url}/lang?to=en&back=/meetings/1`, { redirect: 'manual' });
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/meetings/1');
		const lang = response.headers.get('set-cookie')!.split(';')[0]!;
		const html = await (await get('/meetings/1', { cookie: `${cookie}; ${lang}` })).text();
		expect(html).toContain('Summary of scores');
		const offsite = await fetch(`${server.url}/lang?to=en&back=//evil.example`, { redirect: 'manual' });
		expect(offsite.headers.get('location')).toBe('/');
	});
});

describe('the production server without the demo', () => {
	it('starts on an empty database and sends visitors to sign in', async () => {
		const server = await startServer({ demo: false });
		try {
			const response = await fetch(server.url, { redirect: 'manual' });
			expect(response.status).toBe(303);
			expect(response.headers.get('location')).toBe('/login?next=%2F');
			expect(server.output()).not.toContain('/join/');
		} finally {
			await server.stop();
			server.cleanup();
		}
	});
});
