import type { DB } from '../db/open';

// The people of a meeting as the documents' forms offer them: the chair, the secretary, the vote-counting
// committee and the absent are chosen from these.

export interface DocumentPerson {
	/** The participant's id. */
	id: number;
	name: string;
	position: string | null;
	/** The unit's slug, or null for a guest or the host without a unit. */
	unit: string | null;
	unitName: string | null;
}

export async function meetingPeople(db: DB, meetingId: number): Promise<DocumentPerson[]> {
	const rows = await db
		.selectFrom('participants')
		.innerJoin('users', 'users.id', 'participants.user_id')
		.leftJoin('units', 'units.id', 'participants.unit_id')
		.select([
			'participants.id',
			'users.display_name',
			'users.position',
			'units.slug',
			'units.name as unit_name',
			'units.position as unit_position'
		])
		.where('participants.meeting_id', '=', meetingId)
		.orderBy('participants.id')
		.execute();
	return rows
		.sort((a, b) => (a.unit_position ?? 1e9) - (b.unit_position ?? 1e9) || a.id - b.id)
		.map((r) => ({ id: r.id, name: r.display_name, position: r.position, unit: r.slug, unitName: r.unit_name }));
}

/** The ballots whose vote counts are documents (every ballot once opened), in the order they were prepared. */
export async function countedBallots(
	db: DB,
	meetingId: number
): Promise<{ id: number; title: string; round: number }[]> {
	return db
		.selectFrom('ballots')
		.select(['id', 'title', 'round'])
		.where('meeting_id', '=', meetingId)
		.where('status', '<>', 'draft')
		.orderBy('id')
		.execute();
}
