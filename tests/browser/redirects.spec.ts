import { expect, joinAs, test } from './fixtures';

// ?next= and ?back= must never take the browser to another site, however the path is spelled: Chromium reads "\"
// as "/" and drops tabs, so "/\evil.example" and "/<tab>/evil" are "//evil.example" and "//evil" to it.

const HOSTILE = [
	'/%5Cevil.example',
	'/%09/evil.example',
	'/%5C%5Cevil.example',
	'//evil.example',
	'/%2F%5Cevil.example',
	'https://evil.example/'
];

test('a signed-in official is never sent to another site by /login?next= or /lang?back=', async ({ page, baseURL }) => {
	const ours = new URL(baseURL!).host;
	const elsewhere: string[] = [];
	// Anything that leaves our host is recorded and answered here (the machine has no other network anyway).
	await page.route('**/*', (route) => {
		const url = new URL(route.request().url());
		if (url.host === ours) return route.continue();
		elsewhere.push(url.href);
		return route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>evil</h1>' });
	});
	await joinAs(page, { role: 'observer' });
	for (const target of HOSTILE) {
		for (const path of [`/login?next=${target}`, `/lang?to=en&back=${target}`]) {
			await page.goto(path);
			expect(new URL(page.url()).host, `${path} stays on our site`).toBe(ours);
			await expect(page.locator('h1', { hasText: 'evil' })).toHaveCount(0);
		}
	}
	expect(elsewhere).toEqual([]);
	// Our own paths still work, query included.
	await page.goto('/lang?to=vi&back=%2Fmeetings%2F1%3Fview%3Dsummary');
	expect(page.url()).toBe(`${baseURL}/meetings/1?view=summary`);
	await page.goto('/login?next=%2Fmeetings%2F1');
	await expect(page).toHaveURL(/\/meetings\/1$/);
});
