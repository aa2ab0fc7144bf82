import { error } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';
import { loadMeetingBoard } from '$lib/server/meetings/board';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ params }) => {
	const { db } = await appContext();
	const board = await loadMeetingBoard(db, Number(params.id));
	if (!board) error(404, 'meeting not found');
	return { board };
};
