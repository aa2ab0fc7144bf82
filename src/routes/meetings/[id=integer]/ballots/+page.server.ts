import { error, fail } from '@sveltejs/kit';
import { summaryTable } from '$lib/core/scoring';
import { translate } from '$lib/i18n';
import { voteErrorMessage, lifecycleErrorMessage } from '$lib/i18n/voting';
import { readDraftForm } from '$lib/server/ballots/form';
import {
	castVoteAs,
	closeBallot,
	createDraft,
	createRunoff,
	deleteDraft,
	editDraft,
	openBallot,
	voterCount
} from '$lib/server/ballots/store';
import { ballotViews } from '$lib/server/ballots/view';
import { meetingPeople } from '$lib/server/documents/people';
import { readTexts } from '$lib/core/text';
import { appContext } from '$lib/server/context';
import { textProblemMessages } from '$lib/server/forms/text';
import { announceBallotChange } from '$lib/server/live/events';
import { loadMeetingBoard } from '$lib/server/meetings/board';
import { meetingPhase } from '$lib/server/meetings/phase';
import { requireParticipant, requireRight } from '$lib/server/people/guard';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ parent }) => {
	const { board, me, live } = await parent();
	const { db } = await appContext();
	// Candidates are proposed from the ranking as it stands.
	const ranking = summaryTable(
		board.template,
		board.units.map((u) => ({
			unit: u.slug,
			sheet: u.sheet,
			deductions: live.deductions.filter((d) => d.unit === u.slug)
		}))
	).map((r) => ({ unit: r.unit, rank: r.rank }));
	return { ballots: await ballotViews(db, board.id, me.unitId), ranking, people: await meetingPeople(db, board.id) };
};

/** The participant, the meeting's phase, and a check of one right: every action starts here. */
async function guard(
	event: RequestEvent,
	action: 'ballot.prepare' | 'ballot.run' | 'ballot.vote',
	unitId?: number | null
) {
	const { db } = await appContext();
	const meetingId = Number(event.params.id);
	const me = await requireParticipant(db, event.locals, event.url, meetingId);
	const phase = await meetingPhase(db, meetingId);
	if (!phase) error(404, translate(event.locals.locale, 'meeting.notFound'));
	requireRight(event.locals.locale, me, action, { phase, unitId: unitId === undefined ? me.unitId : unitId });
	return { db, meetingId, me };
}

function ballotIdOf(form: FormData): number {
	const id = Number(form.get('ballot'));
	return Number.isSafeInteger(id) ? id : -1;
}

export const actions: Actions = {
	create: async (event) => {
		const { db, meetingId } = await guard(event, 'ballot.prepare');
		const { locale } = event.locals;
		const form = await event.request.formData();
		const texts = readTexts(form, { title: 'title', committeeHead: 'name', committeeMembers: 'list' });
		if (texts.problems.length > 0)
			return fail(400, { message: textProblemMessages(locale, texts.problems).join(' ') });
		const draft = readDraftForm(form, await meetingPeople(db, meetingId));
		if (!draft) return fail(400, { message: translate(locale, 'ballot.formIncomplete') });
		const created = await createDraft(db, meetingId, draft);
		if (!created.ok) return fail(400, { message: translate(locale, 'ballot.unknownCandidate') });
		await announceBallotChange(meetingId, created.id, { status: 'draft', voted: 0 });
		return { success: true, message: translate(locale, 'ballot.created', { title: draft.title }) };
	},
	edit: async (event) => {
		const { db, meetingId } = await guard(event, 'ballot.prepare');
		const { locale } = event.locals;
		const form = await event.request.formData();
		const ballotId = ballotIdOf(form);
		const texts = readTexts(form, { title: 'title', committeeHead: 'name', committeeMembers: 'list' });
		if (texts.problems.length > 0)
			return fail(400, { message: textProblemMessages(locale, texts.problems).join(' ') });
		const draft = readDraftForm(form, await meetingPeople(db, meetingId));
		if (!draft) return fail(400, { message: translate(locale, 'ballot.formIncomplete') });
		const result = await editDraft(db, meetingId, ballotId, {
			title: draft.title,
			candidates: draft.candidates,
			rules: draft.rules,
			committee: draft.committee
		});
		if (!result.ok) {
			if (result.error.code === 'unknown_candidate')
				return fail(400, { message: translate(locale, 'ballot.unknownCandidate') });
			return fail(result.error.code === 'not_found' ? 404 : 409, {
				message: lifecycleErrorMessage(locale, result.error)
			});
		}
		await announceBallotChange(meetingId, ballotId, { status: 'draft', voted: 0 });
		return { success: true, message: translate(locale, 'ballot.edited', { title: draft.title }) };
	},
	remove: async (event) => {
		const { db, meetingId } = await guard(event, 'ballot.prepare');
		const { locale } = event.locals;
		const ballotId = ballotIdOf(await event.request.formData());
		const result = await deleteDraft(db, meetingId, ballotId);
		if (!result.ok) {
			const error = result.error;
			return fail(error.code === 'not_found' ? 404 : 409, {
				message: error.code === 'unknown_candidate' ? '' : lifecycleErrorMessage(locale, error)
			});
		}
		await announceBallotChange(meetingId, ballotId, { status: 'deleted', voted: 0 });
		return { success: true, message: translate(locale, 'ballot.deleted') };
	},
	open: async (event) => {
		const { db, meetingId, me } = await guard(event, 'ballot.run');
		const ballotId = ballotIdOf(await event.request.formData());
		const result = await openBallot(db, meetingId, ballotId, me.userId);
		if (!result.ok) return fail(409, { message: lifecycleErrorMessage(event.locals.locale, result.error) });
		await announceBallotChange(meetingId, ballotId, { status: 'open', voted: 0 });
		return { success: true, message: translate(event.locals.locale, 'ballot.opened') };
	},
	close: async (event) => {
		const { db, meetingId, me } = await guard(event, 'ballot.run');
		const ballotId = ballotIdOf(await event.request.formData());
		const result = await closeBallot(db, meetingId, ballotId, me.userId);
		if (!result.ok) return fail(409, { message: lifecycleErrorMessage(event.locals.locale, result.error) });
		await announceBallotChange(meetingId, ballotId, { status: 'closed', voted: result.tally.cast });
		return { success: true, message: translate(event.locals.locale, 'ballot.closed') };
	},
	runoff: async (event) => {
		const { db, meetingId } = await guard(event, 'ballot.run');
		const ballotId = ballotIdOf(await event.request.formData());
		const result = await createRunoff(db, meetingId, ballotId);
		if (!result.ok) return fail(409, { message: lifecycleErrorMessage(event.locals.locale, result.error) });
		await announceBallotChange(meetingId, result.id, { status: 'draft', voted: 0 });
		return { success: true, message: translate(event.locals.locale, 'ballot.runoffPrepared') };
	},
	vote: async (event) => {
		const { db, meetingId, me } = await guard(event, 'ballot.vote');
		const form = await event.request.formData();
		const ballotId = ballotIdOf(form);
		const board = await loadMeetingBoard(db, meetingId);
		const myUnit = board?.units.find((u) => u.id === me.unitId);
		if (!myUnit) return fail(403, { message: translate(event.locals.locale, 'rights.other_unit') });
		const choices = form.getAll('choice').map(String);
		// Who votes for the unit is decided again inside the vote's transaction.
		const against = form.getAll('against').map(String);
		const result = await castVoteAs(db, meetingId, ballotId, me.userId, choices, against);
		if (!result.ok) {
			if (result.error.code === 'not_representative')
				return fail(403, { message: translate(event.locals.locale, 'rights.not_representative') });
			return fail(result.error.code === 'not_found' ? 404 : 409, {
				message: voteErrorMessage(event.locals.locale, result.error, board!.units)
			});
		}
		await announceBallotChange(meetingId, ballotId, { status: 'open', voted: await voterCount(db, ballotId) });
		return {
			success: true,
			receipt: result.receipt,
			ballotId,
			message: translate(event.locals.locale, 'ballot.voted', { receipt: result.receipt })
		};
	}
};
