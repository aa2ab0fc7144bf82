// Items whose listed deductions exceed their effect (two scorers racing on one item), on a real SQLite file with
// the sync hub's live scoring document: the move to voting and the close refuse while one is left, listing it,
// and go ahead once it is kept with a note, which reaches the record, its digest and the minutes.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPoints, templateItems } from '$lib/core/scoring';
import { scoringDocumentName } from '$lib/live/documents';
import { addDeduction, updateDeduction } from '$lib/live/scoring-doc';
import { ensureDemoParticipants } from '$lib/server/demo/demo-participants';
import { loadDemoIfEmpty } from '$lib/server/demo/load-demo';
import { buildDocumentModel } from '$lib/server/documents/model';
import { renderDocument } from '$lib/server/documents/files';
import { loadMeetingBoard } from '$lib/server/meetings/board';
import { meetingPhase, setPhase } from '$lib/server/meetings/phase';
import { buildRecord } from '$lib/server/record/build';
import { closeMeeting, verifyRecord } from '$lib/server/record/close-meeting';
import { createSyncHub, type SyncHub } from '$lib/server/sync';
import { temporaryDatabase } from '../support/database';
import { readDocx } from '../support/office';

let database: Awaited<ReturnType<typeof temporaryDatabase>>;
let hub: SyncHub;
let meetingId: number;
let head: { id: number; name: string };
let item: { code: string; self: number };
let second: string;
const UNIT = 'son-la';

beforeAll(async () => {
	database = await temporaryDatabase();
	meetingId = (await loadDemoIfEmpty(database.db))!;
	await ensureDemoParticipants(database.db, meetingId);
	const row = await database.db
		.selectFrom('participants')
		.innerJoin('users', 'users.id', 'participants.user_id')
		.select(['users.id', 'users.display_name'])
		.where('participants.meeting_id', '=', meetingId)
		.where('participants.role', '=', 'head')
		.executeTakeFirstOrThrow();
	head = { id: row.id, name: row.display_name };
	const board = (await loadMeetingBoard(database.db, meetingId))!;
	const sheet = board.units.find((u) => u.slug === UNIT)!.sheet;
	const code = templateItems(board.template).find(
		(i) => i.kind === 'score' && (sheet.scores[i.code] ?? 0) >= 100
	)!.code;
	item = { code, self: sheet.scores[code]! };
	hub = createSyncHub({
		sqlite: database.sqlite,
		authorize: async () => ({ ok: false, status: 403, message: 'server only' }),
		log: () => {}
	});
	// Two scorers each take the whole item: the list asks twice what the item can lose.
	second = await hub.applyServerChange(scoringDocumentName(meetingId), (doc) => {
		addDeduction(
			doc,
			{ unit: UNIT, criterion: item.code, points: item.self, reason: 'Thiếu báo cáo (Cụm trưởng)' },
			head
		);
		return addDeduction(
			doc,
			{ unit: UNIT, criterion: item.code, points: item.self, reason: 'Thiếu báo cáo (Cụm phó)' },
			head
		);
	});
}, 120_000);
afterAll(async () => {
	await hub.close();
	await database.close();
});

describe('the move to voting', () => {
	it('is refused while an item is listed beyond its effect, naming the unit, the item and both totals', async () => {
		const result = await setPhase(database.db, meetingId, 'voting', Date.now(), {
			sync: hub,
			notes: [],
			userId: head.id
		});
		expect(result).toMatchObject({
			ok: false,
			reason: 'excess',
			excesses: [{ unit: UNIT, criterion: item.code, listed: 2 * item.self, effective: item.self }]
		});
		expect(await meetingPhase(database.db, meetingId)).toBe('review');
	});

	it('is refused with a blank note, and goes ahead with a note, stored with who kept it', async () => {
		const blank = await setPhase(database.db, meetingId, 'voting', Date.now(), {
			sync: hub,
			notes: [{ unit: UNIT, criterion: item.code, note: '   ' }],
			userId: head.id
		});
		expect(blank).toMatchObject({ ok: false, reason: 'excess' });
		const kept = await setPhase(database.db, meetingId, 'voting', Date.now(), {
			sync: hub,
			notes: [{ unit: UNIT, criterion: item.code, note: 'Hai ý kiến cùng lý do, giữ cả hai' }],
			userId: head.id
		});
		expect(kept).toMatchObject({ ok: true });
		expect(database.sqlite.prepare('select note, noted_by, listed, effective from excess_notes').all()).toEqual([
			{
				note: 'Hai ý kiến cùng lý do, giữ cả hai',
				noted_by: head.name,
				listed: 2 * item.self,
				effective: item.self
			}
		]);
	});
});

describe('the close', () => {
	it('is refused when the figures changed since the note, and goes ahead with a new note that reaches the record and the minutes', async () => {
		// A scorer lowers one deduction, but not enough: a different excess, which the old note does not cover.
		await hub.applyServerChange(scoringDocumentName(meetingId), (doc) =>
			updateDeduction(doc, second, { points: item.self - 50 }, head)
		);
		const refused = await closeMeeting(database.db, hub, meetingId, head.id, new Date());
		expect(refused).toMatchObject({
			ok: false,
			reason: 'excess',
			excesses: [{ unit: UNIT, criterion: item.code, listed: 2 * item.self - 50, effective: item.self }]
		});
		expect(await meetingPhase(database.db, meetingId)).toBe('voting');

		const closed = await closeMeeting(database.db, hub, meetingId, head.id, new Date(), [
			{ unit: UNIT, criterion: item.code, note: 'Giữ theo ý kiến hội nghị' }
		]);
		expect(closed).toMatchObject({ ok: true });
		const record = await buildRecord(database.db, meetingId);
		expect(record!.summary.find((u) => u.unit === UNIT)!.excesses).toEqual([
			{
				criterion: item.code,
				listed: 2 * item.self - 50,
				effective: item.self,
				note: 'Giữ theo ý kiến hội nghị',
				by: head.name
			}
		]);
		expect((await verifyRecord(database.db, meetingId))?.intact).toBe(true);

		const model = (await buildDocumentModel(database.db, meetingId))!;
		const minutes = await readDocx((await renderDocument(model, `bien-ban-hoi-nghi-${model.year}.docx`))!.body);
		const points = (p: number) => formatPoints(p, 'vi');
		const line = `Tiêu chí ${item.code}: các khoản trừ ghi tổng ${points(2 * item.self - 50)} điểm, có hiệu lực ${points(item.self)} điểm (không trừ quá điểm tự chấm của tiêu chí); giữ nguyên vì: Giữ theo ý kiến hội nghị (${head.name}).`;
		expect(minutes.text).toContain(line);
		const report = await readDocx((await renderDocument(model, `bao-cao-tong-ket-${model.year}.docx`))!.body);
		expect(report.text).toContain(line);
		// The score workbook too: beside the item on the unit's sheet, and in the summary's reasons.
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(
			(await renderDocument(model, `bang-tong-hop-diem-${model.year}.xlsx`))!.body as unknown as ArrayBuffer
		);
		const cells: string[] = [];
		workbook.eachSheet((sheet) =>
			sheet.eachRow((row) =>
				row.eachCell((cell) => void (typeof cell.value === 'string' && cells.push(cell.value)))
			)
		);
		expect(cells.filter((c) => c.includes(line)).length).toBeGreaterThanOrEqual(2);
	});
});
