import type { DB } from '../db/open';
import { generateToken, hashToken } from './tokens';

// Sessions as the Lucia guide teaches them: a random token in the cookie, its SHA-256 in the database, 30 days of
// life, extended on use once half of it has passed (so an active official is never signed out mid-meeting).

const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME = 30 * DAY;
const RENEW_WHEN_LEFT = 15 * DAY;

export interface Session {
	id: string;
	userId: number;
	expiresAt: number;
}

export interface SessionUser {
	id: number;
	displayName: string;
	username: string | null;
	unitId: number | null;
	/** An administrator of the installation: creates clusters and meetings and names their hosts. */
	isAdmin: boolean;
}

export async function createSession(
	db: DB,
	userId: number,
	now = Date.now()
): Promise<{ token: string; session: Session }> {
	const token = generateToken();
	const session: Session = { id: hashToken(token), userId, expiresAt: now + SESSION_LIFETIME };
	await db
		.insertInto('sessions')
		.values({ id: session.id, user_id: userId, expires_at: session.expiresAt, created_at: now })
		.execute();
	return { token, session };
}

export type SessionValidation =
	{ session: Session; user: SessionUser; renewed: boolean } | { session: null; user: null };

/**
 * Looks a cookie's token up; deletes an expired session, renews one past half its life. `renew: false` where no
 * cookie can be set with the new expiry (a WebSocket upgrade): the session must never outlive its cookie, nor the
 * cookie its session.
 */
export async function validateSessionToken(
	db: DB,
	token: string,
	now = Date.now(),
	options: { renew?: boolean } = {}
): Promise<SessionValidation> {
	const id = hashToken(token);
	const row = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.select([
			'sessions.id',
			'sessions.user_id',
			'sessions.expires_at',
			'users.display_name',
			'users.username',
			'users.unit_id',
			'users.is_admin'
		])
		.where('sessions.id', '=', id)
		.executeTakeFirst();
	if (!row) return { session: null, user: null };
	if (now >= row.expires_at) {
		await db.deleteFrom('sessions').where('id', '=', id).execute();
		return { session: null, user: null };
	}
	let expiresAt = row.expires_at;
	const renewed = options.renew !== false && expiresAt - now < RENEW_WHEN_LEFT;
	if (renewed) {
		expiresAt = now + SESSION_LIFETIME;
		await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', id).execute();
	}
	return {
		session: { id, userId: row.user_id, expiresAt },
		user: {
			id: row.user_id,
			displayName: row.display_name,
			username: row.username,
			unitId: row.unit_id,
			isAdmin: row.is_admin === 1
		},
		renewed
	};
}

export async function invalidateSession(db: DB, sessionId: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function invalidateUserSessions(db: DB, userId: number): Promise<void> {
	await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
