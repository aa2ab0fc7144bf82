import { fail } from '@sveltejs/kit';
import { PHASES, type Phase } from '$lib/core/rights';
import { isBeforeScheduledStart, scheduledStart } from '$lib/core/setup/schedule';
import { translate, translator } from '$lib/i18n';
import { appContext, liveHub } from '$lib/server/context';
import { ballotOpened, meetingPhase, setPhase } from '$lib/server/meetings/phase';
import { storedExcessNotes, submittedNotes, type UnitExcess } from '$lib/server/meetings/excesses';
import { formatPoints } from '$lib/core/scoring';
import type { Locale } from '$lib/i18n';
import { closeMeeting } from '$lib/server/record/close-meeting';
import { announcePhaseChange } from '$lib/server/live/events';
import { requireParticipant, requireRight } from '$lib/server/people/guard';
import type { Actions, PageServerLoad } from './$types';

/** When the meeting is scheduled to start, as an ISO moment, and whether that is still ahead. */
async function schedule(db: Awaited<ReturnType<typeof appContext>>['db'], meetingId: number, now = Date.now()) {
	const row = await db
		.selectFrom('meetings')
		.select(['starts_at', 'held_on'])
		.where('id', '=', meetingId)
		.executeTakeFirst();
	const meeting = { startsAt: row?.starts_at ?? null, heldOn: row?.held_on ?? '' };
	const start = scheduledStart(meeting);
	return {
		startIso: Number.isNaN(start) ? null : new Date(start).toISOString(),
		early: isBeforeScheduledStart(meeting, now)
	};
}

/**
 * The layout checked who may see the meeting; the phase control needs to know whether voting has begun, and the
 * close whether the scheduled start is still ahead (closing then is asked about and said).
 */
export const load: PageServerLoad = async ({ params }) => {
	const { db } = await appContext();
	const meetingId = Number(params.id);
	const { startIso, early } = await schedule(db, meetingId);
	return {
		ballotOpened: await ballotOpened(db, meetingId),
		scheduledStart: startIso,
		beforeScheduledStart: early,
		excessNotes: await storedExcessNotes(db, meetingId)
	};
};

/** A refusal that lists every item left in excess, for the head to resolve or keep with a note. */
function excessRefusal(locale: Locale, unitNames: Map<string, string>, excesses: UnitExcess[]) {
	const items = excesses
		.map((e) =>
			translate(locale, 'excess.item', {
				unit: unitNames.get(e.unit) ?? e.unit,
				code: e.criterion,
				listed: formatPoints(e.listed, locale),
				effective: formatPoints(e.effective, locale),
				self: formatPoints(e.self, locale)
			})
		)
		.join(' ');
	return fail(409, { message: translate(locale, 'excess.refused', { count: excesses.length, items }), excesses });
}

async function unitNames(
	db: Awaited<ReturnType<typeof appContext>>['db'],
	meetingId: number
): Promise<Map<string, string>> {
	const rows = await db
		.selectFrom('sheets')
		.innerJoin('units', 'units.id', 'sheets.unit_id')
		.select(['units.slug', 'units.name'])
		.where('sheets.meeting_id', '=', meetingId)
		.execute();
	return new Map(rows.map((r) => [r.slug, r.name]));
}

export const actions: Actions = {
	phase: async ({ request, params, locals, url }) => {
		const { db, sync } = await appContext();
		const meetingId = Number(params.id);
		const me = await requireParticipant(db, locals, url, meetingId);
		const current = (await meetingPhase(db, meetingId))!;
		requireRight(locals.locale, me, 'meeting.set_phase', { phase: current });

		const form = await request.formData();
		const to = String(form.get('to') ?? '') as Phase;
		const phaseName = (p: Phase | undefined) => (p ? translate(locals.locale, `phase.${p}`) : '?');
		if (!PHASES.includes(to))
			return fail(400, {
				message: translate(locals.locale, 'meeting.phaseRefused', { from: phaseName(current), to })
			});
		const result = await setPhase(db, meetingId, to, Date.now(), {
			sync,
			notes: submittedNotes(form),
			userId: me.userId
		});
		if (!result.ok && result.reason === 'excess')
			return excessRefusal(locals.locale, await unitNames(db, meetingId), result.excesses);
		if (!result.ok && result.reason)
			return fail(409, { message: translate(locals.locale, `setup.phase_${result.reason}`) });
		if (!result.ok) {
			const message =
				result.from === 'voting' && to === 'review'
					? translate(locals.locale, 'meeting.backRefusedBallot')
					: translate(locals.locale, 'meeting.phaseRefused', {
							from: phaseName(result.from),
							to: phaseName(to)
						});
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
		const form = await request.formData();
		if (early && form.get('early') !== 'yes') {
			return fail(409, { message: translate(locals.locale, 'close.earlyUnconfirmed', { time: scheduled }) });
		}
		const result = await closeMeeting(db, sync, meetingId, me.userId, now, submittedNotes(form));
		if (!result.ok && result.reason === 'excess')
			return excessRefusal(locals.locale, await unitNames(db, meetingId), result.excesses);
		if (!result.ok) return fail(409, { message: translate(locals.locale, `close.${result.reason}`) });
		await announcePhaseChange(meetingId, 'closed');
		const done = translate(locals.locale, 'close.done', { digest: result.digest });
		return {
			message: early
				? `${translate(locals.locale, 'close.doneEarly', { time: scheduled, now: time(now.toISOString()) })} ${done}`
				: done
		};
	}
};
