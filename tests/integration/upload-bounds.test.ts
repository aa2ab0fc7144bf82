import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { points } from '$lib/core/scoring';
import { translate, type MessageKey } from '$lib/i18n';
import { scoringDocumentName } from '$lib/live/documents';
import { addDeduction, readDeductions, updateDeduction } from '$lib/live/scoring-doc';
import { openDatabase } from '$lib/server/db/open';
import { copyMeeting } from '$lib/server/setup/meetings';
import { readInThread } from '$lib/server/files/read-in-thread';
import { startServer, type RunningServer } from '../support/server';
import { issueLinkFor, joinByLink, signInAs } from '../support/people';
import { connectLive, synced, until, type LiveClient } from '../support/live';
import {
	farCornerXlsx,
	hugeSharedStringXlsx,
	manyParagraphsDocx,
	manyRowsXlsx,
	sheetXlsx,
	wordEntityBomb,
	wordZipBomb
} from '../support/hostile-files';
import { unitsXlsx } from '../support/fixtures';

// Files built to take the server down, uploaded through every page that takes a file while a scorer edits the live
// board: each is refused with a message that says what to send, the server stays up, the scorer's edits keep
// arriving at the others, and nobody's data changes.

let server: RunningServer;
let sqlite: SQLite.Database;
let head: LiveClient;
let vice: LiveClient;
let deductionId: string;
let edits = 0;
const cookies: Record<string, string> = {};
let delegateUnit: string;
const files = new Map<string, Uint8Array>();

const message = (key: string) => translate('vi', key as MessageKey);
/** The people page reads spreadsheets only: a Word document is not one. */
const WORD_FOR_PEOPLE = 'people.file.not_a_table';

const HOSTILE: [string, string, () => Promise<Uint8Array> | Uint8Array, string, string?][] = [
	['a workbook of under 2 KB whose one cell is XFD1048576', 'goc-xa.xlsx', farCornerXlsx, 'file.too_many_cells'],
	['a million rows', 'trieu-dong.xlsx', () => manyRowsXlsx(1_000_000, false), 'file.too_large_unpacked'],
	['20,000 rows', 'hai-muoi-nghin-dong.xlsx', () => manyRowsXlsx(20_000), 'file.too_many_cells'],
	[
		'one shared string of 5 million characters',
		'chuoi-dai.xlsx',
		() => hugeSharedStringXlsx(5_000_000),
		'file.too_much_text'
	],
	[
		'a Word zip bomb: 400 MB of XML zipped',
		'bom.docx',
		() => wordZipBomb(400),
		'file.too_large_unpacked',
		WORD_FOR_PEOPLE
	],
	[
		'a Word document of 2.5 million paragraphs',
		'doan-van.docx',
		() => manyParagraphsDocx(2_500_000),
		'file.too_large_unpacked',
		WORD_FOR_PEOPLE
	]
];

const writer = (role: string) =>
	sqlite
		.prepare(
			'select u.id, u.display_name as name from participants p join users u on u.id = p.user_id where p.meeting_id = 1 and p.role = ? order by p.id limit 1'
		)
		.get(role) as {
		id: number;
		name: string;
	};

beforeAll(async () => {
	// Made first: a connection left idle while a file is built may be closed by the server under the next request.
	for (const [, name, make] of HOSTILE) files.set(name, await make());
	server = await startServer({ demo: true });
	sqlite = new SQLite(server.databasePath);
	// The scorers edit the 2021 meeting under review; next year's meeting, in preparation, takes the uploads.
	const { db } = await openDatabase(server.databasePath);
	try {
		await copyMeeting(db, 1, {
			title: 'Hội nghị tổng kết năm 2022',
			year: 2022,
			startsAt: '2022-11-20T08:00',
			location: 'Sơn La',
			callUrl: ''
		});
	} finally {
		await db.destroy();
	}
	const delegate = sqlite
		.prepare(
			"select un.slug, un.short_name as name from participants p join units un on un.id = p.unit_id where p.meeting_id = 2 and p.role = 'delegate' order by p.id limit 1"
		)
		.get() as { slug: string; name: string };
	delegateUnit = delegate.slug;
	cookies.head = await signInAs(server.url, server.databasePath, { role: 'head' });
	cookies.vice = await signInAs(server.url, server.databasePath, { role: 'vice_head', unit: 'Lai Châu' });
	cookies.host = await joinByLink(server.url, await issueLinkFor(server.databasePath, { role: 'host' }, 2));
	cookies.delegate = await joinByLink(
		server.url,
		await issueLinkFor(server.databasePath, { role: 'delegate', unit: delegate.name }, 2)
	);
	// An administrator adds units to the cluster.
	cookies.admin = await signInAs(server.url, server.databasePath, { role: 'observer' });
	sqlite
		.prepare(
			"update users set is_admin = 1 where id = (select user_id from participants where meeting_id = 1 and role = 'observer' limit 1)"
		)
		.run();

	head = connectLive(server.url, cookies.head, scoringDocumentName(1));
	vice = connectLive(server.url, cookies.vice, scoringDocumentName(1));
	await Promise.all([synced(head), synced(vice)]);
	deductionId = addDeduction(
		head.doc,
		{ unit: 'son-la', criterion: 'I.1', points: points(0.5), reason: 'lượt 0' },
		writer('head')
	);
	await until(
		() => readDeductions(vice.doc).some((d) => d.id === deductionId),
		'the first deduction at the vice-head'
	);
}, 120_000);
afterAll(async () => {
	head?.destroy();
	vice?.destroy();
	sqlite?.close();
	await server?.stop();
	server?.cleanup();
});

/** The head edits the deduction's reason; resolves once the vice-head's board shows it (through the server). */
async function editArrives(): Promise<void> {
	const reason = `lượt ${++edits}`;
	updateDeduction(head.doc, deductionId, { reason }, writer('head'));
	await until(
		() => readDeductions(vice.doc).find((d) => d.id === deductionId)?.reason === reason,
		`edit ${edits} at the vice-head`,
		15_000
	);
}

/** What the uploads must not touch: the cluster's units, the meetings' people, tables and sheets. */
const everyonesData = () =>
	JSON.stringify({
		units: sqlite.prepare('select id, name, slug from units order by id').all(),
		participants: sqlite.prepare('select id, meeting_id, user_id, role from participants order by id').all(),
		meetings: sqlite.prepare('select id, template_id, phase from meetings order by id').all(),
		criteria: sqlite.prepare('select count(*) as n from criteria').get(),
		scores: sqlite.prepare('select * from sheet_scores order by sheet_id, criterion_code').all(),
		reported: sqlite.prepare('select * from sheet_reported_figures order by sheet_id, code').all()
	});

type Route = 'criteria' | 'self-assessment' | 'people' | 'units';

function upload(route: Route, bytes: Uint8Array, name: string): Promise<Response> {
	const body = new FormData();
	body.set('file', new File([new Uint8Array(bytes)], name));
	const [path, cookie] = {
		criteria: ['/meetings/2/setup/criteria?/read', cookies.host],
		'self-assessment': [`/meetings/2/units/${delegateUnit}?/upload`, cookies.delegate],
		people: ['/meetings/2/setup/people?/preview', cookies.host],
		units: ['/admin/clusters/1?/addUnits', cookies.admin]
	}[route];
	return fetch(`${server.url}${path}`, {
		method: 'POST',
		headers: { origin: server.url, accept: 'text/html', cookie: cookie! },
		body
	});
}

describe('a hostile file costs its reader thread, never the server', () => {
	it.each(HOSTILE)(
		'%s: refused on every page that takes a file, while the board goes on',
		async (_, name, _make, refusal, peopleRefusal) => {
			const bytes = files.get(name)!;
			expect(bytes.length).toBeLessThanOrEqual(5 * 1024 * 1024);
			const before = everyonesData();
			for (const route of ['criteria', 'self-assessment', 'people', 'units'] as const) {
				const pending = upload(route, bytes, name);
				// Sent while the file is being read, and it arrives.
				await editArrives();
				const response = await pending;
				expect(response.status, route).toBeGreaterThanOrEqual(400);
				expect(await response.text(), route).toContain(
					message(route === 'people' ? (peopleRefusal ?? refusal) : refusal)
				);
				expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
				await editArrives();
			}
			expect(everyonesData()).toBe(before);
		},
		120_000
	);

	it('a normal file still reads on the same pages', async () => {
		const response = await upload(
			'units',
			await unitsXlsx([{ name: 'Trường Chính trị tỉnh Yên Bái' }]),
			'don-vi.xlsx'
		);
		expect(await response.text()).toContain(translate('vi', 'setup.units_added', { count: 1 }));
		await editArrives();
	});
});

describe('the reader thread’s own limits', () => {
	it('only cells that exist are read: a formatted empty cell at XFD1048576 beside a table is ignored', async () => {
		const rows =
			'<row r="1"><c r="A1" t="inlineStr"><is><t>TT</t></is></c><c r="B1" t="inlineStr"><is><t>Nội dung</t></is></c></row><row r="1048576"><c r="XFD1048576" s="1"/></row>';
		expect(await readInThread({ kind: 'table-file' }, sheetXlsx(rows))).toEqual({
			ok: true,
			grid: { rows: [['TT', 'Nội dung']], merges: [] }
		});
		// A merge out to the corner would make the grid itself too large.
		expect(
			await readInThread(
				{ kind: 'table-file' },
				sheetXlsx(rows, '<mergeCells count="1"><mergeCell ref="C2:XFD1048576"/></mergeCells>')
			)
		).toEqual({
			ok: false,
			reason: 'too_many_cells'
		});
	});

	it('a part that declares entities (a billion laughs) is not read', async () => {
		expect(await readInThread({ kind: 'table-upload', need: 'max' }, wordEntityBomb())).toEqual({
			ok: false,
			reason: 'unreadable'
		});
	});

	it('a zip part whose headers understate its size is bounded by what it inflates to', async () => {
		expect(await readInThread({ kind: 'table-upload', need: 'max' }, await wordZipBomb(64, 1000))).toEqual({
			ok: false,
			reason: 'too_large_unpacked'
		});
	});

	it('a thread that runs out of time or memory is ended, and the file refused as too complex', async () => {
		const bytes = await manyRowsXlsx(9_000);
		expect(await readInThread({ kind: 'table-file' }, bytes)).toMatchObject({ ok: true });
		expect(await readInThread({ kind: 'table-file' }, bytes, { memoryMb: 256, seconds: 0.001 })).toEqual({
			ok: false,
			reason: 'too_complex'
		});
		expect(await readInThread({ kind: 'table-file' }, bytes, { memoryMb: 1, seconds: 20 })).toEqual({
			ok: false,
			reason: 'too_complex'
		});
	});
});
