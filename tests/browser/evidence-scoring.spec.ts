import type { Page } from '@playwright/test';
import { evidencePdf, evidencePng, reportDocx } from '../support/evidence-files';
import { readDocx } from '../support/office';
import { signInAs } from '../support/people';
import { expect, test } from './fixtures';
import { confirm, ownServer, type Who } from './own-server';

// Scoring beside the evidence. Two units send their self-inspection report (.docx) and evidence (a .pdf, an image)
// during preparation; in the review the head opens an item of Hà Giang's sheet, sees its files and the report's
// paragraph on it beside the deduction form, and deducts citing the decision. A vice-head sees the citation at
// once; it reaches the record and the minutes. Under the narrower setting a delegate of another unit cannot read
// Hà Giang's files. Every file is made here, by the test.

const server = ownServer();

const HA_GIANG_REPORT = [
	'BÁO CÁO',
	'Tự kiểm tra công tác năm 2021',
	'I. CÔNG TÁC ĐÀO TẠO, BỒI DƯỠNG',
	'1. Hoàn thành chỉ tiêu kế hoạch đào tạo, bồi dưỡng được giao',
	'Năm 2021 Trường mở 12 lớp, đạt 109,1% kế hoạch.',
	'II. CÔNG TÁC NGHIÊN CỨU KHOA HỌC, TỔNG KẾT THỰC TIỄN',
	'1. Đề tài khoa học',
	'1.1. Đề án, đề tài khoa học cấp tỉnh, thành phố, cấp bộ',
	'Trường phối hợp với Học viện thực hiện 01 đề tài khoa học cấp tỉnh; tự chấm 5 điểm.',
	'1.2. Đề tài khoa học cấp trường',
	'Trường chủ trì 03 đề tài cấp trường.'
];

/** Sends a file as the unit's delegate does, through the upload route; returns the stored file as the server says. */
async function upload(
	who: Who,
	slug: string,
	file: { name: string; bytes: Uint8Array; type: string },
	fields: { kind: 'report' | 'evidence'; caption?: string; items?: string[] }
): Promise<{ id: number; sha256: string; name: string }> {
	const cookie = await signInAs(server.url, server.databasePath, who);
	const form = new FormData();
	form.set('file', new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
	form.set('kind', fields.kind);
	if (fields.caption) form.set('caption', fields.caption);
	for (const item of fields.items ?? []) form.append('items', item);
	const response = await fetch(`${server.url}/meetings/1/units/${slug}/files`, {
		method: 'POST',
		headers: { origin: new URL(server.url).origin, cookie },
		body: form
	});
	const text = await response.text();
	expect(response.status, `${file.name}: ${text}`).toBe(201);
	return (JSON.parse(text) as { file: { id: number; sha256: string; name: string } }).file;
}

async function setPhase(to: 'preparation' | 'review') {
	await server.post({ role: 'host' }, '/meetings/1?/phase', { to });
}

/** Whether the page's width holds everything (nothing sticks out sideways). */
async function fitsWidth(page: Page) {
	const size = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, iw: innerWidth }));
	expect(size.w).toBeLessThanOrEqual(size.iw);
}

test('the head scores an item beside its evidence and the report’s paragraph, citing the decision; the citation travels', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const HA_GIANG: Who = { role: 'delegate', unit: 'Hà Giang' };
	const CAO_BANG: Who = { role: 'delegate', unit: 'Cao Bằng' };

	// Preparation: the units send their files, and the meeting shows each unit's files to the scorers, the host and
	// that unit only.
	await setPhase('preparation');
	await server.post({ role: 'host' }, '/meetings/1/preparation?/visibility', { visibility: 'restricted' });
	await upload(
		HA_GIANG,
		'ha-giang',
		{
			name: 'Báo cáo tự kiểm tra 2021.docx',
			bytes: await reportDocx(HA_GIANG_REPORT),
			type: 'application/octet-stream'
		},
		{ kind: 'report' }
	);
	const decision = await upload(
		HA_GIANG,
		'ha-giang',
		{
			name: 'Quyết định 12-QĐ.pdf',
			bytes: evidencePdf('Quyet dinh so 12: phoi hop thuc hien'),
			type: 'application/pdf'
		},
		{ kind: 'evidence', caption: 'Quyết định giao đề tài', items: ['II.1.1'] }
	);
	const photo = await upload(
		HA_GIANG,
		'ha-giang',
		{ name: 'Nghiệm thu.png', bytes: evidencePng(40, 30), type: 'image/png' },
		{ kind: 'evidence', caption: 'Ảnh buổi nghiệm thu', items: ['II.1.1', 'II.1.2'] }
	);
	await upload(
		CAO_BANG,
		'cao-bang',
		{
			name: 'Báo cáo Cao Bằng.docx',
			bytes: await reportDocx(['II.2.2 Tọa đàm, hội thảo khoa học Cụm thi đua', 'Phối hợp.']),
			type: 'application/octet-stream'
		},
		{ kind: 'report' }
	);
	await upload(
		CAO_BANG,
		'cao-bang',
		{ name: 'Giấy mời hội thảo.pdf', bytes: evidencePdf('Giay moi'), type: 'application/pdf' },
		{ kind: 'evidence', items: ['II.2.2'] }
	);
	await setPhase('review');

	const head = await server.open(browser, { role: 'head' });
	const vice = await server.open(browser, { role: 'vice_head', unit: 'Lai Châu' });
	const screen = await server.open(browser, { role: 'host' }, { width: 1920, height: 1080 });
	await screen.goto('/meetings/1/present');

	await head.goto('/meetings/1/units/ha-giang');
	await expect(head.getByTestId('connection')).toHaveText(/Đã kết nối/);
	// Every item says whether it has evidence.
	const badge = (code: string) => head.locator(`tr[data-code="${code}"]`).getByTestId('evidence-badge');
	await expect(badge('II.1.1')).toHaveText(/2 minh chứng/);
	await expect(badge('II.1.2')).toHaveText(/1 minh chứng/);
	await expect(badge('I.1')).toHaveText(/Chưa có minh chứng/);
	await vice.goto('/meetings/1/units/ha-giang');
	await expect(vice.getByTestId('connection')).toHaveText(/Đã kết nối/);

	// The head opens item II.1.1: its files and the report's paragraph on it, beside the form.
	await badge('II.1.1').click();
	const panel = head.getByTestId('evidence-panel');
	await expect(panel).toHaveAttribute('data-code', 'II.1.1');
	await expect(panel.getByTestId('evidence-files').locator('li')).toHaveCount(2);
	const said = panel.getByTestId('report-text');
	await expect(said).toContainText(
		'Trường phối hợp với Học viện thực hiện 01 đề tài khoa học cấp tỉnh; tự chấm 5 điểm.'
	);
	await expect(said).not.toContainText('Trường chủ trì 03 đề tài cấp trường.');
	await expect(panel.getByTestId('report-found-by')).toHaveText('Tìm theo số thứ tự tiêu chí');
	const form = head.getByTestId('add-deduction');
	await expect(form.getByLabel('Tiêu chí')).toHaveValue('II.1.1');
	const [panelBox, formBox] = [await panel.boundingBox(), await form.boundingBox()];
	expect(panelBox!.x + panelBox!.width).toBeLessThanOrEqual(formBox!.x + 1); // side by side on a laptop
	await fitsWidth(head);

	// The decision, in the browser's own viewer (a frame on the download route); the photo as an image.
	const decisionRow = panel.locator(`li[data-file="${decision.sha256}"]`);
	await decisionRow.getByRole('button', { name: 'Mở tệp' }).click();
	const frame = panel.getByTestId('evidence-view').locator('iframe');
	await expect(frame).toHaveAttribute('src', `/meetings/1/files/${decision.id}`);
	const served = await head.request.get(`/meetings/1/files/${decision.id}`);
	expect(served.status()).toBe(200);
	expect(served.headers()['content-type']).toBe('application/pdf');
	expect(served.headers()['content-security-policy']).toMatch(/sandbox/);
	// The shared screen shows the file the head has open.
	await expect(screen.getByTestId('present-evidence')).toContainText('Tệp đang mở: Quyết định 12-QĐ.pdf');
	await expect(screen.getByTestId('present-evidence').locator('iframe')).toHaveAttribute(
		'src',
		`/meetings/1/files/${decision.id}`
	);
	await panel.locator(`li[data-file="${photo.sha256}"]`).getByRole('button', { name: 'Mở tệp' }).click();
	const image = panel.getByTestId('evidence-view').locator('img');
	await expect(image).toHaveAttribute('alt', 'Ảnh buổi nghiệm thu');
	await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(40);
	await expect(screen.getByTestId('present-evidence')).toContainText('Nghiệm thu.png');

	// The head deducts, citing the decision.
	await decisionRow.getByRole('button', { name: 'Dẫn tệp này khi trừ điểm' }).click();
	await expect(form.getByTestId('citation-file')).toHaveValue(decision.sha256);
	await form.getByLabel('Số điểm trừ').fill('2,5');
	await form.getByLabel('Lý do trừ điểm').fill('Phối hợp với Học viện xây dựng đề tài: được ½ số điểm');
	await form.getByTestId('citation-text').fill('Quyết định số 12 chỉ ghi phối hợp');
	await form.getByRole('button', { name: 'Ghi trừ điểm' }).click();
	const headCard = head.locator('article.deduction-card[data-criterion="II.1.1"]');
	await expect(headCard.getByTestId('citation')).toContainText('Căn cứ: Quyết định số 12 chỉ ghi phối hợp');
	await head.screenshot({ path: 'test-results/evidence-beside-1280.png' });

	// Another scorer sees it at once, with the file it cites.
	const viceCard = vice.locator('article.deduction-card[data-criterion="II.1.1"]');
	await expect(viceCard.getByTestId('citation')).toContainText('Căn cứ: Quyết định số 12 chỉ ghi phối hợp');
	await expect(viceCard.getByTestId('citation')).toContainText('Tệp: Quyết định 12-QĐ.pdf');

	// An item the report does not name: the head links the paragraph that speaks of it, by hand; the server keeps it.
	await badge('II.6').click();
	await expect(panel).toHaveAttribute('data-code', 'II.6');
	await expect(panel.getByTestId('report-none')).toHaveText('Không tìm thấy đoạn nào của báo cáo nêu tiêu chí này.');
	await panel.getByText('Gắn đoạn báo cáo với tiêu chí').click();
	await panel.getByTestId('link-paragraphs').getByLabel('Năm 2021 Trường mở 12 lớp, đạt 109,1% kế hoạch.').check();
	await panel.getByRole('button', { name: 'Lưu các đoạn đã chọn' }).click();
	await expect(panel.getByRole('status')).toHaveText('Đã lưu các đoạn báo cáo gắn với tiêu chí II.6.');
	await expect(panel.getByTestId('report-text')).toHaveText('Năm 2021 Trường mở 12 lớp, đạt 109,1% kế hoạch.');
	await expect(panel.getByTestId('report-found-by')).toHaveText('Cụm trưởng đã gắn đoạn này');
	// A vice-head reads the link but may not make one: the form is not offered, and the server refuses a post.
	await vice.reload();
	await vice.locator('tr[data-code="II.6"]').getByTestId('evidence-badge').click();
	await expect(vice.getByTestId('report-text')).toHaveText('Năm 2021 Trường mở 12 lớp, đạt 109,1% kế hoạch.');
	await expect(vice.getByTestId('link-paragraphs')).toHaveCount(0);
	const refused = await vice.request.post('/meetings/1/units/ha-giang?/linkParagraphs', {
		headers: { origin: new URL(server.url).origin, accept: 'application/json' },
		form: { criterion: 'II.6', report: 'x', paragraph: '0' }
	});
	expect(refused.status()).toBe(403);
	await badge('II.1.1').click();

	// On a phone the files come above the form, nothing sticks out sideways, and the controls are large enough.
	await head.setViewportSize({ width: 360, height: 740 });
	await expect(panel).toBeVisible();
	const [phonePanel, phoneForm] = [await panel.boundingBox(), await form.boundingBox()];
	expect(phonePanel!.y + phonePanel!.height).toBeLessThanOrEqual(phoneForm!.y + 1);
	await fitsWidth(head);
	await head.screenshot({ path: 'test-results/evidence-beside-360.png', fullPage: true });
	for (const button of await panel.getByRole('button').all()) {
		const box = await button.boundingBox();
		if (box) expect(box.height, await button.innerText()).toBeGreaterThanOrEqual(44);
	}
	await head.setViewportSize({ width: 1280, height: 720 });

	// Under the narrower setting a delegate of another unit reads nothing of Hà Giang's files.
	const other = await server.open(browser, CAO_BANG);
	for (const file of [decision, photo]) {
		const response = await other.request.get(`/meetings/1/files/${file.id}`);
		expect(response.status()).toBe(403);
	}
	await other.goto('/meetings/1/units/ha-giang');
	await expect(other.getByTestId('sheet')).toBeVisible();
	await expect(other.getByTestId('evidence-badge')).toHaveCount(0);
	await expect(other.locator(`a[href^="/meetings/1/files/"]`)).toHaveCount(0);
	// Its own files it sees.
	await other.goto('/meetings/1/units/cao-bang');
	await expect(other.locator('tr[data-code="II.2.2"]').getByTestId('evidence-badge')).toHaveText(/1 minh chứng/);

	// The citation reaches the minutes: the draft, made from the live board, and the sealed record's after the close.
	const minutesSay = async () => {
		const minutes = await head.request.get('/meetings/1/documents/bien-ban-hoi-nghi-2021.docx');
		expect(minutes.status()).toBe(200);
		return (await readDocx(await minutes.body())).text;
	};
	const line =
		'Cụm trừ 2,5 điểm (Phối hợp với Học viện xây dựng đề tài: được ½ số điểm; minh chứng: Quyết định số 12 chỉ ghi phối hợp, tệp Quyết định 12-QĐ.pdf).';
	expect(await minutesSay()).toContain(line);

	// At the close the citation is kept with the deduction, and the sealed record carries it.
	await head.goto('/meetings/1');
	await head.getByRole('button', { name: 'Biểu quyết' }).click();
	await confirm(head);
	await expect(head.getByTestId('phase')).toContainText('Biểu quyết');
	await head.getByTestId('close-meeting').click();
	await confirm(head);
	await expect(head.getByTestId('phase')).toContainText('Đã kết thúc');
	const sealed = (await (await head.request.get('/meetings/1/record.json')).json()) as {
		record: { summary: { unit: string; deductions: { criterion: string; citation?: unknown }[] }[] };
	};
	const cited = sealed.record.summary
		.find((u) => u.unit === 'ha-giang')!
		.deductions.find((d) => d.criterion === 'II.1.1');
	expect(cited?.citation).toEqual({
		text: 'Quyết định số 12 chỉ ghi phối hợp',
		file: { sha256: decision.sha256, name: 'Quyết định 12-QĐ.pdf' }
	});
	await head.goto('/meetings/1/record');
	const recorded = head.locator('[data-unit="ha-giang"]').getByTestId('record-citation');
	await expect(recorded).toContainText('Căn cứ: Quyết định số 12 chỉ ghi phối hợp · Tệp: Quyết định 12-QĐ.pdf');
	await expect(recorded).toContainText(decision.sha256);
	expect(await minutesSay()).toContain(line);
});
