import type { DB } from '../db/open';
import { hashPassword, passwordProblem } from '../auth/passwords';
import { isUniqueViolation } from '../db/errors';

export interface NewUser {
	displayName: string;
	username?: string | null;
	password?: string | null;
	unitId?: number | null;
}

export type CreateUserResult =
	| { ok: true; id: number }
	| { ok: false; reason: 'name_required' | 'username_taken' | 'bad_username' | 'too_short' | 'too_long' };

/** Usernames are optional (most officials join by link); when given, lowercase letters, digits, dot, dash, underscore. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export async function createUser(db: DB, input: NewUser, now = new Date()): Promise<CreateUserResult> {
	const displayName = input.displayName.trim();
	if (!displayName) return { ok: false, reason: 'name_required' };
	const username = input.username?.trim().toLowerCase() || null;
	if (username !== null && !USERNAME_PATTERN.test(username)) return { ok: false, reason: 'bad_username' };
	if (input.password != null) {
		const problem = passwordProblem(input.password);
		if (problem) return { ok: false, reason: problem };
	}
	if (username !== null && (await usernameTaken(db, username))) return { ok: false, reason: 'username_taken' };
	const passwordHash = input.password != null ? await hashPassword(input.password) : null;
	try {
		const { id } = await db
			.insertInto('users')
			.values({
				display_name: displayName,
				username,
				password_hash: passwordHash,
				unit_id: input.unitId ?? null,
				created_at: now.toISOString()
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		return { ok: true, id };
	} catch (error) {
		// Someone took the name while the password was hashing: the unique index decides.
		if (isUniqueViolation(error)) return { ok: false, reason: 'username_taken' };
		throw error;
	}
}

async function usernameTaken(db: DB, username: string, exceptUserId?: number): Promise<boolean> {
	let query = db.selectFrom('users').select('id').where('username', '=', username);
	if (exceptUserId !== undefined) query = query.where('id', '<>', exceptUserId);
	return (await query.executeTakeFirst()) !== undefined;
}

export async function findUserForSignIn(db: DB, username: string) {
	return db
		.selectFrom('users')
		.select(['id', 'password_hash'])
		.where('username', '=', username.trim().toLowerCase())
		.executeTakeFirst();
}

export type SetCredentialsResult =
	{ ok: true } | { ok: false; reason: 'username_taken' | 'bad_username' | 'too_short' | 'too_long' };

/** Lets a participant who joined by link choose a username and password to sign in again later. */
export async function setCredentials(
	db: DB,
	userId: number,
	usernameInput: string,
	password: string
): Promise<SetCredentialsResult> {
	const username = usernameInput.trim().toLowerCase();
	if (!USERNAME_PATTERN.test(username)) return { ok: false, reason: 'bad_username' };
	const problem = passwordProblem(password);
	if (problem) return { ok: false, reason: problem };
	if (await usernameTaken(db, username, userId)) return { ok: false, reason: 'username_taken' };
	const passwordHash = await hashPassword(password);
	try {
		await db.updateTable('users').set({ username, password_hash: passwordHash }).where('id', '=', userId).execute();
		return { ok: true };
	} catch (error) {
		if (isUniqueViolation(error)) return { ok: false, reason: 'username_taken' };
		throw error;
	}
}
