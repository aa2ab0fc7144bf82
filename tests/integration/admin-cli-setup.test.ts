// The admin command's set-up verbs, built (`npm run build` first), on a real database with no demo (a SQLite file,
// and an empty PostgreSQL database the command migrates): an administrator, a cluster, its units and a meeting from
// files, its people, and everyone's link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { DIALECTS, postgresServer, queryFromOutside } from '../support/database';
import { unitsXlsx } from '../support/fixtures';

describe.each(DIALECTS)('on %s', (dialect) => {
	let dir: string;
	/** The SQLite file's path, or the PostgreSQL database's URL. */
	let databasePath: string;

	function admin(args: string[]) {
		const { BASE_URL: _base, PORT: _port, DATABASE_URL: _url, DATABASE_PATH: _path, ...inherited } = process.env;
		const result = spawnSync(process.execPath, ['build/admin.js', ...args], {
			env: {
				...inherited,
				...(dialect === 'postgres' ? { DATABASE_URL: databasePath } : { DATABASE_PATH: databasePath })
			},
			encoding: 'utf8',
			timeout: 15_000
		});
		return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
	}

	function query<T>(sql: string, ...params: unknown[]): T[] {
		return queryFromOutside<T>(databasePath, sql, ...params);
	}

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'binhxet-cli-setup-'));
		// An empty database: the command line migrates it when it first opens it.
		databasePath =
			dialect === 'postgres' ? await (await postgresServer()).createDatabase() : join(dir, 'binhxet.db');
		writeFileSync(
			join(dir, 'units.xlsx'),
			await unitsXlsx([
				{ name: 'Sở Nội vụ tỉnh Sơn La', shortName: 'Sơn La' },
				{ name: 'Sở Nội vụ tỉnh Lai Châu', shortName: 'Lai Châu' },
				{ name: 'Sở Nội vụ tỉnh Điện Biên', shortName: 'Điện Biên' }
			])
		);
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Người');
		sheet.addRow(['Họ và tên', 'Chức vụ', 'Đơn vị', 'Vai trò']);
		sheet.addRow(['Lò Văn Chủ', 'Giám đốc', 'Sơn La', 'Cụm trưởng']);
		sheet.addRow(['Tao Văn Phó', 'Giám đốc', 'Lai Châu', 'Cụm phó']);
		for (const unit of ['Sơn La', 'Lai Châu', 'Điện Biên'])
			sheet.addRow([`Đại biểu ${unit}`, 'Phó Giám đốc', unit, 'Đại biểu']);
		writeFileSync(join(dir, 'people.xlsx'), Buffer.from(await workbook.xlsx.writeBuffer()));
		const broken = new ExcelJS.Workbook();
		broken.addWorksheet('Người').addRow(['Họ và tên', 'Đơn vị', 'Vai trò']);
		broken.getWorksheet('Người')!.addRow(['Ai Đó', 'Hà Nội', 'Đại biểu']);
		writeFileSync(join(dir, 'broken-people.xlsx'), Buffer.from(await broken.xlsx.writeBuffer()));
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	// Each step starts the command line several times: on 2 busy cores that takes seconds each.
	describe('npm run admin: setting a cluster up', { timeout: 60_000 }, () => {
		let clusterId: string;
		let meetingId: string;

		it('create-admin makes an administrator and prints their one-time sign-in link', () => {
			const made = admin([
				'create-admin',
				'--name',
				'Nguyễn Quản Trị',
				'--base-url',
				'https://binhxet.example.vn'
			]);
			expect(made.status, made.stderr).toBe(0);
			expect(made.stdout).toMatch(
				/^administrator \d+ created; sign-in link \(once, 24 hours\): https:\/\/binhxet\.example\.vn\/setup\/[a-z0-9]+$/
			);
			expect(query('select display_name, is_admin from users')).toEqual([
				{ display_name: 'Nguyễn Quản Trị', is_admin: 1 }
			]);
			expect(
				query<{ n: number }>('select count(*) as n from admin_setup_links where user_id is not null')[0]!.n
			).toBe(1);
		});

		it('create-cluster, add-units and create-meeting build a meeting from files', () => {
			const cluster = admin([
				'create-cluster',
				'--name',
				'Cụm thi đua các Sở Nội vụ vùng Tây Bắc',
				'--parent',
				'Bộ Nội vụ',
				'--layout',
				'state'
			]);
			expect(cluster.status, cluster.stderr).toBe(0);
			clusterId = cluster.stdout;
			const units = admin(['add-units', '--cluster', clusterId, '--file', join(dir, 'units.xlsx')]);
			expect(units.status, units.stderr).toBe(0);
			expect(units.stdout.split('\n')).toEqual([
				'son-la\tSở Nội vụ tỉnh Sơn La',
				'lai-chau\tSở Nội vụ tỉnh Lai Châu',
				'dien-bien\tSở Nội vụ tỉnh Điện Biên'
			]);
			const meeting = admin([
				'create-meeting',
				'--cluster',
				clusterId,
				'--title',
				'Hội nghị tổng kết năm 2026',
				'--year',
				'2026',
				'--starts-at',
				'2026-12-15T08:00',
				'--call-url',
				'https://meet.google.com/abc',
				'--host-name',
				'Trần Thị Thư Ký'
			]);
			expect(meeting.status, meeting.stderr).toBe(0);
			meetingId = meeting.stdout;
			expect(query('select phase, starts_at, call_url from meetings where id = ?', meetingId)).toEqual([
				{ phase: 'preparation', starts_at: '2026-12-15T08:00', call_url: 'https://meet.google.com/abc' }
			]);
			expect(query<{ n: number }>('select count(*) as n from sheets where meeting_id = ?', meetingId)[0]!.n).toBe(
				3
			);
		});

		it('refuses a wrong date, a duplicate unit and a file that is not a table, changing nothing', () => {
			const before = query('select * from meetings');
			const wrongDate = admin([
				'create-meeting',
				'--cluster',
				clusterId,
				'--title',
				'X',
				'--year',
				'2026',
				'--starts-at',
				'2026-02-30T08:00',
				'--host-name',
				'Y'
			]);
			expect(wrongDate.status).toBe(2);
			expect(wrongDate.stderr).toContain('--starts-at: bad datetime');
			const again = admin(['add-units', '--cluster', clusterId, '--file', join(dir, 'units.xlsx')]);
			expect(again.status).toBe(2);
			expect(again.stderr).toContain('the cluster already has: Sở Nội vụ tỉnh Sơn La');
			writeFileSync(join(dir, 'not-a-table.xlsx'), new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]));
			const notATable = admin(['add-units', '--cluster', clusterId, '--file', join(dir, 'not-a-table.xlsx')]);
			expect(notATable.status).toBe(2);
			expect(query('select * from meetings')).toEqual(before);
			expect(query<{ n: number }>('select count(*) as n from units')[0]!.n).toBe(3);
		});

		it('import-people adds a valid list, all or nothing, and invite prints everyone’s link', () => {
			const refused = admin(['import-people', '--meeting', meetingId, '--file', join(dir, 'broken-people.xlsx')]);
			expect(refused.status).toBe(2);
			expect(refused.stderr).toMatch(/Row 2/i);
			expect(
				query<{ n: number }>('select count(*) as n from participants where meeting_id = ?', meetingId)[0]!.n
			).toBe(1);

			const imported = admin(['import-people', '--meeting', meetingId, '--file', join(dir, 'people.xlsx')]);
			expect(imported.status, imported.stderr).toBe(0);
			expect(imported.stdout).toBe(`5 people added to meeting ${meetingId}`);
			const roles = query<{ role: string }>(
				'select role from participants where meeting_id = ? order by id',
				meetingId
			).map((p) => p.role);
			expect(roles).toEqual(['host', 'head', 'vice_head', 'delegate', 'delegate', 'delegate']);

			const invited = admin(['invite', '--meeting', meetingId, '--base-url', 'https://binhxet.example.vn']);
			expect(invited.status, invited.stderr).toBe(0);
			const lines = invited.stdout.split('\n');
			expect(lines).toHaveLength(7);
			expect(lines.slice(1).every((line) => /https:\/\/binhxet\.example\.vn\/join\/[a-z0-9]+$/.test(line))).toBe(
				true
			);
			expect(lines.find((line) => line.startsWith('Lò Văn Chủ'))).toMatch(/head\s+Sơn La/);
		});
	});
});
