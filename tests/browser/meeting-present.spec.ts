import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { confirm, deduct, ownServer, type Who } from './own-server';

// The shared screen follows the head across units and a ballot, and its ranking moves with the deductions made
// in other browsers. Screenshots go to test-results/ for review; the phone pages too.

const server = ownServer();

async function noScroll(page: Page) {
	const size = await page.evaluate(() => ({
		w: document.documentElement.scrollWidth,
		h: document.documentElement.scrollHeight,
		iw: innerWidth,
		ih: innerHeight
	}));
	expect(size.w).toBeLessThanOrEqual(size.iw);
	expect(size.h).toBeLessThanOrEqual(size.ih);
}

test('the shared screen follows the head to two units and a ballot; its ranking moves when another browser deducts', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const screen = await server.open(browser, { role: 'observer' }, { width: 1920, height: 1080 });
	await screen.goto('/meetings/1/present');
	const head = await server.open(browser, { role: 'head' });
	const vice = await server.open(browser, { role: 'vice_head', unit: 'Lai Châu' });
	const follower = await server.open(browser, { role: 'delegate', unit: 'Hà Giang' });
	await follower.getByTestId('follow').check();

	await expect(screen.getByTestId('present-ranking').locator('li')).toHaveCount(8);
	await head.goto('/meetings/1/units/lao-cai');
	await expect(screen.getByTestId('present-unit')).toHaveAttribute('data-unit', 'lao-cai');
	await expect(screen.getByTestId('present-unit')).toContainText('Đang bình xét: Lào Cai');
	await expect(follower).toHaveURL(/\/meetings\/1\/units\/lao-cai$/);

	await head.goto('/meetings/1/units/quang-ninh');
	await expect(screen.getByTestId('present-unit')).toHaveAttribute('data-unit', 'quang-ninh');
	await expect(follower).toHaveURL(/\/meetings\/1\/units\/quang-ninh$/);

	// Quảng Ninh leads alone (102); a deduction of 5 from another browser sends it down, on the screen at once.
	const row = screen.locator('[data-testid=present-ranking] li[data-unit="quang-ninh"]');
	await expect(row).toHaveAttribute('data-rank', '1');
	await deduct(vice, 'quang-ninh', 'I.3', '5', 'Không tổ chức tự kiểm tra, đánh giá');
	await expect(row).not.toHaveAttribute('data-rank', '1');
	await expect(row).toHaveClass(/moved-down/);
	await expect(screen.getByTestId('present-unit')).toContainText('I.3 −5');
	await expect(screen.getByTestId('present-unit')).toContainText('Không tổ chức tự kiểm tra, đánh giá');
	await screen.screenshot({ path: 'test-results/present-1920x1080-unit.png' });
	await noScroll(screen);

	// A ballot: the head moves to voting and opens one; the screen shows the turnout, then the result as bars.
	await head.goto('/meetings/1');
	await head.getByRole('button', { name: 'Biểu quyết' }).click();
	await confirm(head);
	await expect(head.getByTestId('phase')).toContainText('Biểu quyết');
	await head.goto('/meetings/1/ballots');
	await head.locator('select[name=purpose]').selectOption('flag');
	await head.getByRole('button', { name: 'Lưu bản nháp' }).click();
	await head.getByRole('button', { name: 'Mở biểu quyết' }).click();
	await confirm(head);
	await expect(screen.getByTestId('present-ballot')).toHaveAttribute('data-status', 'open');
	await expect(follower).toHaveURL(/\/meetings\/1\/ballots$/);
	await expect(screen.getByTestId('present-turnout')).toHaveText('Đã bỏ phiếu: 0/8 đơn vị');
	const id = (await screen.getByTestId('present-ballot').getAttribute('data-ballot'))!;
	const candidate = (await head.locator(`section[data-ballot="${id}"]`).textContent())!.includes('Sơn La')
		? 'son-la'
		: 'lao-cai';
	for (const unit of ['Quảng Ninh', 'Cao Bằng', 'Hà Giang', 'Điện Biên', 'Lạng Sơn']) {
		await server.post({ role: 'delegate', unit } satisfies Who, '/meetings/1/ballots?/vote', {
			ballot: id,
			choice: candidate
		});
	}
	await expect(screen.getByTestId('present-turnout')).toHaveText('Đã bỏ phiếu: 5/8 đơn vị');
	await screen.screenshot({ path: 'test-results/present-1920x1080-turnout.png' });
	await head.reload();
	await head.locator(`section[data-ballot="${id}"]`).getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
	await confirm(head);
	await expect(screen.getByTestId('present-ballot')).toHaveAttribute('data-status', 'closed');
	await expect(screen.getByTestId('present-results').locator('li')).not.toHaveCount(0);
	await expect(screen.getByTestId('present-outcome')).toContainText('được suy tôn');
	await screen.screenshot({ path: 'test-results/present-1920x1080-result.png' });
	await noScroll(screen);

	await screen.setViewportSize({ width: 1280, height: 720 });
	await head.goto('/meetings/1/units/lao-cai');
	await expect(screen.getByTestId('present-unit')).toHaveAttribute('data-unit', 'lao-cai');
	await screen.screenshot({ path: 'test-results/present-1280x720-unit.png' });
	await noScroll(screen);
	for (const page of [screen, head, vice, follower]) await page.context().close();
});

test('every page fits a 360 px phone without scrolling sideways; the deduction form is usable', async ({ browser }) => {
	test.setTimeout(240_000);
	// Back in review, so that the scorers' form is there (the test before may have moved on to voting).
	const { default: SQLite } = await import('better-sqlite3');
	const sqlite = new SQLite(server.databasePath);
	sqlite.prepare("update meetings set phase = 'review' where id = 1").run();
	const phone = { width: 360, height: 740 };
	const opened = new Map<string, Page>();
	// The host also administers the installation here, to see the administrator's pages on a phone: signed in by
	// their link first, since no join link signs into an administrator's account.
	opened.set('host-', await server.open(browser, { role: 'host' }, phone));
	sqlite
		.prepare(
			"update users set is_admin = 1 where id = (select user_id from participants where meeting_id = 1 and role = 'host')"
		)
		.run();
	sqlite.close();
	const pages: [Who, string, string][] = [
		[{ role: 'head' }, '/', 'home'],
		[{ role: 'head' }, '/meetings/1', 'summary'],
		[{ role: 'head' }, '/meetings/1/units/lao-cai', 'unit-head'],
		[{ role: 'head' }, '/meetings/1/units/lao-cai/history', 'history'],
		[{ role: 'head' }, '/meetings/1/ballots', 'ballots-head'],
		[{ role: 'head' }, '/meetings/1/present', 'present'],
		[{ role: 'head' }, '/account', 'account'],
		[{ role: 'host' }, '/meetings/1/participants', 'participants'],
		[{ role: 'host' }, '/meetings/1/setup', 'setup'],
		[{ role: 'host' }, '/meetings/1/setup/people', 'setup-people'],
		[{ role: 'host' }, '/meetings/1/invitations', 'invitations'],
		[{ role: 'host' }, '/meetings/1/preparation', 'preparation'],
		[{ role: 'host' }, '/meetings/1/documents', 'documents'],
		[{ role: 'host' }, '/admin', 'admin'],
		[{ role: 'host' }, '/admin/clusters/1', 'admin-cluster'],
		[{ role: 'delegate', unit: 'Lào Cai' }, '/meetings/1/units/lao-cai', 'unit-delegate'],
		[{ role: 'delegate', unit: 'Lào Cai' }, '/meetings/1/ballots', 'ballots-delegate']
	];
	for (const [who, path, name] of pages) {
		const key = `${who.role}-${who.unit ?? ''}`;
		let page = opened.get(key);
		if (!page) {
			page = await server.open(browser, who, phone);
			opened.set(key, page);
		}
		await page.goto(path);
		await expect(page.locator('main')).toBeVisible();
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		await page.screenshot({ path: `test-results/phone-360-${name}.png`, fullPage: name !== 'present' });
		expect(width, `${path} as ${key} is ${width} px wide`).toBeLessThanOrEqual(360);
	}
	const head = opened.get('head-')!;
	await head.goto('/meetings/1/units/lao-cai');
	const button = head.getByRole('button', { name: 'Ghi trừ điểm' });
	const box = (await button.boundingBox())!;
	expect(box.x + box.width).toBeLessThanOrEqual(360);
	// The header stays short: the top bar takes at most two lines.
	expect((await head.locator('.topbar').boundingBox())!.height).toBeLessThan(80);
	await deduct(head, 'lao-cai', 'II.6', '0,5', 'Thiếu minh chứng');
	await expect(head.getByTestId('deductions').locator('article[data-criterion="II.6"]')).toHaveCount(1);
	for (const page of opened.values()) await page.context().close();
	const signedOut = await browser.newContext({ baseURL: server.url, viewport: phone });
	const login = await signedOut.newPage();
	await login.goto('/login');
	expect(await login.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await signedOut.close();
	// The host is the meeting's host again, and nothing more, for the tests that sign in by the host's link.
	const restore = new SQLite(server.databasePath);
	restore
		.prepare(
			"update users set is_admin = 0 where id = (select user_id from participants where meeting_id = 1 and role = 'host')"
		)
		.run();
	restore.close();
});
