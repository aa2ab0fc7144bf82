import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { startServer, type RunningServer } from '../support/server';

describe('the production server with the demo loaded', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer({ demo: true });
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

	it('prints where to open the board and the demo meeting', () => {
		expect(server.output()).toContain(`running at ${server.url}`);
		expect(server.output()).toMatch(/demo meeting loaded: http:\/\/\S+\/meetings\/1/);
	});

	it('lists the demo meeting on the home page, in Vietnamese', async () => {
		const html = await (await fetch(server.url)).text();
		expect(html).toContain('<html lang="vi">');
		expect(html).toContain('Hội nghị tổng kết hoạt động Cụm Thi đua năm 2021 (trực tuyến)');
		expect(html).toContain('Bình xét, chấm điểm');
	});

	it('serves the summary table and a unit sheet with its arithmetic warnings', async () => {
		const summary = await (await fetch(`${server.url}/meetings/1`)).text();
		expect(summary).toContain('Tổng hợp chấm điểm');
		expect(summary).toContain('Điện Biên');
		const sheet = await (await fetch(`${server.url}/meetings/1/units/dien-bien`)).text();
		expect(sheet).toContain('đơn vị ghi 97, cộng từ các tiêu chí được 85');
	});

	it('answers 404 for a meeting or unit that does not exist, and stays up', async () => {
		expect((await fetch(`${server.url}/meetings/999`)).status).toBe(404);
		expect((await fetch(`${server.url}/meetings/abc`)).status).toBe(404);
		expect((await fetch(`${server.url}/meetings/1/units/ha-noi`)).status).toBe(404);
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
	});

	it('switches to English and back by the language link', async () => {
		const response = await fetch(`${server.url}/lang?to=en&back=/meetings/1`, { redirect: 'manual' });
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/meetings/1');
		const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
		const html = await (await fetch(`${server.url}/meetings/1`, { headers: { cookie } })).text();
		expect(html).toContain('Summary of scores');
		const offsite = await fetch(`${server.url}/lang?to=en&back=//evil.example`, { redirect: 'manual' });
		expect(offsite.headers.get('location')).toBe('/');
	});
});

describe('the production server without the demo', () => {
	it('starts on an empty database and shows no meetings', async () => {
		const server = await startServer({ demo: false });
		try {
			const html = await (await fetch(server.url)).text();
			expect(html).toContain('Chưa có hội nghị nào.');
		} finally {
			await server.stop();
			server.cleanup();
		}
	});
});
