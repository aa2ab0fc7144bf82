import { error, fail } from '@sveltejs/kit';
import {
	confirmCriteria,
	rereadCriteria,
	type CriteriaCorrections,
	type CriteriaPreview
} from '$lib/core/import/criteria';
import { correctionsFromForm, parseCriteriaCorrections, parseCriteriaSource } from '$lib/core/import/criteria-form';
import { readText, writableDeep, type TextProblem } from '$lib/core/text';
import { translate } from '$lib/i18n';
import { textProblemMessages } from '$lib/server/forms/text';
import { appContext } from '$lib/server/context';
import { readCriteriaFile } from '$lib/server/files/import-files';
import { loadMeetingBoard } from '$lib/server/meetings/board';
import { requireMember, requireMemberRight } from '$lib/server/people/guard';
import { meetingTemplateInfo, replaceMeetingTemplate } from '$lib/server/templates/meeting-template';
import { criteriaProblemMessage, fileRefusalMessage, templateErrorMessage } from '$lib/i18n/file-problems';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

// The host imports the year's criteria table: upload → preview → corrections → confirm. The file's grid and the
// host's corrections are kept in the page (hidden fields); every request reads the table again from the grid with
// the corrections, so the host fixes anything without editing the file. Nothing is stored while the preview has
// errors, nor once a unit has submitted its sheet.

async function guard(event: Pick<RequestEvent, 'params' | 'locals' | 'url'>) {
	const { db } = await appContext();
	const meetingId = Number(event.params.id);
	// Participation before existence: an outsider gets the same 403 for every meeting id.
	const member = await requireMember(db, event.locals, event.url, meetingId);
	const board = await loadMeetingBoard(db, meetingId);
	if (!board) error(404, translate(event.locals.locale, 'meeting.notFound'));
	requireMemberRight(event.locals.locale, member, 'meeting.setup', { phase: board.phase });
	return { db, meetingId };
}

export const load: PageServerLoad = async (event) => {
	const { db, meetingId } = await guard(event);
	return { current: await meetingTemplateInfo(db, meetingId) };
};

/** What the page shows of a preview: the preview (without its source), the source and corrections for the next
 * request, its problems as sentences. */
function shown(event: RequestEvent, preview: CriteriaPreview, corrections: CriteriaCorrections, extra: string[] = []) {
	const { locale } = event.locals;
	const messages = preview.problems.map((p) => ({
		severity: p.severity,
		row: p.row ?? null,
		text: criteriaProblemMessage(locale, p)
	}));
	const { source, ...rest } = preview;
	return {
		preview: rest,
		sourceJson: JSON.stringify(source),
		correctionsJson: JSON.stringify(corrections),
		problems: [...messages, ...extra.map((text) => ({ severity: 'error' as const, row: null, text }))]
	};
}

/** The preview read again from the file with the earlier corrections and those of this submit. */
async function correctedPreview(event: RequestEvent) {
	const form = await event.request.formData();
	const source = parseCriteriaSource(String(form.get('source') ?? ''));
	if (!source) return null;
	const earlier = parseCriteriaCorrections(String(form.get('corrections') ?? '{}'));
	const fields = [...form].filter((entry): entry is [string, string] => typeof entry[1] === 'string');
	// The file's grid and the corrections come back from the page: their text is made writable like any form's, and
	// bounded at the confirm.
	const grid = writableDeep(source);
	const corrections = writableDeep(correctionsFromForm(rereadCriteria(grid, earlier), earlier, fields));
	return { preview: rereadCriteria(grid, corrections), corrections };
}

/** The preview's texts too long to store: the table's name and every criterion's content. */
function tooLong(preview: CriteriaPreview): TextProblem[] {
	const problems: TextProblem[] = [];
	const name = readText(preview.name, 'title');
	if (!name.ok) problems.push({ field: 'templateName', max: name.max, length: name.length });
	const walk = (nodes: readonly CriteriaPreview['criteria'][number][]) => {
		for (const node of nodes) {
			const title = readText(node.title, 'criterion');
			if (!title.ok)
				problems.push({
					field: 'criterion',
					of: node.label || node.code,
					max: title.max,
					length: title.length
				});
			walk(node.children);
		}
	};
	walk(preview.criteria);
	return problems;
}

export const actions: Actions = {
	read: async (event) => {
		await guard(event);
		const { locale } = event.locals;
		const file = (await event.request.formData()).get('file');
		if (!(file instanceof File) || file.size === 0)
			return fail(400, { fileError: fileRefusalMessage(locale, 'empty') });
		const read = await readCriteriaFile(new Uint8Array(await file.arrayBuffer()));
		if (!read.ok) return fail(400, { fileError: fileRefusalMessage(locale, read.reason) });
		return shown(event, read.value, {});
	},
	recheck: async (event) => {
		await guard(event);
		const read = await correctedPreview(event);
		if (!read) return fail(400, { fileError: translate(event.locals.locale, 'criteria.badPreview') });
		return shown(event, read.preview, read.corrections);
	},
	confirm: async (event) => {
		const { db, meetingId } = await guard(event);
		const { locale } = event.locals;
		const read = await correctedPreview(event);
		if (!read) return fail(400, { fileError: translate(locale, 'criteria.badPreview') });
		const { preview, corrections } = read;
		const long = tooLong(preview);
		if (long.length > 0)
			return fail(400, {
				...shown(event, preview, corrections, textProblemMessages(locale, long)),
				notSaved: translate(locale, 'criteria.notSaved')
			});
		const confirmed = confirmCriteria(preview);
		if (!confirmed.ok) {
			return fail(400, {
				...shown(
					event,
					preview,
					corrections,
					confirmed.templateErrors.map((e) => templateErrorMessage(locale, e))
				),
				notSaved: translate(locale, 'criteria.notSaved')
			});
		}
		const stored = await replaceMeetingTemplate(db, meetingId, confirmed.template);
		if (!stored.ok)
			return fail(409, { ...shown(event, preview, corrections), notSaved: translate(locale, 'criteria.frozen') });
		return {
			saved: translate(locale, 'criteria.saved', { name: confirmed.template.name, version: stored.version })
		};
	}
};
