import type { DB } from '../db/open';

// Lookups by the names people type (a username, a unit's slug), for the admin command line and the host's pages.
// Each answers an id or says why there is none.

export type Found<Reason extends string> = { ok: true; id: number } | { ok: false; reason: Reason };

export async function meetingExists(db: DB, meetingId: number): Promise<boolean> {
	return (await db.selectFrom('meetings').select('id').where('id', '=', meetingId).executeTakeFirst()) !== undefined;
}

export async function userExists(db: DB, userId: number): Promise<boolean> {
	return (await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst()) !== undefined;
}

/** Usernames are stored lowercase (see createUser); the lookup ignores case and surrounding spaces. */
export async function findUserIdByUsername(db: DB, username: string): Promise<number | undefined> {
	const row = await db
		.selectFrom('users')
		.select('id')
		.where('username', '=', username.trim().toLowerCase())
		.executeTakeFirst();
	return row?.id;
}

/** A member unit of a meeting (one with a sheet in it), by its slug. */
export async function findMeetingUnit(db: DB, meetingId: number, slug: string): Promise<number | undefined> {
	const row = await db
		.selectFrom('sheets')
		.innerJoin('units', 'units.id', 'sheets.unit_id')
		.select('units.id')
		.where('sheets.meeting_id', '=', meetingId)
		.where('units.slug', '=', slug)
		.executeTakeFirst();
	return row?.id;
}

/**
 * A unit by its slug. Slugs are unique within a cluster only: with several clusters the same slug can name several
 * units, and then the caller has to say which meeting (and so which cluster) it means.
 */
export async function findUnitBySlug(db: DB, slug: string): Promise<Found<'unknown_unit' | 'ambiguous_unit'>> {
	const rows = await db.selectFrom('units').select('id').where('slug', '=', slug).limit(2).execute();
	if (rows.length === 0) return { ok: false, reason: 'unknown_unit' };
	if (rows.length > 1) return { ok: false, reason: 'ambiguous_unit' };
	return { ok: true, id: rows[0]!.id };
}
