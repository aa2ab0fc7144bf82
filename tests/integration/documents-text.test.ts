import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { answersDocumentName, scoringDocumentName } from '$lib/live/documents';
import { answersMap } from '$lib/live/answers-doc';
import { deductionsMap } from '$lib/live/scoring-doc';
import { closeDemoMeeting, runDemoMeeting } from '$lib/server/demo/run-demo-meeting';
import { verifyRecord } from '$lib/server/record/close-meeting';
import { createSyncHub } from '$lib/server/sync';
import { documentFiles, renderDocument } from '$lib/server/documents/files';
import { buildDocumentModel } from '$lib/server/documents/model';
import { criteriaWorkbook } from '$lib/server/files/criteria-workbook';
import { loadMeetingBoard } from '$lib/server/meetings/board';
import { temporaryDatabase } from '../support/database';
import { readDocx } from '../support/office';
import { malformedParts, xmlProblem } from '../support/xml';

// A record that already holds characters XML 1.0 does not allow (stored before the board refused them: Word's
// Shift+Enter pastes as U+000B) still gives documents that Word and Excel open: every XML part of every file is
// well-formed, and the text is kept, with Word's line break read as a new line.

const BAD = '\u000B\u0001\u001F\uFFFF\uD800';
let database: Awaited<ReturnType<typeof temporaryDatabase>>;
let meetingId: number;
let closedRecord: { reasons: string[]; answers: string[]; intact: boolean | undefined };

beforeAll(async () => {
	database = await temporaryDatabase();
	({ meetingId } = await runDemoMeeting(database, { close: false }));
	// Live entries written before the board refused such characters (the server's own writes skip the check).
	const hub = createSyncHub({
		sqlite: database.sqlite,
		authorize: async () => ({ ok: false, status: 403, message: 'server only' }),
		log: () => {}
	});
	try {
		await hub.applyServerChange(scoringDocumentName(meetingId), (scoring) => {
			for (const entry of deductionsMap(scoring).values()) entry.set('reason', `Lý do cũ${BAD}`);
		});
		await hub.applyServerChange(answersDocumentName(meetingId, 'ha-giang'), (answers) => {
			for (const entry of answersMap(answers).values())
				(entry as Y.Map<unknown>).set('text', `Giải trình cũ\u000B${BAD}`);
		});
	} finally {
		await hub.close();
	}
	await closeDemoMeeting(database, meetingId);
	closedRecord = {
		reasons: (database.sqlite.prepare('select reason from deductions').all() as { reason: string }[]).map(
			(r) => r.reason
		),
		answers: (database.sqlite.prepare('select text from deduction_answers').all() as { text: string }[]).map(
			(r) => r.text
		),
		intact: (await verifyRecord(database.db, meetingId))?.intact
	};
	// Old data, written straight into the tables as an earlier version would have stored it: a meeting closed before
	// the record was kept as sealed bytes, whose record is then sealed from these rows when first read.
	const { sqlite } = database;
	sqlite.prepare(`update deductions set reason = 'Lý do dòng một' || char(11) || 'dòng hai' || ?`).run(BAD);
	sqlite.prepare(`update deduction_answers set text = 'Giải trình' || char(11) || 'tiếp' || ?`).run(BAD);
	sqlite.prepare(`update users set display_name = display_name || char(11) || ?`).run(BAD);
	sqlite.prepare(`update units set name = name || char(1)`).run();
	sqlite.prepare(`update criteria set title = title || char(11) || ?`).run(BAD);
	sqlite.prepare(`update ballots set title = title || char(11) || ?`).run(BAD);
	sqlite
		.prepare(`update meetings set title = title || char(11) || ?, location = 'Phòng họp' || char(11) || ?`)
		.run(BAD, BAD);
	sqlite.prepare(`update clusters set name = name || char(2), parent = parent || char(11)`).run();
	sqlite
		.prepare(
			`update meeting_documents set place = 'Sơn La' || char(11), situation = 'Tình hình' || char(11) || 'đoạn hai' || ?, recipients = 'Học viện' || char(11) || ?`
		)
		.run(BAD, BAD);
	sqlite.prepare('update meeting_records set record = null').run();
}, 120_000);
afterAll(async () => {
	await database.close();
});

describe('the close', () => {
	it('writes the record without characters XML does not allow, even from live entries that held them', () => {
		expect(closedRecord.reasons.length).toBeGreaterThan(0);
		// (Yjs stores a lone surrogate as U+FFFD, which XML allows.)
		expect(new Set(closedRecord.reasons)).toEqual(new Set(['Lý do cũ\n\uFFFD']));
		expect(closedRecord.answers).toEqual(['Giải trình cũ\n\n\uFFFD']);
		for (const text of [...closedRecord.reasons, ...closedRecord.answers])
			expect(xmlProblem(`<t>${text}</t>`)).toBeNull();
		expect(closedRecord.intact).toBe(true);
	});
});

describe('documents from a record holding characters XML does not allow', () => {
	it('holds such characters in the record (the test’s premise)', () => {
		const row = database.sqlite.prepare('select reason from deductions limit 1').get() as { reason: string };
		expect(row.reason).toContain('\u000B');
		expect(database.sqlite.prepare('select count(*) as n from meeting_documents').get()).toMatchObject({ n: 1 });
	});

	it('gives every document, Word and Excel, as well-formed XML, keeping the text', async () => {
		const model = (await buildDocumentModel(database.db, meetingId))!;
		const files = documentFiles(model).filter((f) => f.kind !== 'bundle');
		expect(files.map((f) => f.kind)).toEqual(expect.arrayContaining(['minutes', 'count', 'report', 'scores']));
		for (const file of files) {
			const rendered = (await renderDocument(model, file.name))!;
			expect(await malformedParts(rendered.body), file.name).toEqual([]);
		}
		const minutes = await readDocx((await renderDocument(model, 'bien-ban-hoi-nghi-2021.docx'))!.body);
		expect(minutes.text).toContain('Lý do dòng một');
		expect(minutes.text).toContain('dòng hai');
	});

	it('gives the blank self-assessment workbook as well-formed XML', async () => {
		const board = (await loadMeetingBoard(database.db, meetingId))!;
		const bytes = await criteriaWorkbook(board.template, { unitName: `Trường Chính trị${BAD}` });
		expect(await malformedParts(bytes)).toEqual([]);
	});
});
