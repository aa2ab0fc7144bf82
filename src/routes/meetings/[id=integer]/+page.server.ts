import { fail } from '@sveltejs/kit';
import { PHASES, type Phase } from '$lib/core/rights';
import { translate } from '$lib/i18n';
import { appContext } from '$lib/server/context';
import { ballotOpened, meetingPhase, setPhase } from '$lib/server/meetings/phase';
import { closeMeeting } from '$lib/server/record/close-meeting';
import { announcePhaseChange } from '$lib/server/live/events';
import { requireParticipant, requireRight } from '$lib/server/people/guard';
import type { Actions, PageServerLoad } from './$types';

/** The layout checked who may see the meeting; the phase control needs to know whether voting has begun. */
export const load: PageServerLoad = async ({ params }) => {
	const { db } = await appContext();
	return { ballotOpened: await ballotOpened(db, Number(params.id)) };
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
	close: async ({ params, locals, url }) => {
		const { db, sync } = await appContext();
		const meetingId = Number(params.id);
		const me = await requireParticipant(db, locals, url, meetingId);
		requireRight(locals.locale, me, 'meeting.close', { phase: (await meetingPhase(db, meetingId))! });
		const result = await closeMeeting(db, sync, meetingId, me.userId);
		if (!result.ok) return fail(409, { message: translate(locals.locale, `close.${result.reason}`) });
		await announcePhaseChange(meetingId, 'closed');
		return { message: translate(locals.locale, 'close.done', { digest: result.digest }) };
	}
};
