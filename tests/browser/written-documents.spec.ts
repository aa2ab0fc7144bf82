import JSZip from 'jszip';
import { expect, joinAs, test } from './fixtures';

// Runs last (the files run in name order), after the voting test has closed the meeting: the meeting's documents,
// downloaded from its record page. Run alone, it fills the fields and takes a draft first, then closes the meeting.

const TYPES: Record<string, string> = {
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	zip: 'application/zip'
};

test('the record page of a closed meeting downloads each document and the archive of all', async ({ browser }) => {
	test.setTimeout(120_000);
	const page = await (await browser.newContext({ acceptDownloads: true, locale: 'vi-VN' })).newPage();
	await joinAs(page, { role: 'head' });

	if (!((await page.getByTestId('phase').textContent()) ?? '').includes('Đã kết thúc')) {
		// The head fills the documents' fields; a download before the close is a draft.
		await page.goto('/meetings/1/documents');
		// The chair and the secretary are chosen among the participants: their names and positions follow.
		await page
			.getByLabel('Chủ trì hội nghị (họ tên) · Chọn trong danh sách người dự họp')
			.selectOption({ label: 'Lò Thị Thúy Hà, Hiệu trưởng Trường Chính trị tỉnh Sơn La' });
		await expect(page.getByLabel('Chủ trì hội nghị (họ tên)', { exact: true })).toHaveValue('Lò Thị Thúy Hà');
		await expect(page.getByLabel('Chức vụ của người chủ trì')).toHaveValue(
			'Hiệu trưởng Trường Chính trị tỉnh Sơn La'
		);
		await page
			.getByLabel('Thư ký hội nghị (họ tên) · Chọn trong danh sách người dự họp')
			.selectOption({ label: 'Nguyễn Thị Thanh Hương, Chánh Văn phòng Trường Chính trị tỉnh Sơn La' });
		// Each document its own number: the report's is suggested after the minutes', its symbol shown as printed.
		await page.getByLabel('Số biên bản hội nghị').fill('75');
		// Emptied, the report's field is offered the number after the minutes', shown as the layout prints it.
		await page.getByLabel('Số báo cáo tổng kết').fill('');
		await expect(page.getByLabel('Số báo cáo tổng kết')).toHaveAttribute('placeholder', '76');
		await expect(page.locator('[data-number="report"] [data-testid="symbol-preview"]')).toContainText(
			/Số:? 76(-BC\/CTĐ|\/BC-CTĐ) \(số gợi ý\)/
		);
		await page.getByLabel('Số báo cáo tổng kết').fill('76');
		await page
			.locator('[data-testid="attendance"] tr', { hasText: 'Quàng Văn Dũng' })
			.getByLabel('Vắng mặt')
			.check();
		await page.getByRole('button', { name: 'Lưu thông tin văn bản' }).click();
		await expect(page.getByTestId('documents-message')).toHaveText('Đã lưu thông tin văn bản.');
		await expect(page.getByLabel('Chủ trì hội nghị (họ tên)', { exact: true })).toHaveValue('Lò Thị Thúy Hà');
		await expect(page.getByLabel('Số báo cáo tổng kết')).toHaveValue('76');
		const draft = await page.request.get('/meetings/1/documents/bao-cao-tong-ket-2021.docx');
		expect(draft.status()).toBe(200);
		const zip = await JSZip.loadAsync(await draft.body());
		const headers = await Promise.all(zip.file(/^word\/header\d*\.xml$/).map((f) => f.async('string')));
		expect(headers.join('')).toContain('DỰ THẢO');
		const minutes = await (
			await JSZip.loadAsync(
				await (await page.request.get('/meetings/1/documents/bien-ban-hoi-nghi-2021.docx')).body()
			)
		)
			.file('word/document.xml')!
			.async('string');
		expect(minutes).toMatch(/Số:? 75(-BB\/CTĐ|\/BB-CTĐ)/);
		expect(minutes).toContain('Thư ký: Nguyễn Thị Thanh Hương, Chánh Văn phòng Trường Chính trị tỉnh Sơn La.');
		expect(minutes).toContain('vắng mặt 01 người');

		await page.goto('/meetings/1');
		const toVoting = page.getByRole('button', { name: 'Biểu quyết' });
		if (await toVoting.isVisible()) {
			await toVoting.click();
			await page.locator('dialog[open]').getByTestId('confirm-yes').click();
		}
		await expect(page.getByTestId('phase')).toContainText('Biểu quyết');
		await page.getByTestId('close-meeting').click();
		await page.locator('dialog[open]').getByTestId('confirm-yes').click();
		await expect(page.getByTestId('phase')).toContainText('Đã kết thúc');
	}

	await page.goto('/meetings/1/record');
	// The printed record keeps what the meeting found: the totals units typed beside the computed ones.
	await expect(page.locator('[data-unit="dien-bien"] [data-col="reported"]')).toHaveText('97');
	await expect(page.locator('[data-unit="dien-bien"] [data-col="arithmetic"]')).toContainText(
		'Tổng điểm: ghi 97, các tiêu chí cộng lại 85'
	);
	await expect(page.locator('[data-unit="ha-giang"] [data-col="arithmetic"]')).toHaveText(
		'Mục II: ghi 26, các tiêu chí cộng lại 22'
	);
	const links = page.getByTestId('document-downloads').locator('a[data-file]');
	const names = await links.evaluateAll((as) => as.map((a) => a.getAttribute('data-file')!));
	expect(names).toContain('bien-ban-hoi-nghi-2021.docx');
	expect(names).toContain('bao-cao-tong-ket-2021.docx');
	expect(names).toContain('bang-tong-hop-diem-2021.xlsx');
	expect(names).toContain('ho-so-hoi-nghi-2021.zip');
	// One vote count per counted ballot, as the record lists them.
	expect(names.filter((n) => /^bien-ban-kiem-phieu-\d+-2021\.docx$/.test(n))).toHaveLength(
		await page.getByTestId('minutes').count()
	);

	for (const name of names) {
		// A real Office or zip file (it starts "PK") of its own type and a fair size.
		const response = await page.request.get(`/meetings/1/documents/${name}`);
		expect(response.headers()['content-type']).toBe(TYPES[name.split('.').pop()!]);
		const body = await response.body();
		expect(body.length, name).toBeGreaterThan(name.endsWith('.zip') ? 40_000 : 5_000);
		expect(body.subarray(0, 2).toString()).toBe('PK');
		if (name.endsWith('.docx')) {
			const xml = await (await JSZip.loadAsync(body)).file('word/document.xml')!.async('string');
			expect(xml).toContain('w:w="11906" w:h="16838"');
			expect(xml).not.toContain('DỰ THẢO');
		}
	}
	// As the browser saves them: the minutes and the archive, under their own names.
	for (const name of ['bien-ban-hoi-nghi-2021.docx', 'ho-so-hoi-nghi-2021.zip']) {
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.locator(`[data-testid="document-downloads"] a[data-file="${name}"]`).click()
		]);
		expect(download.suggestedFilename()).toBe(name);
	}
	const zip = await JSZip.loadAsync(
		await (await page.request.get('/meetings/1/documents/ho-so-hoi-nghi-2021.zip')).body()
	);
	expect(Object.keys(zip.files).sort()).toEqual(names.filter((n) => !n.endsWith('.zip')).sort());

	// The documents page has a number of its own for each vote count, frozen with the record; none repeated.
	await page.goto('/meetings/1/documents');
	await expect(page.locator('[data-number^="count."] input')).toHaveCount(
		names.filter((n) => n.startsWith('bien-ban-kiem-phieu-')).length
	);
	await expect(page.locator('[data-number="report"] input')).toBeDisabled();
	const values = (
		await page
			.locator('[data-number] input')
			.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))
	).filter((v) => v !== '');
	expect(new Set(values).size).toBe(values.length);
	await page.context().close();
});
