import SQLite from 'better-sqlite3';
import { databasePath, expect, joinAs, test } from './fixtures';

test('the host issues every link at once, each with a QR code and a message, and prints one A4 page per person', async ({
	page
}) => {
	await joinAs(page, { role: 'host' });
	await page.getByRole('link', { name: 'Giấy mời và liên kết' }).click();
	await expect(page.getByRole('heading', { name: 'Giấy mời và liên kết cá nhân' })).toBeVisible();
	// Links issued earlier cannot be shown: the page says so before anything is issued.
	await expect(page.getByTestId('not-shown')).toBeVisible();
	await expect(page.getByTestId('mail-off')).toContainText('không thư nào được gửi');

	const sqlite = new SQLite(databasePath, { readonly: true });
	const notJoined = (
		sqlite.prepare('select count(*) as n from participants where meeting_id = 1 and joined_at is null').get() as {
			n: number;
		}
	).n;
	sqlite.close();
	expect(notJoined).toBeGreaterThan(0);

	await page.getByRole('button', { name: 'Tạo liên kết cho tất cả' }).click();
	await expect(page.getByTestId('invite-message')).toHaveText(
		`Đã tạo ${notJoined} liên kết. Hãy gửi hoặc in ngay: tải lại trang thì các liên kết này không hiện nữa.`
	);
	const sheets = page.getByTestId('invitation');
	await expect(sheets).toHaveCount(notJoined);
	for (let i = 0; i < notJoined; i++) {
		const sheet = sheets.nth(i);
		await expect(sheet.getByTestId('qr').locator('svg')).toBeVisible();
		const link = await sheet.getByTestId('join-link').textContent();
		expect(link).toMatch(/\/join\/[a-z2-7]{32}$/);
		const message = sheet.getByTestId('invitation-message');
		await expect(message).toHaveValue(/Kính gửi đồng chí /);
		await expect(message).toHaveValue(new RegExp(`${link!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\n`));
		await expect(message).toHaveValue(/Vui lòng không chuyển tiếp liên kết này\./);
	}

	// In print, only the invitations show, each ending its page.
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('button', { name: 'Tạo liên kết cho tất cả' })).toBeHidden();
	await expect(page.getByTestId('invitation-message').first()).toBeHidden();
	const breaks = await sheets.evaluateAll((elements) => elements.map((e) => getComputedStyle(e).breakAfter));
	expect(breaks.slice(0, -1).every((b) => b === 'page')).toBe(true);
	// Chromium lays the print out: one A4 page per person.
	const pdf = (await page.pdf({ format: 'A4', preferCSSPageSize: true })).toString('latin1');
	const pages = pdf.match(/\/Type\s*\/Page[^s]/g) ?? [];
	expect(pages).toHaveLength(notJoined);
});

test('the preparation dashboard shows a unit’s submission as it arrives, and the reminder for the others', async ({
	page,
	browser
}) => {
	const sqlite = new SQLite(databasePath);
	const sheets = sqlite.prepare('select id, submitted_at, submitted_by from sheets where meeting_id = 1').all() as {
		id: number;
		submitted_at: string | null;
		submitted_by: number | null;
	}[];
	// Preparation, with no sheet received yet.
	sqlite.prepare("update meetings set phase = 'preparation' where id = 1").run();
	sqlite.prepare('update sheets set submitted_at = null, submitted_by = null where meeting_id = 1').run();
	try {
		await joinAs(page, { role: 'host' });
		await page.getByRole('link', { name: 'Tình hình chuẩn bị' }).click();
		await expect(page.getByTestId('sheet-count')).toHaveText('Đã nhận 0/8 bảng tự chấm điểm.');
		await expect(page.locator('tr[data-unit="lang-son"] [data-testid="submitted-at"]')).toHaveText('Chưa gửi');
		await expect(page.getByTestId('reminder')).toHaveValue(/Trường Chính trị Hoàng Văn Thụ tỉnh Lạng Sơn/);

		// Lạng Sơn's delegate saves the unit's sheet.
		const delegateContext = await browser.newContext();
		const delegate = await delegateContext.newPage();
		await joinAs(delegate, { role: 'delegate', unit: 'Lạng Sơn' });
		await delegate.goto('/meetings/1/units/lang-son');
		await delegate.getByRole('button', { name: 'Lưu bảng tự chấm' }).click();
		await expect(delegate.locator('section.self-assessment').getByRole('status')).toHaveText(
			'Đã lưu bảng tự chấm.'
		);
		await delegateContext.close();

		await page.reload();
		await expect(page.getByTestId('sheet-count')).toHaveText('Đã nhận 1/8 bảng tự chấm điểm.');
		const row = page.locator('tr[data-unit="lang-son"]');
		await expect(row.getByTestId('submitted-at')).toHaveText(/^\d{2}:\d{2}$/);
		await expect(row).toContainText('Khớp');
		await expect(page.getByTestId('reminder')).not.toHaveValue(/Lạng Sơn/);
		await expect(page.getByTestId('reminder')).toHaveValue(/Trường Chính trị tỉnh Hà Giang/);
	} finally {
		const restore = sqlite.prepare('update sheets set submitted_at = ?, submitted_by = ? where id = ?');
		sqlite.transaction(() => {
			for (const s of sheets) restore.run(s.submitted_at, s.submitted_by, s.id);
		})();
		sqlite.prepare("update meetings set phase = 'review' where id = 1").run();
		sqlite.close();
	}
});
