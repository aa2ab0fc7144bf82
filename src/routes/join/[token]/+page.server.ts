import { fail, redirect } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';
import { SESSION_COOKIE, sessionCookieOptions } from '$lib/server/auth/cookie';
import { createSession, invalidateSession } from '$lib/server/auth/sessions';
import { inspectJoinLink, redeemJoinLink, type LinkInfo } from '$lib/server/people/join-links';
import type { Actions, PageServerLoad } from './$types';

/** The link's own person, already signed in: their link has done its job, whatever its state now. */
function isOwnLink(link: LinkInfo, user: App.Locals['user']): boolean {
	return link.state !== 'unknown' && user !== null && link.userId === user.id;
}

// Opening a link only looks at it; the page then posts to use it. Link previews in chat and mail apps fetch the
// address without running scripts, so they cannot burn an official's single-use link. An official who opens their
// used link again while signed in goes straight to the meeting; someone signed in as another person is told so
// before anything changes.
export const load: PageServerLoad = async ({ params, locals }) => {
	const { db } = await appContext();
	const link = await inspectJoinLink(db, params.token);
	if (link.state !== 'valid' && isOwnLink(link, locals.user)) redirect(303, `/meetings/${link.meetingId}`);
	const signedInAsOther = locals.user !== null && link.state !== 'unknown' && link.userId !== locals.user.id;
	return {
		state: link.state,
		displayName: link.state === 'valid' ? link.displayName : undefined,
		signedInAs: signedInAsOther ? locals.user!.displayName : null
	};
};

export const actions: Actions = {
	default: async ({ params, cookies, url, locals }) => {
		const { db } = await appContext();
		const link = await redeemJoinLink(db, params.token);
		if (link.state !== 'valid') {
			if (isOwnLink(link, locals.user)) redirect(303, `/meetings/${link.meetingId}`);
			return fail(410, { state: link.state });
		}
		// Joining as the link's person ends the session of whoever was signed in on this browser before.
		if (locals.session && locals.user?.id !== link.userId) await invalidateSession(db, locals.session.id);
		const { token, session } = await createSession(db, link.userId!);
		cookies.set(SESSION_COOKIE, token, sessionCookieOptions(url, session.expiresAt));
		redirect(303, `/meetings/${link.meetingId}`);
	}
};
