import type { DB } from '../db/open';
import { joinLinkExpiry, LINK_MIN_LIFETIME } from '$lib/core/setup/link-validity';
import { generateToken, hashToken } from '../auth/tokens';
import { inOtherCluster } from './ownership';

// Personal join links: a single-use random token, stored only as its hash, valid until its meeting is over.
//
// A join link signs its holder into an account, so whoever may issue one may become that person. A meeting's host
// therefore issues links only for accounts of their cluster's meetings alone; an account that also takes part in
// another cluster's meetings gets one only from an administrator; an administrator's account never gets one (administrators
// sign in with their password, or the admin command's create-admin link), and a participation its person has not
// accepted yet gets none.

/** The least a link lasts; a link for a meeting further away lasts until a week after it (see linkValidUntil). */
export const DEFAULT_LINK_LIFETIME = LINK_MIN_LIFETIME;

/** The validity window of a link issued now for a participant: until a margin after their meeting's day or close. */
export async function linkValidUntil(db: DB, participantId: number, now: number): Promise<number> {
	const meeting = await db
		.selectFrom('participants')
		.innerJoin('meetings', 'meetings.id', 'participants.meeting_id')
		.leftJoin('meeting_records', 'meeting_records.meeting_id', 'meetings.id')
		.select(['meetings.held_on', 'meeting_records.closed_at'])
		.where('participants.id', '=', participantId)
		.executeTakeFirst();
	if (!meeting) return now + LINK_MIN_LIFETIME;
	return joinLinkExpiry(
		{ heldOn: meeting.held_on, closedAt: meeting.closed_at ? Date.parse(meeting.closed_at) : null },
		now
	);
}

/**
 * After the meeting moves to a later day, its links not yet used are extended to the new window (never shortened:
 * a link already sent keeps at least what it promised). Returns how many were extended.
 */
export async function extendMeetingLinks(db: DB, meetingId: number): Promise<number> {
	const links = await db
		.selectFrom('join_links')
		.innerJoin('participants', 'participants.id', 'join_links.participant_id')
		.select(['join_links.id', 'join_links.participant_id', 'join_links.created_at', 'join_links.expires_at'])
		.where('participants.meeting_id', '=', meetingId)
		.where('join_links.used_at', 'is', null)
		.where('join_links.revoked_at', 'is', null)
		.execute();
	let extended = 0;
	for (const link of links) {
		const until = await linkValidUntil(db, link.participant_id, link.created_at);
		if (until <= link.expires_at) continue;
		await db.updateTable('join_links').set({ expires_at: until }).where('id', '=', link.id).execute();
		extended += 1;
	}
	return extended;
}

export type LinkRefusal = 'administrator' | 'other_meetings' | 'pending';

export class JoinLinkRefused extends Error {
	constructor(readonly reason: LinkRefusal) {
		super(`no join link for this participant: ${reason}`);
	}
}

/**
 * Why no link may be issued for a participant, or null. `other_meetings` (the account also sits in another
 * cluster's meeting; see ownership.ts) bars a host, not an administrator; a participation elsewhere still waiting
 * for the person's consent does not count (it is not theirs yet).
 */
export async function linkRefusal(db: DB, participantId: number, byAdministrator = false): Promise<LinkRefusal | null> {
	const row = await db
		.selectFrom('participants')
		.innerJoin('users', 'users.id', 'participants.user_id')
		.select(['participants.user_id', 'participants.meeting_id', 'participants.pending', 'users.is_admin'])
		.where('participants.id', '=', participantId)
		.executeTakeFirst();
	if (!row) return null;
	if (row.is_admin === 1) return 'administrator';
	if (row.pending === 1) return 'pending';
	if (byAdministrator) return null;
	return (await inOtherCluster(db, row.user_id, row.meeting_id)) ? 'other_meetings' : null;
}

/** Those of `people` (participants) for whom the issuer may issue a link. */
export async function linkablePeople<T extends { id: number }>(
	db: DB,
	people: readonly T[],
	byAdministrator = false
): Promise<T[]> {
	const out: T[] = [];
	for (const person of people) if ((await linkRefusal(db, person.id, byAdministrator)) === null) out.push(person);
	return out;
}

/** Throws JoinLinkRefused for a participant whose account the issuer may not sign into (see linkRefusal). */
export async function issueJoinLink(
	db: DB,
	participantId: number,
	options: { lifetimeMs?: number; now?: number; byAdministrator?: boolean } = {}
): Promise<{ token: string; expiresAt: number }> {
	const refusal = await linkRefusal(db, participantId, options.byAdministrator);
	if (refusal) throw new JoinLinkRefused(refusal);
	const now = options.now ?? Date.now();
	const token = generateToken();
	const expiresAt =
		options.lifetimeMs !== undefined ? now + options.lifetimeMs : await linkValidUntil(db, participantId, now);
	await db
		.insertInto('join_links')
		.values({ id: hashToken(token), participant_id: participantId, created_at: now, expires_at: expiresAt })
		.execute();
	return { token, expiresAt };
}

/** `refused`: a link to an administrator's account, or to a participation not accepted yet; never honoured. */
export type LinkState = 'valid' | 'used' | 'expired' | 'revoked' | 'refused' | 'unknown';

export interface LinkInfo {
	state: LinkState;
	participantId?: number;
	meetingId?: number;
	userId?: number;
	displayName?: string;
}

/** What a link is, without using it: for the page that opens it. */
export async function inspectJoinLink(db: DB, token: string, now = Date.now()): Promise<LinkInfo> {
	const row = await db
		.selectFrom('join_links')
		.innerJoin('participants', 'participants.id', 'join_links.participant_id')
		.innerJoin('users', 'users.id', 'participants.user_id')
		.select([
			'join_links.used_at',
			'join_links.revoked_at',
			'join_links.expires_at',
			'participants.id as participant_id',
			'participants.meeting_id',
			'participants.user_id',
			'participants.pending',
			'users.display_name',
			'users.is_admin'
		])
		.where('join_links.id', '=', hashToken(token))
		.executeTakeFirst();
	if (!row) return { state: 'unknown' };
	const state: LinkState =
		row.revoked_at !== null
			? 'revoked'
			: row.used_at !== null
				? 'used'
				: now >= row.expires_at
					? 'expired'
					: row.is_admin === 1 || row.pending === 1
						? 'refused'
						: 'valid';
	return {
		state,
		participantId: row.participant_id,
		meetingId: row.meeting_id,
		userId: row.user_id,
		displayName: row.display_name
	};
}

/**
 * Uses a link once. The conditional update makes redemption atomic: of two simultaneous openings, one wins and the
 * other sees 'used'.
 */
export async function redeemJoinLink(db: DB, token: string, now = Date.now()): Promise<LinkInfo> {
	const info = await inspectJoinLink(db, token, now);
	if (info.state !== 'valid') return info;
	const result = await db
		.updateTable('join_links')
		.set({ used_at: now })
		.where('id', '=', hashToken(token))
		.where('used_at', 'is', null)
		.where('revoked_at', 'is', null)
		.where('expires_at', '>', now)
		// Checked again in the same statement: the account may have become an administrator's since the look.
		.where(({ not, exists, selectFrom }) =>
			not(
				exists(
					selectFrom('participants')
						.innerJoin('users', 'users.id', 'participants.user_id')
						.select('participants.id')
						.whereRef('participants.id', '=', 'join_links.participant_id')
						.where((eb) => eb.or([eb('users.is_admin', '=', 1), eb('participants.pending', '=', 1)]))
				)
			)
		)
		.executeTakeFirst();
	if (Number(result.numUpdatedRows) !== 1) return { ...info, state: 'used' };
	await db
		.updateTable('participants')
		.set({ joined_at: new Date(now).toISOString() })
		.where('id', '=', info.participantId!)
		.where('joined_at', 'is', null)
		.execute();
	return info;
}

/** Revokes every unused link of a user, in every meeting (they became an administrator, or share their account). */
export async function revokeJoinLinksOfUser(db: DB, userId: number, now = Date.now()): Promise<number> {
	const result = await db
		.updateTable('join_links')
		.set({ revoked_at: now })
		.where('participant_id', 'in', (eb) =>
			eb.selectFrom('participants').select('participants.id').where('participants.user_id', '=', userId)
		)
		.where('used_at', 'is', null)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows);
}

/** Revokes every unused link of a participant; returns how many. */
export async function revokeJoinLinks(db: DB, participantId: number, now = Date.now()): Promise<number> {
	const result = await db
		.updateTable('join_links')
		.set({ revoked_at: now })
		.where('participant_id', '=', participantId)
		.where('used_at', 'is', null)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows);
}

export interface LinkStatus {
	participantId: number;
	activeLinks: number;
	lastIssuedAt: number | null;
}

export async function linkStatuses(db: DB, meetingId: number, now = Date.now()): Promise<Map<number, LinkStatus>> {
	const rows = await db
		.selectFrom('join_links')
		.innerJoin('participants', 'participants.id', 'join_links.participant_id')
		.select([
			'join_links.participant_id',
			'join_links.created_at',
			'join_links.used_at',
			'join_links.revoked_at',
			'join_links.expires_at'
		])
		.where('participants.meeting_id', '=', meetingId)
		.execute();
	const statuses = new Map<number, LinkStatus>();
	for (const row of rows) {
		const status = statuses.get(row.participant_id) ?? {
			participantId: row.participant_id,
			activeLinks: 0,
			lastIssuedAt: null
		};
		if (row.used_at === null && row.revoked_at === null && row.expires_at > now) status.activeLinks += 1;
		status.lastIssuedAt = Math.max(status.lastIssuedAt ?? 0, row.created_at);
		statuses.set(row.participant_id, status);
	}
	return statuses;
}
