import { error, fail } from '@sveltejs/kit';
import { readSelfAssessment, templateSections, type SelfAssessmentEntry } from '$lib/core/scoring';
import { MAX_UPLOAD_BYTES, readUpload } from '$lib/board/upload';
import { entryErrorMessages } from '$lib/i18n/errors';
import { translate } from '$lib/i18n';
import { appContext } from '$lib/server/context';
import { liveAnswers } from '$lib/server/live/read';
import { loadMeetingBoard } from '$lib/server/meetings/board';
import { saveSelfAssessment } from '$lib/server/meetings/self-assessment';
import { requireParticipant, requireRight } from '$lib/server/people/guard';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ params, parent, locals }) => {
	const { board } = await parent();
	if (!board.units.some((u) => u.slug === params.slug)) error(404, translate(locals.locale, 'sheet.unitNotFound'));
	return { slug: params.slug, answers: await liveAnswers(board.id, params.slug) };
};

/** Loads the sheet and checks that this participant may fill it now (their own unit, in preparation). */
async function sheetForSelfAssessment(event: RequestEvent) {
	const { db } = await appContext();
	const meetingId = Number(event.params.id);
	const me = await requireParticipant(db, event.locals, event.url, meetingId);
	const board = await loadMeetingBoard(db, meetingId);
	const unit = board?.units.find((u) => u.slug === event.params.slug);
	if (!board || !unit) error(404, translate(event.locals.locale, 'sheet.unitNotFound'));
	requireRight(event.locals.locale, me, 'sheet.self_assess', { phase: board.phase, unitId: unit.id });
	return { db, board, unit };
}

async function save(event: RequestEvent, entry: SelfAssessmentEntry) {
	const { db, board, unit } = await sheetForSelfAssessment(event);
	const read = readSelfAssessment(board.template, entry);
	if (!read.ok) return fail(400, { entry, errors: entryErrorMessages(event.locals.locale, read.errors, entry) });
	await saveSelfAssessment(db, unit.sheetId, read.sheet);
	return { saved: translate(event.locals.locale, 'self.saved') };
}

export const actions: Actions = {
	selfAssess: async (event) => {
		const form = await event.request.formData();
		const entry: { scores: Record<string, string>; reported: Record<string, string> } = { scores: {}, reported: {} };
		for (const [key, value] of form) {
			if (typeof value !== 'string') continue;
			if (key.startsWith('score:')) entry.scores[key.slice(6)] = value;
			else if (key.startsWith('reported:')) entry.reported[key.slice(9)] = value;
		}
		return save(event, entry);
	},
	upload: async (event) => {
		const { board } = await sheetForSelfAssessment(event);
		const file = (await event.request.formData()).get('file');
		const { locale } = event.locals;
		if (!(file instanceof File) || file.size === 0) return fail(400, { errors: [translate(locale, 'upload.empty')] });
		if (file.size > MAX_UPLOAD_BYTES) return fail(400, { errors: [translate(locale, 'upload.too_large')] });
		const sections = new Set(templateSections(board.template).map((s) => s.code));
		const read = readUpload(await file.text(), sections);
		if (!read.ok) return fail(400, { errors: [translate(locale, `upload.${read.error.reason}`, { line: read.error.line ?? '' })] });
		return save(event, read.entry);
	}
};
