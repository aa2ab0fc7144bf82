// Decisions taken at the same moment on both engines (several instances of the board on PostgreSQL, or the admin
// command beside the server on SQLite): the set-up link makes one administrator, a unit's sheet saved twice at
// once is one whole sheet, never a mix, and one move of the phase wins.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '$lib/server/db/open';
import { loadDemoIfEmpty } from '$lib/server/demo/load-demo';
import { loadMeetingBoard } from '$lib/server/meetings/board';
import { saveSelfAssessment } from '$lib/server/meetings/self-assessment';
import { setPhase } from '$lib/server/meetings/phase';
import { hasAdministrator, issueSetupLink, redeemSetupLink } from '$lib/server/setup/admins';
import { DIALECTS, query, temporaryDatabase, type TemporaryDatabase } from '../support/database';

describe.each(DIALECTS)('on %s', (dialect) => {
	let database: TemporaryDatabase;
	/** A second instance: its own connection to the same database. */
	let other: OpenedDatabase;

	beforeEach(async () => {
		database = await temporaryDatabase(dialect);
		other = await openDatabase(database.path);
	});
	afterEach(async () => {
		await other.db.destroy();
		await database.close();
	});

	it('two people opening the set-up link at once: one administrator, the other told the link is used', async () => {
		const token = await issueSetupLink(database.db);
		const results = await Promise.all([
			redeemSetupLink(database.db, token, { displayName: 'Quản trị A' }),
			redeemSetupLink(other.db, token, { displayName: 'Quản trị B' }),
			redeemSetupLink(database.db, token, { displayName: 'Quản trị C' })
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		for (const r of results) if (!r.ok) expect(r.reason).toBe('used');
		expect(await hasAdministrator(database.db)).toBe(true);
		expect(await query(database, 'select display_name from users where is_admin = 1')).toHaveLength(1);
	});

	it("a unit's sheet saved from two instances at once is one of the two, whole", async () => {
		const meetingId = (await loadDemoIfEmpty(database.db))!;
		const unit = (await loadMeetingBoard(database.db, meetingId))!.units[0]!;
		const codes = Object.keys(unit.sheet.scores);
		expect(codes.length).toBeGreaterThan(5);
		const sheetOf = (points: number) => ({
			scores: Object.fromEntries(codes.map((c) => [c, points])),
			reported: { total: points * codes.length }
		});
		await Promise.all([
			saveSelfAssessment(database.db, unit.sheetId, sheetOf(100), null),
			saveSelfAssessment(other.db, unit.sheetId, sheetOf(50), null),
			saveSelfAssessment(database.db, unit.sheetId, sheetOf(25), null)
		]);
		const saved = (await loadMeetingBoard(other.db, meetingId))!.units[0]!.sheet;
		const values = new Set(Object.values(saved.scores));
		expect(values.size).toBe(1);
		const [points] = [...values] as [number];
		expect(saved).toEqual(sheetOf(points));
	});

	it('the head moving to voting from two screens at once moves it once', async () => {
		const meetingId = (await loadDemoIfEmpty(database.db))!;
		const results = await Promise.all([
			setPhase(database.db, meetingId, 'voting'),
			setPhase(other.db, meetingId, 'voting')
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(await query(database, 'select phase from meetings where id = ?', meetingId)).toEqual([
			{ phase: 'voting' }
		]);
	});
});
