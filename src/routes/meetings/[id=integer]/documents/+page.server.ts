import { error, fail } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { readTexts } from '$lib/core/text';
import { appContext } from '$lib/server/context';
import { textProblemMessages } from '$lib/server/forms/text';
import {
	DOCUMENT_FIELD_KINDS,
	NARRATIVE_FIELDS,
	lastYearsNarrative,
	loadDocumentFields,
	numberProblems,
	readFieldsForm,
	saveDocumentFields
} from '$lib/server/documents/fields';
import { documentLinks } from '$lib/server/documents/links';
import { countedBallots, meetingPeople } from '$lib/server/documents/people';
import { meetingPhase } from '$lib/server/meetings/phase';
import { requireMember, requireMemberRight } from '$lib/server/people/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent }) => {
	const { board, me } = await parent();
	const { db } = await appContext();
	const stored = await loadDocumentFields(db, board.id);
	const cluster = await db
		.selectFrom('meetings')
		.innerJoin('clusters', 'clusters.id', 'meetings.cluster_id')
		.select('clusters.layout')
		.where('meetings.id', '=', board.id)
		.executeTakeFirstOrThrow();
	// Sections not written yet start from last year's report of the cluster, while the record is open.
	const last = board.phase === 'closed' ? undefined : await lastYearsNarrative(db, board.id);
	const prefilled = last ? NARRATIVE_FIELDS.filter((k) => !stored.fields[k].trim() && last.fields[k]) : [];
	const fields = { ...stored.fields, ...Object.fromEntries(prefilled.map((k) => [k, last!.fields[k]!])) };
	return {
		fields,
		prefilledFrom: prefilled.length ? last!.year : null,
		narrative: NARRATIVE_FIELDS,
		updatedAt: stored.updatedAt,
		layout: cluster.layout,
		people: await meetingPeople(db, board.id),
		ballots: await countedBallots(db, board.id),
		files: await documentLinks(db, board.id, board.year),
		canEdit: me.allowed.includes('documents.edit')
	};
};

export const actions: Actions = {
	save: async ({ params, locals, url, request }) => {
		const { db } = await appContext();
		const meetingId = Number(params.id);
		// Participation before existence: an outsider gets the same 403 for every meeting id.
		const member = await requireMember(db, locals, url, meetingId);
		const phase = await meetingPhase(db, meetingId);
		if (!phase) error(404, translate(locals.locale, 'meeting.notFound'));
		requireMemberRight(locals.locale, member, 'documents.edit', { phase });
		const form = await request.formData();
		const texts = readTexts(form, DOCUMENT_FIELD_KINDS);
		if (texts.problems.length > 0)
			return fail(400, { message: textProblemMessages(locals.locale, texts.problems).join(' ') });
		const numbers = numberProblems(form);
		if (numbers.unreadable.length > 0)
			return fail(400, {
				message: translate(locals.locale, 'documents.numberUnreadable', { value: numbers.unreadable[0]! })
			});
		if (numbers.repeated.length > 0)
			return fail(400, {
				message: translate(locals.locale, 'documents.numberRepeated', { numbers: numbers.repeated.join(', ') })
			});
		const people = (await meetingPeople(db, meetingId)).map((p) => ({
			id: p.id,
			name: p.name,
			position: p.position
		}));
		const saved = await saveDocumentFields(db, meetingId, readFieldsForm(form, people), member.userId);
		if (!saved.ok) return fail(409, { message: translate(locals.locale, 'rights.closed') });
		return { message: translate(locals.locale, 'documents.saved') };
	}
};
