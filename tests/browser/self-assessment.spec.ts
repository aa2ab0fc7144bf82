import SQLite from 'better-sqlite3';
import { databasePath, expect, joinAs, test } from './fixtures';

test('in preparation a delegate fills their sheet and sees the arithmetic check as they type', async ({ page }) => {
	const sqlite = new SQLite(databasePath);
	// Other browser tests read the demo's sheets: put Hà Giang's back as it was afterwards.
	const sheetId = (
		sqlite
			.prepare(
				"select sheets.id from sheets join units on units.id = sheets.unit_id where units.slug = 'ha-giang'"
			)
			.get() as { id: number }
	).id;
	const scores = sqlite.prepare('select * from sheet_scores where sheet_id = ?').all(sheetId);
	const reported = sqlite.prepare('select * from sheet_reported_figures where sheet_id = ?').all(sheetId);
	sqlite.prepare("update meetings set phase = 'preparation' where id = 1").run();
	try {
		await joinAs(page, { role: 'delegate', unit: 'Hà Giang' });
		await page.goto('/meetings/1/units/ha-giang');
		const form = page.locator('section.self-assessment');
		await expect(form.getByRole('heading', { name: 'Tự chấm điểm của đơn vị' })).toBeVisible();
		// The sheet as submitted: section II written as 26 where the items give 22.
		await expect(page.getByTestId('live-check')).toHaveText(
			'⚠ Mục II: đơn vị ghi 26, cộng từ các tiêu chí được 22.'
		);

		// Correct the subtotal: the warning goes away at once, before saving.
		await page.getByLabel('Đơn vị ghi II', { exact: true }).fill('22');
		await expect(page.getByTestId('live-check')).toHaveCount(0);

		// A score above the maximum is flagged next to the item, naming the range.
		await page.getByLabel('Tự chấm I.1', { exact: true }).fill('10,5');
		await expect(page.locator('tr[data-code="I.1"] .field-error')).toHaveText(
			'Mục I.1: điểm tối đa là 10. Nhập điểm từ 0 đến 10.'
		);
		await page.getByLabel('Tự chấm I.1', { exact: true }).fill('8,5');
		await expect(page.locator('[data-col=computed-total]')).toHaveText('90,5');
		await page.getByLabel('Đơn vị ghi Tổng điểm', { exact: true }).fill('90,5');
		await page.getByRole('button', { name: 'Lưu bảng tự chấm' }).click();
		await expect(form.getByRole('status')).toHaveText('Đã lưu bảng tự chấm.');
		await expect(page.getByLabel('Tự chấm I.1', { exact: true })).toHaveValue('8,5');
	} finally {
		sqlite.transaction(() => {
			sqlite.prepare('delete from sheet_scores where sheet_id = ?').run(sheetId);
			sqlite.prepare('delete from sheet_reported_figures where sheet_id = ?').run(sheetId);
			const insertScore = sqlite.prepare(
				'insert into sheet_scores (sheet_id, criterion_code, points) values (@sheet_id, @criterion_code, @points)'
			);
			for (const row of scores) insertScore.run(row);
			const insertReported = sqlite.prepare(
				'insert into sheet_reported_figures (sheet_id, code, points) values (@sheet_id, @code, @points)'
			);
			for (const row of reported) insertReported.run(row);
		})();
		sqlite.prepare("update meetings set phase = 'review' where id = 1").run();
		sqlite.close();
	}
});
