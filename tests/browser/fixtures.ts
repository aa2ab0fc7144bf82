import { test as base, type Page } from '@playwright/test';
import type { Role } from '$lib/core/rights';
import { issueLinkFor } from '../support/people';

/** The browser tests' server database (set by playwright.config.ts). */
export const databasePath = process.env.BINHXET_E2E_DB!;

export async function joinLink(who: { role: Role; unit?: string }): Promise<string> {
	return `/join/${await issueLinkFor(databasePath, who)}`;
}

/** Opens a fresh personal link in this page, as the official would from their e-mail, and waits for the board. */
export async function joinAs(page: Page, who: { role: Role; unit?: string }): Promise<void> {
	await page.goto(await joinLink(who));
	await page.waitForURL(/\/meetings\/1$/);
	// A click before the board is hydrated is lost.
	await page.waitForLoadState('networkidle');
}

export const test = base;
export { expect } from '@playwright/test';
