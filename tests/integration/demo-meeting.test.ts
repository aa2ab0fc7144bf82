import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { points, summaryTable, checkArithmetic } from '$lib/core/scoring';
import { loadDemoIfEmpty } from '$lib/server/demo/load-demo';
import { migrations } from '../../migrations';
import { loadMeetingBoard, listMeetings } from '$lib/server/meetings/board';
import { temporaryDatabase } from '../support/database';

let database: Awaited<ReturnType<typeof temporaryDatabase>>;

beforeEach(async () => {
	database = await temporaryDatabase();
});
afterEach(async () => {
	await database.close();
});

describe('migrations', () => {
	it('create every table on an empty file and record themselves', async () => {
		const tables = database.sqlite
			.prepare("select name from sqlite_master where type = 'table' order by name")
			.all()
			.map((r) => (r as { name: string }).name);
		for (const table of [
			'clusters',
			'units',
			'criteria_templates',
			'criteria',
			'meetings',
			'sheets',
			'sheet_scores',
			'sheet_reported_figures',
			'deductions',
			'meeting_documents'
		]) {
			expect(tables).toContain(table);
		}
		const applied = database.sqlite.prepare('select name from kysely_migration').all();
		// Every listed migration, in order: the list grows, the test need not.
		expect(applied).toEqual(
			Object.keys(migrations)
				.sort()
				.map((name) => ({ name }))
		);
		expect(applied.slice(0, 4)).toEqual([
			{ name: '001_scoring' },
			{ name: '002_people' },
			{ name: '003_sync' },
			{ name: '004_ballots' }
		]);
	});

	it('run in WAL mode with foreign keys enforced', () => {
		expect(database.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
		expect(() =>
			database.sqlite
				.prepare(
					"insert into units (cluster_id, slug, name, short_name, position) values (999, 'x', 'x', 'x', 0)"
				)
				.run()
		).toThrow(/FOREIGN KEY/);
	});

	it('refuse a phase the meeting cannot be in', async () => {
		await loadDemoIfEmpty(database.db);
		expect(() => database.sqlite.prepare("update meetings set phase = 'finished'").run()).toThrow(/CHECK/);
	});
});

describe('the demo meeting', () => {
	it('loads once: the cluster, 8 units, the meeting in review, every self-assessment, no deductions', async () => {
		const meetingId = await loadDemoIfEmpty(database.db);
		expect(meetingId).toBeTypeOf('number');
		expect(await loadDemoIfEmpty(database.db)).toBeUndefined();

		const meetings = await listMeetings(database.db);
		expect(meetings).toHaveLength(1);
		expect(meetings[0]).toMatchObject({ year: 2021, phase: 'review', unitCount: 8, heldOn: '2021-11-15' });

		const board = (await loadMeetingBoard(database.db, meetingId!))!;
		expect(board.units.map((u) => u.shortName)).toEqual([
			'Quảng Ninh',
			'Sơn La',
			'Lai Châu',
			'Lào Cai',
			'Lạng Sơn',
			'Cao Bằng',
			'Hà Giang',
			'Điện Biên'
		]);
		expect(board.template.step).toBe(points(0.5));
		const selfScores = summaryTable(
			board.template,
			board.units.map((u) => ({ unit: u.shortName, sheet: u.sheet, deductions: [] }))
		);
		expect(Object.fromEntries(selfScores.map((r) => [r.unit, r.selfTotal / 100]))).toEqual({
			'Quảng Ninh': 102,
			'Sơn La': 98,
			'Lai Châu': 98,
			'Lào Cai': 100,
			'Lạng Sơn': 95.5,
			'Cao Bằng': 93,
			'Hà Giang': 91,
			'Điện Biên': 85
		});
	});

	it("flags Hà Giang's section II and Điện Biên's subtotals and total, and nobody else", async () => {
		const meetingId = (await loadDemoIfEmpty(database.db))!;
		const board = (await loadMeetingBoard(database.db, meetingId))!;
		const flagged = Object.fromEntries(
			board.units.map((u) => [
				u.slug,
				checkArithmetic(board.template, u.sheet).map((m) => [m.code, m.reported / 100, m.computed / 100])
			])
		);
		expect(flagged['ha-giang']).toEqual([['II', 26, 22]]);
		expect(flagged['dien-bien']).toEqual([
			['I', 30, 29],
			['I.2', 10, 9],
			['II', 28, 17],
			['II.1', 10, 4],
			['total', 97, 85]
		]);
		for (const slug of ['quang-ninh', 'son-la', 'lai-chau', 'lao-cai', 'lang-son', 'cao-bang']) {
			expect(flagged[slug]).toEqual([]);
		}
	});
});
