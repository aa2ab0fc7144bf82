import { appContext } from '$lib/server/context';
import { listMeetings } from '$lib/server/meetings/board';
import { personalNextStep } from '$lib/server/meetings/next-steps';
import { meetingIdsOf } from '$lib/server/people/participants';
import { requireUser } from '$lib/server/people/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const { db } = await appContext();
	const mine = new Set(await meetingIdsOf(db, user.id));
	const meetings = (await listMeetings(db)).filter((m) => mine.has(m.id));
	return {
		meetings: await Promise.all(
			meetings.map(async (m) => ({ ...m, next: (await personalNextStep(db, m.id, user.id)) ?? null }))
		)
	};
};
