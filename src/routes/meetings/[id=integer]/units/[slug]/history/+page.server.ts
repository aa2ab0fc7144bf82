import { error } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { appContext } from '$lib/server/context';
import { meetingHistory } from '$lib/server/live/history';
import type { PageServerLoad } from './$types';

/** A whole number from the query, or undefined. */
function whole(value: string | null): number | undefined {
	return value !== null && /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}

export const load: PageServerLoad = async ({ params, parent, locals, url }) => {
	const { board } = await parent();
	if (!board.units.some((u) => u.slug === params.slug)) error(404, translate(locals.locale, 'sheet.unitNotFound'));
	const { db } = await appContext();
	const query = {
		page: whole(url.searchParams.get('page')) ?? 1,
		criterion: url.searchParams.get('item') || undefined,
		userId: whole(url.searchParams.get('person')),
		at: whole(url.searchParams.get('at'))
	};
	return { slug: params.slug, query, history: await meetingHistory(db, board.id, params.slug, query) };
};
