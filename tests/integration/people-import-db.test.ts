import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { loadDemoIfEmpty } from '$lib/server/demo/load-demo';
import { importPeople, importPeopleFile } from '$lib/server/people/import';
import { issueAllLinks } from '$lib/server/people/invitations';
import { inspectJoinLink } from '$lib/server/people/join-links';
import { DIALECTS, temporaryDatabase, type TemporaryDatabase } from '../support/database';

// The server functions the admin command line calls, without a request: import a file, issue every link.

// Every storage guarantee holds on both engines.
describe.each(DIALECTS)('on %s', (dialect) => {
	let database: TemporaryDatabase;
	let meetingId: number;

	beforeEach(async () => {
		database = await temporaryDatabase(dialect);
		meetingId = (await loadDemoIfEmpty(database.db))!;
	});
	afterEach(async () => {
		await database.close();
	});

	async function workbook(rows: (string | null)[][]): Promise<Uint8Array> {
		const book = new ExcelJS.Workbook();
		const sheet = book.addWorksheet('DS');
		for (const row of rows) sheet.addRow(row);
		return new Uint8Array(await book.xlsx.writeBuffer());
	}

	describe('importPeopleFile and issueAllLinks', () => {
		it('imports a workbook, then issues one working link per person', async () => {
			const bytes = await workbook([
				['Họ và tên', 'Chức vụ', 'Đơn vị', 'Vai trò'],
				['Nguyễn Văn An', 'Hiệu trưởng', 'Sơn La', 'Cụm trưởng'],
				['Lê Thị Bình', 'Trưởng phòng', 'Hà Giang', 'Đại biểu'],
				['Trần Văn Cường', null, null, 'Khách mời']
			]);
			const result = await importPeopleFile(database.db, meetingId, bytes);
			expect(result.ok && result.added).toBe(3);

			const issued = await issueAllLinks(database.db, meetingId, 'https://binhxet.example.vn/');
			expect(issued.map((i) => i.name)).toEqual(['Nguyễn Văn An', 'Lê Thị Bình', 'Trần Văn Cường']);
			for (const invitation of issued) {
				expect(invitation.link).toMatch(/^https:\/\/binhxet\.example\.vn\/join\/[a-z2-7]{32}$/);
				expect(invitation.qrSvg).toMatch(/^<svg/);
				expect(invitation.message).toContain(invitation.link);
				const info = await inspectJoinLink(database.db, invitation.link.split('/join/')[1]!);
				expect(info).toMatchObject({
					state: 'valid',
					participantId: invitation.participantId,
					displayName: invitation.name
				});
			}
		});

		it('refuses a file that is not a table, and a list with a bad row, storing nothing', async () => {
			const count = async () =>
				(
					await database.db
						.selectFrom('participants')
						.select((eb) => eb.fn.countAll<number>().as('n'))
						.executeTakeFirstOrThrow()
				).n;
			const before = await count();
			expect(await importPeopleFile(database.db, meetingId, new Uint8Array([0, 1, 2]))).toEqual({
				ok: false,
				refused: 'not_a_table'
			});
			const result = await importPeople(database.db, meetingId, {
				rows: [
					['Họ và tên', 'Vai trò', 'Đơn vị'],
					['Khách Một', 'Khách mời', null],
					['Khách Hai', 'Khách', null]
				],
				merges: []
			});
			expect(result.ok).toBe(false);
			expect(result.list.problems).toEqual([{ kind: 'unknown_role', rows: [3], texts: ['Khách'] }]);
			expect(await count()).toBe(before);
		});
	});
});
