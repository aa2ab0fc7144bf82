import { error } from '@sveltejs/kit';
import { ACTIONS, can } from '$lib/core/rights';
import { translate } from '$lib/i18n';
import { appContext } from '$lib/server/context';
import { liveScoring } from '$lib/server/live/read';
import { loadMeetingBoard } from '$lib/server/meetings/board';
import { requireParticipant, requireUser } from '$lib/server/people/guard';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ params, locals, url }) => {
	requireUser(locals, url);
	const { db } = await appContext();
	const meetingId = Number(params.id);
	const board = await loadMeetingBoard(db, meetingId);
	if (!board) error(404, translate(locals.locale, 'meeting.notFound'));
	const me = await requireParticipant(db, locals, url, meetingId);
	// What this participant may do now, on their own unit when they have one: the UI shows only these controls.
	const allowed = ACTIONS.filter((action) => can(me, action, { phase: board.phase, unitId: me.unitId }));
	return { board, me: { ...me, allowed }, live: await liveScoring(meetingId) };
};
