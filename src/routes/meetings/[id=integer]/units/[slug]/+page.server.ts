import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, parent }) => {
	const { board } = await parent();
	if (!board.units.some((u) => u.slug === params.slug)) error(404, 'unit not found');
	return { slug: params.slug };
};
