import { error, fail } from '@sveltejs/kit';
import { readSelfAssessment, uploadReading, type SelfAssessmentEntry } from '$lib/core/scoring';
import type { UnitSheetProblem } from '$lib/core/import/unit-sheet';
import { entryErrorMessages } from '$lib/i18n/errors';
import { fileRefusalMessage, unitSheetProblemMessage } from '$lib/i18n/file-problems';
import { translate, type Locale } from '$lib/i18n';
import { MAX_TABLE_FILE_BYTES } from '$lib/server/files/spreadsheet';
import { readSelfAssessmentFile, type SelfAssessmentFileRefusal } from '$lib/server/files/self-assessment-file';
import { appContext } from '$lib/server/context';
import { MAX_FILE_BYTES, MAX_MEETING_BYTES, MAX_UNIT_BYTES, formatBytes, mayReadUnitFiles } from '$lib/core/evidence';
import type { Phase, Role } from '$lib/core/rights';
import { filesVisibility, listUnitFiles } from '$lib/server/evidence/files';
import { liveAnswers } from '$lib/server/live/read';
import { loadMeetingBoard } from '$lib/server/meetings/board';
import { saveSelfAssessment } from '$lib/server/meetings/self-assessment';
import { requireParticipant, requireRight } from '$lib/server/people/guard';
import { findCriterion } from '$lib/core/scoring';
import { readableUnits } from '$lib/server/evidence/access';
import { saveParagraphLink } from '$lib/server/evidence/paragraph-links';
import { currentReport, reportParagraphs, unitEvidence } from '$lib/server/evidence/unit-evidence';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ params, parent, locals }) => {
	const { board, me } = await parent();
	const unit = board.units.find((u) => u.slug === params.slug);
	if (!unit) error(404, translate(locals.locale, 'sheet.unitNotFound'));
	// The unit's files only for those the meeting's setting lets read them; to anyone else the page shows none.
	const context = await appContext();
	const reader = { role: me.isAdmin && me.id === 0 ? null : me.role, unitId: me.unitId, isAdmin: me.isAdmin };
	const readable = await readableUnits(context, board.id, reader, [unit.id]);
	return {
		slug: params.slug,
		answers: await liveAnswers(board.id, params.slug),
		unitFiles: await unitFilesView(locals.locale, board, unit.id, me),
		evidence: readable.has(unit.id) ? await unitEvidence(context, board.id, unit.id, board.template) : null
	};
};

/** The unit's files as this participant may see them, and whether they may send its files now. */
async function unitFilesView(
	locale: Locale,
	board: { id: number; phase: Phase },
	unitId: number,
	me: { role: Role; unitId: number | null; isAdmin: boolean; allowed: readonly string[]; id: number }
) {
	const { db } = await appContext();
	const visibility = (await filesVisibility(db, board.id)) ?? 'restricted';
	// An administrator who is not a participant is shown as an observer (id 0) but reads as an administrator.
	const reader = { role: me.id === 0 ? null : me.role, unitId: me.unitId, isAdmin: me.isAdmin };
	const readable = mayReadUnitFiles(reader, visibility, unitId);
	const files = readable ? await listUnitFiles(db, board.id, unitId) : [];
	const canSend =
		me.allowed.includes('meeting.setup') || (me.allowed.includes('sheet.self_assess') && me.unitId === unitId);
	return {
		readable,
		files,
		canSend,
		frozen: board.phase !== 'preparation',
		limits: {
			file: formatBytes(MAX_FILE_BYTES, locale),
			unit: formatBytes(MAX_UNIT_BYTES, locale),
			meeting: formatBytes(MAX_MEETING_BYTES, locale),
			used: formatBytes(
				files.reduce((sum, f) => sum + f.size, 0),
				locale
			)
		}
	};
}

/** Loads the sheet and checks that this participant may fill it now (their own unit, in preparation). */
async function sheetForSelfAssessment(event: RequestEvent) {
	const { db } = await appContext();
	const meetingId = Number(event.params.id);
	const me = await requireParticipant(db, event.locals, event.url, meetingId);
	const board = await loadMeetingBoard(db, meetingId);
	const unit = board?.units.find((u) => u.slug === event.params.slug);
	if (!board || !unit) error(404, translate(event.locals.locale, 'sheet.unitNotFound'));
	requireRight(event.locals.locale, me, 'sheet.self_assess', { phase: board.phase, unitId: unit.id });
	return { db, board, unit, me };
}

/**
 * Stores the whole sheet, or nothing: the file's problems and the entry's are listed together. A clean upload is
 * saved at once; one that could be read but is not clean fills the form and is summed up in one line (what was
 * read, how many places to look at), and the unit checks it and saves.
 */
async function save(
	event: RequestEvent,
	entry: SelfAssessmentEntry,
	upload?: { problems: readonly UnitSheetProblem[] }
) {
	const { db, board, unit, me } = await sheetForSelfAssessment(event);
	const { locale } = event.locals;
	const read = readSelfAssessment(board.template, entry);
	const fileProblems = upload?.problems ?? [];
	const errors = [
		...fileProblems.map((p) => unitSheetProblemMessage(locale, p)),
		...(read.ok ? [] : entryErrorMessages(locale, read.errors, entry))
	];
	if (!read.ok || errors.length > 0) {
		if (!upload) return fail(400, { entry, errors });
		const reading = uploadReading(board.template, entry, errors.length);
		const uploaded = translate(locale, 'self.uploadRead', { read: reading.read, count: reading.toCheck });
		return fail(400, { entry, errors, uploaded });
	}
	await saveSelfAssessment(db, unit.sheetId, read.sheet, me.userId);
	return { saved: translate(locale, 'self.saved') };
}

function refusalMessage(locale: Locale, refusal: SelfAssessmentFileRefusal): string {
	if (refusal.kind === 'file') return fileRefusalMessage(locale, refusal.reason);
	if (refusal.kind === 'sheet') return translate(locale, 'sheetfile.no_header');
	const { reason } = refusal;
	return reason === 'empty' || reason === 'bad_json'
		? translate(locale, `upload.${reason}`)
		: translate(locale, `selfupload.${reason}`);
}

/**
 * The head links paragraphs of the unit's report to an item (or gives the item back to what the board finds). Decided
 * here: the head, in the review, an item of the table, the report the unit has now, paragraphs of that report.
 */
async function linkParagraphs(event: RequestEvent) {
	const context = await appContext();
	const { locale } = event.locals;
	const meetingId = Number(event.params.id);
	const me = await requireParticipant(context.db, event.locals, event.url, meetingId);
	const board = await loadMeetingBoard(context.db, meetingId);
	const unit = board?.units.find((u) => u.slug === event.params.slug);
	if (!board || !unit) error(404, translate(locale, 'sheet.unitNotFound'));
	requireRight(locale, me, 'report.link', { phase: board.phase });
	const form = await event.request.formData();
	const criterion = String(form.get('criterion') ?? '');
	if (findCriterion(board.template, criterion)?.type !== 'item')
		return fail(400, { linkError: translate(locale, 'beside.linkBad') });
	const report = currentReport(await listUnitFiles(context.db, meetingId, unit.id));
	if (!report || report.sha256 !== form.get('report'))
		return fail(409, { linkError: translate(locale, 'beside.linkBad') });
	const count = (await reportParagraphs(context, report)).length;
	const paragraphs = form
		.getAll('paragraph')
		.map((p) => (typeof p === 'string' && /^\d{1,6}$/.test(p) ? Number(p) : -1));
	if (paragraphs.some((p) => p < 0 || p >= count))
		return fail(400, { linkError: translate(locale, 'beside.linkBad') });
	await saveParagraphLink(context.db, {
		meetingId,
		unitId: unit.id,
		criterion,
		reportSha256: report.sha256,
		paragraphs: form.get('reset') ? null : paragraphs,
		userId: me.userId,
		at: new Date().toISOString()
	});
	return { linked: translate(locale, 'beside.linkSaved', { code: criterion }) };
}

export const actions: Actions = {
	linkParagraphs,
	selfAssess: async (event) => {
		const form = await event.request.formData();
		const entry: { scores: Record<string, string>; reported: Record<string, string> } = {
			scores: {},
			reported: {}
		};
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
		if (!(file instanceof File) || file.size === 0)
			return fail(400, { errors: [translate(locale, 'upload.empty')] });
		if (file.size > MAX_TABLE_FILE_BYTES) return fail(400, { errors: [translate(locale, 'selfupload.too_large')] });
		const read = await readSelfAssessmentFile(new Uint8Array(await file.arrayBuffer()), board.template);
		if (!read.ok) return fail(400, { errors: [refusalMessage(locale, read.refusal)] });
		return save(event, read.entry, { problems: read.problems });
	}
};
