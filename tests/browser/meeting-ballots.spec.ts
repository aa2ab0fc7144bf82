import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { HEAD, confirm, ownServer, type Who } from './own-server';

// Ballots as the minutes word them, and the confirmations before what cannot be taken back, on a server of its own.

const server = ownServer();
const head: Who = { role: 'head' };
const delegate = (unit: string): Who => ({ role: 'delegate', unit });

async function ballotId(page: Page, heading: string): Promise<string> {
	const section = page.locator('section.ballot', { has: page.getByRole('heading', { name: heading }) }).last();
	// The draft was just saved: reload until the list shows it (the save may still be on its way).
	await expect(async () => {
		await page.reload();
		await expect(section).toBeVisible({ timeout: 1_000 });
	}).toPass({ timeout: 15_000 });
	return (await section.getAttribute('data-ballot'))!;
}

/** Straight to the voting phase (what asking first looks like is the first test's business). */
async function votingPhase() {
	const { default: SQLite } = await import('better-sqlite3');
	const sqlite = new SQLite(server.databasePath);
	try {
		sqlite.prepare("update meetings set phase = 'voting' where id = 1").run();
	} finally {
		sqlite.close();
	}
}

const vote = (unit: string, ballot: string, choices: string[]) =>
	server.post(delegate(unit), '/meetings/1/ballots?/vote', [
		['ballot', ballot],
		...choices.map((c): [string, string] => ['choice', c])
	]);

test('phase buttons and closing the meeting ask first, saying what will happen', async ({ browser }) => {
	const page = await server.open(browser, head);
	await page.getByRole('button', { name: 'Biểu quyết' }).click();
	const dialog = page.locator('dialog[open]');
	await expect(dialog).toContainText('Chuyển sang giai đoạn Biểu quyết? Việc chấm điểm dừng lại');
	await dialog.getByRole('button', { name: 'Hủy' }).click();
	await expect(page.getByTestId('phase')).toContainText('Bình xét, chấm điểm');

	await page.getByRole('button', { name: 'Biểu quyết' }).click();
	await confirm(page);
	await expect(page.getByTestId('phase')).toContainText('Giai đoạn: Biểu quyết');

	await page.getByTestId('close-meeting').click();
	await expect(page.locator('dialog[open]')).toContainText(
		'Sau khi kết thúc, bảng điểm chỉ xem được, không sửa được. Tiếp tục?'
	);
	await page.locator('dialog[open]').getByRole('button', { name: 'Hủy' }).click();
	await expect(page.getByTestId('phase')).toContainText('Giai đoạn: Biểu quyết');
	await page.context().close();
});

test('the ballot form: checkboxes beside their labels, the threshold in words, the year by number; success is not an error', async ({
	browser
}) => {
	const page = await server.open(browser, head);
	await page.goto('/meetings/1/ballots');
	const selfVote = page.getByLabel('Cho phép đơn vị tự bỏ phiếu cho mình');
	await expect(selfVote).toBeVisible();
	// The box sits on its label's line, not centred above it.
	for (const name of ['Cho phép đơn vị tự bỏ phiếu cho mình', 'Bỏ phiếu kín', '1. Quảng Ninh']) {
		const box = (await page.getByLabel(name).boundingBox())!;
		const label = (await page.locator('label', { has: page.getByLabel(name) }).boundingBox())!;
		expect(label.height, name).toBeLessThan(box.height * 2.2);
		expect(box.x - label.x, name).toBeLessThan(8);
	}
	await expect(page.getByTestId('threshold-words')).toHaveText(
		'Ngưỡng trúng: hơn 1/2 tổng số đơn vị thành viên (với 8 đơn vị: cần ít nhất 5 phiếu)'
	);
	await page.getByLabel('Tử số của ngưỡng').fill('2');
	await page.getByLabel('Mẫu số của ngưỡng').fill('3');
	await page.getByLabel('So sánh').selectOption('at_least');
	await expect(page.getByTestId('threshold-words')).toHaveText(
		'Ngưỡng trúng: ít nhất 2/3 tổng số đơn vị thành viên (với 8 đơn vị: cần ít nhất 6 phiếu)'
	);

	// The vote-counting committee is chosen among the participants, by name and position; a member of a candidate
	// unit is warned of while it stands.
	const form = page.locator('.new-ballot');
	await form.getByLabel('1. Quảng Ninh').check();
	await form
		.getByTestId('committee')
		.getByLabel('Vũ Thị Mai, Phó Hiệu trưởng Trường Đào tạo cán bộ Nguyễn Văn Cừ tỉnh Quảng Ninh')
		.check();
	await expect(form.getByTestId('committee-conflict')).toHaveText(
		'Lưu ý: Vũ Thị Mai thuộc Trường Đào tạo cán bộ Nguyễn Văn Cừ tỉnh Quảng Ninh, là đơn vị được đề cử trong cuộc biểu quyết này.'
	);
	await form.getByLabel('1. Quảng Ninh').uncheck();
	await expect(form.getByTestId('committee-conflict')).toHaveCount(0);

	await page.locator('select[name=purpose]').selectOption('head');
	await expect(page.getByLabel('Tên cuộc biểu quyết')).toHaveValue('Bầu Cụm trưởng năm 2022');
	await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
	const message = page.getByTestId('ballot-message');
	await expect(message).toHaveText('Đã chuẩn bị cuộc biểu quyết “Bầu Cụm trưởng năm 2022”.');
	await expect(message).toHaveClass(/notice/);
	await expect(message).toHaveAttribute('role', 'status');
	expect(await message.evaluate((el) => getComputedStyle(el).color)).not.toBe('rgb(185, 28, 28)');
	await page.context().close();
});

test('a single candidate is answered agree / disagree / abstain, said back before it is cast; the result names the chair, "87,5%", "trúng cử"', async ({
	browser
}) => {
	test.setTimeout(90_000);
	await votingPhase();
	const page = await server.open(browser, head);
	await page.goto('/meetings/1/ballots');
	// A choice made before the page is hydrated would not write the purpose's title.
	await page.waitForLoadState('networkidle');
	await page.locator('select[name=purpose]').selectOption('head');
	// The purpose writes its usual title into the field; type over it only once it has.
	const title = page.getByLabel('Tên cuộc biểu quyết');
	await expect(title).toHaveValue(/Bầu Cụm trưởng/);
	await title.fill('Bầu Cụm trưởng năm 2022 (xác nhận)');
	await expect(title).toHaveValue('Bầu Cụm trưởng năm 2022 (xác nhận)');
	// A title of one's own outlives a change of purpose (the defaults below it follow the purpose).
	await page.locator('select[name=purpose]').selectOption('flag');
	await page.locator('select[name=purpose]').selectOption('head');
	await expect(title).toHaveValue('Bầu Cụm trưởng năm 2022 (xác nhận)');
	for (const box of await page.locator('.new-ballot input[name=candidate]').all()) await box.uncheck();
	await page.getByLabel(/\d+\. Sơn La$/).check();
	await page.getByLabel('Cho phép đơn vị tự bỏ phiếu cho mình').check();
	await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
	const id = await ballotId(page, 'Bầu Cụm trưởng năm 2022 (xác nhận)');
	const section = page.locator(`section[data-ballot="${id}"]`);
	await section.getByRole('button', { name: 'Mở biểu quyết' }).click();
	await expect(page.locator('dialog[open]')).toContainText('Mở biểu quyết “Bầu Cụm trưởng năm 2022 (xác nhận)”?');
	await confirm(page);
	await expect(page.locator(`section[data-ballot="${id}"]`)).toHaveAttribute('data-status', 'open');

	const voter = await server.open(browser, delegate('Lai Châu'));
	await voter.goto('/meetings/1/ballots');
	const form = voter.locator(`section[data-ballot="${id}"]`).getByTestId('vote-form');
	await expect(form.getByRole('group')).toContainText('Đơn vị có đồng ý với Sơn La không?');
	await form.getByLabel('Đồng ý', { exact: true }).check();
	await form.getByRole('button', { name: 'Xem lại phiếu' }).click();
	await expect(form.getByTestId('vote-review')).toHaveText('Phiếu của đơn vị: Đồng ý — Sơn La');
	await form.getByRole('button', { name: 'Sửa lại' }).click();
	await form.getByLabel('Không đồng ý').check();
	await form.getByRole('button', { name: 'Xem lại phiếu' }).click();
	await expect(form.getByTestId('vote-review')).toHaveText('Phiếu của đơn vị: Không đồng ý — Sơn La');
	await form.getByRole('button', { name: 'Xác nhận bỏ phiếu' }).click();
	await expect(voter.getByTestId('ballot-message')).toContainText('Đã ghi nhận phiếu của đơn vị.');
	await expect(voter.getByTestId('ballot-message')).toHaveClass(/notice/);

	for (const unit of ['Sơn La', 'Quảng Ninh', 'Lào Cai', 'Lạng Sơn', 'Cao Bằng', 'Hà Giang', 'Điện Biên'])
		await vote(unit, id, ['son-la']);
	await page.reload();
	await page.locator(`section[data-ballot="${id}"]`).getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
	await confirm(page);
	const result = page.locator(`section[data-ballot="${id}"]`).getByTestId('result');
	await expect(result.getByTestId('outcome')).toHaveText('Sơn La trúng cử.');
	await expect(result.locator('tr[data-candidate="son-la"]')).toContainText('87,5%');
	await expect(result).toContainText(`chủ trì: ${HEAD}`);
	await page.context().close();
	await voter.context().close();
});

test('run-offs: round 2 says "(vòng 2)" once, round 3 says "(vòng 3)"; an honour reads "được đề nghị"', async ({
	browser
}) => {
	test.setTimeout(90_000);
	await votingPhase();
	const page = await server.open(browser, head);
	const rules: [string, string][] = [
		['purpose', 'merit'],
		['title', 'Đề nghị tặng Bằng khen'],
		['candidate', 'lao-cai'],
		['candidate', 'lang-son'],
		['maxChoices', '1'],
		['seats', '1'],
		['quorum', '2'],
		['thresholdComparison', 'at_least'],
		['thresholdNumerator', '1'],
		['thresholdDenominator', '2'],
		['thresholdBase', 'cast'],
		['secret', 'on']
	];
	await server.post(head, '/meetings/1/ballots?/create', rules);
	await page.goto('/meetings/1/ballots');
	let id = await ballotId(page, 'Đề nghị tặng Bằng khen');
	for (const round of [2, 3]) {
		await server.post(head, '/meetings/1/ballots?/open', { ballot: id });
		await vote('Quảng Ninh', id, ['lao-cai']);
		await vote('Sơn La', id, ['lang-son']);
		await server.post(head, '/meetings/1/ballots?/close', { ballot: id });
		await page.reload();
		await expect(page.locator(`section[data-ballot="${id}"]`).getByTestId('outcome')).toContainText(
			'Đồng phiếu giữa'
		);
		await page.locator(`section[data-ballot="${id}"]`).getByRole('button', { name: 'Chuẩn bị bầu lại' }).click();
		await expect(page.getByTestId('ballot-message')).toHaveClass(/notice/);
		const heading = `Đề nghị tặng Bằng khen (vòng ${round})`;
		await expect(page.getByRole('heading', { name: heading })).toHaveCount(1);
		await expect(page.locator('section.ballot h2', { hasText: `(vòng ${round}) (vòng` })).toHaveCount(0);
		id = await ballotId(page, heading);
	}
	await server.post(head, '/meetings/1/ballots?/open', { ballot: id });
	await vote('Quảng Ninh', id, ['lao-cai']);
	await vote('Sơn La', id, ['lao-cai']);
	await vote('Lai Châu', id, ['lang-son']);
	await server.post(head, '/meetings/1/ballots?/close', { ballot: id });
	await page.reload();
	await expect(page.locator(`section[data-ballot="${id}"]`).getByTestId('outcome')).toHaveText(
		'Lào Cai được đề nghị.'
	);
	await page.context().close();
});
