// Sign-in throttling kept in the database: it holds across instances (two connections to one database stand for two
// server processes) and counts every failure, also failures arriving at the same moment.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '$lib/server/db/open';
import { signIn } from '$lib/server/auth/sign-in';
import { ACCOUNT_THROTTLE } from '$lib/server/auth/throttle';
import { checkThrottle, recordFailure } from '$lib/server/auth/throttle-store';
import { createUser } from '$lib/server/people/users';
import { DIALECTS, temporaryDatabase, type TemporaryDatabase } from '../support/database';

describe.each(DIALECTS)('on %s', (dialect) => {
	let database: TemporaryDatabase;
	/** A second instance of the board: its own connection to the same database. */
	let other: OpenedDatabase;

	beforeEach(async () => {
		database = await temporaryDatabase(dialect);
		other = await openDatabase(database.path);
		const created = await createUser(database.db, {
			displayName: 'Nguyễn Văn A',
			username: 'ada',
			password: 'mật khẩu đúng 2026'
		});
		expect(created.ok).toBe(true);
	});
	afterEach(async () => {
		await other.db.destroy();
		await database.close();
	});

	it('blocks the sixth attempt on an account after five failures spread over two instances, the right password too', async () => {
		for (let i = 0; i < 5; i++) {
			const instance = i % 2 === 0 ? database.db : other.db;
			expect(await signIn(instance, 'ada', `sai ${i}`, `10.0.0.${i}`)).toEqual({ ok: false, reason: 'wrong' });
		}
		const verdict = await signIn(other.db, 'ADA', 'mật khẩu đúng 2026', '10.0.0.9');
		expect(verdict).toMatchObject({ ok: false, reason: 'throttled' });
		expect(verdict.ok === false && verdict.reason === 'throttled' && verdict.retryAfterMs).toBeGreaterThan(50_000);
	});

	it('a success on one instance clears the account for the other', async () => {
		for (let i = 0; i < 4; i++) await signIn(database.db, 'ada', 'sai', '10.0.0.1');
		expect(await signIn(other.db, 'ada', 'mật khẩu đúng 2026', '10.0.0.1')).toMatchObject({ ok: true });
		for (let i = 0; i < 4; i++) await signIn(database.db, 'ada', 'sai', '10.0.0.1');
		expect(await signIn(other.db, 'ada', 'mật khẩu đúng 2026', '10.0.0.1')).toMatchObject({ ok: true });
	});

	it('throttles a client address after twenty failures, whatever account names it tried', async () => {
		for (let i = 0; i < 20; i++)
			await signIn(i % 2 ? database.db : other.db, `khong-co-${i}`, 'sai', '203.0.113.7');
		expect(await signIn(database.db, 'ada', 'mật khẩu đúng 2026', '203.0.113.7')).toMatchObject({
			ok: false,
			reason: 'throttled'
		});
		expect(await signIn(database.db, 'ada', 'mật khẩu đúng 2026', '203.0.113.8')).toMatchObject({ ok: true });
	});

	it('counts every one of failures that arrive at the same moment at both instances', async () => {
		const now = Date.now();
		await Promise.all(
			[0, 1, 2, 3].map((i) => recordFailure(i % 2 ? database.db : other.db, 'account:bob', ACCOUNT_THROTTLE, now))
		);
		expect(await checkThrottle(database.db, 'account:bob', now)).toEqual({ allowed: true });
		await recordFailure(other.db, 'account:bob', ACCOUNT_THROTTLE, now);
		expect(await checkThrottle(database.db, 'account:bob', now)).toEqual({ allowed: false, retryAfterMs: 60_000 });
	});
});
