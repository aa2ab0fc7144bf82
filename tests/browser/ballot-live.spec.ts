import type { Page, WebSocket } from '@playwright/test';
import { expect, test } from './fixtures';
import { confirm, ownServer, type Who } from './own-server';

// Ballots reach every screen over the page's one live socket, and the shared screen keeps a count up until the
// head opens something else. On a server of its own.

const server = ownServer();
const host: Who = { role: 'host' };

async function sql<T>(run: (sqlite: import('better-sqlite3').Database) => T): Promise<T> {
	const { default: SQLite } = await import('better-sqlite3');
	const sqlite = new SQLite(server.databasePath);
	try {
		return run(sqlite);
	} finally {
		sqlite.close();
	}
}
const latestBallot = () =>
	sql((s) => String((s.prepare('select max(id) as id from ballots').get() as { id: number }).id));

/** A draft prepared by the host (not a browser): its id. */
async function draft(title: string, purpose: string, candidates: string[]): Promise<string> {
	const fields: [string, string][] = [
		['title', title],
		['purpose', purpose],
		...candidates.map((c): [string, string] => ['candidate', c]),
		['maxChoices', '1'],
		['seats', '1'],
		['quorum', '5'],
		['thresholdNumerator', '1'],
		['thresholdDenominator', '2'],
		['thresholdBase', 'members'],
		['thresholdComparison', 'more_than']
	];
	await server.post(host, '/meetings/1/ballots?/create', fields);
	return latestBallot();
}

const votes = async (ballot: string, units: string[], choice: string) => {
	for (const unit of units)
		await server.post({ role: 'delegate', unit }, '/meetings/1/ballots?/vote', { ballot, choice });
};

/** Every WebSocket the page opens from now on. */
function sockets(page: Page): WebSocket[] {
	const opened: WebSocket[] = [];
	page.on('websocket', (socket) => opened.push(socket));
	return opened;
}

test.beforeAll(() => sql((s) => s.prepare("update meetings set phase = 'voting' where id = 1").run()));

test('a meeting page holds one WebSocket, over which ballots opened, votes cast and the count reach it', async ({
	browser
}) => {
	test.setTimeout(90_000);
	const observer = await server.open(browser, { role: 'observer' });
	const opened = sockets(observer);
	await observer.goto('/meetings/1/ballots');
	await expect(observer.getByTestId('connection')).toHaveText(/Đã kết nối/);

	const ballot = await draft('Suy tôn Cờ thi đua', 'flag', ['quang-ninh', 'son-la']);
	const section = observer.locator(`section.ballot[data-ballot="${ballot}"]`);
	await expect(section).toHaveAttribute('data-status', 'draft');
	await server.post({ role: 'head' }, '/meetings/1/ballots?/open', { ballot });
	await expect(section).toHaveAttribute('data-status', 'open');
	await votes(ballot, ['Cao Bằng', 'Hà Giang'], 'quang-ninh');
	await expect(section.getByTestId('turnout')).toContainText('2/8');
	await server.post({ role: 'head' }, '/meetings/1/ballots?/close', { ballot });
	await expect(section).toHaveAttribute('data-status', 'closed');
	await expect(section.getByTestId('result')).toBeVisible();

	// One socket, on the scoring document, open all along.
	expect(opened.map((s) => new URL(s.url()).pathname)).toEqual(['/sync/meeting/1/scoring']);
	expect(opened[0]!.isClosed()).toBe(false);

	// The shared screen and the summary likewise.
	for (const path of ['/meetings/1/present', '/meetings/1']) {
		opened.length = 0;
		await observer.goto(path);
		await expect(observer.getByTestId('connection')).toHaveText(/Đã kết nối/);
		expect(opened.map((s) => new URL(s.url()).pathname)).toEqual(['/sync/meeting/1/scoring']);
	}
	await observer.context().close();
});

test('the shared screen keeps the count up after the close, through a new draft, until the head opens the next ballot', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const screen = await server.open(browser, { role: 'observer' }, { width: 1920, height: 1080 });
	await screen.goto('/meetings/1/present');
	const head = await server.open(browser, { role: 'head' });
	await head.goto('/meetings/1/ballots');

	const first = await draft('Đề nghị tặng Bằng khen', 'merit', ['lao-cai', 'cao-bang']);
	const present = screen.getByTestId('present-ballot');
	await head.locator(`section[data-ballot="${first}"]`).getByRole('button', { name: 'Mở biểu quyết' }).click();
	await confirm(head);
	await expect(present).toHaveAttribute('data-ballot', first);
	await expect(present).toHaveAttribute('data-status', 'open');
	await votes(first, ['Quảng Ninh', 'Sơn La', 'Lai Châu', 'Hà Giang', 'Điện Biên'], 'lao-cai');
	await expect(screen.getByTestId('present-turnout')).toHaveText('Đã bỏ phiếu: 5/8 đơn vị');

	await head.locator(`section[data-ballot="${first}"]`).getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
	await confirm(head);
	await expect(present).toHaveAttribute('data-status', 'closed');
	await expect(screen.getByTestId('present-results')).toBeVisible();
	const count = await screen.getByTestId('present-results').textContent();

	// The host prepares the next ballot: the head's page and the screen both have it, and the screen still shows the
	// count just closed, not the draft.
	const ballotsBefore = Number(await screen.getByTestId('present').getAttribute('data-ballots'));
	const next = await draft('Đề nghị tặng Cờ thi đua', 'flag', ['quang-ninh', 'son-la']);
	await expect(head.locator(`section[data-ballot="${next}"]`)).toHaveAttribute('data-status', 'draft');
	await expect(screen.getByTestId('present')).toHaveAttribute('data-ballots', String(ballotsBefore + 1));
	await expect(present).toHaveAttribute('data-ballot', first);
	await expect(present).toHaveAttribute('data-status', 'closed');
	await expect(screen.getByTestId('present-results')).toHaveText(count!);

	// The head reloads the ballots page (as after any action): still the count.
	await head.reload();
	await expect(head.getByTestId('connection')).toHaveText(/Đã kết nối/);
	await expect(present).toHaveAttribute('data-ballot', first);
	await expect(present).toHaveAttribute('data-status', 'closed');

	// Opening the next ballot is what replaces it.
	await head.locator(`section[data-ballot="${next}"]`).getByRole('button', { name: 'Mở biểu quyết' }).click();
	await confirm(head);
	await expect(present).toHaveAttribute('data-ballot', next);
	await expect(present).toHaveAttribute('data-status', 'open');
	for (const page of [screen, head]) await page.context().close();
});
