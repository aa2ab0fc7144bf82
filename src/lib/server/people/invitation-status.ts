import type { DB } from '../db/open';

// Where the invitations stand: of the people who have not joined, who was sent a link and has not opened it, and
// who was never sent one. The host's invitations and preparation pages show it, and the home page's next step.

export interface InvitationStatus {
	/** Everyone in the meeting. */
	total: number;
	joined: number;
	/** Sent a link (at some time) and not joined: their link is unopened. */
	unopened: number;
	/** Never sent a link, and not joined. */
	uninvited: number;
}

export async function invitationStatus(db: DB, meetingId: number): Promise<InvitationStatus> {
	const people = await db
		.selectFrom('participants')
		.select((eb) => [
			'participants.joined_at',
			eb
				.exists(
					eb
						.selectFrom('join_links')
						.select('join_links.id')
						.whereRef('join_links.participant_id', '=', 'participants.id')
				)
				.as('invited')
		])
		.where('participants.meeting_id', '=', meetingId)
		.execute();
	const waiting = people.filter((p) => p.joined_at === null);
	return {
		total: people.length,
		joined: people.length - waiting.length,
		unopened: waiting.filter((p) => Boolean(p.invited)).length,
		uninvited: waiting.filter((p) => !p.invited).length
	};
}
