import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { HEAD, VICE_LAI_CHAU, VICE_QUANG_NINH, confirm, deduct, ownServer } from './own-server';

// The live board's faults officials stumbled on, on a server of its own: the connection badge, over-deduction,
// two people on one deduction, presence, undo and redo, removal, and the history.

const server = ownServer();
const card = (page: Page, criterion: string) =>
	page.getByTestId('deductions').locator(`article[data-criterion="${criterion}"]`);

test('the badge says "Mất kết nối" within seconds of the network dropping, counts the edit made then, and sends it on return', async ({
	browser
}) => {
	const head = await server.open(browser, { role: 'head' });
	const vice = await server.open(browser, { role: 'vice_head', unit: 'Lai Châu' });
	await head.goto('/meetings/1/units/cao-bang');
	await vice.goto('/meetings/1/units/cao-bang');
	await expect(head.getByRole('button', { name: 'Ghi trừ điểm' })).toBeEnabled();

	await head.context().setOffline(true);
	await expect(head.getByTestId('connection')).toHaveText(/Mất kết nối/, { timeout: 5000 });
	await deduct(head, 'cao-bang', 'V.2', '1', 'Gửi báo cáo chậm');
	await expect(head.getByTestId('connection')).toHaveText('Mất kết nối · 1 thay đổi chưa gửi');

	await head.context().setOffline(false);
	await expect(head.getByTestId('connection')).toHaveText('Đã kết nối', { timeout: 10_000 });
	await expect(card(vice, 'V.2')).toContainText('Gửi báo cáo chậm');
	await head.context().close();
	await vice.context().close();
});

test('a server that goes silent (the socket stays open) is noticed by its unanswered probes; the board reconnects when it answers again', async ({
	browser
}) => {
	const head = await server.open(browser, { role: 'head' });
	await head.goto('/meetings/1/units/cao-bang');
	await expect(head.getByRole('button', { name: 'Ghi trừ điểm' })).toBeEnabled();
	server.process.kill('SIGSTOP');
	try {
		// Only the unanswered probes can say so (the socket stays open); how soon depends on the machine's load.
		await expect(head.getByTestId('connection')).toHaveText(/Mất kết nối/, { timeout: 20_000 });
		await deduct(head, 'cao-bang', 'V.3', '0,5', 'Chưa đủ minh chứng');
		await expect(head.getByTestId('connection')).toContainText('1 thay đổi chưa gửi');
	} finally {
		server.process.kill('SIGCONT');
	}
	await expect(head.getByTestId('connection')).toHaveText('Đã kết nối', { timeout: 15_000 });
	await head.reload();
	await expect(card(head, 'V.3')).toContainText('Chưa đủ minh chứng');
	await head.context().close();
});

test('deductions made at once past an item’s score: listed and effective totals with a warning; lowering one is accepted', async ({
	browser
}) => {
	const viceA = await server.open(browser, { role: 'vice_head', unit: 'Lai Châu' });
	const viceB = await server.open(browser, { role: 'vice_head', unit: 'Quảng Ninh' });
	await viceA.goto('/meetings/1/units/lao-cai');
	await viceB.goto('/meetings/1/units/lao-cai');
	await expect(viceB.getByRole('button', { name: 'Ghi trừ điểm' })).toBeEnabled();
	// B's deduction is made while B cannot see A's (as when both press at the same moment).
	await viceB.context().setOffline(true);
	await expect(viceB.getByTestId('connection')).toHaveText(/Mất kết nối/);
	await deduct(viceA, 'lao-cai', 'I.2.3', '3', 'Không mở lớp tập trung');
	await deduct(viceB, 'lao-cai', 'I.2.3', '2', 'Tỷ lệ lớp không đạt 1/3');
	await viceB.context().setOffline(false);
	await expect(viceA.getByTestId('deductions').locator('article[data-criterion="I.2.3"]')).toHaveCount(2);

	await expect(viceA.getByTestId('over-warning')).toContainText('Tổng điểm trừ đã ghi: 5 · Điểm trừ có hiệu lực: 3');
	await expect(viceA.getByTestId('over-warning')).toContainText(
		'Mục I.2.3: các khoản trừ ghi tổng 5 điểm, nhưng mục chỉ có 3 điểm tự chấm; 2 điểm không có hiệu lực.'
	);
	await viceA.goto('/meetings/1');
	const row = viceA.locator('tr[data-unit="lao-cai"]');
	await expect(row.getByTestId('over-deducted')).toHaveText(
		'⚠ Tổng điểm trừ đã ghi: 5 · Điểm trừ có hiệu lực: 3 · Trừ quá 2 điểm'
	);
	await expect(row.locator('[data-col=warnings]')).not.toContainText('Khớp');

	// Lowering the −2 to −1 settles part of the excess, and is accepted everywhere.
	const id = await viceB
		.getByTestId('deductions')
		.locator('article', { hasText: 'Tỷ lệ lớp không đạt 1/3' })
		.getAttribute('data-deduction');
	const two = viceB.locator(`article[data-deduction="${id}"]`);
	await two.getByRole('button', { name: 'Sửa' }).click();
	await two.getByLabel('Số điểm trừ').fill('1');
	await two.getByRole('button', { name: 'Lưu' }).click();
	await expect(viceB.getByRole('alert')).toHaveCount(0);
	await expect(row.getByTestId('over-deducted')).toHaveText(
		'⚠ Tổng điểm trừ đã ghi: 4 · Điểm trừ có hiệu lực: 3 · Trừ quá 1 điểm'
	);
	await viceA.context().close();
	await viceB.context().close();
});

test('two people on one deduction: the second sees who edits it before starting, and is told when it changed under them', async ({
	browser
}) => {
	const head = await server.open(browser, { role: 'head' });
	const vice = await server.open(browser, { role: 'vice_head', unit: 'Lai Châu' });
	await deduct(head, 'ha-giang', 'II.5', '1', 'Thiếu báo cáo chuyên đề');
	await vice.goto('/meetings/1/units/ha-giang');
	await card(head, 'II.5').getByRole('button', { name: 'Sửa' }).click();
	await expect(card(vice, 'II.5')).toContainText(`✎ ${HEAD} đang sửa`);
	await card(vice, 'II.5').getByRole('button', { name: 'Sửa' }).click();
	await expect(card(vice, 'II.5')).toContainText(`⚠ ${HEAD} đang sửa khoản này`);

	await card(head, 'II.5').getByLabel('Số điểm trừ').fill('0,5');
	await card(head, 'II.5').getByRole('button', { name: 'Lưu' }).click();
	await expect(vice.getByTestId('changed-under')).toContainText(
		`${HEAD} vừa sửa khoản trừ điểm này (0,5 điểm: «Thiếu báo cáo chuyên đề»)`
	);
	await vice.getByTestId('changed-under').getByRole('button', { name: 'Lấy nội dung mới' }).click();
	await expect(card(vice, 'II.5').getByLabel('Số điểm trừ')).toHaveValue('0,5');
	await head.context().close();
	await vice.context().close();
});

test("one's own presence line has role and unit", async ({ browser }) => {
	const vice = await server.open(browser, { role: 'vice_head', unit: 'Lai Châu' });
	await vice.getByTestId('presence').locator('summary').click();
	const mine = vice.getByTestId('presence').locator(`li[data-peer="${VICE_LAI_CHAU}"]`);
	await expect(mine).toContainText('(bạn)');
	await expect(mine).toContainText('· Cụm phó · ');
	await expect(mine).toContainText('Lai Châu');
	await expect(mine).not.toContainText('· ·');
	await vice.context().close();
});

test('undo and redo of one’s own deduction reach the other screens and leave others’ changes alone; removal asks once and can be undone', async ({
	browser
}) => {
	const head = await server.open(browser, { role: 'head' });
	const vice = await server.open(browser, { role: 'vice_head', unit: 'Quảng Ninh' });
	await vice.goto('/meetings/1/units/dien-bien');
	await deduct(vice, 'dien-bien', 'I.3', '1', 'Của Cụm phó, không được đụng đến');
	await deduct(head, 'dien-bien', 'I.4', '1', 'Của Cụm trưởng');
	await expect(card(vice, 'I.4')).toHaveCount(1);

	// Ctrl+Z on the head's screen takes back the head's deduction only, everywhere.
	await head.locator('h1').click();
	await head.keyboard.press('Control+z');
	await expect(card(vice, 'I.4')).toHaveCount(0);
	await expect(card(head, 'I.4')).toHaveCount(0);
	await expect(card(head, 'I.3')).toHaveCount(1);
	await head.keyboard.press('Control+Shift+z');
	await expect(card(vice, 'I.4')).toContainText('Của Cụm trưởng');
	// The buttons do the same; nothing of the vice-head's is undone however often the head presses.
	await head.getByRole('button', { name: '↶ Hoàn tác' }).click();
	await expect(card(vice, 'I.4')).toHaveCount(0);
	await expect(head.getByRole('button', { name: '↶ Hoàn tác' })).toBeDisabled();
	await head.keyboard.press('Control+z');
	await expect(card(vice, 'I.3')).toHaveCount(1);
	await head.getByRole('button', { name: '↷ Làm lại' }).click();
	await expect(card(vice, 'I.4')).toHaveCount(1);

	// Removing asks once; the notice offers undo, and the deduction comes back on every screen.
	await card(head, 'I.4').getByRole('button', { name: 'Xóa' }).click();
	await expect(head.locator('dialog[open]')).toContainText('Xóa khoản trừ 1 điểm ở mục I.4?');
	await confirm(head);
	await expect(card(vice, 'I.4')).toHaveCount(0);
	await head.getByTestId('removed-notice').getByRole('button', { name: 'Hoàn tác' }).click();
	await expect(card(vice, 'I.4')).toContainText('Của Cụm trưởng');
	// The head may remove the vice-head's deduction; undoing that removal is accepted by the server too.
	await card(head, 'I.3').getByRole('button', { name: 'Xóa' }).click();
	await confirm(head);
	await expect(card(vice, 'I.3')).toHaveCount(0);
	await head.getByTestId('removed-notice').getByRole('button', { name: 'Hoàn tác' }).click();
	await expect(card(vice, 'I.3')).toContainText('Của Cụm phó');
	await expect(head.getByTestId('resynced')).toHaveCount(0);
	await head.context().close();
	await vice.context().close();
});

test('the history lists each change by its true author, filters by item and person, and shows the sheet as it stood', async ({
	browser
}) => {
	const head = await server.open(browser, { role: 'head' });
	const vice = await server.open(browser, { role: 'vice_head', unit: 'Lai Châu' });
	const viceB = await server.open(browser, { role: 'vice_head', unit: 'Quảng Ninh' });
	const delegate = await server.open(browser, { role: 'delegate', unit: 'Lạng Sơn' });
	await deduct(vice, 'lang-son', 'I.2.1', '1', 'Thiếu kế hoạch đào tạo');
	await deduct(viceB, 'lang-son', 'II.2.2', '1,5', 'Đơn vị phối hợp, không chủ trì hội thảo');
	await expect(card(head.context().pages()[0]!, 'I.2.1')).toHaveCount(0); // the head is still on the summary
	await head.goto('/meetings/1/units/lang-son');
	await card(head, 'I.2.1').getByRole('button', { name: 'Sửa' }).click();
	await card(head, 'I.2.1').getByLabel('Số điểm trừ').fill('0,5');
	await card(head, 'I.2.1').getByRole('button', { name: 'Lưu' }).click();
	await delegate.goto('/meetings/1/units/lang-son');
	const answer = card(delegate, 'II.2.2');
	await answer.getByLabel('Giải trình của đơn vị').fill('Đơn vị đồng chủ trì hội thảo.');
	await answer.getByRole('button', { name: 'Gửi giải trình' }).click();
	await expect(card(head, 'II.2.2').getByTestId('answer')).toContainText('Đơn vị đồng chủ trì hội thảo.');

	await head.getByTestId('history-link').click();
	const history = head.getByTestId('history').locator('li');
	await expect(history).toHaveCount(4);
	await expect(history.nth(0)).toContainText(
		'Lương Văn Bình giải trình khoản trừ mục II.2.2: «Đơn vị đồng chủ trì hội thảo.»'
	);
	await expect(history.nth(1)).toContainText(`${HEAD} sửa điểm trừ mục I.2.1: 1 → 0,5`);
	await expect(history.nth(2)).toContainText(
		`${VICE_QUANG_NINH} trừ 1,5 điểm mục II.2.2: «Đơn vị phối hợp, không chủ trì hội thảo»`
	);
	await expect(history.nth(3)).toContainText(`${VICE_LAI_CHAU} trừ 1 điểm mục I.2.1: «Thiếu kế hoạch đào tạo»`);
	// Each entry carries its date with its time.
	await expect(history.nth(3)).toHaveText(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} /);

	await head.getByTestId('history-item').selectOption('I.2.1');
	await expect(history).toHaveCount(2);
	await head.getByTestId('history-item').selectOption('');
	await head.getByTestId('history-person').selectOption({ label: VICE_QUANG_NINH });
	await expect(history).toHaveCount(1);

	// View as at: at the start, no deduction on I.2.1; after the first change, −1; now, −0,5.
	const sheetAt = head.getByTestId('as-at-sheet');
	const deducted = sheetAt.locator('tr[data-code="I.2.1"] [data-col=deducted]');
	await expect(deducted).toHaveText('−0,5');
	await head.getByTestId('as-at').fill('0');
	await expect(deducted).toHaveText('');
	await expect(head.getByTestId('as-at-label')).toContainText('trước');
	await head.getByTestId('as-at').fill('1');
	await expect(deducted).toHaveText('−1');
	await expect(head.getByTestId('as-at-rank')).toContainText('Xếp hạng lúc đó:');
	// The slider says which change it stands after, and that change is marked in the list.
	await expect(head.getByTestId('as-at-label')).toContainText(`sau thay đổi`);
	await expect(head.getByTestId('as-at-label')).toContainText(`${VICE_LAI_CHAU} trừ 1 điểm mục I.2.1`);
	await head.getByTestId('history-person').selectOption('');
	await expect(history).toHaveCount(4);
	const marked = head.getByTestId('history').locator('li[aria-current="step"]');
	await expect(marked).toHaveCount(1);
	await expect(marked).toContainText(`${VICE_LAI_CHAU} trừ 1 điểm mục I.2.1`);
	await expect(marked).toHaveText(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} /);
	for (const page of [head, vice, viceB, delegate]) await page.context().close();
});
