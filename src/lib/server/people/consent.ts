import type { Role } from '$lib/core/rights';
import type { DB } from '../db/open';
import { revokeJoinLinksOfUser } from './join-links';
import { serializable } from '../db/serializable';

// A participation a host named an existing account to (by its e-mail) waits for that account's person: they accept
// or decline from their own session, on their account page. Until then it gives no right and no link (see
// findParticipant and join-links), so a host cannot take over someone else's account by naming it.

export interface PendingParticipation {
	participantId: number;
	meetingId: number;
	meetingTitle: string;
	clusterName: string;
	role: Role;
	unitName: string | null;
}

export async function pendingParticipations(db: DB, userId: number): Promise<PendingParticipation[]> {
	const rows = await db
		.selectFrom('participants')
		.innerJoin('meetings', 'meetings.id', 'participants.meeting_id')
		.innerJoin('clusters', 'clusters.id', 'meetings.cluster_id')
		.leftJoin('units', 'units.id', 'participants.unit_id')
		.select([
			'participants.id',
			'participants.meeting_id',
			'participants.role',
			'meetings.title',
			'clusters.name as cluster',
			'units.short_name as unit'
		])
		.where('participants.user_id', '=', userId)
		.where('participants.pending', '=', 1)
		.orderBy('participants.id')
		.execute();
	return rows.map((r) => ({
		participantId: r.id,
		meetingId: r.meeting_id,
		meetingTitle: r.title,
		clusterName: r.cluster,
		role: r.role,
		unitName: r.unit
	}));
}

/**
 * The person accepts: the participation counts from now on. Their account now serves several meetings, so no
 * host's link may sign into it any more: every unused link of theirs is revoked (they have their own session).
 */
export async function acceptParticipation(
	db: DB,
	userId: number,
	participantId: number,
	now = Date.now()
): Promise<number | null> {
	return serializable(db, async (trx) => {
		const row = await trx
			.updateTable('participants')
			.set({ pending: 0 })
			.where('id', '=', participantId)
			.where('user_id', '=', userId)
			.where('pending', '=', 1)
			.returning('meeting_id')
			.executeTakeFirst();
		if (!row) return null;
		await revokeJoinLinksOfUser(trx, userId, now);
		return row.meeting_id;
	});
}

/** The person declines: the participation is taken out; the host may name someone else. */
export async function declineParticipation(db: DB, userId: number, participantId: number): Promise<boolean> {
	return serializable(db, async (trx) => {
		const row = await trx
			.selectFrom('participants')
			.select('id')
			.where('id', '=', participantId)
			.where('user_id', '=', userId)
			.where('pending', '=', 1)
			.executeTakeFirst();
		if (!row) return false;
		await trx.deleteFrom('join_links').where('participant_id', '=', participantId).execute();
		await trx.deleteFrom('participants').where('id', '=', participantId).execute();
		return true;
	});
}
