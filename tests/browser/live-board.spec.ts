import type { Browser, Page } from '@playwright/test';
import { expect, joinAs, test } from './fixtures';
import { deduct } from './own-server';

// Three scorers in their own browsers (the head and two vice-heads) and a delegate, on one live board.

async function open(browser: Browser, who: Parameters<typeof joinAs>[1]): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'vi-VN' });
	const page = await context.newPage();
	await joinAs(page, who);
	await expect(page.getByTestId('connection')).toHaveText(/Đã kết nối/);
	return page;
}

const clusterScore = (page: Page, unit: string) => page.locator(`tr[data-unit="${unit}"] [data-col=cluster]`);
const rank = (page: Page, unit: string) => page.locator(`tr[data-unit="${unit}"] [data-col=rank]`);

test('the head and two vice-heads score together; every screen shows the same totals and ranking; the delegate answers', async ({
	browser
}) => {
	const head = await open(browser, { role: 'head' });
	const viceA = await open(browser, { role: 'vice_head', unit: 'Lai Châu' });
	const viceB = await open(browser, { role: 'vice_head', unit: 'Quảng Ninh' });
	const delegate = await open(browser, { role: 'delegate', unit: 'Lào Cai' });

	// Presence: the head sees everyone online, and where they are looking.
	await viceA.goto('/meetings/1/units/lao-cai');
	await head.getByTestId('presence').locator('summary').click();
	await expect(head.getByTestId('presence').locator('li[data-peer="Nguyễn Tiên Tăng"]')).toContainText('xem Lào Cai');

	// The same unit at the same moment, and different units, from three browsers.
	await Promise.all([
		deduct(
			viceA,
			'lao-cai',
			'II.3',
			'2',
			'Vừa tính điểm đề tài khoa học, vừa lấy đề tài đó làm sáng kiến kinh nghiệm'
		),
		deduct(viceB, 'lao-cai', 'I.2.3', '1', 'Tỷ lệ lớp tập trung/không tập trung không đạt 1/3'),
		deduct(head, 'quang-ninh', 'II.2.2', '1,5', 'Đơn vị phối hợp (không chủ trì) Hội thảo khoa học của Cụm thi đua')
	]);
	await deduct(
		viceB,
		'lao-cai',
		'II.2.2',
		'1,5',
		'Đơn vị phối hợp (không chủ trì) Hội thảo khoa học của Cụm thi đua'
	);

	// A deduction above what is left is refused with a message, not clamped.
	await deduct(viceA, 'lao-cai', 'II.3', '3', 'thử trừ quá');
	await expect(viceA.getByRole('alert')).toHaveText('Mục II.3: chỉ còn 2 điểm để trừ.');

	// Someone editing a deduction: the others see who.
	await viceA
		.getByTestId('deductions')
		.locator('article', { hasText: 'I.2.3' })
		.getByRole('button', { name: 'Sửa' })
		.click();
	await expect(viceB.getByTestId('deductions').locator('article', { hasText: 'I.2.3' })).toContainText(
		'✎ Nguyễn Tiên Tăng đang sửa'
	);
	await viceA.getByRole('button', { name: 'Hủy' }).click();
	await expect(viceB.getByTestId('deductions').locator('.editing')).toHaveCount(0);

	// The delegate sees their unit's deductions as they happen, and answers one.
	await delegate.goto('/meetings/1/units/lao-cai');
	const cards = delegate.getByTestId('deductions').locator('article');
	await expect(cards).toHaveCount(3);
	const card = cards.filter({ hasText: 'II.3' });
	await card.getByLabel('Giải trình của đơn vị').fill('Đề tài và sáng kiến là hai sản phẩm khác nhau.');
	await card.getByRole('button', { name: 'Gửi giải trình' }).click();
	await expect(
		viceA.getByTestId('deductions').locator('article', { hasText: 'II.3' }).getByTestId('answer')
	).toContainText('Đề tài và sáng kiến là hai sản phẩm khác nhau.');

	// Every screen: the same cluster scores and ranking (Lào Cai 100 − 4,5; Quảng Ninh 102 − 1,5; ties as ties).
	for (const page of [head, viceA, viceB, delegate]) {
		await page.goto('/meetings/1');
		await expect(clusterScore(page, 'lao-cai')).toHaveText('95,5');
		await expect(clusterScore(page, 'quang-ninh')).toHaveText('100,5');
		await expect(rank(page, 'quang-ninh')).toHaveText('1');
		await expect(rank(page, 'son-la')).toHaveText('2 (đồng hạng)');
		await expect(rank(page, 'lai-chau')).toHaveText('2 (đồng hạng)');
		// Lạng Sơn (95,5, not scored in this test) and Lào Cai now tie.
		await expect(rank(page, 'lao-cai')).toHaveText('4 (đồng hạng)');
		await expect(rank(page, 'lang-son')).toHaveText('4 (đồng hạng)');
	}

	// Live on the summary: a removal on one screen re-ranks every other screen without a reload.
	await head.goto('/meetings/1/units/quang-ninh');
	await head.getByTestId('deductions').locator('article').getByRole('button', { name: 'Xóa' }).click();
	await head.locator('dialog[open]').getByTestId('confirm-yes').click();
	await expect(clusterScore(viceB, 'quang-ninh')).toHaveText('102');
	await expect(clusterScore(delegate, 'quang-ninh')).toHaveText('102');

	// A delegate has no scoring controls.
	await delegate.goto('/meetings/1/units/lao-cai');
	await expect(delegate.getByTestId('add-deduction')).toHaveCount(0);
	await expect(delegate.getByRole('button', { name: 'Xóa' })).toHaveCount(0);

	// Leave the demo board as it was for the other browser tests.
	await head.goto('/meetings/1/units/lao-cai');
	const remove = head.getByTestId('deductions').getByRole('button', { name: 'Xóa' });
	for (let left = 3; left > 0; left--) {
		await remove.first().click();
		await head.locator('dialog[open]').getByTestId('confirm-yes').click();
		await expect(remove).toHaveCount(left - 1);
	}
	for (const page of [head, viceA, viceB, delegate]) await page.context().close();
});

test('a write the server refuses (the phase moved on meanwhile) is undone on screen, with a message', async ({
	browser
}) => {
	const { default: SQLite } = await import('better-sqlite3');
	const { databasePath } = await import('./fixtures');
	const head = await open(browser, { role: 'head' });
	await head.goto('/meetings/1/units/cao-bang');
	await expect(head.getByTestId('connection')).toHaveText(/Đã kết nối/);
	const sqlite = new SQLite(databasePath);
	try {
		// The phase changes behind this screen's back (no announcement reaches it before the click).
		sqlite.prepare("update meetings set phase = 'voting' where id = 1").run();
		await deduct(head, 'cao-bang', 'V.2', '1', 'quá muộn');
		await expect(head.getByTestId('resynced')).toContainText('Máy chủ không nhận một thay đổi của bạn');
		await expect(head.getByTestId('deductions').locator('article')).toHaveCount(0);
	} finally {
		sqlite.prepare("update meetings set phase = 'review' where id = 1").run();
		sqlite.close();
		await head.context().close();
	}
});

test('a unit’s page holds one WebSocket, which carries both the board and that unit’s answers', async ({ browser }) => {
	const head = await open(browser, { role: 'head' });
	const delegate = await open(browser, { role: 'delegate', unit: 'Lào Cai' });
	const opened = new Map<Page, string[]>();
	for (const page of [head, delegate]) {
		const paths: string[] = [];
		page.on('websocket', (socket) => paths.push(new URL(socket.url()).pathname));
		opened.set(page, paths);
		await page.goto('/meetings/1/units/lao-cai');
		await expect(page.getByTestId('connection').first()).toHaveText(/Đã kết nối/);
	}
	// The delegate's second badge is its answers' state: connected too, over the same socket.
	await expect(delegate.getByTestId('connection')).toHaveCount(2);
	await expect(delegate.getByTestId('connection').last()).toHaveText(/Đã kết nối/);

	// The board's document: the head's deduction reaches the delegate as it is made.
	await deduct(head, 'lao-cai', 'I.2.3', '1', 'Tỷ lệ lớp tập trung chưa đạt');
	const card = delegate.getByTestId('deductions').locator('article', { hasText: 'I.2.3' });
	await expect(card).toBeVisible();
	// The answers' document: the delegate's answer reaches the head as it is sent.
	await card.getByLabel('Giải trình của đơn vị').fill('Đơn vị đã mở thêm hai lớp tập trung.');
	await card.getByRole('button', { name: 'Gửi giải trình' }).click();
	await expect(
		head.getByTestId('deductions').locator('article', { hasText: 'I.2.3' }).getByTestId('answer')
	).toContainText('Đơn vị đã mở thêm hai lớp tập trung.');

	// One socket each, on the meeting's scoring document (its path starts with the meeting), all along.
	expect(opened.get(head)).toEqual(['/sync/meeting/1/scoring']);
	expect(opened.get(delegate)).toEqual(['/sync/meeting/1/scoring']);

	// Leave the demo board as it was for the other browser tests.
	await head
		.getByTestId('deductions')
		.locator('article', { hasText: 'I.2.3' })
		.getByRole('button', { name: 'Xóa' })
		.click();
	await head.locator('dialog[open]').getByTestId('confirm-yes').click();
	await expect(delegate.getByTestId('deductions').locator('article')).toHaveCount(0);
	for (const page of [head, delegate]) await page.context().close();
});
