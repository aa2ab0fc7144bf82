import type { Browser, Page } from '@playwright/test';
import { expect, joinAs, test } from './fixtures';

// Runs last but one (the files run in name order): it closes the demo meeting for good.

async function open(browser: Browser, who: Parameters<typeof joinAs>[1]): Promise<Page> {
	const page = await (
		await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'vi-VN' })
	).newPage();
	await joinAs(page, who);
	await page.goto('/meetings/1/ballots');
	return page;
}

test('the head opens a ballot, three delegates vote, turnout moves live, the close shows one result everywhere, the record shows the nomination', async ({
	browser
}) => {
	const head = await open(browser, { role: 'head' });
	const watching = await open(browser, { role: 'delegate', unit: 'Cao Bằng' });
	await watching.goto('/meetings/1');
	await head.goto('/meetings/1');
	await head.getByRole('button', { name: 'Biểu quyết' }).click();
	await head.locator('dialog[open]').getByTestId('confirm-yes').click();
	await expect(head.getByTestId('phase')).toContainText('Biểu quyết');
	// Another screen follows the phase without a reload.
	await expect(watching.getByTestId('phase')).toContainText('Giai đoạn: Biểu quyết');
	await watching.context().close();

	// The head prepares the flag ballot: the candidates are proposed from the ranking (Quảng Ninh first).
	await head.goto('/meetings/1/ballots');
	await head.getByLabel('Nội dung').selectOption('flag');
	await expect(head.getByLabel('1. Quảng Ninh')).toBeChecked();
	await head.getByLabel('2. Lào Cai').check();
	await head.getByLabel('Số đơn vị tối thiểu phải bỏ phiếu').fill('3');
	await head.getByLabel('So sánh').selectOption('more_than');
	await head.locator('select[name=thresholdBase]').selectOption('cast');
	await head.getByRole('button', { name: 'Lưu bản nháp' }).click();
	await head.getByRole('button', { name: 'Mở biểu quyết' }).click();
	await head.locator('dialog[open]').getByTestId('confirm-yes').click();
	await expect(head.getByTestId('turnout')).toHaveText('Đã bỏ phiếu: 0/8 đơn vị');

	const voters = await Promise.all(
		['Sơn La', 'Lai Châu', 'Hà Giang'].map((unit) => open(browser, { role: 'delegate', unit }))
	);
	const observer = await open(browser, { role: 'observer' });
	for (const [index, page] of voters.entries()) {
		await page
			.getByTestId('vote-form')
			.getByLabel(index === 2 ? 'Lào Cai' : 'Quảng Ninh')
			.check();
		await page.getByRole('button', { name: 'Xem lại phiếu' }).click();
		await expect(page.getByTestId('vote-review')).toHaveText(
			`Phiếu của đơn vị: chọn ${index === 2 ? 'Lào Cai' : 'Quảng Ninh'}`
		);
		await page.getByRole('button', { name: 'Xác nhận bỏ phiếu' }).click();
		await expect(page.getByTestId('ballot-message')).toContainText(
			'Đã ghi nhận phiếu của đơn vị. Mã phiếu của bạn:'
		);
		// Every other screen sees the turnout move without reloading, and never a partial result.
		await expect(head.getByTestId('turnout')).toHaveText(`Đã bỏ phiếu: ${index + 1}/8 đơn vị`);
		await expect(observer.getByTestId('turnout')).toHaveText(`Đã bỏ phiếu: ${index + 1}/8 đơn vị`);
		await expect(observer.getByTestId('result')).toHaveCount(0);
	}
	const receipt = /Mã phiếu của bạn: ([0-9A-F]{10})/.exec(
		(await voters[0]!.getByTestId('ballot-message').textContent()) ?? ''
	)?.[1];

	await head.getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
	await head.locator('dialog[open]').getByTestId('confirm-yes').click();
	for (const page of [head, observer, ...voters]) {
		await expect(page.getByTestId('outcome')).toHaveText('Quảng Ninh được suy tôn.');
		await expect(page.getByTestId('result')).toContainText('Phiếu phát ra: 8 · Phiếu thu về: 3 · Hợp lệ: 3');
	}
	// The voter finds their receipt among the counted ballots, with their choice.
	await voters[0]!.getByText('Danh sách phiếu đã kiểm (đối chiếu bằng mã phiếu)').click();
	await expect(voters[0]!.getByTestId('papers')).toContainText(`${receipt}: Quảng Ninh`);

	// The head closes the meeting; the printable record shows the nomination and the digest.
	await head.goto('/meetings/1');
	await head.getByTestId('close-meeting').click();
	await head.locator('dialog[open]').getByTestId('confirm-yes').click();
	await expect(head.getByTestId('meeting-message')).toContainText('Hội nghị đã kết thúc. Mã kiểm tra biên bản:');
	await expect(head.getByTestId('phase')).toContainText('Đã kết thúc');
	await head.goto('/meetings/1/record');
	await expect(head.getByTestId('nominations')).toContainText(
		'Suy tôn đề nghị tặng Cờ thi đua: Trường Đào tạo cán bộ Nguyễn Văn Cừ tỉnh Quảng Ninh'
	);
	await expect(head.getByTestId('minutes')).toContainText('Phiếu phát ra: 8 · Phiếu thu về: 3');
	await expect(head.getByTestId('digest')).toHaveText(/Mã kiểm tra \(SHA-256\) của biên bản: [0-9a-f]{64}/);
	const pdf = await head.pdf({ format: 'A4' });
	expect(pdf.byteLength).toBeGreaterThan(10_000);

	for (const page of [head, observer, ...voters]) await page.context().close();
});
