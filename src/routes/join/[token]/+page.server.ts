import { fail, redirect } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';
import { SESSION_COOKIE, sessionCookieOptions } from '$lib/server/auth/cookie';
import { createSession } from '$lib/server/auth/sessions';
import { inspectJoinLink, redeemJoinLink } from '$lib/server/people/join-links';
import type { Actions, PageServerLoad } from './$types';

// Opening a link only looks at it; the page then posts to use it. Link previews in chat and mail apps fetch the
// address without running scripts, so they cannot burn an official's single-use link.
export const load: PageServerLoad = async ({ params }) => {
	const { db } = await appContext();
	const link = await inspectJoinLink(db, params.token);
	return { state: link.state, displayName: link.state === 'valid' ? link.displayName : undefined };
};

export const actions: Actions = {
	default: async ({ params, cookies, url }) => {
		const { db } = await appContext();
		const link = await redeemJoinLink(db, params.token);
		if (link.state !== 'valid') return fail(410, { state: link.state });
		const { token, session } = await createSession(db, link.userId!);
		cookies.set(SESSION_COOKIE, token, sessionCookieOptions(url, session.expiresAt));
		redirect(303, `/meetings/${link.meetingId}`);
	}
};
