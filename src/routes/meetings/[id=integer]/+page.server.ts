import { fail } from '@sveltejs/kit';
import { PHASES, type Phase } from '$lib/core/rights';
import { isBeforeScheduledStart, scheduledStart } from '$lib/core/setup/schedule';
import { translate, translator } from '$lib/i18n';
import { appContext, liveHub } from '$lib/server/context';
import { ballotOpened, meetingPhase, setPhase } from '$lib/server/meetings/phase';
import { closeMeeting } from '$lib/server/record/close-meeting';
import { announcePhaseChange } from '$lib/server/live/events';
import { requireParticipant, requireRight } from '$lib/server/people/guard';
import type { Actions, PageServerLoad } from './$types';

/** When the meeting is scheduled to start, as an ISO moment, and whether that is still ahead. */
async function schedule(db: Awaited<ReturnType<typeof appContext>>['db'], meetingId: number, now = Date.now()) {
	const row = await db.selectFrom('meetings').select(['starts_at', 'held_on']).where('id', '=', meetingId).executeTakeFirst();
	const meeting = { startsAt: row?.starts_at ?? null, heldOn: row?.held_on ?? '' };
	const start = scheduledStart(meeting);
	return { startIso: Number.isNaN(start) ? null : new Date(start).toISOString(), early: isBeforeScheduledStart(meeting, now) };
}

/**
 * The layout checked who may see the meeting; the phase control needs to know whether voting has begun, and the
 * close whether the scheduled start is still ahead (closing then is asked about and said).
 */
export const load: PageServerLoad = async ({ params }) => {
	const { db } = await appContext();
	const meetingId = Number(params.id);
	const { startIso, early } = await schedule(db, meetingId);
	return { ballotOpened: await ballotOpened(db, meetingId), scheduledStart: startIso, beforeScheduledStart: early };
};

export const actions: Actions = {
	phase: async ({ request, params, locals, url }) => {
		const { db } = await appContext();
		const meetingId = Number(params.id);
		const me = await requireParticipant(db, locals, url, meetingId);
		const current = (await meetingPhase(db, meetingId))!;
		requireRight(locals.locale, me, 'meeting.set_phase', { phase: current });

		const to = String((await request.formData()).get('to') ?? '') as Phase;
		const phaseName = (p: Phase | undefined) => (p ? translate(locals.locale, `phase.${p}`) : '?');
		if (!PHASES.includes(to)) return fail(400, { message: translate(locals.locale, 'meeting.phaseRefused', { from: phaseName(current), to }) });
		const result = await setPhase(db, meetingId, to);
		if (!result.ok && result.reason) return fail(409, { message: translate(locals.locale, `setup.phase_${result.reason}`) });
		if (!result.ok) {
			const message =
				result.from === 'voting' && to === 'review'
					? translate(locals.locale, 'meeting.backRefusedBallot')
					: translate(locals.locale, 'meeting.phaseRefused', { from: phaseName(result.from), to: phaseName(to) });
			return fail(409, { message });
		}
		await announcePhaseChange(meetingId, to);
		return { message: translate(locals.locale, 'meeting.phaseChanged', { phase: phaseName(to) }) };
	},
	close: async ({ params, locals, url, request }) => {
		const { db } = await appContext();
		const sync = await liveHub();
		const meetingId = Number(params.id);
		const me = await requireParticipant(db, locals, url, meetingId);
		requireRight(locals.locale, me, 'meeting.close', { phase: (await meetingPhase(db, meetingId))! });
		// Before the scheduled start the close must have been confirmed as early (the button asks once and says so).
		const now = new Date();
		const { startIso, early } = await schedule(db, meetingId, now.getTime());
		const { time } = translator(locals.locale);
		const scheduled = startIso ? time(startIso) : '';
		if (early && (await request.formData()).get('early') !== 'yes') {
			return fail(409, { message: translate(locals.locale, 'close.earlyUnconfirmed', { time: scheduled }) });
		}
		const result = await closeMeeting(db, sync, meetingId, me.userId, now);
		if (!result.ok) return fail(409, { message: translate(locals.locale, `close.${result.reason}`) });
		await announcePhaseChange(meetingId, 'closed');
		const done = translate(locals.locale, 'close.done', { digest: result.digest });
		return { message: early ? `${translate(locals.locale, 'close.doneEarly', { time: scheduled, now: time(now.toISOString()) })} ${done}` : done };
	}
};
