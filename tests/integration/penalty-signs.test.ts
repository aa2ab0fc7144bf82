import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateFromInput } from '$lib/core/scoring';
import { buildDocumentModel } from '$lib/server/documents/model';
import { documentFiles, renderDocument } from '$lib/server/documents/files';
import { preparationView } from '$lib/server/meetings/preparation';
import { storedRecord } from '$lib/server/record/stored';
import { closeMeeting } from '$lib/server/record/close-meeting';
import { createSyncHub } from '$lib/server/sync';
import { saveSelfAssessment } from '$lib/server/meetings/self-assessment';
import { addUnits, createCluster } from '$lib/server/setup/clusters';
import { createMeeting } from '$lib/server/setup/meetings';
import { replaceMeetingTemplate } from '$lib/server/templates/meeting-template';
import { temporaryDatabase } from '../support/database';
import { readDocx, Recalculator } from '../support/office';

// A cluster whose table has a bonus and a penalty section, on a real database: units write a penalty subtotal as
// the points taken away. Where it is right, the preparation page, the document model, the minutes and the workbook
// show no arithmetic error; where it is wrong, the error is there with both figures as the unit writes them.

let database: Awaited<ReturnType<typeof temporaryDatabase>>;
let meetingId: number;

beforeAll(async () => {
	database = await temporaryDatabase();
	const { db } = database;
	const clusterId = await createCluster(db, {
		name: 'Cụm thi đua các Sở Nội vụ',
		shortName: 'Cụm Nội vụ',
		parent: 'Bộ Nội vụ',
		layout: 'state'
	});
	const added = await addUnits(db, clusterId, [
		{ name: 'Sở Nội vụ tỉnh Yên Bái', shortName: 'Yên Bái' },
		{ name: 'Sở Nội vụ tỉnh Tuyên Quang', shortName: 'Tuyên Quang' }
	]);
	if (!added.ok) throw new Error('units');
	meetingId = await createMeeting(db, {
		clusterId,
		details: {
			title: 'Hội nghị tổng kết 2026',
			year: 2026,
			startsAt: '2026-12-15T08:00',
			location: 'Yên Bái',
			callUrl: ''
		},
		unitIds: added.ids,
		host: { name: 'Thư ký Cụm' }
	});
	const built = templateFromInput({
		name: 'Bảng 2026',
		total: 10,
		step: 0.25,
		items: [
			{ code: 'I', title: 'Chuyên môn', children: [{ code: 'I.1', title: 'Kế hoạch', max: 10 }] },
			{
				code: 'B',
				title: 'Điểm thưởng',
				children: [{ code: 'B.1', title: 'Cờ thi đua', max: 2, kind: 'bonus' }]
			},
			{
				code: 'P',
				title: 'Điểm trừ',
				children: [{ code: 'P.1', title: 'Chậm báo cáo', max: 2, kind: 'penalty' }]
			}
		]
	});
	if (!built.ok) throw new Error('template');
	expect((await replaceMeetingTemplate(db, meetingId, built.template)).ok).toBe(true);
	const sheets = await db
		.selectFrom('sheets')
		.innerJoin('units', 'units.id', 'sheets.unit_id')
		.select(['sheets.id', 'units.slug'])
		.where('meeting_id', '=', meetingId)
		.execute();
	const sheetOf = (slug: string) => sheets.find((s) => s.slug === slug)!.id;
	const scores = { 'I.1': 925, 'B.1': 100, 'P.1': 50 };
	// Yên Bái writes every figure right: "Điểm trừ: 0,5", total 9,25 + 1 − 0,5 = 9,75.
	await saveSelfAssessment(db, sheetOf('yen-bai'), { scores, reported: { I: 925, B: 100, P: 50, total: 975 } }, null);
	// Tuyên Quang writes its penalty as 1 and its bonus as 2: two real errors.
	await saveSelfAssessment(db, sheetOf('tuyen-quang'), { scores, reported: { B: 200, P: 100, total: 975 } }, null);
}, 180_000);
afterAll(async () => {
	await database?.close();
});

describe('signs as units write them, through every consumer', () => {
	it('the preparation page: no finding for the right sheet, the two real ones for the other', async () => {
		const view = (await preparationView(database.db, meetingId))!;
		const of = (name: string) => view.units.find((u) => u.name === name)!.mismatches;
		expect(of('Sở Nội vụ tỉnh Yên Bái')).toEqual([]);
		expect(of('Sở Nội vụ tỉnh Tuyên Quang')).toEqual([
			{ code: 'B', reported: 200, computed: 100 },
			{ code: 'P', reported: 100, computed: 50 }
		]);
	});

	it('the minutes and the workbook: no false error, the real ones in the unit’s sign', async () => {
		const model = (await buildDocumentModel(database.db, meetingId))!;
		expect(model.units.map((u) => [u.name, u.mismatches])).toEqual([
			['Sở Nội vụ tỉnh Yên Bái', []],
			[
				'Sở Nội vụ tỉnh Tuyên Quang',
				[
					{ code: 'B', reported: 200, computed: 100 },
					{ code: 'P', reported: 100, computed: 50 }
				]
			]
		]);
		const names = documentFiles(model).map((f) => f.name);
		const minutes = await readDocx(
			(await renderDocument(
				model,
				names.find((n) => n.startsWith('bien-ban-hoi-nghi'))!
			))!.body
		);
		expect(minutes.text).not.toContain('−0,5');
		expect(minutes.text).not.toMatch(/Yên Bái: [^\n]*không trừ điểm\.\n\+ [^\n]*cộng sai/);
		// Tuyên Quang's total is right, so its two errors take nothing away; each is named in the unit's sign.
		expect(minutes.text).toContain(
			'Mục P (Điểm trừ): đơn vị chấm 0,5 điểm nhưng cộng sai số học thành 1 điểm, không ảnh hưởng tổng điểm đơn vị ghi, không trừ điểm.'
		);
		expect(minutes.text).toContain('Mục B (Điểm thưởng): đơn vị chấm 1 điểm nhưng cộng sai số học thành 2 điểm');
		const workbook = await Recalculator.read(
			(await renderDocument(
				model,
				names.find((n) => n.startsWith('bang-tong-hop-diem'))!
			))!.body
		);
		const texts: string[] = [];
		workbook.book.eachSheet((sheet) =>
			sheet.eachRow((row) =>
				row.eachCell((cell) => void (typeof cell.value === 'string' && texts.push(cell.value)))
			)
		);
		const errors = texts.filter((t) => t.includes('cộng sai số học'));
		expect(errors.join('\n')).not.toContain('−');
		expect(
			errors.some((t) => t.includes('Mục P (Điểm trừ): đơn vị chấm 0,5 điểm nhưng cộng sai số học thành 1 điểm'))
		).toBe(true);
		expect(errors.every((t) => !t.includes('Yên Bái'))).toBe(true);
	});

	it('the frozen record after the close: the same, no false error', async () => {
		const { db } = database;
		await db.updateTable('meetings').set({ phase: 'voting' }).where('id', '=', meetingId).execute();
		const host = await db
			.selectFrom('participants')
			.select('user_id')
			.where('meeting_id', '=', meetingId)
			.where('role', '=', 'host')
			.executeTakeFirstOrThrow();
		// The meeting's live documents (empty: nobody scored) on a server-side hub.
		const hub = createSyncHub({
			sqlite: database.sqlite,
			authorize: async () => ({ ok: false, status: 403, message: 'server only' }),
			log: () => {}
		});
		const closed = await closeMeeting(db, hub, meetingId, host.user_id).finally(() => hub.close());
		expect(closed.ok).toBe(true);
		const { record } = (await storedRecord(db, meetingId))!;
		expect(record.summary.map((u) => [u.shortName, u.selfScore, u.mismatches])).toEqual([
			['Yên Bái', 975, []],
			[
				'Tuyên Quang',
				975,
				[
					{ code: 'B', reported: 200, computed: 100 },
					{ code: 'P', reported: 100, computed: 50 }
				]
			]
		]);
		const model = (await buildDocumentModel(db, meetingId))!;
		expect(model.draft).toBe(false);
		expect(model.units.find((u) => u.name === 'Sở Nội vụ tỉnh Yên Bái')!.mismatches).toEqual([]);
	});
});
