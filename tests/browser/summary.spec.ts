import { expect, joinAs, test } from './fixtures';

test('an official opens the demo meeting and reads the 8 units and their scores', async ({ page }) => {
	await joinAs(page, { role: 'observer' });
	await page.goto('/');
	await page.getByRole('link', { name: 'Hội nghị tổng kết hoạt động Cụm Thi đua năm 2021 (trực tuyến)' }).click();
	await expect(page.getByRole('heading', { name: 'Tổng hợp chấm điểm' })).toBeVisible();

	const table = page.getByTestId('summary-table');
	const rows = table.locator('tbody tr');
	await expect(rows).toHaveCount(8);
	// Before any deduction the cluster score is the self score, computed from the items (Điện Biên wrote 97).
	const expected = [
		['Quảng Ninh', '102', '102', '1'],
		['Lào Cai', '100', '100', '2'],
		['Sơn La', '98', '98', '3 (đồng hạng)'],
		['Lai Châu', '98', '98', '3 (đồng hạng)'],
		['Lạng Sơn', '95,5', '95,5', '5'],
		['Cao Bằng', '93', '93', '6'],
		['Hà Giang', '91', '91', '7'],
		['Điện Biên', '85', '85', '8']
	];
	for (const [index, [unit, self, cluster, rank]] of expected.entries()) {
		const row = rows.nth(index);
		await expect(row.getByRole('rowheader')).toHaveText(unit!);
		await expect(row.locator('[data-col=self]')).toHaveText(self!);
		await expect(row.locator('[data-col=cluster]')).toHaveText(cluster!);
		await expect(row.locator('[data-col=rank]')).toHaveText(rank!);
	}
	await expect(rows.filter({ hasText: 'Hà Giang' }).locator('[data-col=warnings]')).toContainText('1 chỗ lệch');
	await expect(rows.filter({ hasText: 'Điện Biên' }).locator('[data-col=warnings]')).toContainText('5 chỗ lệch');
	await expect(rows.filter({ hasText: 'Sơn La' }).locator('[data-col=warnings]')).toHaveText('Khớp');
});

test("a unit's sheet shows the criteria, the computed subtotals beside the reported ones, and the warnings", async ({
	page
}) => {
	await joinAs(page, { role: 'vice_head', unit: 'Lai Châu' });
	await page.getByRole('link', { name: 'Hà Giang' }).click();
	await expect(page.getByRole('heading', { name: 'Bảng chấm điểm: Trường Chính trị tỉnh Hà Giang' })).toBeVisible();

	const sectionII = page.locator('tr[data-code="II"]');
	await expect(sectionII.locator('[data-col=self]')).toHaveText('22');
	await expect(sectionII.locator('[data-col=reported]')).toHaveText('26');
	await expect(page.locator('tr[data-row=total] [data-col=self]')).toHaveText('91');
	await expect(page.getByTestId('arithmetic-warnings')).toHaveText(
		'⚠ Mục II: đơn vị ghi 26, cộng từ các tiêu chí được 22.'
	);
});

test('the board is usable on a phone', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 800 });
	await joinAs(page, { role: 'delegate', unit: 'Cao Bằng' });
	const table = page.getByTestId('summary-table');
	await expect(table.locator('tbody tr')).toHaveCount(8);
	await expect(table.locator('tbody tr').first().locator('[data-col=cluster]')).toBeInViewport();
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	expect(overflow).toBeLessThanOrEqual(0);
});
