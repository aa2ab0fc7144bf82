import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { points, summaryTable, checkArithmetic } from '$lib/core/scoring';
import { demo, loadDemoIfEmpty } from '$lib/server/demo/load-demo';
import { migrations } from '../../migrations';
import { loadMeetingBoard, listMeetings } from '$lib/server/meetings/board';
import { addDeduction } from '$lib/server/meetings/deductions';
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
		for (const table of ['clusters', 'units', 'criteria_templates', 'criteria', 'meetings', 'sheets', 'sheet_scores', 'sheet_reported_figures', 'deductions']) {
			expect(tables).toContain(table);
		}
		const applied = database.sqlite.prepare('select name from kysely_migration').all();
		expect(applied).toEqual(Object.keys(migrations).map((name) => ({ name })));
	});

	it('run in WAL mode with foreign keys enforced', () => {
		expect(database.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
		expect(() =>
			database.sqlite.prepare("insert into units (cluster_id, slug, name, short_name, position) values (999, 'x', 'x', 'x', 0)").run()
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
			'Quảng Ninh', 'Sơn La', 'Lai Châu', 'Lào Cai', 'Lạng Sơn', 'Cao Bằng', 'Hà Giang', 'Điện Biên'
		]);
		expect(board.units.every((u) => u.deductions.length === 0)).toBe(true);
		expect(board.template.step).toBe(points(0.5));
		const selfScores = summaryTable(board.template, board.units.map((u) => ({ unit: u.shortName, sheet: u.sheet, deductions: u.deductions })));
		expect(Object.fromEntries(selfScores.map((r) => [r.unit, r.selfTotal / 100]))).toEqual({
			'Quảng Ninh': 102, 'Sơn La': 98, 'Lai Châu': 98, 'Lào Cai': 100, 'Lạng Sơn': 95.5, 'Cao Bằng': 93, 'Hà Giang': 91, 'Điện Biên': 85
		});
	});

	it("gives the report's cluster scores once the 2021 deductions are applied through the core", async () => {
		const meetingId = (await loadDemoIfEmpty(database.db))!;
		for (const unit of demo.units) {
			for (const d of unit.deductions_2021) {
				const result = await addDeduction(database.db, {
					meetingId,
					unitSlug: unit.slug,
					criterion: d.item,
					points: points(d.points),
					reason: d.reason,
					author: 'Sơn La'
				});
				expect(result).toMatchObject({ ok: true });
			}
		}
		const board = (await loadMeetingBoard(database.db, meetingId))!;
		const rows = summaryTable(board.template, board.units.map((u) => ({ unit: u.shortName, sheet: u.sheet, deductions: u.deductions })));
		expect(rows.map((r) => [r.unit, r.clusterTotal / 100, r.rank, r.tied])).toEqual([
			['Quảng Ninh', 99.5, 1, false],
			['Sơn La', 98, 2, true],
			['Lai Châu', 98, 2, true],
			['Lào Cai', 95.5, 4, false],
			['Lạng Sơn', 94, 5, false],
			['Cao Bằng', 91.5, 6, false],
			['Hà Giang', 87.5, 7, false],
			['Điện Biên', 85, 8, false]
		]);
		const stated = Object.fromEntries(demo.units.map((u) => [u.short_name, u]));
		for (const row of rows) {
			const report = (await import('$lib/server/demo/cluster-2021.json')).default.report_2021.find((r) => r.unit === stated[row.unit]!.slug)!;
			expect(row.clusterTotal).toBe(points(report.cluster_score));
		}
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

describe('recording a deduction', () => {
	it('is refused with the points left when it would take an item below zero, and nothing is stored', async () => {
		const meetingId = (await loadDemoIfEmpty(database.db))!;
		// Hà Giang scored itself 0 on II.1.2.
		const refused = await addDeduction(database.db, {
			meetingId, unitSlug: 'ha-giang', criterion: 'II.1.2', points: points(1), reason: 'không có đề tài', author: 'Lai Châu'
		});
		expect(refused).toEqual({ ok: false, error: expect.objectContaining({ criterion: 'II.1.2', reason: 'exceeds_score', available: 0 }) });
		const tooMuch = await addDeduction(database.db, {
			meetingId, unitSlug: 'son-la', criterion: 'I.1', points: points(10.5), reason: 'x', author: 'Lai Châu'
		});
		expect(tooMuch).toMatchObject({ ok: false, error: { reason: 'exceeds_score', available: points(10) } });
		const count = database.sqlite.prepare('select count(*) as n from deductions').get() as { n: number };
		expect(count.n).toBe(0);
	});

	it('is refused for a unit that is not in the meeting, or without a reason', async () => {
		const meetingId = (await loadDemoIfEmpty(database.db))!;
		expect(
			await addDeduction(database.db, { meetingId, unitSlug: 'ha-noi', criterion: 'I.1', points: points(1), reason: 'x', author: 'a' })
		).toEqual({ ok: false, error: { reason: 'unknown_unit' } });
		expect(
			await addDeduction(database.db, { meetingId, unitSlug: 'son-la', criterion: 'I.1', points: points(1), reason: '   ', author: 'a' })
		).toMatchObject({ ok: false, error: { reason: 'reason_required' } });
	});
});
