// Sessions, passwords, join links, participants and users against a real temporary SQLite database.
import { readFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionCookieOptions } from '$lib/server/auth/cookie';
import { hashPassword, passwordProblem, verifyPassword } from '$lib/server/auth/passwords';
import {
	createSession,
	invalidateSession,
	invalidateUserSessions,
	SESSION_LIFETIME,
	validateSessionToken
} from '$lib/server/auth/sessions';
import { generateToken, hashToken } from '$lib/server/auth/tokens';
import { ensureDemoParticipants } from '$lib/server/demo/demo-participants';
import { loadDemoIfEmpty } from '$lib/server/demo/load-demo';
import {
	DEFAULT_LINK_LIFETIME,
	inspectJoinLink,
	issueJoinLink,
	linkStatuses,
	redeemJoinLink,
	revokeJoinLinks
} from '$lib/server/people/join-links';
import {
	addParticipant,
	findParticipant,
	listParticipants,
	type ParticipantRecord
} from '$lib/server/people/participants';
import { createUser, findUserForSignIn, setCredentials } from '$lib/server/people/users';
import { DIALECTS, query, tableNames, temporaryDatabase, type TemporaryDatabase } from '../support/database';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2021, 11, 20, 8, 0, 0); // the morning of the meeting

// Every storage guarantee holds on both engines.
describe.each(DIALECTS)('on %s', (dialect) => {
	let database: TemporaryDatabase;

	beforeEach(async () => {
		database = await temporaryDatabase(dialect);
	});
	afterEach(async () => {
		await database.close();
	});

	const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

	/** Every text and blob value of every table, read with `select *` from each table the database lists. */
	async function everyStoredValue(): Promise<string[]> {
		const tables = (await tableNames(database)).map((name) => ({ name }));
		expect(tables.map((t) => t.name)).toEqual(
			expect.arrayContaining(['users', 'sessions', 'participants', 'join_links'])
		);
		const values: string[] = [];
		for (const { name } of tables) {
			for (const row of await query(database, `select * from "${name.replaceAll('"', '""')}"`)) {
				for (const value of Object.values(row)) {
					if (typeof value === 'string') values.push(value);
					else if (value instanceof Uint8Array)
						values.push(Buffer.from(value).toString('latin1'), Buffer.from(value).toString('utf8'));
				}
			}
		}
		return values;
	}

	async function expectStoredNowhere(secret: string) {
		const values = await everyStoredValue();
		expect(values.length).toBeGreaterThan(0);
		for (const value of values)
			expect(value.includes(secret), `found in a stored value: ${value.slice(0, 80)}`).toBe(false);
		// And not in the bytes of the files either (SQLite's main file and its write-ahead log).
		if (database.dialect === 'sqlite')
			for (const file of [database.path, `${database.path}-wal`]) {
				if (existsSync(file))
					expect(readFileSync(file).includes(Buffer.from(secret, 'utf8')), file).toBe(false);
			}
	}

	async function newUser(name = 'Đại biểu', extra: { username?: string; password?: string } = {}): Promise<number> {
		const result = await createUser(database.db, { displayName: name, ...extra });
		if (!result.ok) throw new Error(`createUser: ${result.reason}`);
		return result.id;
	}

	const sessionRow = async (id: string) =>
		(
			await query<{ id: string; user_id: number; expires_at: number; created_at: number }>(
				database,
				'select * from sessions where id = ?',
				id
			)
		)[0];

	// ---- Sessions ---------------------------------------------------------------------------------------------------

	describe('sessions', () => {
		it('createSession returns a random token; the database holds only its SHA-256 hex, as the session id', async () => {
			const userId = await newUser();
			const { token, session } = await createSession(database.db, userId, T0);
			expect(token).toMatch(/^[a-z2-7]{32}$/); // 160 random bits, base32
			expect(session).toEqual({ id: sha256Hex(token), userId, expiresAt: T0 + 30 * DAY });
			expect(session.id).toMatch(/^[0-9a-f]{64}$/);
			expect(await sessionRow(session.id)).toEqual({
				id: sha256Hex(token),
				user_id: userId,
				expires_at: T0 + 30 * DAY,
				created_at: T0
			});
			await expectStoredNowhere(token);
		});

		it('no token of many sessions is stored, and every one is different', async () => {
			const userId = await newUser();
			const tokens: string[] = [];
			for (let i = 0; i < 20; i++) tokens.push((await createSession(database.db, userId, T0)).token);
			expect(new Set(tokens).size).toBe(20);
			const ids = (await query<{ id: string }>(database, 'select id from sessions')).map((r) => r.id).sort();
			expect(ids).toEqual(tokens.map(sha256Hex).sort());
			for (const token of tokens) await expectStoredNowhere(token);
		});

		it('hashToken is the lower-case hex SHA-256 of the token', () => {
			for (const token of [generateToken(), 'abc', '']) expect(hashToken(token)).toBe(sha256Hex(token));
		});

		it('the lifetime is 30 days', () => {
			expect(SESSION_LIFETIME).toBe(30 * DAY);
		});

		it('validates a fresh token, giving its session and user', async () => {
			const userId = (await createUser(database.db, { displayName: 'Ada', username: 'ada' })) as {
				ok: true;
				id: number;
			};
			const { token, session } = await createSession(database.db, userId.id, T0);
			const result = await validateSessionToken(database.db, token, T0 + 1000);
			expect(result).toEqual({
				session,
				user: { id: userId.id, displayName: 'Ada', username: 'ada', unitId: null, isAdmin: false },
				renewed: false
			});
		});

		it('refuses an unknown token, the session id itself, and a token differing by case', async () => {
			const userId = await newUser();
			const { token, session } = await createSession(database.db, userId, T0);
			expect(await validateSessionToken(database.db, generateToken(), T0)).toEqual({ session: null, user: null });
			expect(await validateSessionToken(database.db, session.id, T0)).toEqual({ session: null, user: null });
			expect(await validateSessionToken(database.db, token.toUpperCase(), T0)).toEqual({
				session: null,
				user: null
			});
			expect(await validateSessionToken(database.db, '', T0)).toEqual({ session: null, user: null });
			expect((await validateSessionToken(database.db, token, T0)).session).not.toBeNull();
		});

		it('an expired session (now ≥ expiresAt) is refused and its row deleted', async () => {
			const userId = await newUser();
			const { token, session } = await createSession(database.db, userId, T0);
			const justBefore = await validateSessionToken(database.db, token, session.expiresAt - 1);
			expect(justBefore.session).not.toBeNull();
			// That validation renewed it; make a new one and let it expire untouched.
			const second = await createSession(database.db, userId, T0);
			expect(await validateSessionToken(database.db, second.token, second.session.expiresAt)).toEqual({
				session: null,
				user: null
			});
			expect(await sessionRow(second.session.id)).toBeUndefined();
			expect(await validateSessionToken(database.db, second.token, T0)).toEqual({ session: null, user: null }); // gone for good
			expect(await sessionRow(session.id)).toBeDefined(); // the other one is untouched
		});

		it('a session long past its expiry is refused and deleted too', async () => {
			const userId = await newUser();
			const { token, session } = await createSession(database.db, userId, T0);
			expect((await validateSessionToken(database.db, token, T0 + 365 * DAY)).session).toBeNull();
			expect(await sessionRow(session.id)).toBeUndefined();
		});

		it('is extended on use once fewer than 15 days are left: to now + 30 days', async () => {
			const userId = await newUser();
			const { token, session } = await createSession(database.db, userId, T0);
			const now = T0 + 16 * DAY;
			const result = await validateSessionToken(database.db, token, now);
			expect(result.session).toEqual({ id: session.id, userId, expiresAt: now + 30 * DAY });
			expect(result).toMatchObject({ renewed: true });
			expect((await sessionRow(session.id))!.expires_at).toBe(now + 30 * DAY);
			// Alive well past the first expiry now.
			const later = await validateSessionToken(database.db, token, T0 + 40 * DAY);
			expect(later.session).not.toBeNull();
		});

		it('is not extended while more than 15 days are left', async () => {
			const userId = await newUser();
			const { token, session } = await createSession(database.db, userId, T0);
			const result = await validateSessionToken(database.db, token, T0 + DAY);
			expect(result).toMatchObject({ renewed: false, session: { expiresAt: T0 + 30 * DAY } });
			expect((await sessionRow(session.id))!.expires_at).toBe(T0 + 30 * DAY);
		});

		it('renews on the boundary as documented: exactly 15 days left is not renewed, a millisecond less is', async () => {
			const userId = await newUser();
			const { token, session } = await createSession(database.db, userId, T0);
			expect(await validateSessionToken(database.db, token, T0 + 15 * DAY)).toMatchObject({ renewed: false });
			expect((await sessionRow(session.id))!.expires_at).toBe(T0 + 30 * DAY);
			const now = T0 + 15 * DAY + 1;
			expect(await validateSessionToken(database.db, token, now)).toMatchObject({
				renewed: true,
				session: { expiresAt: now + 30 * DAY }
			});
		});

		it('a session never used expires 30 days after it was made, even if validated early on', async () => {
			const userId = await newUser();
			const { token } = await createSession(database.db, userId, T0);
			await validateSessionToken(database.db, token, T0 + DAY); // not renewed
			expect((await validateSessionToken(database.db, token, T0 + 30 * DAY)).session).toBeNull();
		});

		it('invalidateSession (sign-out) ends that session only', async () => {
			const userId = await newUser();
			const one = await createSession(database.db, userId, T0);
			const two = await createSession(database.db, userId, T0);
			await invalidateSession(database.db, one.session.id);
			expect(await validateSessionToken(database.db, one.token, T0 + 1)).toEqual({ session: null, user: null });
			expect(await sessionRow(one.session.id)).toBeUndefined();
			expect((await validateSessionToken(database.db, two.token, T0 + 1)).session).not.toBeNull();
			await invalidateSession(database.db, one.session.id); // twice is harmless
		});

		it('invalidateUserSessions ends every session of that user and none of another user', async () => {
			const ada = await newUser('Ada');
			const bob = await newUser('Bob');
			const adas = await Promise.all([1, 2, 3].map(() => createSession(database.db, ada, T0)));
			const bobs = await createSession(database.db, bob, T0);
			await invalidateUserSessions(database.db, ada);
			for (const { token } of adas)
				expect((await validateSessionToken(database.db, token, T0 + 1)).session).toBeNull();
			const count = (
				await query<{ n: number }>(database, 'select count(*) as n from sessions where user_id = ?', ada)
			)[0]!;
			expect(count.n).toBe(0);
			expect(await validateSessionToken(database.db, bobs.token, T0 + 1)).toMatchObject({ user: { id: bob } });
		});

		it('the session cookie is HttpOnly, SameSite=Lax, path /, expiring with the session; Secure except on local http', () => {
			const expiresAt = T0 + 30 * DAY;
			const production = sessionCookieOptions(new URL('https://binhxet.example/login'), expiresAt);
			expect(production).toEqual({
				path: '/',
				httpOnly: true,
				sameSite: 'lax',
				secure: true,
				expires: new Date(expiresAt)
			});
			expect(sessionCookieOptions(new URL('http://localhost:5173/'), expiresAt).secure).toBe(false);
			expect(sessionCookieOptions(new URL('http://127.0.0.1:3000/'), expiresAt).secure).toBe(false);
			expect(sessionCookieOptions(new URL('http://binhxet.example/'), expiresAt).secure).toBe(true);
		});
	});

	// ---- Passwords --------------------------------------------------------------------------------------------------

	describe('passwords', () => {
		it('are hashed with argon2id at the Lucia guide’s parameters (19 MiB, 2 passes, 1 lane), salted', async () => {
			const one = await hashPassword('mat-khau-dai');
			const two = await hashPassword('mat-khau-dai');
			expect(one).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
			expect(one).not.toBe(two);
			expect(one).not.toContain('mat-khau-dai');
		});

		it('verify the right password and refuse a wrong one', async () => {
			const hash = await hashPassword('mật khẩu dài lắm');
			expect(await verifyPassword(hash, 'mật khẩu dài lắm')).toBe(true);
			expect(await verifyPassword(hash, 'mật khẩu dài lắm ')).toBe(false);
			expect(await verifyPassword(hash, 'mat khau dai lam')).toBe(false);
			expect(await verifyPassword(hash, '')).toBe(false);
		});

		it('a malformed stored hash is a failed check, not a crash', async () => {
			for (const bad of [
				'',
				'not-a-hash',
				'$argon2id$v=19$m=19456,t=2,p=1$',
				'$2b$10$abcdefghijklmnopqrstuv',
				'plain-password'
			]) {
				await expect(verifyPassword(bad, 'plain-password'), JSON.stringify(bad)).resolves.toBe(false);
			}
		});

		it('passwordProblem: at least 8 characters, at most 256', () => {
			expect(passwordProblem('1234567')).toBe('too_short');
			expect(passwordProblem('12345678')).toBeNull();
			expect(passwordProblem('x'.repeat(256))).toBeNull();
			expect(passwordProblem('x'.repeat(257))).toBe('too_long');
		});
	});

	// ---- Join links -------------------------------------------------------------------------------------------------

	describe('join links', () => {
		let meetingId: number;
		let participants: ParticipantRecord[];
		let delegate: ParticipantRecord;

		beforeEach(async () => {
			meetingId = (await loadDemoIfEmpty(database.db))!;
			await ensureDemoParticipants(database.db, meetingId);
			participants = await listParticipants(database.db, meetingId);
			delegate = participants.find((p) => p.role === 'delegate')!;
		});

		const joinedAt = async (participantId: number) =>
			(
				await query<{ joined_at: string | null }>(
					database,
					'select joined_at from participants where id = ?',
					participantId
				)
			)[0]!.joined_at;

		it('the demo has the issue’s cast: host, head, two vice-heads, a delegate per unit, an observer', () => {
			const roles = participants.map((p) => p.role);
			expect(roles.filter((r) => r === 'host')).toHaveLength(1);
			expect(roles.filter((r) => r === 'head')).toHaveLength(1);
			expect(roles.filter((r) => r === 'vice_head')).toHaveLength(2);
			expect(roles.filter((r) => r === 'delegate')).toHaveLength(8);
			expect(roles.filter((r) => r === 'observer')).toHaveLength(1);
			const delegateUnits = participants.filter((p) => p.role === 'delegate').map((p) => p.unitId);
			expect(new Set(delegateUnits).size).toBe(8);
			expect(delegateUnits.every((u) => u !== null)).toBe(true);
			expect(participants.every((p) => p.joinedAt === null)).toBe(true);
		});

		it('a fresh link is valid for 7 days and names its participant; inspecting does not use it', async () => {
			const { token, expiresAt } = await issueJoinLink(database.db, delegate.id, { now: T0 });
			expect(DEFAULT_LINK_LIFETIME).toBe(7 * DAY);
			expect(expiresAt).toBe(T0 + 7 * DAY);
			const expected = {
				state: 'valid',
				participantId: delegate.id,
				meetingId,
				userId: delegate.userId,
				displayName: delegate.displayName
			};
			expect(await inspectJoinLink(database.db, token, T0)).toEqual(expected);
			expect(await inspectJoinLink(database.db, token, T0 + 1)).toEqual(expected);
			expect(await joinedAt(delegate.id)).toBeNull();
		});

		it('is stored only as the SHA-256 hex of its token', async () => {
			const { token } = await issueJoinLink(database.db, delegate.id, { now: T0 });
			const rows = await query<{ id: string }>(database, 'select id from join_links');
			expect(rows).toEqual([{ id: sha256Hex(token) }]);
			await expectStoredNowhere(token);
		});

		it('redeems once: valid, and the participant is marked as joined; a second time it says "used"', async () => {
			const { token } = await issueJoinLink(database.db, delegate.id, { now: T0 });
			const first = await redeemJoinLink(database.db, token, T0 + 5000);
			expect(first).toEqual({
				state: 'valid',
				participantId: delegate.id,
				meetingId,
				userId: delegate.userId,
				displayName: delegate.displayName
			});
			expect(await joinedAt(delegate.id)).toBe(new Date(T0 + 5000).toISOString());
			const usedAt = (await query<{ used_at: number }>(database, 'select used_at from join_links'))[0]!.used_at;
			expect(usedAt).toBe(T0 + 5000);
			expect((await redeemJoinLink(database.db, token, T0 + 6000)).state).toBe('used');
			expect((await inspectJoinLink(database.db, token, T0 + 6000)).state).toBe('used');
			expect(await joinedAt(delegate.id)).toBe(new Date(T0 + 5000).toISOString()); // the first joining stays
			expect((await findParticipant(database.db, meetingId, delegate.userId))!.joinedAt).toBe(
				new Date(T0 + 5000).toISOString()
			);
		});

		it('a second link redeemed later keeps the time of first joining', async () => {
			const one = await issueJoinLink(database.db, delegate.id, { now: T0 });
			const two = await issueJoinLink(database.db, delegate.id, { now: T0 });
			expect((await redeemJoinLink(database.db, one.token, T0 + 1000)).state).toBe('valid');
			expect((await redeemJoinLink(database.db, two.token, T0 + DAY)).state).toBe('valid');
			expect(await joinedAt(delegate.id)).toBe(new Date(T0 + 1000).toISOString());
		});

		it('expires: valid until a millisecond before expiresAt, "expired" from expiresAt on, and cannot be redeemed then', async () => {
			const { token, expiresAt } = await issueJoinLink(database.db, delegate.id, { now: T0 });
			expect((await inspectJoinLink(database.db, token, expiresAt - 1)).state).toBe('valid');
			expect((await inspectJoinLink(database.db, token, expiresAt)).state).toBe('expired');
			expect((await redeemJoinLink(database.db, token, expiresAt)).state).toBe('expired');
			expect((await redeemJoinLink(database.db, token, expiresAt + 30 * DAY)).state).toBe('expired');
			expect(await joinedAt(delegate.id)).toBeNull();
			const usedAt = (await query<{ used_at: number | null }>(database, 'select used_at from join_links'))[0]!
				.used_at;
			expect(usedAt).toBeNull();
		});

		it('honours a custom lifetime', async () => {
			const { token, expiresAt } = await issueJoinLink(database.db, delegate.id, { now: T0, lifetimeMs: 60_000 });
			expect(expiresAt).toBe(T0 + 60_000);
			expect((await redeemJoinLink(database.db, token, T0 + 60_000)).state).toBe('expired');
		});

		it('revoking marks every unused link of the participant as revoked and counts only those', async () => {
			const used = await issueJoinLink(database.db, delegate.id, { now: T0 });
			const a = await issueJoinLink(database.db, delegate.id, { now: T0 });
			const b = await issueJoinLink(database.db, delegate.id, { now: T0 });
			const other = participants.find((p) => p.role === 'observer')!;
			const othersLink = await issueJoinLink(database.db, other.id, { now: T0 });
			expect((await redeemJoinLink(database.db, used.token, T0 + 1)).state).toBe('valid');

			expect(await revokeJoinLinks(database.db, delegate.id, T0 + 2)).toBe(2);
			expect((await inspectJoinLink(database.db, a.token, T0 + 3)).state).toBe('revoked');
			expect((await inspectJoinLink(database.db, b.token, T0 + 3)).state).toBe('revoked');
			expect((await redeemJoinLink(database.db, a.token, T0 + 3)).state).toBe('revoked');
			expect((await inspectJoinLink(database.db, used.token, T0 + 3)).state).toBe('used'); // a used link stays used
			expect((await inspectJoinLink(database.db, othersLink.token, T0 + 3)).state).toBe('valid'); // another's untouched

			expect(await revokeJoinLinks(database.db, delegate.id, T0 + 4)).toBe(0); // already revoked ones are not counted again
			const c = await issueJoinLink(database.db, delegate.id, { now: T0 + 5 }); // reissue after revocation
			expect((await redeemJoinLink(database.db, c.token, T0 + 6)).state).toBe('valid');
		});

		it('a revoked link that has also expired says "revoked"', async () => {
			const { token, expiresAt } = await issueJoinLink(database.db, delegate.id, { now: T0 });
			await revokeJoinLinks(database.db, delegate.id, T0 + 1);
			expect((await inspectJoinLink(database.db, token, expiresAt + 1)).state).toBe('revoked');
		});

		it('an unknown token is "unknown", and so is the stored hash used as a token', async () => {
			const { token } = await issueJoinLink(database.db, delegate.id, { now: T0 });
			expect(await inspectJoinLink(database.db, generateToken(), T0)).toEqual({ state: 'unknown' });
			expect(await redeemJoinLink(database.db, generateToken(), T0)).toEqual({ state: 'unknown' });
			expect(await redeemJoinLink(database.db, hashToken(token), T0)).toEqual({ state: 'unknown' });
			expect(await redeemJoinLink(database.db, '', T0)).toEqual({ state: 'unknown' });
		});

		it('two simultaneous redemptions of one token: exactly one is valid, the other sees "used"', async () => {
			const { token } = await issueJoinLink(database.db, delegate.id, { now: T0 });
			const results = await Promise.all([
				redeemJoinLink(database.db, token, T0 + 1),
				redeemJoinLink(database.db, token, T0 + 1)
			]);
			expect(results.map((r) => r.state).sort()).toEqual(['used', 'valid']);
		});

		it('ten simultaneous redemptions of one token: exactly one is valid', async () => {
			const { token } = await issueJoinLink(database.db, delegate.id, { now: T0 });
			const results = await Promise.all(
				Array.from({ length: 10 }, () => redeemJoinLink(database.db, token, T0 + 1))
			);
			expect(results.filter((r) => r.state === 'valid')).toHaveLength(1);
			expect(results.filter((r) => r.state === 'used')).toHaveLength(9);
		});

		it('redemptions through a second connection to the same file are single-use too', async () => {
			const { openDatabase } = await import('$lib/server/db/open');
			const second = await openDatabase(database.path);
			try {
				const { token } = await issueJoinLink(database.db, delegate.id, { now: T0 });
				const results = await Promise.all([
					redeemJoinLink(database.db, token, T0 + 1),
					redeemJoinLink(second.db, token, T0 + 1)
				]);
				expect(results.map((r) => r.state).sort()).toEqual(['used', 'valid']);
			} finally {
				await second.db.destroy();
			}
		});

		it('linkStatuses counts active links per participant and the last issue time', async () => {
			await issueJoinLink(database.db, delegate.id, { now: T0 });
			const used = await issueJoinLink(database.db, delegate.id, { now: T0 + 10 });
			await issueJoinLink(database.db, delegate.id, { now: T0 - 8 * DAY }); // expired by T0 + 20
			await redeemJoinLink(database.db, used.token, T0 + 15);
			const statuses = await linkStatuses(database.db, meetingId, T0 + 20);
			expect(statuses.get(delegate.id)).toEqual({
				participantId: delegate.id,
				activeLinks: 1,
				lastIssuedAt: T0 + 10
			});
			expect(statuses.size).toBe(1);
		});
	});

	// ---- Participants -----------------------------------------------------------------------------------------------

	describe('participants', () => {
		let meetingId: number;
		let participants: ParticipantRecord[];

		beforeEach(async () => {
			meetingId = (await loadDemoIfEmpty(database.db))!;
			await ensureDemoParticipants(database.db, meetingId);
			participants = await listParticipants(database.db, meetingId);
		});

		const count = async () =>
			(await query<{ n: number }>(database, 'select count(*) as n from participants'))[0]!.n;

		it('refuses a second delegate for a unit that has one, and adds nothing', async () => {
			const unitId = participants.find((p) => p.role === 'delegate')!.unitId!;
			const userId = await newUser('Đại biểu thứ hai');
			const before = await count();
			expect(await addParticipant(database.db, { meetingId, userId, role: 'delegate', unitId })).toEqual({
				ok: false,
				reason: 'unit_has_delegate'
			});
			expect(await count()).toBe(before);
		});

		it('refuses a delegate without a unit', async () => {
			const userId = await newUser();
			expect(await addParticipant(database.db, { meetingId, userId, role: 'delegate', unitId: null })).toEqual({
				ok: false,
				reason: 'delegate_needs_unit'
			});
		});

		it('refuses a unit that is not a member of the meeting, existing or not', async () => {
			const clusterId = (
				await query<{ cluster_id: number }>(database, 'select cluster_id from meetings where id = ?', meetingId)
			)[0]!.cluster_id;
			const [{ id: outsider }] = (await query<{ id: number }>(
				database,
				"insert into units (cluster_id, slug, name, short_name, position) values (?, 'ngoai', 'Trường ngoài cụm', 'Ngoài', 99) returning id",
				clusterId
			)) as [{ id: number }];
			const userId = await newUser();
			expect(
				await addParticipant(database.db, { meetingId, userId, role: 'delegate', unitId: outsider })
			).toEqual({
				ok: false,
				reason: 'unit_not_in_meeting'
			});
			expect(
				await addParticipant(database.db, { meetingId, userId, role: 'vice_head', unitId: outsider })
			).toEqual({
				ok: false,
				reason: 'unit_not_in_meeting'
			});
			expect(await addParticipant(database.db, { meetingId, userId, role: 'delegate', unitId: 9999 })).toEqual({
				ok: false,
				reason: 'unit_not_in_meeting'
			});
		});

		it('refuses the same user twice, whatever the second role', async () => {
			const observer = participants.find((p) => p.role === 'observer')!;
			for (const role of ['observer', 'host', 'vice_head'] as const) {
				expect(
					await addParticipant(database.db, { meetingId, userId: observer.userId, role, unitId: null })
				).toEqual({ ok: false, reason: 'already_participant' });
			}
		});

		it('adds a non-delegate for a unit that already has a delegate, and an observer without a unit', async () => {
			const unitId = participants.find((p) => p.role === 'delegate')!.unitId!;
			const vice = await addParticipant(database.db, {
				meetingId,
				userId: await newUser('Phó'),
				role: 'vice_head',
				unitId
			});
			expect(vice.ok).toBe(true);
			const observer = await addParticipant(database.db, {
				meetingId,
				userId: await newUser('Quan sát'),
				role: 'observer',
				unitId: null
			});
			expect(observer.ok).toBe(true);
			expect(await listParticipants(database.db, meetingId)).toHaveLength(participants.length + 2);
		});

		it('of two simultaneous delegates for one free unit, exactly one is added', async () => {
			const delegate = participants.find((p) => p.role === 'delegate')!;
			await query(database, 'delete from participants where id = ?', delegate.id);
			const [a, b] = [await newUser('A'), await newUser('B')];
			const results = await Promise.all([
				addParticipant(database.db, { meetingId, userId: a, role: 'delegate', unitId: delegate.unitId }),
				addParticipant(database.db, { meetingId, userId: b, role: 'delegate', unitId: delegate.unitId })
			]);
			expect(results.filter((r) => r.ok)).toHaveLength(1);
			expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'unit_has_delegate' }]);
		});

		it('the database itself refuses a second delegate for a unit and a delegate without a unit', async () => {
			const delegate = participants.find((p) => p.role === 'delegate')!;
			const [{ id: userId }] = (await query<{ id: number }>(
				database,
				"insert into users (display_name, created_at) values ('x', '2021-12-20') returning id"
			)) as [{ id: number }];
			const insert = (unitId: number | null) =>
				query(
					database,
					"insert into participants (meeting_id, user_id, role, unit_id, created_at) values (?, ?, 'delegate', ?, '2021-12-20')",
					meetingId,
					userId,
					unitId
				);
			// SQLite and PostgreSQL word it their own way: a unique constraint, a check constraint.
			await expect(insert(delegate.unitId)).rejects.toThrow(/UNIQUE|unique constraint/);
			await expect(insert(null)).rejects.toThrow(/CHECK|check constraint/);
		});

		it('findParticipant gives the role and unit of a user in a meeting, and nothing for a stranger', async () => {
			const delegate = participants.find((p) => p.role === 'delegate')!;
			expect(await findParticipant(database.db, meetingId, delegate.userId)).toEqual(delegate);
			expect(delegate.unitName).toBeTruthy();
			expect(await findParticipant(database.db, meetingId, await newUser())).toBeUndefined();
		});
	});

	// ---- Users ------------------------------------------------------------------------------------------------------

	describe('users', () => {
		it('needs a display name', async () => {
			expect(await createUser(database.db, { displayName: '   ' })).toEqual({
				ok: false,
				reason: 'name_required'
			});
		});

		it('may have no username and no password (joins by link)', async () => {
			const result = await createUser(database.db, { displayName: 'Đại biểu Lai Châu' });
			expect(result.ok).toBe(true);
			const [row] = await query(database, 'select username, password_hash from users');
			expect(row).toEqual({ username: null, password_hash: null });
		});

		it('accepts usernames of lowercase letters, digits, dot, dash and underscore, trimmed and lowercased', async () => {
			for (const [input, stored] of [
				['ada', 'ada'],
				['  Bob.Smith  ', 'bob.smith'],
				['thu_ky-2021', 'thu_ky-2021'],
				['ab', 'ab'],
				['9lives', '9lives'],
				['a'.repeat(64), 'a'.repeat(64)]
			] as const satisfies readonly (readonly [string, string])[]) {
				const result = await createUser(database.db, { displayName: 'x', username: input });
				expect(result.ok, JSON.stringify(input)).toBe(true);
				if (result.ok) expect((await findUserForSignIn(database.db, stored))?.id).toBe(result.id);
			}
		});

		it('refuses other usernames', async () => {
			for (const bad of [
				'a',
				'.ada',
				'-ada',
				'_ada',
				'ada lovelace',
				'sơnla',
				'ada@example',
				'a'.repeat(65),
				'ada/1',
				"ada'"
			]) {
				expect(await createUser(database.db, { displayName: 'x', username: bad }), JSON.stringify(bad)).toEqual(
					{
						ok: false,
						reason: 'bad_username'
					}
				);
			}
			expect(await query(database, 'select count(*) as n from users')).toEqual([{ n: 0 }]);
		});

		it('refuses a taken username, whatever its case', async () => {
			expect((await createUser(database.db, { displayName: 'Ada', username: 'ada' })).ok).toBe(true);
			expect(await createUser(database.db, { displayName: 'Ada 2', username: 'ada' })).toEqual({
				ok: false,
				reason: 'username_taken'
			});
			expect(await createUser(database.db, { displayName: 'Ada 3', username: ' ADA ' })).toEqual({
				ok: false,
				reason: 'username_taken'
			});
		});

		it('refuses a password that is too short or too long, before storing anything', async () => {
			expect(await createUser(database.db, { displayName: 'x', username: 'ada', password: '1234567' })).toEqual({
				ok: false,
				reason: 'too_short'
			});
			expect(await createUser(database.db, { displayName: 'x', username: 'ada', password: '' })).toEqual({
				ok: false,
				reason: 'too_short'
			});
			expect(
				await createUser(database.db, { displayName: 'x', username: 'ada', password: 'x'.repeat(257) })
			).toEqual({ ok: false, reason: 'too_long' });
			expect(await query(database, 'select count(*) as n from users')).toEqual([{ n: 0 }]);
		});

		it('stores a password only as its argon2id hash, which verifies', async () => {
			const result = await createUser(database.db, {
				displayName: 'Ada',
				username: 'ada',
				password: 'mat-khau-dai'
			});
			expect(result.ok).toBe(true);
			const user = await findUserForSignIn(database.db, 'ADA');
			expect(user!.password_hash).toMatch(/^\$argon2id\$/);
			expect(await verifyPassword(user!.password_hash!, 'mat-khau-dai')).toBe(true);
			await expectStoredNowhere('mat-khau-dai');
		});

		it('setCredentials lets a user who joined by link choose a free username and a password', async () => {
			const ada = await newUser('Ada');
			await newUser('Bob', { username: 'bob' });
			expect(await setCredentials(database.db, ada, 'bob', 'mat-khau-dai')).toEqual({
				ok: false,
				reason: 'username_taken'
			});
			expect(await setCredentials(database.db, ada, 'a', 'mat-khau-dai')).toEqual({
				ok: false,
				reason: 'bad_username'
			});
			expect(await setCredentials(database.db, ada, 'ada', 'short')).toEqual({ ok: false, reason: 'too_short' });
			expect(await setCredentials(database.db, ada, ' Ada ', 'mat-khau-dai')).toEqual({ ok: true });
			expect(await setCredentials(database.db, ada, 'ada', 'mat-khau-moi')).toEqual({ ok: true }); // their own name is not "taken"
			const user = await findUserForSignIn(database.db, 'ada');
			expect(user!.id).toBe(ada);
			expect(await verifyPassword(user!.password_hash!, 'mat-khau-moi')).toBe(true);
		});

		it('of two simultaneous accounts with one username, one is made and the other is told the name is taken (no crash)', async () => {
			const results = await Promise.allSettled([
				createUser(database.db, { displayName: 'Ada', username: 'ada', password: 'mat-khau-dai' }),
				createUser(database.db, { displayName: 'Ada 2', username: 'ada', password: 'mat-khau-dai' })
			]);
			const values = results.map((r) => (r.status === 'fulfilled' ? r.value : { rejected: String(r.reason) }));
			expect(values).toContainEqual({ ok: false, reason: 'username_taken' });
			expect(values.filter((v) => 'ok' in v && v.ok)).toHaveLength(1);
		});

		it('of two users choosing one username at the same time, one gets it and the other is told it is taken (no crash)', async () => {
			const [a, b] = [await newUser('A'), await newUser('B')];
			const results = await Promise.allSettled([
				setCredentials(database.db, a, 'chung', 'mat-khau-dai'),
				setCredentials(database.db, b, 'chung', 'mat-khau-dai')
			]);
			const values = results.map((r) => (r.status === 'fulfilled' ? r.value : { rejected: String(r.reason) }));
			expect(values).toContainEqual({ ok: true });
			expect(values).toContainEqual({ ok: false, reason: 'username_taken' });
		});
	});
});
