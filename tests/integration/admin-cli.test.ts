import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadDemoIfEmpty } from '$lib/server/demo/load-demo';
import { openDatabase } from '$lib/server/db/open';
import { redeemJoinLink } from '$lib/server/people/join-links';
import { DIALECTS, queryFromOutside, temporaryDatabase } from '../support/database';

// The real, built admin command line (`npm run build` first) against a real database with the demo meeting: a
// SQLite file, and a PostgreSQL database (DATABASE_URL).

const BUILT_ADMIN = 'build/admin.js';
const DAY = 24 * 60 * 60 * 1000;

interface Outcome {
	status: number | null;
	stdout: string;
	stderr: string;
}

describe.each(DIALECTS)('on %s', (dialect) => {
	/** The SQLite file's path, or the PostgreSQL database's URL. */
	let databasePath: string;
	let meetingId: number;

	function admin(args: string[], env: Record<string, string> = {}): Outcome {
		const { BASE_URL: _base, PORT: _port, DATABASE_URL: _url, DATABASE_PATH: _path, ...inherited } = process.env;
		const result = spawnSync(process.execPath, [BUILT_ADMIN, ...args], {
			env: {
				...inherited,
				...(dialect === 'postgres' ? { DATABASE_URL: databasePath } : { DATABASE_PATH: databasePath }),
				...env
			},
			encoding: 'utf8',
			timeout: 15_000
		});
		return { status: result.status, stdout: result.stdout, stderr: result.stderr };
	}

	/** Runs a command that must succeed and returns its one line of output. */
	function ok(args: string[], env?: Record<string, string>): string {
		const outcome = admin(args, env);
		expect(outcome, `admin ${args.join(' ')}`).toMatchObject({ status: 0, stderr: '' });
		return outcome.stdout.trim();
	}

	/** Reads the database with its own connection, the way another process sees it. */
	function query<T>(sql: string, ...params: unknown[]): T[] {
		return queryFromOutside<T>(databasePath, sql, ...params);
	}

	/** Every row of every table, to show that a refused command changed nothing. */
	function snapshot(): Record<string, unknown[]> {
		const tables = query<{ name: string }>(
			dialect === 'postgres'
				? `select table_name as name from information_schema.tables where table_schema = 'public' order by name`
				: `select name from sqlite_master where type = 'table' order by name`
		);
		return Object.fromEntries(tables.map(({ name }) => [name, query(`select * from "${name}"`)]));
	}

	function expectRefused(args: string[], message: string | RegExp): void {
		const before = snapshot();
		const outcome = admin(args);
		expect(outcome.status, `admin ${args.join(' ')}: ${outcome.stderr}`).toBe(2);
		expect(outcome.stdout).toBe('');
		const [first, ...rest] = outcome.stderr.split('\n');
		expect(first).toMatch(/^error: /);
		expect(first).toMatch(message);
		expect(rest.join('\n')).toContain('Usage: npm run admin -- <command> [options]');
		expect(snapshot()).toEqual(before);
	}

	const unitId = (slug: string) => query<{ id: number }>('select id from units where slug = ?', slug)[0]!.id;
	const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
	const tokenOf = (link: string) => /\/join\/([a-z0-9]+)$/.exec(link)![1]!;

	beforeAll(async () => {
		if (!existsSync(BUILT_ADMIN))
			throw new Error(`${BUILT_ADMIN} is missing: run \`npm run build\` before the integration tests`);
		const database = await temporaryDatabase(dialect);
		databasePath = database.path;
		const loaded = await loadDemoIfEmpty(database.db);
		if (loaded === undefined) throw new Error('the demo did not load');
		meetingId = loaded;
		await database.db.destroy(); // keep the file: the command line opens it from here on
	});

	afterAll(() => {
		if (databasePath && dialect === 'sqlite') rmSync(dirname(databasePath), { recursive: true, force: true });
	});

	// Each case spawns the command line once; on a busy machine a dozen spawns take longer than the default timeout.
	describe('npm run admin: arguments', { timeout: 90_000 }, () => {
		it('prints the usage for help, on stdout, with exit status 0', () => {
			for (const args of [['help'], ['--help']]) {
				const outcome = admin(args);
				expect(outcome.status).toBe(0);
				expect(outcome.stderr).toBe('');
				expect(outcome.stdout).toContain('Usage: npm run admin -- <command> [options]');
				for (const command of ['create-user', 'add-participant', 'link', 'revoke', 'participants']) {
					expect(outcome.stdout).toContain(`  ${command} `);
				}
			}
		});

		it('refuses no command, an unknown command, unknown or incomplete options, with the usage and status 2', () => {
			expectRefused([], /missing command/);
			expectRefused(['frobnicate'], /unknown command "frobnicate"/);
			expectRefused(['participants'], /missing --meeting/);
			expectRefused(['participants', '--meeting'], /--meeting/);
			expectRefused(['participants', '--meeting', 'one'], /--meeting must be a positive whole number/);
			expectRefused(['participants', '--meeting', '1', '--color'], /Unknown option '--color'/);
			expectRefused(['link', '--meeting', String(meetingId)], /missing --user <id> or --username <u>/);
			expectRefused(['link', '--meeting', String(meetingId), '--user', '1', '--username', 'x'], /not both/);
			expectRefused(['create-user'], /missing --name/);
		});

		it('refuses a meeting that does not exist', () => {
			expectRefused(['participants', '--meeting', '99'], /unknown meeting 99/);
		});
	});

	describe('npm run admin: people, participants and links', { timeout: 90_000 }, () => {
		let hostUserId: number;
		let delegateUserId: number;
		let plainUserId: number;

		it('create-user prints the new id and stores the name, username, unit and a hashed password', () => {
			hostUserId = Number(ok(['create-user', '--name', 'Nguyễn Văn A', '--username', 'NVA', '--unit', 'son-la']));
			expect(Number.isInteger(hostUserId)).toBe(true);
			delegateUserId = Number(
				ok([
					'create-user',
					'--name',
					'Trần Thị B',
					'--username',
					'ttb',
					'--password',
					'mật khẩu dài',
					'--unit',
					'lai-chau',
					'--meeting',
					String(meetingId)
				])
			);
			plainUserId = Number(ok(['create-user', '--name', 'Lê Văn C']));

			const users = query<{
				id: number;
				display_name: string;
				username: string | null;
				password_hash: string | null;
				unit_id: number | null;
			}>('select id, display_name, username, password_hash, unit_id from users order by id');
			expect(users.map(({ password_hash: _, ...u }) => u)).toEqual([
				{ id: hostUserId, display_name: 'Nguyễn Văn A', username: 'nva', unit_id: unitId('son-la') },
				{ id: delegateUserId, display_name: 'Trần Thị B', username: 'ttb', unit_id: unitId('lai-chau') },
				{ id: plainUserId, display_name: 'Lê Văn C', username: null, unit_id: null }
			]);
			expect(users[0]!.password_hash).toBeNull();
			expect(users[1]!.password_hash).toMatch(/^\$argon2id\$/);
			expect(JSON.stringify(snapshot())).not.toContain('mật khẩu dài');
		});

		it('create-user refuses a taken username, an unknown unit and a short password, changing nothing', () => {
			expectRefused(['create-user', '--name', 'Someone', '--username', 'nva'], /username "nva" is taken/);
			expectRefused(['create-user', '--name', 'Someone', '--unit', 'ha-noi'], /unknown unit "ha-noi"/);
			expectRefused(['create-user', '--name', 'Someone', '--password', 'short'], /at least 8 characters/);
			expectRefused(['create-user', '--name', '  '], /--name must not be empty/);
		});

		it('add-participant prints the participant id, by username or by user id', () => {
			const hostId = Number(
				ok([
					'add-participant',
					'--meeting',
					String(meetingId),
					'--username',
					'nva',
					'--role',
					'host',
					'--unit',
					'son-la'
				])
			);
			const delegateId = Number(
				ok([
					'add-participant',
					'--meeting',
					String(meetingId),
					'--user',
					String(delegateUserId),
					'--role',
					'delegate',
					'--unit',
					'lai-chau'
				])
			);
			expect(query('select id, user_id, role, unit_id from participants order by id')).toEqual([
				{ id: hostId, user_id: hostUserId, role: 'host', unit_id: unitId('son-la') },
				{ id: delegateId, user_id: delegateUserId, role: 'delegate', unit_id: unitId('lai-chau') }
			]);
		});

		it('add-participant refuses a bad role, a delegate without unit, a second delegate, an unknown user or unit', () => {
			const meeting = String(meetingId);
			expectRefused(
				['add-participant', '--meeting', meeting, '--user', String(plainUserId), '--role', 'chair'],
				/--role must be one of host, head, vice_head, delegate, observer/
			);
			expectRefused(['add-participant', '--meeting', meeting, '--user', String(plainUserId)], /missing --role/);
			expectRefused(
				['add-participant', '--meeting', meeting, '--user', String(plainUserId), '--role', 'delegate'],
				/a delegate needs --unit/
			);
			expectRefused(
				[
					'add-participant',
					'--meeting',
					meeting,
					'--user',
					String(plainUserId),
					'--role',
					'delegate',
					'--unit',
					'lai-chau'
				],
				/unit "lai-chau" already has a delegate in meeting/
			);
			expectRefused(
				['add-participant', '--meeting', meeting, '--username', 'nobody', '--role', 'observer'],
				/no user with username "nobody"/
			);
			expectRefused(
				['add-participant', '--meeting', meeting, '--user', '999', '--role', 'observer'],
				/unknown user 999/
			);
			expectRefused(
				[
					'add-participant',
					'--meeting',
					meeting,
					'--user',
					String(plainUserId),
					'--role',
					'delegate',
					'--unit',
					'ha-noi'
				],
				/unit "ha-noi" is not a member of meeting/
			);
			expectRefused(
				['add-participant', '--meeting', meeting, '--username', 'nva', '--role', 'observer'],
				/already a participant/
			);
			expectRefused(
				['add-participant', '--meeting', '99', '--username', 'nva', '--role', 'observer'],
				/unknown meeting 99/
			);
		});

		it('link prints a join URL whose token is stored only as its SHA-256, valid for the days asked', () => {
			const link = ok(['link', '--meeting', String(meetingId), '--username', 'ttb', '--days', '2']);
			expect(link).toMatch(/^http:\/\/localhost:3000\/join\/[a-z0-9]{32}$/);
			const token = tokenOf(link);

			const rows = query<{
				id: string;
				created_at: number;
				expires_at: number;
				used_at: number | null;
				revoked_at: number | null;
			}>(
				'select join_links.* from join_links join participants on participants.id = join_links.participant_id where participants.user_id = ?',
				delegateUserId
			);
			expect(rows).toHaveLength(1);
			expect(rows[0]!.id).not.toBe(token);
			expect(rows[0]!.id).toBe(sha256(token));
			expect(rows[0]!.expires_at - rows[0]!.created_at).toBe(2 * DAY);
			expect(rows[0]).toMatchObject({ used_at: null, revoked_at: null });
			// Nowhere in any row of any table, nor in a SQLite file's bytes (the connection closed, so the WAL is folded in).
			expect(JSON.stringify(snapshot())).not.toContain(token);
			if (dialect === 'sqlite') {
				const bytes = Buffer.concat(
					[databasePath, `${databasePath}-wal`].filter(existsSync).map((file) => readFileSync(file))
				);
				expect(bytes.includes(token)).toBe(false);
			}
		});

		it('link takes the base URL from --base-url, else BASE_URL, else PORT', () => {
			const meeting = String(meetingId);
			expect(
				ok([
					'link',
					'--meeting',
					meeting,
					'--user',
					String(hostUserId),
					'--base-url',
					'https://binhxet.example/cum-3/'
				])
			).toMatch(/^https:\/\/binhxet\.example\/cum-3\/join\/[a-z0-9]+$/);
			expect(
				ok(['link', '--meeting', meeting, '--user', String(hostUserId)], { BASE_URL: 'https://board.example' })
			).toMatch(/^https:\/\/board\.example\/join\/[a-z0-9]+$/);
			expect(ok(['link', '--meeting', meeting, '--user', String(hostUserId)], { PORT: '8080' })).toMatch(
				/^http:\/\/localhost:8080\/join\//
			);
		});

		it('link refuses a user who is not a participant, bad days and a bad base URL', () => {
			const meeting = String(meetingId);
			expectRefused(
				['link', '--meeting', meeting, '--user', String(plainUserId)],
				/is not a participant of meeting/
			);
			expectRefused(
				['link', '--meeting', meeting, '--username', 'ttb', '--days', '0'],
				/--days must be a positive number/
			);
			expectRefused(
				['link', '--meeting', meeting, '--username', 'ttb', '--days', 'soon'],
				/--days must be a positive number/
			);
			expectRefused(
				['link', '--meeting', meeting, '--username', 'ttb', '--base-url', 'ftp://x'],
				/http\(s\) address/
			);
		});

		it('participants lists id, name, role, unit, joined and active links', async () => {
			// The delegate opens their link once; the host has three unused links.
			const delegateLink = ok(['link', '--meeting', String(meetingId), '--username', 'ttb']);
			const { db } = await openDatabase(databasePath);
			try {
				expect((await redeemJoinLink(db, tokenOf(delegateLink))).state).toBe('valid');
			} finally {
				await db.destroy();
			}
			const lines = ok(['participants', '--meeting', String(meetingId)]).split('\n');
			expect(lines[0]).toMatch(/^id\s+name\s+role\s+unit\s+joined\s+active links$/);
			expect(lines).toHaveLength(3);
			expect(lines[1]!.split(/\s{2,}/)).toEqual([
				expect.stringMatching(/^\d+$/),
				'Nguyễn Văn A',
				'host',
				'Sơn La',
				'no',
				'3'
			]);
			expect(lines[2]!.split(/\s{2,}/)).toEqual([
				expect.stringMatching(/^\d+$/),
				'Trần Thị B',
				'delegate',
				'Lai Châu',
				expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/),
				'1'
			]);
		});

		it('revoke revokes the unused links and prints how many', () => {
			expect(ok(['revoke', '--meeting', String(meetingId), '--username', 'nva'])).toBe('3');
			expect(ok(['revoke', '--meeting', String(meetingId), '--username', 'nva'])).toBe('0');
			// The delegate's used link stays used, not revoked; their other one is revoked.
			expect(ok(['revoke', '--meeting', String(meetingId), '--user', String(delegateUserId)])).toBe('1');
			const links = query<{ used: number; revoked: number }>(
				'select count(used_at) as used, count(revoked_at) as revoked from join_links where participant_id in (select id from participants where user_id = ?)',
				delegateUserId
			);
			expect(links).toEqual([{ used: 1, revoked: 1 }]);
			const table = ok(['participants', '--meeting', String(meetingId)]).split('\n');
			expect(table.slice(1).map((line) => line.split(/\s{2,}/).at(-1))).toEqual(['0', '0']);
		});

		it('revoke refuses an unknown user', () => {
			expectRefused(
				['revoke', '--meeting', String(meetingId), '--username', 'nobody'],
				/no user with username "nobody"/
			);
		});
	});
});
