import { fail } from '@sveltejs/kit';
import type { PeopleList } from '$lib/core/import/people-list';
import { translate, type Locale } from '$lib/i18n';
import { byteSize, peopleProblemMessage } from '$lib/i18n/people-problems';
import { appContext } from '$lib/server/context';
import { MAX_TABLE_FILE_BYTES } from '$lib/server/files/spreadsheet';
import { requireMeetingRight } from '$lib/server/people/guard';
import { importPeople, meetingUnitRefs, previewPeople } from '$lib/server/people/import';
import { UPLOAD_LIMIT_BYTES, gridFromForm, readFormSafely, type ListSourceRefusal } from '$lib/server/people/list-upload';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

// Importing the list of participants: upload or paste → preview of every row with its problems → confirm. Adding
// people in bulk is the same right as adding one (participants.manage): a list of substitutes may come late.

async function hostOnly(event: Pick<RequestEvent, 'params' | 'locals' | 'url'>) {
	const { db } = await appContext();
	const meetingId = Number(event.params.id);
	const member = await requireMeetingRight(db, event.locals, event.url, meetingId, 'participants.manage');
	return { db, meetingId, byAdministrator: member.isAdmin };
}

export const load: PageServerLoad = async (event) => {
	await hostOnly(event);
	return { uploadLimit: byteSize(UPLOAD_LIMIT_BYTES) };
};

function refusal(locale: Locale, reason: ListSourceRefusal) {
	const max = byteSize(Math.min(UPLOAD_LIMIT_BYTES, MAX_TABLE_FILE_BYTES));
	const message =
		reason === 'nothing'
			? translate(locale, 'people.import.nothing')
			: reason === 'bad_data'
				? translate(locale, 'people.import.badData')
				: reason === 'request_too_large'
					? translate(locale, 'people.import.tooLarge', { max })
					: translate(locale, `people.file.${reason}`, { max });
	return fail(reason === 'request_too_large' || reason === 'too_large' ? 413 : 400, { message });
}

/** What the preview shows: every row, the unit as matched, every problem as a sentence, and the grid to confirm. */
function preview(locale: Locale, list: PeopleList, units: Map<number, string>, grid: unknown) {
	return {
		rows: list.rows.map((r) => ({ ...r, unitName: r.unitId === null ? null : (units.get(r.unitId) ?? null) })),
		problems: list.problems.map((p) => peopleProblemMessage(locale, p)),
		problemRows: [...new Set(list.problems.flatMap((p) => ('row' in p ? [p.row] : 'rows' in p ? p.rows : [])))],
		grid: JSON.stringify(grid)
	};
}

async function unitNames(db: Awaited<ReturnType<typeof appContext>>['db'], meetingId: number) {
	return new Map((await meetingUnitRefs(db, meetingId)).map((u) => [u.id, u.shortName]));
}

export const actions: Actions = {
	preview: async (event) => {
		const { db, meetingId } = await hostOnly(event);
		const { locale } = event.locals;
		const form = await readFormSafely(event.request);
		if (!form) return refusal(locale, 'request_too_large');
		const source = await gridFromForm(form);
		if (!source.ok) return refusal(locale, source.reason);
		const list = await previewPeople(db, meetingId, source.grid);
		return { preview: preview(locale, list, await unitNames(db, meetingId), source.grid.rows) };
	},
	import: async (event) => {
		const { db, meetingId, byAdministrator } = await hostOnly(event);
		const { locale } = event.locals;
		const form = await readFormSafely(event.request);
		if (!form) return refusal(locale, 'request_too_large');
		const source = await gridFromForm(form);
		if (!source.ok) return refusal(locale, source.reason);
		const result = await importPeople(db, meetingId, source.grid, new Date(), { byAdministrator });
		const shown = preview(locale, result.list, await unitNames(db, meetingId), source.grid.rows);
		if (!result.ok) {
			return fail(400, { preview: shown, message: translate(locale, 'people.import.hasProblems', { count: result.list.problems.length }) });
		}
		const message = [
			translate(locale, 'people.import.done', { count: result.added }),
			result.updated > 0 ? translate(locale, 'people.import.updated', { count: result.updated }) : '',
			result.pending > 0 ? translate(locale, 'people.import.pending', { count: result.pending }) : ''
		].filter((m) => m !== '').join(' ');
		return { imported: result.added, message };
	}
};
