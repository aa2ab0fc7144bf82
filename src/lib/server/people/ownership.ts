import type { DB } from '../db/open';

// Whose an account is. A meeting's host speaks for their cluster's own people: an account that takes part only in
// meetings of the same cluster (last year's meeting, copied, included) is theirs to invite and correct. An account
// that also sits in another cluster's meeting belongs to people a host does not speak for, and an administrator's
// account is no host's at all: either joins or gets a link only by its person's own consent or an administrator.

/** Whether the account takes part (accepted, not pending) in a meeting of a cluster other than this meeting's. */
export async function inOtherCluster(db: DB, userId: number, meetingId: number): Promise<boolean> {
	const elsewhere = await db
		.selectFrom('participants')
		.innerJoin('meetings', 'meetings.id', 'participants.meeting_id')
		.select('participants.id')
		.where('participants.user_id', '=', userId)
		.where('participants.pending', '=', 0)
		.where('meetings.cluster_id', '!=', db.selectFrom('meetings').select('cluster_id').where('id', '=', meetingId))
		.executeTakeFirst();
	return elsewhere !== undefined;
}

/** Whether a host of this meeting may act for the account: no administrator's, and none of another cluster's. */
export async function accountIsClusters(db: DB, userId: number, meetingId: number): Promise<boolean> {
	const user = await db.selectFrom('users').select('is_admin').where('id', '=', userId).executeTakeFirst();
	if (!user || user.is_admin === 1) return false;
	return !(await inOtherCluster(db, userId, meetingId));
}
