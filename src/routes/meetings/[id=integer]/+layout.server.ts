import { error } from '@sveltejs/kit';
import { ACTIONS, decideAs } from '$lib/core/rights';
import { translate } from '$lib/i18n';
import { appContext } from '$lib/server/context';
import { liveScoring } from '$lib/server/live/read';
import { loadMeetingBoard } from '$lib/server/meetings/board';
import { requireMember } from '$lib/server/people/guard';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ params, locals, url }) => {
	const { db } = await appContext();
	const meetingId = Number(params.id);
	// Participation before existence: whoever is not in a meeting gets the same 403 for every id, so that no one
	// learns which meetings exist. Only those who may see a meeting (its participants, an administrator) get a 404.
	const member = await requireMember(db, locals, url, meetingId);
	const board = await loadMeetingBoard(db, meetingId);
	if (!board) error(404, translate(locals.locale, 'meeting.notFound'));
	// An administrator who is not a participant reads the board as an observer and sets the meeting up as its host.
	const me = member.participant ?? {
		id: 0,
		meetingId,
		userId: member.userId,
		displayName: member.displayName,
		role: 'observer' as const,
		unitId: null,
		unitName: null,
		joinedAt: null,
		position: null,
		email: null,
		phone: null,
		representsUnit: false,
		absent: false,
		pending: false
	};
	// What this participant may do now, on their own unit when they have one: the UI shows only these controls.
	const allowed = ACTIONS.filter(
		(action) =>
			decideAs(member.participant, member.isAdmin, action, { phase: board.phase, unitId: me.unitId }).allowed
	);
	return { board, me: { ...me, isAdmin: member.isAdmin, allowed }, live: await liveScoring(meetingId) };
};
