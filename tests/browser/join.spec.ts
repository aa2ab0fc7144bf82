import { expect, joinLink, test } from './fixtures';

test('a delegate opens their personal link and lands on the board, signed in as their unit', async ({ page }) => {
	const link = await joinLink({ role: 'delegate', unit: 'Hà Giang' });
	await page.goto(link);
	await expect(page).toHaveURL(/\/meetings\/1$/);
	await expect(page.getByTestId('me')).toHaveText('Bạn: Lý Văn Thắng · Đại biểu đơn vị · Hà Giang');
	await expect(page.getByTestId('summary-table').locator('tbody tr')).toHaveCount(8);
	// The address bar no longer holds the secret.
	expect(page.url()).not.toContain('/join/');
});

test('a used link says so and offers the sign-in page', async ({ browser }) => {
	const link = await joinLink({ role: 'delegate', unit: 'Điện Biên' });
	const first = await browser.newContext();
	const firstPage = await first.newPage();
	await firstPage.goto(link);
	await expect(firstPage).toHaveURL(/\/meetings\/1$/);

	const second = await browser.newContext();
	const page = await second.newPage();
	await page.goto(link);
	await expect(page.getByRole('alert')).toHaveText(
		'Đường dẫn này đã được dùng. Mỗi đường dẫn chỉ dùng được một lần.'
	);
	await page.getByRole('link', { name: 'Đăng nhập' }).last().click();
	await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
	await first.close();
	await second.close();
});

test('the board is closed to visitors who are not signed in', async ({ page }) => {
	await page.goto('/meetings/1');
	await expect(page).toHaveURL(/\/login\?next=%2Fmeetings%2F1$/);
	await page.getByLabel('Tên đăng nhập').fill('ai-do');
	await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByRole('alert')).toHaveText('Tên đăng nhập hoặc mật khẩu không đúng.');
});
