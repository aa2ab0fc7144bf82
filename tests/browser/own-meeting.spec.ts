import { expect, test, type Browser, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import type { TemplateInput } from '$lib/core/scoring';
import { criteriaTableXlsx, unitSheetXlsx, unitsXlsx } from '../support/fixtures';
import { startServer, type RunningServer } from '../support/server';

// A cluster that is not the demo holds its own 2026 meeting, set up in the browser from its secretariat's files on
// an empty installation, runs it to the close, and copies it to 2027. Its own server: no demo, a fresh database.

test.describe.configure({ mode: 'serial' });

const UNITS = [
	{ name: 'Sở Nội vụ tỉnh Sơn La', shortName: 'Sơn La', slug: 'son-la' },
	{ name: 'Sở Nội vụ tỉnh Lai Châu', shortName: 'Lai Châu', slug: 'lai-chau' },
	{ name: 'Sở Nội vụ tỉnh Điện Biên', shortName: 'Điện Biên', slug: 'dien-bien' },
	{ name: 'Sở Nội vụ tỉnh Hòa Bình', shortName: 'Hòa Bình', slug: 'hoa-binh' },
	{ name: 'Sở Nội vụ tỉnh Yên Bái', shortName: 'Yên Bái', slug: 'yen-bai' },
	{ name: 'Sở Nội vụ tỉnh Lào Cai', shortName: 'Lào Cai', slug: 'lao-cai' }
];

/** The cluster's 2026 table: two sections of 50, a bonus and a penalty section, maxima on a step of 0,25. */
const TABLE: TemplateInput = {
	name: 'Bảng tiêu chí chấm điểm thi đua năm 2026',
	total: 100,
	step: 0.25,
	items: [
		{
			code: 'I',
			title: 'Thực hiện nhiệm vụ chuyên môn',
			children: [
				{
					code: 'I.1',
					title: 'Tổ chức bộ máy, biên chế',
					children: [
						{ code: 'I.1.1', title: 'Hoàn thành đề án vị trí việc làm', max: 20 },
						{ code: 'I.1.2', title: 'Thẩm định tổ chức bộ máy đúng hạn', max: 15.25 }
					]
				},
				{ code: 'I.2', title: 'Cải cách hành chính', max: 14.75 }
			]
		},
		{
			code: 'II',
			title: 'Công tác xây dựng Đảng, đoàn thể',
			children: [
				{ code: 'II.1', title: 'Xây dựng tổ chức đảng trong sạch, vững mạnh', max: 25 },
				{ code: 'II.2', title: 'Hoạt động của các đoàn thể', max: 24.5 },
				{ code: 'II.3', title: 'Báo cáo thi đua đúng hạn', max: 0.5 }
			]
		},
		{
			code: 'III',
			title: 'Điểm thưởng',
			children: [
				{ code: 'III.1', title: 'Sáng kiến được cấp tỉnh công nhận', max: 2.5, kind: 'bonus' },
				{ code: 'III.2', title: 'Bằng khen của Bộ trưởng', max: 2.5, kind: 'bonus' }
			]
		},
		{
			code: 'IV',
			title: 'Điểm trừ',
			children: [{ code: 'IV.1', title: 'Chậm gửi báo cáo', max: 5, kind: 'penalty' }]
		}
	]
};

/** Each unit's self scores, 0,75 apart; Điện Biên writes section I as 52 where its items give 48,5. */
function sheetOf(slug: string): { scores: Record<string, number>; reported: Record<string, number> } {
	const less = UNITS.findIndex((u) => u.slug === slug) * 0.75;
	const scores = {
		'I.1.1': 20,
		'I.1.2': 15.25 - less,
		'I.2': 14.75,
		'II.1': 25,
		'II.2': 24.5,
		'II.3': 0.5,
		'III.1': 2.5,
		'III.2': 0,
		'IV.1': 0
	};
	const total = 100 - less + 2.5;
	const reported: Record<string, number> = { I: 50 - less, II: 50, total };
	if (slug === 'dien-bien') reported.I = 52;
	return { scores, reported };
}

const PEOPLE = [
	['Lò Văn Chủ', 'Giám đốc Sở Nội vụ tỉnh Sơn La', 'Sơn La', 'Cụm trưởng'],
	['Tao Văn Phó', 'Giám đốc Sở Nội vụ tỉnh Lai Châu', 'Lai Châu', 'Cụm phó'],
	['Quàng Thị Phó', 'Giám đốc Sở Nội vụ tỉnh Điện Biên', 'Điện Biên', 'Cụm phó'],
	...UNITS.map((u) => [`Đại biểu ${u.shortName}`, `Phó Giám đốc ${u.name}`, u.shortName, 'Đại biểu']),
	['Khách Mời Bộ', 'Chuyên viên Vụ Thi đua', 'Bộ Nội vụ', 'Khách mời']
];

async function peopleXlsx(): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Thành phần');
	sheet.addRow(['DANH SÁCH THÀNH PHẦN THAM DỰ HỘI NGHỊ']);
	sheet.addRow([]);
	sheet.addRow(['STT', 'Họ và tên', 'Chức vụ', 'Đơn vị', 'Vai trò']);
	PEOPLE.forEach((person, i) => sheet.addRow([i + 1, ...person]));
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

let server: RunningServer;
let meetingUrl: string;
/** Each participant's personal link, by name, from the invitation page. */
const links = new Map<string, string>();

test.beforeAll(async () => {
	server = await startServer({ demo: false });
});
test.afterAll(async () => {
	await server.stop();
	server.cleanup();
});

async function newPage(browser: Browser): Promise<Page> {
	const page = await (
		await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' })
	).newPage();
	return page;
}

async function signInByLink(browser: Browser, name: string): Promise<Page> {
	const page = await newPage(browser);
	await page.goto(links.get(name)!);
	await page.waitForURL(/\/meetings\/\d+$/);
	// A click before the board is hydrated opens no confirmation.
	await page.waitForLoadState('networkidle');
	return page;
}

/** Irreversible steps ask once, saying what will happen: agree. */
async function confirm(page: Page) {
	await page.locator('dialog[open]').getByTestId('confirm-yes').click();
}

async function upload(_page: Page, input: ReturnType<Page['locator']>, name: string, buffer: Buffer, mimeType: string) {
	await input.setInputFiles({ name, mimeType, buffer });
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

test('a cluster sets up its 2026 meeting from its files, scores, votes and closes it', async ({ browser }) => {
	test.setTimeout(300_000);
	const admin = await newPage(browser);

	// The one-time set-up link the server printed makes the first administrator.
	const setupPath = /\/setup\/[a-z0-9]+/.exec(server.output())![0];
	await admin.goto(`${server.url}${setupPath}`);
	// Typed only once the page is live: a field filled before the page's script has taken over may be reset by it.
	await admin.waitForLoadState('networkidle');
	await admin.getByLabel('Họ và tên').fill('Nguyễn Quản Trị');
	await admin.getByRole('button', { name: 'Trở thành quản trị viên' }).click();
	await admin.waitForURL(/\/admin$/);

	// The cluster, its six units from an .xlsx.
	await admin.getByLabel('Tên Cụm thi đua').fill('Cụm thi đua các Sở Nội vụ vùng Tây Bắc');
	await admin.getByLabel('Tên viết tắt').fill('Cụm Tây Bắc');
	await admin.getByLabel('Cơ quan cấp trên').fill('Bộ Nội vụ');
	await admin.getByLabel('Thể thức văn bản').selectOption('state');
	await admin.getByRole('button', { name: 'Tạo Cụm' }).click();
	await admin.waitForURL(/\/admin\/clusters\/\d+$/);
	await upload(
		admin,
		admin.getByTestId('units-file'),
		'don-vi.xlsx',
		await unitsXlsx(UNITS.map(({ name, shortName }) => ({ name, shortName }))),
		XLSX
	);
	await admin.getByRole('button', { name: 'Nhập từ tệp' }).click();
	await expect(admin.getByRole('status')).toHaveText('Đã thêm 6 đơn vị.');
	await expect(admin.getByTestId('cluster-units').locator('tbody tr')).toHaveCount(6);

	// The 2026 meeting, with its host.
	const form = admin.getByTestId('new-meeting');
	await form.getByLabel('Tên hội nghị').fill('Hội nghị tổng kết công tác thi đua năm 2026');
	await form.getByLabel('Năm bình xét').fill('2026');
	await form.getByLabel('Thời gian (giờ Việt Nam)').fill('2026-12-15T08:00');
	await form.getByLabel('Liên kết họp trực tuyến').fill('https://meet.google.com/abc-defg-hij');
	await form.getByLabel('hoặc nhập họ tên người mới').fill('Trần Thị Thư Ký');
	await form.getByRole('button', { name: 'Tạo hội nghị' }).click();
	await admin.waitForURL(/\/meetings\/\d+\/setup$/);
	meetingUrl = admin.url().replace(/\/setup$/, '');
	await expect(admin.getByTestId('criteria-status')).toHaveText('Chưa có bảng tiêu chí.');

	// The criteria table from the file the cluster was sent: a section stated as 51 where its items give 50.
	await admin.getByRole('link', { name: 'Nhập bảng tiêu chí từ Excel hoặc Word' }).click();
	const messy = await criteriaTableXlsx(TABLE, {
		numbersAsText: true,
		decimal: ',',
		spacerRows: true,
		twoRowHeader: true,
		sectionMax: { I: 51 },
		titleLines: ['BỘ NỘI VỤ', 'CỤM THI ĐUA CÁC SỞ NỘI VỤ VÙNG TÂY BẮC', '', 'BẢNG TIÊU CHÍ CHẤM ĐIỂM NĂM 2026']
	});
	await upload(admin, admin.locator('input[type=file][name=file]'), 'tieu-chi-2026.xlsx', messy, XLSX);
	await admin.getByRole('button', { name: 'Đọc bảng' }).click();
	const preview = admin.getByTestId('criteria-preview');
	await expect(admin.getByTestId('criteria-errors')).toContainText('51');
	await expect(preview.getByRole('button', { name: 'Xác nhận' })).toBeDisabled();
	await expect(preview.locator('input[name=step]')).toHaveValue('0,25');
	await expect(preview.getByLabel('Loại III')).toHaveValue('bonus');
	await expect(preview.getByLabel('Loại IV')).toHaveValue('penalty');
	// The host fixes the stated figure in the preview and checks again; then the table can be confirmed.
	await preview.getByLabel('Điểm tối đa I', { exact: true }).fill('50');
	await preview.getByRole('button', { name: 'Kiểm tra lại' }).click();
	await expect(admin.getByTestId('criteria-errors')).toHaveCount(0);
	await admin.getByTestId('criteria-preview').getByRole('button', { name: 'Xác nhận' }).click();
	await expect(admin.getByTestId('criteria-saved')).toBeVisible();

	// Ten people from an .xlsx.
	await admin.goto(`${meetingUrl}/setup/people`);
	await upload(admin, admin.locator('input[type=file][name=file]'), 'thanh-phan.xlsx', await peopleXlsx(), XLSX);
	await admin.getByRole('button', { name: 'Xem trước' }).click();
	await expect(admin.getByTestId('import-preview').locator('tbody tr')).toHaveCount(10);
	await admin.getByTestId('import-confirm').click();
	await expect(admin.getByTestId('import-message')).toBeVisible();

	// The invitation page issues every link at once, each with its QR code and message.
	await admin.goto(`${meetingUrl}/invitations`);
	await admin.getByTestId('issue-all').click();
	const invitations = admin.getByTestId('invitation');
	await expect(invitations).toHaveCount(11); // the host and the ten people
	await expect(invitations.first().getByTestId('qr').locator('svg')).toBeVisible();
	await expect(invitations.first().getByTestId('invitation-message')).toHaveValue(
		/https:\/\/meet\.google\.com\/abc-defg-hij/
	);
	for (const invitation of await invitations.all()) {
		const name = (await invitation.locator('.who strong').textContent())!.trim();
		links.set(name, (await invitation.getByTestId('join-link').textContent())!.trim());
	}

	// Every delegate signs in by their link (it works once: they stay signed in) and uploads their unit's sheet;
	// Điện Biên's subtotal is flagged.
	const delegates: Page[] = [];
	for (const unit of UNITS) {
		const delegate = await signInByLink(browser, `Đại biểu ${unit.shortName}`);
		delegates.push(delegate);
		await delegate.goto(`${meetingUrl}/units/${unit.slug}`);
		const { scores, reported } = sheetOf(unit.slug);
		await upload(
			delegate,
			delegate.locator('section.self-assessment input[type=file]'),
			`${unit.slug}.xlsx`,
			await unitSheetXlsx(TABLE, scores, reported),
			XLSX
		);
		await delegate.getByRole('button', { name: 'Tải lên', exact: true }).click();
		await expect(delegate.locator('section.self-assessment').getByRole('status')).toBeVisible();
		if (unit.slug === 'dien-bien')
			await expect(delegate.getByTestId('live-check')).toContainText(
				'Mục I: đơn vị ghi 52, cộng từ các tiêu chí được 48,5.'
			);
	}
	await admin.goto(`${meetingUrl}/preparation`);
	await expect(admin.locator('body')).toContainText('Điện Biên');

	// The head starts the review and deducts; the ranking moves.
	const head = await signInByLink(browser, 'Lò Văn Chủ');
	await head.getByTestId('phase-review').click();
	await confirm(head);
	await expect(head.getByTestId('phase')).toContainText('Bình xét, chấm điểm');
	await head.goto(`${meetingUrl}/units/son-la`);
	await expect(head.getByTestId('connection')).toHaveText(/Đã kết nối/);
	const deduction = head.getByTestId('add-deduction');
	await deduction.getByLabel('Tiêu chí').selectOption('I.2');
	await deduction.getByLabel('Số điểm trừ').fill('1,75');
	await deduction.getByLabel('Lý do trừ điểm').fill('Chưa hoàn thành chỉ tiêu cải cách hành chính');
	await deduction.getByRole('button', { name: 'Ghi trừ điểm' }).click();
	await expect(head.getByTestId('deductions')).toContainText('Chưa hoàn thành chỉ tiêu cải cách hành chính');
	await expect(head.getByTestId('connection')).toHaveText(/^\s*Đã kết nối\s*$/); // nothing left unsent
	await head.goto(meetingUrl);
	// Sơn La 102,5 − 1,75 = 100,75; Lai Châu 101,75: Lai Châu first.
	await expect(head.locator('tr[data-unit="son-la"] [data-col=cluster]')).toHaveText('100,75');
	await expect(head.locator('tr[data-unit="lai-chau"] [data-col=rank]')).toHaveText('1');

	// The vote: the flag, next year's head and vice-heads.
	await head.getByTestId('phase-voting').click();
	await confirm(head);
	await expect(head.getByTestId('phase')).toContainText('Biểu quyết');
	// No unit may vote for itself: a unit that is a candidate gives its vote to another.
	await runBallot(head, delegates, {
		purpose: 'flag',
		candidates: ['lai-chau', 'son-la'],
		seats: 1,
		choose: ['lai-chau'],
		ownVote: { 'lai-chau': ['son-la'] },
		outcome: 'Lai Châu được suy tôn'
	});
	await runBallot(head, delegates, {
		purpose: 'head',
		candidates: ['lai-chau', 'hoa-binh'],
		seats: 1,
		choose: ['lai-chau'],
		ownVote: { 'lai-chau': ['hoa-binh'] },
		outcome: 'Lai Châu trúng cử'
	});
	await runBallot(head, delegates, {
		purpose: 'vice_head',
		candidates: ['son-la', 'hoa-binh', 'yen-bai'],
		seats: 2,
		choose: ['son-la', 'yen-bai'],
		ownVote: { 'son-la': ['yen-bai', 'hoa-binh'], 'yen-bai': ['son-la', 'hoa-binh'] },
		outcome: 'Sơn La'
	});
	for (const page of delegates) await page.context().close();

	// The close; the record holds this meeting's units, table and scores.
	await head.goto(meetingUrl);
	await head.getByTestId('close-meeting').click();
	await confirm(head);
	await expect(head.getByTestId('phase')).toContainText('Đã kết thúc');
	await head.goto(`${meetingUrl}/record`);
	const record = head.locator('main');
	await expect(record).toContainText('Cụm thi đua các Sở Nội vụ vùng Tây Bắc');
	for (const unit of UNITS) await expect(record).toContainText(unit.name);
	await expect(record).toContainText('100,75');
	await expect(record).toContainText('Chưa hoàn thành chỉ tiêu cải cách hành chính');
	await expect(head.getByTestId('nominations')).toContainText('Sở Nội vụ tỉnh Lai Châu');
	await head.context().close();
	await admin.context().close();
});

async function runBallot(
	head: Page,
	delegates: Page[],
	ballot: {
		purpose: string;
		candidates: string[];
		seats: number;
		choose: string[];
		ownVote: Record<string, string[]>;
		outcome: string;
	}
) {
	await head.goto(`${meetingUrl}/ballots`);
	const draft = head.locator('form[action="?/create"]');
	await draft.locator('select[name=purpose]').selectOption(ballot.purpose);
	for (const box of await draft.locator('input[name=candidate]').all()) {
		if (ballot.candidates.includes((await box.getAttribute('value'))!)) await box.check();
		else await box.uncheck();
	}
	await draft.locator('input[name=seats]').fill(String(ballot.seats));
	await draft.locator('input[name=maxChoices]').fill(String(ballot.seats));
	await draft.getByRole('button', { name: 'Lưu bản nháp' }).click();
	await head.getByRole('button', { name: 'Mở biểu quyết' }).click();
	await confirm(head);
	for (const [index, page] of delegates.entries()) {
		await page.goto(`${meetingUrl}/ballots`);
		await expect(page.getByTestId('connection')).toHaveText(/Đã kết nối/);
		const vote = page.getByTestId('vote-form');
		// The ballots reload when the board announces a change (the ballot just opened): choose again if that
		// redrew the form under the clicks.
		await expect(async () => {
			for (const slug of ballot.ownVote[UNITS[index]!.slug] ?? ballot.choose)
				await vote.locator(`input[type=checkbox][value="${slug}"]`).check({ timeout: 2_000 });
			await page.getByRole('button', { name: 'Xem lại phiếu' }).click({ timeout: 2_000 });
			await expect(page.getByTestId('vote-review')).toBeVisible({ timeout: 1_000 });
		}).toPass({ timeout: 20_000 });
		await page.getByRole('button', { name: 'Xác nhận bỏ phiếu' }).click();
		await expect(page.getByTestId('ballot-message')).toContainText('Đã ghi nhận phiếu');
	}
	await head.getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
	await confirm(head);
	await expect(head.getByTestId('outcome').filter({ hasText: ballot.outcome })).toHaveCount(1);
}

test('the 2026 meeting copied to 2027: its elections decide the head and the vice-heads', async ({ browser }) => {
	test.setTimeout(120_000);
	const admin = await newPage(browser);
	// Another administrator, made with the admin command, signs in by the one-time link it prints.
	const { spawnSync } = await import('node:child_process');
	const made = spawnSync(
		process.execPath,
		['build/admin.js', 'create-admin', '--name', 'Quản trị 2027', '--base-url', server.url],
		{
			env: { ...process.env, DATABASE_PATH: server.databasePath },
			encoding: 'utf8'
		}
	);
	expect(made.status, made.stderr).toBe(0);
	await admin.goto(/(http\S+\/setup\/[a-z0-9]+)/.exec(made.stdout)![1]!);
	await admin.getByRole('button', { name: 'Trở thành quản trị viên' }).click();
	await admin.waitForURL(/\/admin$/);

	await admin.getByTestId('clusters').getByRole('link').first().click();
	const form = admin.getByTestId('new-meeting');
	await form.getByLabel('Tên hội nghị').fill('Hội nghị tổng kết công tác thi đua năm 2027');
	await form.getByLabel('Năm bình xét').fill('2027');
	await form.getByLabel('Thời gian (giờ Việt Nam)').fill('2027-12-10T08:00');
	await form.getByTestId('copy-from').selectOption({ label: 'Hội nghị tổng kết công tác thi đua năm 2026 (2026)' });
	await form.getByRole('button', { name: 'Tạo hội nghị' }).click();
	await admin.waitForURL(/\/meetings\/\d+\/setup$/);
	await expect(admin.getByTestId('criteria-status')).toContainText(
		'BẢNG TIÊU CHÍ CHẤM ĐIỂM NĂM 2026: 14 dòng tiêu chí'
	);

	const copy = admin.url().replace(/\/setup$/, '');
	await admin.goto(`${copy}/participants`);
	const rows = admin.getByTestId('participants').locator('tbody tr');
	const roleOf = (name: string) => rows.filter({ hasText: name }).locator('td').first();
	// 2026 elected Lai Châu to chair 2027, with Sơn La and Yên Bái as vice-heads.
	await expect(roleOf('Tao Văn Phó')).toHaveText('Cụm trưởng');
	await expect(roleOf('Lò Văn Chủ')).toHaveText('Cụm phó');
	await expect(roleOf('Đại biểu Yên Bái')).toHaveText('Cụm phó');
	await expect(roleOf('Quàng Thị Phó')).toHaveText('Quan sát viên');
	await expect(rows.filter({ hasText: 'Đại biểu Yên Bái' }).getByTestId('represents-unit')).toBeVisible();
	await expect(admin.locator('body')).not.toContainText('Cụm trưởng · Sơn La');
	await admin.goto(`${copy}/setup`);
	// Yên Bái's delegate of 2026 is a vice-head in 2027 and acts for the unit: no unit is left without a vote.
	await expect(admin.getByTestId('readiness')).not.toContainText('Yên Bái: chưa có đại biểu');
	await admin.context().close();
});
