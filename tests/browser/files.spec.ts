import { readFileSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import type { TemplateInput } from '$lib/core/scoring';
import type { DemoData } from '$lib/server/demo/load-demo';
import { criteriaTableXlsx, tableModelXlsx, unitSheetXlsx } from '../support/fixtures';
import { databasePath, expect, joinAs, test } from './fixtures';

// The host imports the year's criteria table for a new meeting, corrects what does not add up, and confirms; a
// delegate downloads the blank workbook and uploads their filled-in .xlsx sheet.

const demo = JSON.parse(readFileSync('src/lib/server/demo/cluster-2021.json', 'utf8')) as DemoData;
const input: TemplateInput = demo.criteria_template;
let meetingId = 0;

test.describe.serial('importing files for a meeting in preparation', () => {
	test.beforeAll(() => {
		const sqlite = new SQLite(databasePath);
		try {
			meetingId = (
				sqlite
					.prepare(
						"insert into meetings (cluster_id, template_id, year, title, held_on, phase, created_at) values (1, 1, 2022, 'Hội nghị 2022', '2022-11-15', 'preparation', ?) returning id"
					)
					.get(new Date().toISOString()) as { id: number }
			).id;
			for (const unit of sqlite.prepare('select id from units').all() as { id: number }[]) {
				sqlite.prepare('insert into sheets (meeting_id, unit_id) values (?, ?)').run(meetingId, unit.id);
			}
			// The demo's host and Hà Giang's delegate take part in this meeting too.
			const join = sqlite.prepare(
				'insert into participants (meeting_id, user_id, role, unit_id, created_at) select ?, user_id, role, unit_id, ? from participants where meeting_id = 1 and (role = ? or (role = ? and unit_id = (select id from units where slug = ?)))'
			);
			join.run(meetingId, new Date().toISOString(), 'host', 'delegate', 'ha-giang');
		} finally {
			sqlite.close();
		}
	});

	test('the host reads a criteria table, corrects a section, and stores it', async ({ page }) => {
		await joinAs(page, { role: 'host' });
		await page.goto(`/meetings/${meetingId}/setup/criteria`);
		await expect(page.getByRole('heading', { name: 'Nhập bảng tiêu chí' })).toBeVisible();
		const file = await criteriaTableXlsx(input, {
			sectionMax: { II: 26 },
			spacerRows: true,
			mergeCodeAndTitle: true,
			numbersAsText: true
		});
		await page.getByLabel('Tệp bảng tiêu chí (.xlsx, .docx)').setInputFiles({
			name: 'tieu-chi-2022.xlsx',
			mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			buffer: file
		});
		await page.getByRole('button', { name: 'Đọc bảng' }).click();

		const errors = page.getByTestId('criteria-errors');
		await expect(errors).toContainText(
			/Dòng \d+, mục II: bảng ghi tối đa 26 điểm nhưng các tiêu chí bên trong cộng lại được 30\./
		);
		await expect(page.getByRole('button', { name: 'Xác nhận' })).toBeDisabled();
		// The tree as understood, with the sums beside the stated maxima.
		const sectionII = page.locator('tr[data-code="II"]');
		await expect(sectionII.locator('td').nth(5)).toHaveText('30');
		await expect(page.locator('tr[data-code="I.2.3"]')).toBeVisible();
		await expect(page.getByLabel('Loại B', { exact: true })).toHaveValue('bonus');

		await page.getByLabel('Điểm tối đa II', { exact: true }).fill('30');
		await page.getByLabel('Tên bảng').fill('Bảng tiêu chí năm 2022');
		await page.getByRole('button', { name: 'Kiểm tra lại' }).click();
		await expect(page.getByText('Bảng khớp: không còn lỗi.')).toBeVisible();
		await page.getByRole('button', { name: 'Xác nhận' }).click();
		await expect(page.getByTestId('criteria-saved')).toHaveText(
			'Đã lưu bảng tiêu chí “Bảng tiêu chí năm 2022” (phiên bản 1) cho hội nghị.'
		);
		await expect(page.getByTestId('current-template')).toContainText('Bảng tiêu chí năm 2022');
	});

	test('the host fixes what the reader could not know, row by row, without editing the file', async ({ page }) => {
		await joinAs(page, { role: 'host' });
		await page.goto(`/meetings/${meetingId}/setup/criteria`);
		// Sum rows as the office wrote them, maxima in words, a title split over two rows, a sum row in words the
		// reader does not know ("Tổng hợp mục I") and a note that is no criterion.
		const rows = [
			['TT', 'Nội dung', 'Điểm chuẩn'],
			['I', 'Công tác đào tạo (tối đa 10 điểm)', null],
			['1', 'Tổ chức các lớp bồi dưỡng', '6 điểm'],
			[null, 'Theo kế hoạch được giao', null],
			['2', 'Chất lượng giảng dạy', '4đ'],
			[null, 'Tổng hợp mục I', 10],
			[null, 'Cộng mục I', 10],
			['II', 'Điểm trừ', null],
			['1', 'Chậm gửi báo cáo', 'trừ 2'],
			[null, 'Cộng', 2],
			[null, 'Tổng cộng', 10],
			[null, 'Nhóm tiêu chí bổ sung', 1]
		];
		const file = await tableModelXlsx({
			lines: ['BẢNG TIÊU CHÍ 2022'],
			rows,
			headerRows: 1,
			merges: [],
			sectionRows: [],
			footer: [],
			width: 3
		});
		await page.getByLabel('Tệp bảng tiêu chí (.xlsx, .docx)').setInputFiles({
			name: 'bang.xlsx',
			mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			buffer: file
		});
		await page.getByRole('button', { name: 'Đọc bảng' }).click();
		const table = page.getByTestId('criteria-table');
		// Read as: the sum rows it knows are sums, the penalty read from "trừ 2".
		await expect(table.locator('tr[data-row="9"]')).toHaveAttribute('data-role', 'sum');
		await expect(table.locator('tr[data-row="12"]')).toHaveAttribute('data-role', 'sum');
		await expect(table.locator('tr[data-code="II.1"]')).toContainText('Điểm trừ');
		await expect(page.getByRole('button', { name: 'Xác nhận' })).toBeDisabled();

		await page.getByLabel('Dòng là 8', { exact: true }).selectOption('sum');
		await page.getByLabel('Dòng là 6', { exact: true }).selectOption('continuation');
		await page.getByLabel('Dòng là 14', { exact: true }).selectOption('ignore');
		await page.getByRole('button', { name: 'Kiểm tra lại' }).click();
		await expect(page.getByText('Bảng khớp: không còn lỗi.')).toBeVisible();
		await expect(page.getByLabel('Nội dung I.1', { exact: true })).toHaveValue(
			'Tổ chức các lớp bồi dưỡng Theo kế hoạch được giao'
		);
		await expect(table.locator('tr[data-row="8"]')).toContainText('cộng I');
		// Checked again unchanged: the merged title is not merged twice.
		await page.getByRole('button', { name: 'Kiểm tra lại' }).click();
		await expect(page.getByLabel('Nội dung I.1', { exact: true })).toHaveValue(
			'Tổ chức các lớp bồi dưỡng Theo kế hoạch được giao'
		);
		await expect(page.getByRole('button', { name: 'Xác nhận' })).toBeEnabled();
	});

	test('a delegate downloads the blank workbook and uploads the filled-in sheet', async ({ page }) => {
		await joinAs(page, { role: 'delegate', unit: 'Hà Giang' });
		await page.goto(`/meetings/${meetingId}/units/ha-giang`);
		const downloading = page.waitForEvent('download');
		await page.getByRole('link', { name: 'Tải mẫu bảng tự chấm (.xlsx)' }).click();
		expect((await downloading).suggestedFilename()).toBe('bang-tu-cham-2022.xlsx');

		const hagiang = demo.units.find((u) => u.slug === 'ha-giang')!;
		const sheet = await unitSheetXlsx(input, { ...hagiang.self_assessment.scores, 'II.4': 3 }, { total: 91 });
		const upload = page.getByLabel('Hoặc tải lên tệp: Excel (.xlsx) theo mẫu, CSV “mã;điểm” hoặc JSON');
		await upload.setInputFiles({
			name: 'ha-giang.xlsx',
			mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			buffer: sheet
		});
		await page.getByRole('button', { name: 'Tải lên', exact: true }).click();
		await expect(page.getByTestId('entry-errors')).toContainText('Mục II.4: điểm tối đa là 2.');

		const fixed = await unitSheetXlsx(input, hagiang.self_assessment.scores, { II: 26, total: 91 });
		await page.getByLabel('Hoặc tải lên tệp: Excel (.xlsx) theo mẫu, CSV “mã;điểm” hoặc JSON').setInputFiles({
			name: 'ha-giang.xlsx',
			mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			buffer: fixed
		});
		await page.getByRole('button', { name: 'Tải lên', exact: true }).click();
		await expect(page.locator('section.self-assessment').getByRole('status')).toHaveText('Đã lưu bảng tự chấm.');
		await expect(page.getByTestId('live-check')).toContainText(
			'Mục II: đơn vị ghi 26, cộng từ các tiêu chí được 22.'
		);
	});
});
