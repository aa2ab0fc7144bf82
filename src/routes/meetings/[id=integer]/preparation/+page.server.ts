import { error, fail } from '@sveltejs/kit';
import { FILES_VISIBILITIES, MAX_FILE_BYTES, MAX_MEETING_BYTES, MAX_UNIT_BYTES, formatBytes } from '$lib/core/evidence';
import { setFilesVisibility } from '$lib/server/evidence/files';
import { translate } from '$lib/i18n';
import { mismatchMessage } from '$lib/i18n/errors';
import { appContext } from '$lib/server/context';
import { preparationView } from '$lib/server/meetings/preparation';
import { requireMeetingRight } from '$lib/server/people/guard';
import { invitationStatus } from '$lib/server/people/invitation-status';
import type { Actions, PageServerLoad } from './$types';

// The host's dashboard before the meeting: sheets received (when, by whom, their arithmetic), people joined, and
// the reminder for the units still missing. Read-only; the host's right to manage participants opens it.

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const { db } = await appContext();
	const meetingId = Number(params.id);
	await requireMeetingRight(db, locals, url, meetingId, 'participants.manage');
	const view = await preparationView(db, meetingId);
	if (!view) error(404, translate(locals.locale, 'meeting.notFound'));
	return {
		units: view.units.map((u) => ({ ...u, warnings: u.mismatches.map((m) => mismatchMessage(locals.locale, m)) })),
		people: view.participants.map((p) => ({
			id: p.id,
			name: p.displayName,
			role: p.role,
			unitName: p.unitName,
			joinedAt: p.joinedAt,
			absent: p.absent,
			pending: p.pending
		})),
		// The files reminder is written on the page from these (filesReminderMessage), before the sheet reminder
		// (the page's data is one line: the units it names stay apart from the sheet reminder's addressees).
		filesGaps: view.filesGaps,
		meetingInfo: view.info,
		reminder: view.reminder,
		filesVisibility: view.filesVisibility,
		filesLimits: {
			file: formatBytes(MAX_FILE_BYTES, locals.locale),
			unit: formatBytes(MAX_UNIT_BYTES, locals.locale),
			meeting: formatBytes(MAX_MEETING_BYTES, locals.locale)
		},
		invitations: await invitationStatus(db, meetingId)
	};
};

export const actions: Actions = {
	/** Who may read the units' files: a setting of the meeting, the host's until the close. */
	visibility: async ({ params, locals, url, request }) => {
		const { db } = await appContext();
		const meetingId = Number(params.id);
		await requireMeetingRight(db, locals, url, meetingId, 'participants.manage');
		const value = (await request.formData()).get('visibility');
		const visibility = FILES_VISIBILITIES.find((v) => v === value);
		if (!visibility) return fail(400, { visibilityError: translate(locals.locale, 'evidence.visibility') });
		await setFilesVisibility(db, meetingId, visibility);
		return { visibilitySaved: translate(locals.locale, 'evidence.visibility.saved') };
	}
};
