import { appContext } from '$lib/server/context';
import { listMeetings } from '$lib/server/meetings/board';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const { db } = await appContext();
	return { meetings: await listMeetings(db) };
};
