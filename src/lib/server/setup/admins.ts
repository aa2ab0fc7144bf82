import type { DB } from '../db/open';
import { generateToken, hashToken } from '../auth/tokens';
import { revokeJoinLinksOfUser } from '../people/join-links';
import { createUser } from '../people/users';
import { serializable } from '../db/serializable';

// Administrators of the installation. The first one comes from a one-time setup link that the server prints when it
// starts on an empty database (or that the admin command prints); an administrator can make other users ones.

const HOUR = 60 * 60 * 1000;
export const SETUP_LINK_LIFETIME = 24 * HOUR;

export async function hasAdministrator(db: DB): Promise<boolean> {
	return (
		(await db.selectFrom('users').select('id').where('is_admin', '=', 1).limit(1).executeTakeFirst()) !== undefined
	);
}

/** A one-time link; with `userId` it signs that administrator in, without it the opener becomes a new one. */
export async function issueSetupLink(db: DB, options: { userId?: number; now?: number } = {}): Promise<string> {
	const now = options.now ?? Date.now();
	const token = generateToken();
	await db
		.insertInto('admin_setup_links')
		.values({
			id: hashToken(token),
			created_at: now,
			expires_at: now + SETUP_LINK_LIFETIME,
			user_id: options.userId ?? null
		})
		.execute();
	return token;
}

export type SetupLinkState = 'valid' | 'unknown' | 'expired' | 'used' | 'revoked';

/**
 * A link that would make its opener a new administrator is good only while there is none: once one exists, every
 * such link still outstanding is revoked (a link printed by an earlier start must not make a second one). Links
 * made for a named administrator (the admin command's create-admin) only sign that administrator in, and stay.
 */
async function revokeOpenSetupLinks(db: DB, now: number): Promise<void> {
	await db
		.updateTable('admin_setup_links')
		.set({ revoked_at: now })
		.where('user_id', 'is', null)
		.where('used_at', 'is', null)
		.where('revoked_at', 'is', null)
		.execute();
}

export async function inspectSetupLink(
	db: DB,
	token: string,
	now = Date.now()
): Promise<{ state: SetupLinkState; userId: number | null }> {
	const row = await db
		.selectFrom('admin_setup_links')
		.selectAll()
		.where('id', '=', hashToken(token))
		.executeTakeFirst();
	if (!row) return { state: 'unknown', userId: null };
	if (row.used_at !== null) return { state: 'used', userId: null };
	if (row.revoked_at !== null || (row.user_id === null && (await hasAdministrator(db))))
		return { state: 'revoked', userId: null };
	if (row.expires_at <= now) return { state: 'expired', userId: null };
	return { state: 'valid', userId: row.user_id };
}

export type RedeemSetupResult =
	| { ok: true; userId: number }
	| {
			ok: false;
			reason: SetupLinkState | 'name_required' | 'bad_username' | 'username_taken' | 'too_short' | 'too_long';
	  };

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
	return serializable(db, async (trx) => {
		// An opener becomes an administrator only while there is none (read in the same transaction as the claim).
		if (await hasAdministrator(trx as unknown as DB)) await revokeOpenSetupLinks(trx as unknown as DB, now);
		const claimed = await trx
			.updateTable('admin_setup_links')
			.set({ used_at: now })
			.where('id', '=', id)
			.where('used_at', 'is', null)
			.where('revoked_at', 'is', null)
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
				password: person.username ? (person.password ?? '') : null
			});
			// Throwing rolls the claim back: a mistyped form does not burn the link.
			if (!created.ok) throw new SetupRefused(created.reason);
			userId = created.id;
		}
		await trx.updateTable('users').set({ is_admin: 1 }).where('id', '=', userId).execute();
		await trx.updateTable('admin_setup_links').set({ used_by: userId }).where('id', '=', id).execute();
		await revokeOpenSetupLinks(trx as unknown as DB, now);
		await revokeJoinLinksOfUser(trx as unknown as DB, userId, now);
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

/**
 * Makes a user an administrator or not. Becoming one revokes every outstanding set-up link and the user's own
 * unused join links: an administrator signs in with their password (or a create-admin link), never by a join link.
 */
export async function setAdministrator(db: DB, userId: number, isAdmin: boolean, now = Date.now()): Promise<boolean> {
	return serializable(db, async (trx) => {
		const result = await trx
			.updateTable('users')
			.set({ is_admin: isAdmin ? 1 : 0 })
			.where('id', '=', userId)
			.executeTakeFirst();
		if (Number(result.numUpdatedRows) !== 1) return false;
		if (isAdmin) {
			await revokeOpenSetupLinks(trx as unknown as DB, now);
			await revokeJoinLinksOfUser(trx as unknown as DB, userId, now);
		}
		return true;
	});
}

export interface UserListing {
	id: number;
	displayName: string;
	username: string | null;
	position: string | null;
	isAdmin: boolean;
}

export async function listUsers(db: DB): Promise<UserListing[]> {
	const rows = await db
		.selectFrom('users')
		.select(['id', 'display_name', 'username', 'position', 'is_admin'])
		.orderBy('display_name')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		displayName: r.display_name,
		username: r.username,
		position: r.position,
		isAdmin: r.is_admin === 1
	}));
}
