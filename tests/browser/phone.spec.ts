import type { Page } from '@playwright/test';
import type { Role } from '$lib/core/rights';
import { expect, test } from './fixtures';
import { ownServer, type Who } from './own-server';

// On a phone (360 px wide) every page fits its width, as each role sees it, and the record after the close; the
// main pages' controls are at least 44 px, the size a finger hits.

const server = ownServer();
const PHONE = { width: 360, height: 740 };

const PEOPLE: Record<string, Who> = {
	host: { role: 'host' as Role },
	head: { role: 'head' as Role },
	delegate: { role: 'delegate' as Role, unit: 'Lạng Sơn' },
	observer: { role: 'observer' as Role }
};

const PAGES = [
	'/',
	'/account',
	'/meetings/1',
	'/meetings/1/units/lang-son',
	'/meetings/1/units/lang-son/history',
	'/meetings/1/ballots',
	'/meetings/1/documents',
	'/meetings/1/participants',
	'/meetings/1/preparation',
	'/meetings/1/invitations',
	'/meetings/1/setup',
	'/meetings/1/setup/criteria',
	'/meetings/1/setup/people'
];

/** The pages of `paths` wider than the phone, with their width: none, when all fit. */
async function tooWide(page: Page, paths: readonly string[]): Promise<string[]> {
	const wide: string[] = [];
	for (const path of paths) {
		await page.goto(path);
		await page.waitForLoadState('networkidle');
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		if (width > PHONE.width) wide.push(`${path}: ${width} px`);
	}
	return wide;
}

/** The visible controls of the page smaller than 44 × 44 px (text inputs and selects: 44 px high). */
async function smallControls(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const small: string[] = [];
		const controls = document.querySelectorAll<HTMLElement>(
			'main button, main input:not([type=hidden]), main select, main textarea, main summary, .live-bar summary, .live-bar input, .live-bar button'
		);
		for (const el of controls) {
			const box = el.getBoundingClientRect();
			if (box.width === 0 && box.height === 0) continue; // not shown
			const type = (el as HTMLInputElement).type;
			const square = type === 'checkbox' || type === 'radio';
			// A check box counts with its label when the label is the thing one taps.
			const target = square ? (el.closest('label') ?? el).getBoundingClientRect() : box;
			if (target.height < 44 || (square && target.width < 44))
				small.push(
					`${el.tagName.toLowerCase()}${type ? `[${type}]` : ''} "${(el.textContent || el.getAttribute('aria-label') || el.getAttribute('name') || '').trim().slice(0, 30)}": ${Math.round(target.width)}×${Math.round(target.height)}`
				);
		}
		return small;
	});
}

test('the main pages’ controls are at least 44 px on a phone', async ({ browser }) => {
	const head = await server.open(browser, PEOPLE.head!, PHONE);
	const delegate = await server.open(browser, PEOPLE.delegate!, PHONE);
	for (const [page, path] of [
		[head, '/meetings/1'],
		[head, '/meetings/1/units/lang-son'],
		[head, '/meetings/1/ballots'],
		[delegate, '/meetings/1'],
		[delegate, '/meetings/1/units/lang-son']
	] as const) {
		await page.goto(path);
		await expect(page.getByTestId('connection').first()).toHaveText(/Đã kết nối/);
		expect(await smallControls(page), path).toEqual([]);
	}
	await head.context().close();
	await delegate.context().close();
});

test('a delegate sees their own unit marked on the summary table', async ({ browser }) => {
	const delegate = await server.open(browser, PEOPLE.delegate!, PHONE);
	const own = delegate.locator('tr[data-unit="lang-son"]');
	await expect(own).toHaveAttribute('aria-current', 'true');
	await expect(own).toContainText('(đơn vị bạn)');
	await expect(delegate.locator('tr[aria-current="true"]')).toHaveCount(1);
	await delegate.context().close();
});

test('the online list closes on a click elsewhere and never covers the save button', async ({ browser }) => {
	const head = await server.open(browser, PEOPLE.head!, PHONE);
	await head.goto('/meetings/1/units/lang-son');
	await expect(head.getByTestId('connection')).toHaveText(/Đã kết nối/);
	const presence = head.getByTestId('presence');
	await presence.locator('summary').click();
	await expect(presence.locator('ul')).toBeVisible();
	const save = head.getByRole('button', { name: 'Ghi trừ điểm' });
	await save.scrollIntoViewIfNeeded();
	const uncovered = await save.evaluate((button) => {
		const box = button.getBoundingClientRect();
		const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
		return hit !== null && button.contains(hit);
	});
	expect(uncovered).toBe(true);
	await head.locator('h1').click();
	await expect(presence.locator('ul')).toBeHidden();
	await presence.locator('summary').click();
	await head.keyboard.press('Escape');
	await expect(presence.locator('ul')).toBeHidden();
	await head.context().close();
});

test('the meeting’s date field says its value the Vietnamese way', async ({ browser }) => {
	const host = await server.open(browser, PEOPLE.host!, PHONE);
	await host.goto('/meetings/1/setup');
	await expect(host.getByTestId('date-said')).toHaveText(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
	await host.context().close();
});

test('every page fits 360 px as host, head, delegate and observer; the record too, after the close', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const pages: Record<string, Page> = {};
	for (const [name, who] of Object.entries(PEOPLE)) pages[name] = await server.open(browser, who, PHONE);
	for (const [name, page] of Object.entries(pages)) {
		expect(await tooWide(page, PAGES), `as ${name}`).toEqual([]);
	}
	await server.post(PEOPLE.head!, '/meetings/1?/phase', { to: 'voting' });
	await server.post(PEOPLE.head!, '/meetings/1?/close', { early: 'yes' });
	for (const [name, page] of Object.entries(pages)) {
		expect(
			await tooWide(page, [
				'/meetings/1/record',
				'/meetings/1',
				'/meetings/1/units/lang-son',
				'/meetings/1/ballots'
			]),
			`as ${name}, closed`
		).toEqual([]);
	}
	for (const page of Object.values(pages)) await page.context().close();
});
