import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { VICE_LAI_CHAU, deduct, ownServer } from './own-server';

// Undo takes back one's own changes only, and never writes over a colleague's later edit of the same deduction.

const server = ownServer();
const card = (page: Page, criterion: string) =>
	page.getByTestId('deductions').locator(`article[data-criterion="${criterion}"]`);

test('an undo over a colleague’s later edit is skipped, naming them; the head’s own other change still undoes and redoes', async ({
	browser
}) => {
	const head = await server.open(browser, { role: 'head' });
	const vice = await server.open(browser, { role: 'vice_head', unit: 'Lai Châu' });
	await deduct(head, 'dien-bien', 'I.3', '1', 'Thiếu kế hoạch năm');
	await expect(card(head, 'I.3')).toHaveCount(1);
	await deduct(head, 'dien-bien', 'I.4', '1', 'Báo cáo nộp chậm');
	await vice.goto('/meetings/1/units/dien-bien');
	// The vice-head lowers the head's deduction on I.4.
	const theirs = card(vice, 'I.4');
	await theirs.getByRole('button', { name: 'Sửa' }).click();
	await theirs.getByLabel('Số điểm trừ').fill('0,5');
	await theirs.getByRole('button', { name: 'Lưu' }).click();
	await expect(card(head, 'I.4')).toContainText('0,5');

	// The head's Ctrl+Z would take the I.4 deduction away over the vice-head's edit: it is skipped, saying who.
	await head.locator('h1').click();
	await head.keyboard.press('Control+z');
	await expect(head.getByTestId('undo-skipped')).toContainText(`Cụm phó ${VICE_LAI_CHAU} đã sửa khoản này sau bạn`);
	await expect(card(head, 'I.4')).toContainText('0,5');
	await expect(card(vice, 'I.4')).toContainText('0,5');
	// The stack goes on: the next Ctrl+Z takes back the head's own deduction on I.3, everywhere; redo brings it back.
	await head.keyboard.press('Control+z');
	await expect(card(vice, 'I.3')).toHaveCount(0);
	await expect(card(head, 'I.3')).toHaveCount(0);
	await expect(card(vice, 'I.4')).toHaveCount(1);
	await expect(head.getByTestId('undo-skipped')).toHaveCount(0);
	await head.keyboard.press('Control+Shift+z');
	await expect(card(vice, 'I.3')).toContainText('Thiếu kế hoạch năm');
	await expect(head.getByTestId('resynced')).toHaveCount(0);
	await expect(vice.getByTestId('resynced')).toHaveCount(0);
	await head.context().close();
	await vice.context().close();
});

test('Ctrl+Z right after saving with Enter takes back what was just saved, a new deduction and an edit alike', async ({
	browser
}) => {
	const head = await server.open(browser, { role: 'head' });
	const vice = await server.open(browser, { role: 'vice_head', unit: 'Lai Châu' });
	await head.goto('/meetings/1/units/son-la');
	await vice.goto('/meetings/1/units/son-la');
	await expect(head.getByRole('button', { name: 'Ghi trừ điểm' })).toBeEnabled();
	const form = head.getByTestId('add-deduction');
	await form.getByLabel('Tiêu chí').selectOption('I.3');
	await form.getByLabel('Số điểm trừ').fill('1');
	await form.getByLabel('Lý do trừ điểm').fill('Chưa có kế hoạch');
	await form.getByLabel('Lý do trừ điểm').press('Enter');
	await expect(card(vice, 'I.3')).toContainText('Chưa có kế hoạch');
	await head.keyboard.press('Control+z');
	await expect(card(vice, 'I.3')).toHaveCount(0);
	await head.keyboard.press('Control+Shift+z');
	await expect(card(vice, 'I.3')).toContainText('Chưa có kế hoạch');

	// An edit saved with Enter, then Ctrl+Z: the points come back, stamped by the head.
	const mine = card(head, 'I.3');
	await mine.getByRole('button', { name: 'Sửa' }).click();
	await mine.getByLabel('Số điểm trừ').fill('0,5');
	await mine.getByLabel('Số điểm trừ').press('Enter');
	await expect(card(vice, 'I.3')).toContainText('0,5');
	await head.keyboard.press('Control+z');
	await expect(card(vice, 'I.3')).not.toContainText('0,5');
	await expect(card(vice, 'I.3')).toContainText('1');
	await expect(head.getByTestId('resynced')).toHaveCount(0);
	await head.context().close();
	await vice.context().close();
});

test('an undo the server refuses says so, and stays on the stack to be tried again', async ({ browser }) => {
	const { default: SQLite } = await import('better-sqlite3');
	const head = await server.open(browser, { role: 'head' });
	const vice = await server.open(browser, { role: 'vice_head', unit: 'Lai Châu' });
	await deduct(head, 'cao-bang', 'V.2', '1', 'Báo cáo gửi muộn');
	await vice.goto('/meetings/1/units/cao-bang');
	await expect(card(vice, 'V.2')).toHaveCount(1);
	const sqlite = new SQLite(server.databasePath);
	try {
		// The phase moves on behind the head's screen: the undo is refused, said in plain words.
		sqlite.prepare("update meetings set phase = 'voting' where id = 1").run();
		await head.locator('h1').click();
		await head.keyboard.press('Control+z');
		await expect(head.getByTestId('resynced')).toContainText('Không hoàn tác được');
		await expect(card(head, 'V.2')).toHaveCount(1);
		await expect(card(vice, 'V.2')).toHaveCount(1);
		// Back in review, the same Ctrl+Z goes through.
		sqlite.prepare("update meetings set phase = 'review' where id = 1").run();
		// Changed behind the server's back, so no screen is told: the head's screen learns it as any screen does
		// when its socket opens again (it reads the page afresh), here after a moment offline.
		await head.context().setOffline(true);
		await expect(head.getByTestId('connection')).toContainText('Mất kết nối');
		await head.context().setOffline(false);
		await expect(head.getByRole('button', { name: '↶ Hoàn tác' })).toBeEnabled();
		await head.locator('h1').click();
		await head.keyboard.press('Control+z');
		await expect(card(vice, 'V.2')).toHaveCount(0);
		await expect(card(head, 'V.2')).toHaveCount(0);
	} finally {
		sqlite.prepare("update meetings set phase = 'review' where id = 1").run();
		sqlite.close();
		await head.context().close();
		await vice.context().close();
	}
});
