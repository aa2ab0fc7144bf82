import type { DB } from '../db/open';
import { generateToken, hashToken } from '../auth/tokens';
import { createUser } from '../people/users';

// Administrators of the installation. The first one comes from a one-time setup link that the server prints when it
// starts on an empty database (or that the admin command prints); an administrator can make other users ones.

const HOUR = 60 * 60 * 1000;
export const SETUP_LINK_LIFETIME = 24 * HOUR;

export async function hasAdministrator(db: DB): Promise<boolean> {
	return (await db.selectFrom('users').select('id').where('is_admin', '=', 1).limit(1).executeTakeFirst()) !== undefined;
}

/** A one-time link; with `userId` it signs that administrator in, without it the opener becomes a new one. */
export async function issueSetupLink(db: DB, options: { userId?: number; now?: number } = {}): Promise<string> {
	const now = options.now ?? Date.now();
	const token = generateToken();
	await db
		.insertInto('admin_setup_links')
		.values({ id: hashToken(token), created_at: now, expires_at: now + SETUP_LINK_LIFETIME, user_id: options.userId ?? null })
		.execute();
	return token;
}

export type SetupLinkState = 'valid' | 'unknown' | 'expired' | 'used';

export async function inspectSetupLink(db: DB, token: string, now = Date.now()): Promise<{ state: SetupLinkState; userId: number | null }> {
	const row = await db.selectFrom('admin_setup_links').selectAll().where('id', '=', hashToken(token)).executeTakeFirst();
	if (!row) return { state: 'unknown', userId: null };
	if (row.used_at !== null) return { state: 'used', userId: null };
	if (row.expires_at <= now) return { state: 'expired', userId: null };
	return { state: 'valid', userId: row.user_id };
}

export type RedeemSetupResult = { ok: true; userId: number } | { ok: false; reason: SetupLinkState | 'name_required' | 'bad_username' | 'username_taken' | 'too_short' | 'too_long' };

/**
 * Uses a setup link once: the link is marked used and the administrator made in one transaction, so two openers
 * racing for one link cannot both become administrators.
 */
export async function redeemSetupLink(
	db: DB,
	token: string,
	person: { displayName: string; username?: string; password?: string },
	now = Date.now()
): Promise<RedeemSetupResult> {
	const id = hashToken(token);
	return db.transaction().execute(async (trx) => {
		const claimed = await trx
			.updateTable('admin_setup_links')
			.set({ used_at: now })
			.where('id', '=', id)
			.where('used_at', 'is', null)
			.where('expires_at', '>', now)
			.returning('user_id')
			.executeTakeFirst();
		if (!claimed) {
			const { state } = await inspectSetupLink(trx as unknown as DB, token, now);
			return { ok: false, reason: state === 'valid' ? 'used' : state } as const;
		}
		let userId = claimed.user_id;
		if (userId === null) {
			const created = await createUser(trx as unknown as DB, {
				displayName: person.displayName,
				username: person.username || null,
				password: person.username ? person.password ?? '' : null
			});
			// Throwing rolls the claim back: a mistyped form does not burn the link.
			if (!created.ok) throw new SetupRefused(created.reason);
			userId = created.id;
		}
		await trx.updateTable('users').set({ is_admin: 1 }).where('id', '=', userId).execute();
		await trx.updateTable('admin_setup_links').set({ used_by: userId }).where('id', '=', id).execute();
		return { ok: true, userId } as const;
	}).catch((error: unknown) => {
		if (error instanceof SetupRefused) return { ok: false, reason: error.reason } as const;
		throw error;
	});
}

class SetupRefused extends Error {
	constructor(readonly reason: 'name_required' | 'bad_username' | 'username_taken' | 'too_short' | 'too_long') {
		super(reason);
	}
}

export async function setAdministrator(db: DB, userId: number, isAdmin: boolean): Promise<boolean> {
	const result = await db.updateTable('users').set({ is_admin: isAdmin ? 1 : 0 }).where('id', '=', userId).executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export interface UserListing {
	id: number;
	displayName: string;
	username: string | null;
	position: string | null;
	isAdmin: boolean;
}

export async function listUsers(db: DB): Promise<UserListing[]> {
	const rows = await db.selectFrom('users').select(['id', 'display_name', 'username', 'position', 'is_admin']).orderBy('display_name').execute();
	return rows.map((r) => ({ id: r.id, displayName: r.display_name, username: r.username, position: r.position, isAdmin: r.is_admin === 1 }));
}
