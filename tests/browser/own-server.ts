import type { Browser, Page } from '@playwright/test';
import type { Role } from '$lib/core/rights';
import { issueLinkFor, signInAs, postForm } from '../support/people';
import { startServer, type RunningServer } from '../support/server';
import { expect, test } from './fixtures';

// A spec with its own server on its own demo database: what it does to the meeting (phases, ballots, closing)
// touches no other spec, whatever the order they run in.

export type Who = { role: Role; unit?: string };

export function ownServer() {
	let server: RunningServer;
	test.beforeAll(async () => {
		server = await startServer({ demo: true });
	});
	test.afterAll(async () => {
		await server?.stop();
		server?.cleanup();
	});
	return {
		get url() {
			return server.url;
		},
		get databasePath() {
			return server.databasePath;
		},
		get process() {
			return server.process;
		},
		/** A new browser (its own cookies) signed in by a fresh personal link, on the board. */
		async open(browser: Browser, who: Who, viewport = { width: 1280, height: 720 }): Promise<Page> {
			const context = await browser.newContext({ baseURL: server.url, viewport, locale: 'vi-VN' });
			const page = await context.newPage();
			await page.goto(`/join/${await issueLinkFor(server.databasePath, who)}`);
			await page.waitForURL(/\/meetings\/1$/);
			await expect(page.getByTestId('connection')).toHaveText(/Đã kết nối/);
			return page;
		},
		/** A form post as `who`, without a browser (for the steps a test is not about); fails the test if refused. */
		async post(who: Who, path: string, fields: Record<string, string> | [string, string][]): Promise<void> {
			const cookie = await signInAs(server.url, server.databasePath, who);
			const response = Array.isArray(fields)
				? await fetch(`${server.url}${path}`, {
						method: 'POST',
						redirect: 'manual',
						headers: {
							origin: new URL(server.url).origin,
							'content-type': 'application/x-www-form-urlencoded',
							accept: 'text/html',
							cookie
						},
						body: new URLSearchParams(fields).toString()
					})
				: await postForm(server.url, path, fields, cookie);
			expect(
				response.status,
				`${path} as ${who.role} ${who.unit ?? ''}: ${await response.clone().text()}`
			).toBeLessThan(400);
		}
	};
}

export async function deduct(page: Page, unit: string, criterion: string, points: string, reason: string) {
	if (!page.url().endsWith(`/units/${unit}`)) {
		await page.goto(`/meetings/1/units/${unit}`);
		await expect(page.getByTestId('connection')).toHaveText(/Đã kết nối/);
	}
	const form = page.getByTestId('add-deduction');
	await form.getByLabel('Tiêu chí').selectOption(criterion);
	await form.getByLabel('Số điểm trừ').fill(points);
	await form.getByLabel('Lý do trừ điểm').fill(reason);
	await form.getByRole('button', { name: 'Ghi trừ điểm' }).click();
}

/** Confirms the dialog an irreversible button opened. */
export async function confirm(page: Page) {
	await page.locator('dialog[open]').getByTestId('confirm-yes').click();
}

export const HEAD = 'Lò Thị Thúy Hà';
export const VICE_LAI_CHAU = 'Nguyễn Tiên Tăng';
export const VICE_QUANG_NINH = 'Phạm Minh Đức';
