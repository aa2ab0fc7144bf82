import { appContext } from '$lib/server/context';
import { ballotViews } from '$lib/server/ballots/view';
import type { PageServerLoad } from './$types';

// The shared screen reads the ballots as everyone may see them (turnout while open, the count once closed).
export const load: PageServerLoad = async ({ parent }) => {
	const { board } = await parent();
	const { db } = await appContext();
	return { ballots: await ballotViews(db, board.id, null) };
};
