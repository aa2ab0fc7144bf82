import { HEAD, confirm, deduct, ownServer } from './own-server';
import { expect, test } from './fixtures';

// What the meeting counts, in browsers on a server of its own: racing scorers leave an item listed beyond its
// effect, and the head is told at "Biểu quyết" and at the close, and keeps it with a note that reaches the record;
// a confirmation ballot with one paper of each kind shows agree, disagree and abstain-or-blank as three figures.

const server = ownServer();
test.describe.configure({ mode: 'serial' });

test('racing scorers leave an excess: the move to voting lists it, refuses without a note, and goes ahead with one', async ({
	browser
}) => {
	test.setTimeout(90_000);
	const viceA = await server.open(browser, { role: 'vice_head', unit: 'Lai Châu' });
	const viceB = await server.open(browser, { role: 'vice_head', unit: 'Quảng Ninh' });
	await viceA.goto('/meetings/1/units/lao-cai');
	await viceB.goto('/meetings/1/units/lao-cai');
	await expect(viceB.getByRole('button', { name: 'Ghi trừ điểm' })).toBeEnabled();
	// Both press at once: B cannot see A's deduction when making its own.
	await viceB.context().setOffline(true);
	await expect(viceB.getByTestId('connection')).toHaveText(/Mất kết nối/);
	await deduct(viceA, 'lao-cai', 'I.2.3', '3', 'Không mở lớp tập trung');
	await deduct(viceB, 'lao-cai', 'I.2.3', '2', 'Tỷ lệ lớp không đạt 1/3');
	await viceB.context().setOffline(false);
	await expect(viceA.getByTestId('deductions').locator('article[data-criterion="I.2.3"]')).toHaveCount(2);
	// Those who can still score are told how to settle it.
	await expect(viceA.getByTestId('over-warning')).toContainText('Hãy giảm hoặc xóa bớt khoản trừ');
	await viceA.context().close();
	await viceB.context().close();

	const head = await server.open(browser, { role: 'head' });
	const item = head
		.getByTestId('excess-list')
		.locator('[data-testid=excess-item][data-unit="lao-cai"][data-criterion="I.2.3"]');
	await expect(item).toContainText(
		'Lào Cai, mục I.2.3: các khoản trừ ghi tổng 5 điểm, có hiệu lực 3 điểm (tự chấm 3 điểm).'
	);

	// Without a note the move is refused, saying which item, and the meeting stays in review.
	await head.getByTestId('phase-voting').click();
	await confirm(head);
	await expect(head.getByTestId('meeting-message')).toContainText(
		'Còn 1 mục có tổng điểm trừ ghi vượt mức có hiệu lực'
	);
	await expect(head.getByTestId('meeting-message')).toContainText('mục I.2.3');
	await expect(head.getByTestId('phase')).toContainText('Bình xét, chấm điểm');

	await item.getByLabel('Giữ nguyên, ghi chú lý do').fill('Hai Cụm phó nêu hai lý do khác nhau; hội nghị giữ cả hai');
	await head.getByTestId('phase-voting').click();
	await confirm(head);
	await expect(head.getByTestId('phase')).toContainText('Biểu quyết');
	await head.context().close();
});

test('a confirmation ballot with one paper of each kind: agree, disagree and abstain are three figures on screen', async ({
	browser
}) => {
	test.setTimeout(90_000);
	await server.post({ role: 'host' }, '/meetings/1/ballots?/create', [
		['title', 'Bầu Cụm trưởng năm 2022'],
		['purpose', 'head'],
		['candidate', 'lai-chau'],
		['maxChoices', '1'],
		['seats', '1'],
		['quorum', '3'],
		['thresholdNumerator', '1'],
		['thresholdDenominator', '2'],
		['thresholdBase', 'cast'],
		['thresholdComparison', 'more_than'],
		['secret', 'on']
	]);
	const head = await server.open(browser, { role: 'head' });
	await head.goto('/meetings/1/ballots');
	await expect(head.getByTestId('connection')).toHaveText(/Đã kết nối/);
	await head.getByRole('button', { name: 'Mở biểu quyết' }).click();
	await confirm(head);
	await expect(head.getByTestId('turnout')).toHaveText('Đã bỏ phiếu: 0/8 đơn vị');

	const papers = [
		['Sơn La', 'Đồng ý'],
		['Hà Giang', 'Không đồng ý'],
		['Cao Bằng', 'Không biểu quyết']
	] as const;
	for (const [index, [unit, answer]] of papers.entries()) {
		const page = await server.open(browser, { role: 'delegate', unit });
		await page.goto('/meetings/1/ballots');
		await expect(page.getByTestId('connection')).toHaveText(/Đã kết nối/); // the form answers once the page is live
		await page.getByTestId('vote-form').getByLabel(answer, { exact: true }).check();
		await page.getByRole('button', { name: 'Xem lại phiếu' }).click();
		await page.getByRole('button', { name: 'Xác nhận bỏ phiếu' }).click();
		await expect(page.getByTestId('ballot-message')).toContainText('Đã ghi nhận phiếu của đơn vị.');
		await expect(head.getByTestId('turnout')).toHaveText(`Đã bỏ phiếu: ${index + 1}/8 đơn vị`);
		await page.context().close();
	}
	await head.getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
	await confirm(head);
	await expect(head.getByTestId('confirmation-count')).toHaveText(
		'Đồng ý: 1 · Không đồng ý: 1 · Không biểu quyết / phiếu trống: 1'
	);
	await expect(head.getByTestId('result')).toContainText(
		'Phiếu thu về: 3 · Hợp lệ: 3 · Không hợp lệ: 0 · Phiếu trống: 1'
	);
	// The threshold is taken of the agree votes: 1 of 3 is not more than half.
	await expect(head.getByTestId('outcome')).not.toContainText('trúng cử');
	await expect(head.getByTestId('papers')).toContainText('Không đồng ý');
	await head.context().close();
});

test('at the close the kept excess is listed with its note, and the record states both totals and why', async ({
	browser
}) => {
	test.setTimeout(90_000);
	const head = await server.open(browser, { role: 'head' });
	const item = head.getByTestId('excess-list').locator('[data-testid=excess-item][data-criterion="I.2.3"]');
	await expect(item).toContainText('các khoản trừ ghi tổng 5 điểm, có hiệu lực 3 điểm');
	await expect(item.getByLabel('Giữ nguyên, ghi chú lý do')).toHaveValue(
		'Hai Cụm phó nêu hai lý do khác nhau; hội nghị giữ cả hai'
	);
	// The note kept at the move to voting covers the same figures: the close goes ahead and the record carries it.
	await head.getByTestId('close-meeting').click();
	await confirm(head);
	await expect(head.getByTestId('meeting-message')).toContainText('Hội nghị đã kết thúc.');
	await head.goto('/meetings/1/record');
	await expect(head.getByTestId('record-excess')).toHaveText(
		`Mục I.2.3: các khoản trừ ghi tổng 5 điểm, có hiệu lực 3 điểm; giữ nguyên vì: Hai Cụm phó nêu hai lý do khác nhau; hội nghị giữ cả hai (${HEAD}).`
	);
	await expect(
		head.getByTestId('minutes').filter({ hasText: 'Bầu Cụm trưởng năm 2022' }).getByTestId('confirmation-count')
	).toHaveText('Đồng ý: 1 · Không đồng ý: 1 · Không biểu quyết / phiếu trống: 1');
	await head.context().close();
});
