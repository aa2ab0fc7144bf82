import { fail, redirect } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { appContext } from '$lib/server/context';
import { SESSION_COOKIE, sessionCookieOptions } from '$lib/server/auth/cookie';
import { createSession } from '$lib/server/auth/sessions';
import { signIn } from '$lib/server/auth/sign-in';
import { sameOriginPath } from '$lib/server/same-origin';
import type { Actions, PageServerLoad } from './$types';

/** Only same-site paths: an attacker's ?next= must not send a signed-in user elsewhere. */
const safeNext = (next: string | null) => sameOriginPath(next);

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	return {};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress, locals }) => {
		const form = await request.formData();
		const username = String(form.get('username') ?? '');
		const password = String(form.get('password') ?? '');
		if (!username.trim() || !password)
			return fail(400, { username, message: translate(locals.locale, 'auth.missing') });

		const { db } = await appContext();
		const result = await signIn(db, username, password, getClientAddress());
		if (!result.ok) {
			if (result.reason === 'throttled') {
				const seconds = Math.ceil(result.retryAfterMs / 1000);
				return fail(429, { username, message: translate(locals.locale, 'auth.throttled', { seconds }) });
			}
			return fail(400, { username, message: translate(locals.locale, 'auth.wrong') });
		}
		const { token, session } = await createSession(db, result.userId);
		cookies.set(SESSION_COOKIE, token, sessionCookieOptions(url, session.expiresAt));
		redirect(303, safeNext(url.searchParams.get('next')));
	}
};
