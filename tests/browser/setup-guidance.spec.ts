import { readFileSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import type { DemoData } from '$lib/server/demo/load-demo';
import { databasePath, expect, joinAs, test } from './fixtures';

const demo = JSON.parse(readFileSync('src/lib/server/demo/cluster-2021.json', 'utf8')) as DemoData;

// A set-up that leads the way: each person's next step on their home page, an upload summed up in one line, a unit
// not yet submitted shown as such on the board, and the invitations page's sheet of links, messages and count.

/** Runs a test body on the demo meeting moved to `phase` with some units' sheets not submitted, then restores both. */
async function withMeeting(state: { phase: string; notSubmitted: string[] }, body: () => Promise<void>): Promise<void> {
	const sqlite = new SQLite(databasePath);
	const before = sqlite.prepare('select phase from meetings where id = 1').get() as { phase: string };
	const sheets = sqlite.prepare('select id, submitted_at, submitted_by from sheets where meeting_id = 1').all() as {
		id: number;
		submitted_at: string | null;
		submitted_by: number | null;
	}[];
	const scores = sqlite
		.prepare(
			'select s.sheet_id, s.criterion_code, s.points from sheet_scores s join sheets on sheets.id = s.sheet_id where sheets.meeting_id = 1'
		)
		.all() as {
		sheet_id: number;
		criterion_code: string;
		points: number;
	}[];
	sqlite.prepare('update meetings set phase = ? where id = 1').run(state.phase);
	const unsubmit = sqlite.prepare(
		'update sheets set submitted_at = null, submitted_by = null where meeting_id = 1 and unit_id = (select id from units where slug = ?)'
	);
	for (const slug of state.notSubmitted) unsubmit.run(slug);
	try {
		await body();
	} finally {
		const restore = sqlite.prepare('update sheets set submitted_at = ?, submitted_by = ? where id = ?');
		const restoreScore = sqlite.prepare(
			'update sheet_scores set points = ? where sheet_id = ? and criterion_code = ?'
		);
		sqlite.transaction(() => {
			for (const s of sheets) restore.run(s.submitted_at, s.submitted_by, s.id);
			for (const s of scores) restoreScore.run(s.points, s.sheet_id, s.criterion_code);
		})();
		sqlite.prepare('update meetings set phase = ? where id = 1').run(before.phase);
		sqlite.close();
	}
}

test('a delegate’s home says to submit the sheet before the meeting’s day, then that it is in', async ({ page }) => {
	await withMeeting({ phase: 'preparation', notSubmitted: ['lang-son'] }, async () => {
		await joinAs(page, { role: 'delegate', unit: 'Lạng Sơn' });
		await page.goto('/');
		const next = page.locator('li[data-meeting="1"]').getByTestId('next-step');
		await expect(next).toHaveText('Việc của bạn: Nộp bảng tự chấm trước 15/11/2021');
		await next.getByRole('link').click();
		await expect(page).toHaveURL(/\/meetings\/1\/units\/lang-son$/);
		await page.getByRole('button', { name: 'Lưu bảng tự chấm' }).click();
		await expect(page.locator('section.self-assessment').getByRole('status')).toHaveText('Đã lưu bảng tự chấm.');
		await page.goto('/');
		await expect(page.locator('li[data-meeting="1"]').getByTestId('next-step')).toHaveText(
			'Việc của bạn: Đã nộp bảng tự chấm'
		);
	});
});

test('the host’s home gives the preparation checklist’s next step', async ({ page }) => {
	await withMeeting({ phase: 'preparation', notSubmitted: ['ha-giang', 'cao-bang'] }, async () => {
		await joinAs(page, { role: 'host' });
		await page.goto('/');
		const next = page.locator('li[data-meeting="1"]').getByTestId('next-step');
		await expect(next).toHaveText('Việc của bạn: Nhắc các đơn vị nộp bảng tự chấm (đã nhận 6/8)');
		await next.getByRole('link').click();
		await expect(page).toHaveURL(/\/meetings\/1\/preparation$/);
		await expect(page.getByTestId('sheet-count')).toHaveText('Đã nhận 6/8 bảng tự chấm điểm.');
	});
});

test('an upload the board could read fills the form and says in one line what remains', async ({ page }) => {
	await withMeeting({ phase: 'preparation', notSubmitted: ['lang-son'] }, async () => {
		const scores = demo.units.find((u) => u.slug === 'lang-son')!.self_assessment.scores;
		// One item above its maximum (II.4 is worth 2 at most); everything else as the unit scored it.
		const csv = [
			'mục;điểm',
			...Object.entries(scores).map(
				([code, value]) => `${code};${code === 'II.4' ? '3' : String(value).replace('.', ',')}`
			)
		].join('\r\n');
		await joinAs(page, { role: 'delegate', unit: 'Lạng Sơn' });
		await page.goto('/meetings/1/units/lang-son');
		await page
			.getByLabel('Hoặc tải lên tệp: Excel (.xlsx) theo mẫu, CSV “mã;điểm” hoặc JSON')
			.setInputFiles({ name: 'lang-son.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
		await page.getByRole('button', { name: 'Tải lên', exact: true }).click();

		const section = page.locator('section.self-assessment');
		await expect(page.getByTestId('upload-read')).toHaveText(
			`Đã đọc ${Object.keys(scores).length} tiêu chí; 1 chỗ cần xem lại; kiểm tra rồi bấm Lưu.`
		);
		// No list of errors above the form: the details wait, folded, and the field itself says what is wrong.
		await expect(section.getByRole('alert')).toHaveCount(0);
		await expect(page.getByTestId('entry-errors')).toBeHidden();
		const field = page.getByLabel('Tự chấm II.4', { exact: true });
		await expect(field).toHaveValue('3');
		await expect(field).toHaveAttribute('aria-invalid', 'true');
		await expect(page.getByLabel('Tự chấm III.2', { exact: true })).toHaveValue('3,5');

		await field.fill('2');
		await page.getByRole('button', { name: 'Lưu bảng tự chấm' }).click();
		await expect(section.getByRole('status')).toHaveText('Đã lưu bảng tự chấm.');
	});
});

test('a unit whose sheet has not arrived shows as not submitted: no score, no rank, no mismatch count', async ({
	page
}) => {
	await withMeeting({ phase: 'review', notSubmitted: ['ha-giang'] }, async () => {
		await joinAs(page, { role: 'observer' });
		const rows = page.getByTestId('summary-table').locator('tbody tr');
		const hagiang = rows.filter({ hasText: 'Hà Giang' });
		await expect(hagiang.locator('[data-col=warnings]')).toHaveText('Chưa nộp bảng tự chấm');
		for (const col of ['self', 'cluster', 'rank'])
			await expect(hagiang.locator(`[data-col=${col}]`)).toHaveText('—');
		await expect(hagiang).not.toContainText('chỗ lệch');
		// It comes last, and the units after it move up a rank.
		await expect(rows.last()).toHaveAttribute('data-unit', 'ha-giang');
		await expect(rows.filter({ hasText: 'Điện Biên' }).locator('[data-col=rank]')).toHaveText('7');

		await page.goto('/meetings/1/present');
		const presented = page.getByTestId('present-ranking').locator('li[data-unit="ha-giang"]');
		await expect(presented.getByTestId('not-submitted')).toHaveText('Chưa nộp bảng tự chấm');
		await expect(presented.locator('.rank')).toHaveText('—');

		await page.goto('/meetings/1/units/ha-giang');
		await expect(page.getByTestId('not-submitted')).toContainText('Đơn vị chưa nộp bảng tự chấm');
		await expect(page.getByTestId('arithmetic-warnings')).toHaveCount(0);
	});
});

test('the invitations page: one sheet of every link with QR codes, a message per person for Zalo, and who has not opened theirs', async ({
	page
}) => {
	await joinAs(page, { role: 'host' });
	const sqlite = new SQLite(databasePath, { readonly: true });
	const count = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;
	const unopenedBefore = count(
		'select count(*) as n from participants p where meeting_id = 1 and joined_at is null and exists (select 1 from join_links l where l.participant_id = p.id)'
	);
	const notJoined = count('select count(*) as n from participants where meeting_id = 1 and joined_at is null');
	const total = count('select count(*) as n from participants where meeting_id = 1');
	sqlite.close();

	await page.goto('/meetings/1/invitations');
	await expect(page.getByTestId('unopened-count')).toContainText(`Chưa mở liên kết: ${unopenedBefore} người.`);
	await expect(page.getByTestId('unopened-count')).toContainText(`Đã vào: ${total - notJoined}/${total}.`);

	await page.getByRole('button', { name: 'Tạo liên kết cho tất cả' }).click();
	await expect(page.getByTestId('invitation')).toHaveCount(notJoined);
	// Everyone not joined now has an unopened link.
	await expect(page.getByTestId('unopened-count')).toContainText(
		`Chưa mở liên kết: ${notJoined} người. Chưa có liên kết: 0 người.`
	);

	// One sheet: a row per person, each with their QR code and link.
	const sheet = page.getByTestId('links-sheet');
	await expect(sheet.locator('tbody tr')).toHaveCount(notJoined);
	await expect(sheet.getByTestId('sheet-qr').locator('svg')).toHaveCount(notJoined);
	const links = await sheet.getByTestId('sheet-link').allTextContents();
	for (const link of links) expect(link).toMatch(/\/join\/[a-z2-7]{32}/);
	// The message per person carries that same link, ready to paste into Zalo.
	const first = page.getByTestId('invitation').first();
	const firstLink = (await first.getByTestId('join-link').textContent())!;
	expect(links[0]).toContain(firstLink);
	await expect(first.getByTestId('invitation-message')).toHaveValue(
		new RegExp(firstLink.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
	);
	await expect(first.getByRole('button', { name: 'Sao chép tin nhắn (dán vào Zalo)' })).toBeVisible();

	// Printing the sheet prints the sheet alone, not the per-person pages.
	await page.evaluate(() => (window.print = () => {}));
	await page.getByTestId('print-sheet').click();
	await page.emulateMedia({ media: 'print' });
	await expect(sheet).toBeVisible();
	await expect(page.getByTestId('invitations')).toBeHidden();
	await page.emulateMedia({ media: 'screen' });

	// The preparation page counts the same.
	await page.goto('/meetings/1/preparation');
	await expect(page.getByTestId('unopened-count')).toContainText(`Chưa mở liên kết: ${notJoined} người.`);
});
