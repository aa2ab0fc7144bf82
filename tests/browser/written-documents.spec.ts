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
		await page.getByLabel('Chủ trì hội nghị (họ tên)').fill('Lò Thị Thúy Hà');
		await page.getByLabel('Số, ký hiệu báo cáo tổng kết (ví dụ 76-BC/CTĐ)').fill('76-BC/CTĐ');
		await page.getByRole('button', { name: 'Lưu thông tin văn bản' }).click();
		await expect(page.getByTestId('documents-message')).toHaveText('Đã lưu thông tin văn bản.');
		await expect(page.getByLabel('Chủ trì hội nghị (họ tên)')).toHaveValue('Lò Thị Thúy Hà');
		const draft = await page.request.get('/meetings/1/documents/bao-cao-tong-ket-2021.docx');
		expect(draft.status()).toBe(200);
		const zip = await JSZip.loadAsync(await draft.body());
		const headers = await Promise.all(zip.file(/^word\/header\d*\.xml$/).map((f) => f.async('string')));
		expect(headers.join('')).toContain('DỰ THẢO');

		await page.goto('/meetings/1');
		const toVoting = page.getByRole('button', { name: 'Biểu quyết' });
		if (await toVoting.isVisible()) await toVoting.click();
		await expect(page.getByTestId('phase')).toContainText('Biểu quyết');
		await page.getByTestId('close-meeting').click();
		await expect(page.getByTestId('phase')).toContainText('Đã kết thúc');
	}

	await page.goto('/meetings/1/record');
	// The printed record keeps what the meeting found: the totals units typed beside the computed ones.
	await expect(page.locator('[data-unit="dien-bien"] [data-col="reported"]')).toHaveText('97');
	await expect(page.locator('[data-unit="dien-bien"] [data-col="arithmetic"]')).toContainText('Tổng điểm: ghi 97, các tiêu chí cộng lại 85');
	await expect(page.locator('[data-unit="ha-giang"] [data-col="arithmetic"]')).toHaveText('Mục II: ghi 26, các tiêu chí cộng lại 22');
	const links = page.getByTestId('document-downloads').locator('a[data-file]');
	const names = await links.evaluateAll((as) => as.map((a) => a.getAttribute('data-file')!));
	expect(names).toContain('bien-ban-hoi-nghi-2021.docx');
	expect(names).toContain('bao-cao-tong-ket-2021.docx');
	expect(names).toContain('bang-tong-hop-diem-2021.xlsx');
	expect(names).toContain('ho-so-hoi-nghi-2021.zip');
	// One vote count per counted ballot, as the record lists them.
	expect(names.filter((n) => /^bien-ban-kiem-phieu-\d+-2021\.docx$/.test(n))).toHaveLength(await page.getByTestId('minutes').count());

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
		const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-testid="document-downloads"] a[data-file="${name}"]`).click()]);
		expect(download.suggestedFilename()).toBe(name);
	}
	const zip = await JSZip.loadAsync(await (await page.request.get('/meetings/1/documents/ho-so-hoi-nghi-2021.zip')).body());
	expect(Object.keys(zip.files).sort()).toEqual(names.filter((n) => !n.endsWith('.zip')).sort());
	await page.context().close();
});
