import { fail } from '@sveltejs/kit';
import type { Grid } from '$lib/core/import/grid';
import type { PeopleList } from '$lib/core/import/people-list';
import { readText, writableDeep, type TextProblem } from '$lib/core/text';
import { translate, type Locale } from '$lib/i18n';
import { fileRefusalMessage } from '$lib/i18n/file-problems';
import { byteSize, peopleProblemMessage } from '$lib/i18n/people-problems';
import { appContext } from '$lib/server/context';
import { textProblemMessages } from '$lib/server/forms/text';
import { MAX_TABLE_FILE_BYTES } from '$lib/server/files/spreadsheet';
import { requireMeetingRight } from '$lib/server/people/guard';
import { importPeople, meetingUnitRefs, previewPeople } from '$lib/server/people/import';
import {
	UPLOAD_LIMIT_BYTES,
	gridFromForm,
	readFormSafely,
	type ListSourceRefusal
} from '$lib/server/people/list-upload';
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
					: reason === 'empty' ||
						  reason === 'too_large' ||
						  reason === 'not_a_table' ||
						  reason === 'unreadable'
						? translate(locale, `people.file.${reason}`, { max })
						: fileRefusalMessage(locale, reason);
	return fail(reason === 'request_too_large' || reason === 'too_large' ? 413 : 400, { message });
}

/** The people of a list whose text is longer than a form would take for one person, named by their row. */
function tooLong(list: PeopleList): TextProblem[] {
	return list.rows.flatMap((r) =>
		(['name', 'position', 'phone', 'email'] as const).flatMap((field) => {
			const read = readText(r[field] ?? '', field === 'name' ? 'name' : 'short');
			return read.ok ? [] : [{ field, of: `(${r.row})`, max: read.max, length: read.length }];
		})
	);
}

/**
 * A list's grid with its text made writable: a file's cells or a preview sent back can hold what XML does not allow
 * (Word's line break inside a cell becomes a space).
 */
function writableGrid(grid: Grid): Grid {
	return { ...grid, rows: writableDeep(grid.rows, ' ') };
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
		const grid = writableGrid(source.grid);
		const list = await previewPeople(db, meetingId, grid);
		const shown = preview(locale, list, await unitNames(db, meetingId), grid.rows);
		const long = tooLong(list);
		return { preview: { ...shown, problems: [...shown.problems, ...textProblemMessages(locale, long)] } };
	},
	import: async (event) => {
		const { db, meetingId, byAdministrator } = await hostOnly(event);
		const { locale } = event.locals;
		const form = await readFormSafely(event.request);
		if (!form) return refusal(locale, 'request_too_large');
		const source = await gridFromForm(form);
		if (!source.ok) return refusal(locale, source.reason);
		const grid = writableGrid(source.grid);
		// Every name and position bounded like one person's form, before anything is stored.
		const checked = await previewPeople(db, meetingId, grid);
		const long = tooLong(checked);
		if (long.length > 0) {
			const shown = preview(locale, checked, await unitNames(db, meetingId), grid.rows);
			return fail(400, {
				preview: { ...shown, problems: [...shown.problems, ...textProblemMessages(locale, long)] },
				message: textProblemMessages(locale, long).join(' ')
			});
		}
		const result = await importPeople(db, meetingId, grid, new Date(), { byAdministrator });
		const shown = preview(locale, result.list, await unitNames(db, meetingId), grid.rows);
		if (!result.ok) {
			return fail(400, {
				preview: shown,
				message: translate(locale, 'people.import.hasProblems', { count: result.list.problems.length })
			});
		}
		const message = [
			translate(locale, 'people.import.done', { count: result.added }),
			result.updated > 0 ? translate(locale, 'people.import.updated', { count: result.updated }) : '',
			result.pending > 0 ? translate(locale, 'people.import.pending', { count: result.pending }) : ''
		]
			.filter((m) => m !== '')
			.join(' ');
		return { imported: result.added, message };
	}
};
