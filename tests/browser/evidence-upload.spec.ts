import { createHash } from 'node:crypto';
import type { Browser, Page } from '@playwright/test';
import SQLite from 'better-sqlite3';
import { evidencePdf, evidencePng, reportDocx } from '../support/evidence-files';
import { expect, test } from './fixtures';
import { confirm, ownServer, type Who } from './own-server';

// Two units send their self-inspection report and evidence on several items during preparation, from their
// sheet pages; the host sees on the dashboard what each has sent and narrows who may read them; after the close
// the record lists every file with its digest. On a server of its own: it closes the meeting.

const server = ownServer();

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const sql = <T>(run: (s: SQLite.Database) => T): T => {
	const sqlite = new SQLite(server.databasePath);
	try {
		return run(sqlite);
	} finally {
		sqlite.close();
	}
};

async function open(browser: Browser, who: Who, path: string): Promise<Page> {
	const page = await server.open(browser, who);
	await page.goto(path);
	await page.waitForLoadState('networkidle');
	return page;
}

/**
 * Opens an item's folded drop zone. The page may still be redrawing after the previous upload (which can fold the
 * item again under the click): click until the zone shows.
 */
async function openItem(page: Page, code: string) {
	const drop = page.getByTestId(`evidence-drop-${code}`);
	await expect(async () => {
		if (!(await drop.isVisible())) await page.locator(`[data-item="${code}"] summary`).click();
		await expect(drop).toBeVisible({ timeout: 1_000 });
	}).toPass();
}

/** Sends one file through a drop zone: a caption, the other items it backs, the file. */
async function send(
	page: Page,
	zone: string,
	file: { name: string; mimeType: string; buffer: Uint8Array },
	fields: { caption?: string; also?: string } = {}
) {
	const drop = page.getByTestId(zone);
	if (zone.startsWith('evidence-drop-')) await openItem(page, zone.slice(14));
	await drop.scrollIntoViewIfNeeded();
	if (fields.caption) await drop.getByTestId('caption').fill(fields.caption);
	if (fields.also) await drop.getByTestId('also-items').fill(fields.also);
	await drop.getByTestId('file-input').setInputFiles({ ...file, buffer: Buffer.from(file.buffer) });
	await expect(page.getByTestId('files-status')).toHaveText(`Đã nhận tệp “${file.name}”.`);
}

test('two units send a report and evidence on several items; the record lists every file with its digest', async ({
	browser
}) => {
	test.setTimeout(180_000);
	sql((s) =>
		s.prepare("update meetings set phase = 'preparation', files_visibility = 'everyone' where id = 1").run()
	);

	const haGiangReport = await reportDocx([
		'BÁO CÁO TỰ KIỂM TRA, CHẤM ĐIỂM THI ĐUA NĂM 2021',
		'II.1.1. Đề án, đề tài khoa học cấp tỉnh: phối hợp thực hiện 01 đề tài.'
	]);
	const decision = evidencePdf('Quyet dinh so 12/QD-TCT: phoi hop de tai cap tinh');
	const seminar = evidencePng(48, 32, [30, 120, 200]);
	const caoBangReport = await reportDocx(['BÁO CÁO TỰ KIỂM TRA', 'I.1. Hoàn thành 100% chỉ tiêu đào tạo.']);
	const classes = evidencePdf('Danh sach lop TCLLCT 2021');

	const haGiang = await open(browser, { role: 'delegate', unit: 'Hà Giang' }, '/meetings/1/units/ha-giang');
	await expect(haGiang.getByTestId('files-limits')).toContainText('mỗi tệp tối đa 20 MB, mỗi đơn vị tối đa 100 MB');
	await send(haGiang, 'report-drop', {
		name: 'Báo cáo tự kiểm tra Hà Giang.docx',
		mimeType: DOCX,
		buffer: haGiangReport
	});
	await send(
		haGiang,
		'evidence-drop-II.1.1',
		{ name: 'Quyết định 12.pdf', mimeType: 'application/pdf', buffer: decision },
		{ caption: 'Quyết định số 12/QĐ-TCT', also: 'II.1.2' }
	);
	await send(haGiang, 'evidence-drop-II.2.1', { name: 'Hội thảo.png', mimeType: 'image/png', buffer: seminar });
	// One file backs two items: it is listed under each.
	for (const item of ['II.1.1', 'II.1.2'])
		await expect(haGiang.locator(`[data-item="${item}"]`).getByTestId('unit-file')).toContainText(
			'Quyết định 12.pdf'
		);
	// A file that is not what its name says is refused, with the reason.
	await openItem(haGiang, 'I.1');
	await haGiang
		.getByTestId('evidence-drop-I.1')
		.getByTestId('file-input')
		.setInputFiles({ name: 'anh.pdf', mimeType: 'application/pdf', buffer: Buffer.from(seminar) });
	await expect(haGiang.getByTestId('evidence-drop-I.1').getByTestId('file-problem')).toHaveText(
		'Tệp “anh.pdf” thực chất là tệp PNG, không phải PDF như tên tệp ghi. Hãy đặt lại đúng đuôi tệp hoặc gửi đúng tệp.'
	);

	const caoBang = await open(browser, { role: 'delegate', unit: 'Cao Bằng' }, '/meetings/1/units/cao-bang');
	await send(caoBang, 'report-drop', { name: 'Báo cáo Cao Bằng.docx', mimeType: DOCX, buffer: caoBangReport });
	await send(caoBang, 'evidence-drop-I.1', {
		name: 'Danh sách lớp.pdf',
		mimeType: 'application/pdf',
		buffer: classes
	});
	await send(caoBang, 'evidence-drop-III.1', {
		name: 'Ảnh lớp bồi dưỡng.png',
		mimeType: 'image/png',
		buffer: seminar
	});

	// The report opens as its text; the PDF in the browser.
	const reportLink = haGiang
		.getByTestId('report-zone')
		.getByRole('link', { name: 'Báo cáo tự kiểm tra Hà Giang.docx' });
	const reportText = await haGiang.request.get(
		new URL((await reportLink.getAttribute('href'))!, haGiang.url()).toString()
	);
	expect(await reportText.text()).toContain('II.1.1. Đề án, đề tài khoa học cấp tỉnh: phối hợp thực hiện 01 đề tài.');

	// The host's dashboard: each unit's report and how many items have evidence; then the narrower setting.
	const host = await open(browser, { role: 'host' }, '/meetings/1/preparation');
	const row = (slug: string) => host.locator(`[data-testid="preparation-sheets"] tr[data-unit="${slug}"]`);
	await expect(row('ha-giang').getByTestId('report-status')).toHaveText('✓ Đã gửi');
	await expect(row('ha-giang').getByTestId('evidence-status')).toHaveText(/^3\/\d+ mục$/);
	await expect(row('cao-bang').getByTestId('evidence-status')).toHaveText(/^2\/\d+ mục$/);
	await expect(row('lao-cai').getByTestId('report-status')).toHaveText('Chưa gửi');
	await expect(host.getByTestId('files-reminder')).toHaveValue(
		/- Trường Chính trị tỉnh Lào Cai: chưa có báo cáo tự kiểm tra; /
	);
	await host.getByLabel('Chỉ Cụm trưởng, Cụm phó, Thư ký và chính đơn vị đó').check();
	await host.getByRole('button', { name: 'Lưu', exact: true }).click();
	await expect(host.getByText('Đã lưu.')).toBeVisible();
	const decisionUrl = new URL(
		(await haGiang
			.locator('[data-item="II.1.1"]')
			.getByRole('link', { name: 'Quyết định 12.pdf' })
			.getAttribute('href'))!,
		haGiang.url()
	).toString();
	expect((await caoBang.request.get(decisionUrl)).status()).toBe(403);
	expect((await host.request.get(decisionUrl)).status()).toBe(200);
	await caoBang.goto('/meetings/1/units/ha-giang');
	await expect(caoBang.getByTestId('unit-files')).toHaveCount(0);

	// The review starts: the files are frozen, the drop zones gone.
	sql((s) => s.prepare("update meetings set phase = 'review' where id = 1").run());
	await haGiang.reload();
	await expect(haGiang.getByText('Hội nghị đã bắt đầu bình xét: báo cáo và minh chứng đã khóa')).toBeVisible();
	await expect(haGiang.getByTestId('report-drop')).toHaveCount(0);

	// The close: the record lists each file with its digest.
	sql((s) => s.prepare("update meetings set phase = 'voting' where id = 1").run());
	const head = await open(browser, { role: 'head' }, '/meetings/1');
	await head.getByTestId('close-meeting').click();
	await confirm(head);
	await expect(head.getByTestId('phase')).toContainText('Đã kết thúc');
	await head.goto('/meetings/1/record');
	const files = head.getByTestId('record-file');
	await expect(files).toHaveCount(6);
	await expect(files.nth(0)).toContainText('Cao Bằng');
	for (const [name, bytes] of [
		['Báo cáo tự kiểm tra Hà Giang.docx', haGiangReport],
		['Quyết định 12.pdf', decision],
		['Hội thảo.png', seminar],
		['Báo cáo Cao Bằng.docx', caoBangReport],
		['Danh sách lớp.pdf', classes],
		['Ảnh lớp bồi dưỡng.png', seminar]
	] as const)
		await expect(files.filter({ hasText: name })).toContainText(sha(bytes));
	await expect(files.filter({ hasText: 'Quyết định 12.pdf' })).toContainText('II.1.1, II.1.2');
	const record = (await (await head.request.get('/meetings/1/record.json')).json()) as {
		record: { files: { sha256: string }[] };
	};
	expect(record.record.files.map((f) => f.sha256)).toContain(sha(decision));
});
