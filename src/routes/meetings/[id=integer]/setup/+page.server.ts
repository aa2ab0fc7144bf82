import { error, fail } from '@sveltejs/kit';
import { checkMeetingDetails } from '$lib/core/setup/details';
import { readinessGaps } from '$lib/core/setup/readiness';
import { translate } from '$lib/i18n';
import { appContext } from '$lib/server/context';
import { requireMember, requireMemberRight } from '$lib/server/people/guard';
import { listParticipants } from '$lib/server/people/participants';
import { listClusterUnits } from '$lib/server/setup/clusters';
import { loadMeetingSetup, setMeetingUnits, submittedUnitIds, updateMeetingDetails } from '$lib/server/setup/meetings';
import { detailsProblemMessages } from '$lib/server/setup/messages';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const { db } = await appContext();
	const meetingId = Number(params.id);
	// Participation before existence: an outsider gets the same 403 for every meeting id.
	const member = await requireMember(db, locals, url, meetingId);
	const setup = await loadMeetingSetup(db, meetingId);
	if (!setup) error(404, translate(locals.locale, 'meeting.notFound'));
	requireMemberRight(locals.locale, member, 'meeting.view', { phase: setup.phase });
	const [clusterUnits, participants, submitted] = await Promise.all([
		listClusterUnits(db, setup.clusterId),
		listParticipants(db, meetingId),
		submittedUnitIds(db, meetingId)
	]);
	const gaps = readinessGaps({
		criteriaCount: setup.criteriaCount,
		unitIds: setup.unitIds,
		submittedUnitIds: submitted,
		participants
	});
	return { setup, gaps, clusterUnits: clusterUnits.filter((u) => u.active || setup.unitIds.includes(u.id)) };
};

/** Every change here is the host's or an administrator's, while the meeting is in preparation. */
async function setupRight(event: Pick<RequestEvent, 'params' | 'locals' | 'url'>) {
	const { db } = await appContext();
	const meetingId = Number(event.params.id);
	const member = await requireMember(db, event.locals, event.url, meetingId);
	const setup = await loadMeetingSetup(db, meetingId);
	if (!setup) error(404, translate(event.locals.locale, 'meeting.notFound'));
	requireMemberRight(event.locals.locale, member, 'meeting.setup', { phase: setup.phase });
	return { db, setup };
}

export const actions: Actions = {
	details: async (event) => {
		const { db, setup } = await setupRight(event);
		const checked = checkMeetingDetails(Object.fromEntries(await event.request.formData()));
		if (!checked.ok) return fail(400, { problems: detailsProblemMessages(event.locals.locale, checked.problems) });
		await updateMeetingDetails(db, setup.id, checked.value);
		return { saved: translate(event.locals.locale, 'setup.saved') };
	},
	units: async (event) => {
		const { db, setup } = await setupRight(event);
		const { locale } = event.locals;
		const unitIds = (await event.request.formData()).getAll('units').map(Number).filter(Number.isInteger);
		const clusterUnits = await listClusterUnits(db, setup.clusterId);
		if (unitIds.some((id) => !clusterUnits.some((u) => u.id === id)))
			return fail(400, { problems: [translate(locale, 'setup.unknownUnit')] });
		const result = await setMeetingUnits(db, setup.id, unitIds);
		if (!result.ok) {
			const names = clusterUnits
				.filter((u) => result.unitIds.includes(u.id))
				.map((u) => u.shortName)
				.join(', ');
			return fail(409, { problems: [translate(locale, `setup.${result.reason}`, { units: names })] });
		}
		return { saved: translate(locale, 'setup.saved') };
	}
};
