import { error } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { appContext } from '$lib/server/context';
import { meetingHistory } from '$lib/server/live/history';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, parent, locals }) => {
	const { board } = await parent();
	if (!board.units.some((u) => u.slug === params.slug)) error(404, translate(locals.locale, 'sheet.unitNotFound'));
	const { db } = await appContext();
	return { slug: params.slug, history: await meetingHistory(db, board.id, params.slug) };
};
