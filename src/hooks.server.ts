import type { Handle } from '@sveltejs/kit';
import { DEFAULT_LOCALE, isLocale } from '$lib/i18n';
import { appContext } from '$lib/server/context';
import { SESSION_COOKIE, sessionCookieOptions } from '$lib/server/auth/cookie';
import { validateSessionToken } from '$lib/server/auth/sessions';
import { cleanFormsOf } from '$lib/server/forms/writable-form';
import { boundFormBody } from '$lib/server/forms/body-bound';

export const handle: Handle = async ({ event, resolve }) => {
	const chosen = event.cookies.get('lang');
	event.locals.locale = isLocale(chosen) ? chosen : DEFAULT_LOCALE;

	// No form can store a character that would break a document (every action reads its form through this).
	boundFormBody(event.request, event.url.pathname);
	cleanFormsOf(event.request);

	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const { db } = await appContext();
		const result = await validateSessionToken(db, token);
		if (result.session) {
			event.locals.user = result.user;
			event.locals.session = result.session;
			if (result.renewed)
				event.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(event.url, result.session.expiresAt));
		} else {
			event.cookies.delete(SESSION_COOKIE, { path: '/' });
		}
	}

	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale)
	});
	// Join links carry secrets in their path: never send a referrer to another site. ('no-referrer' would also make
	// browsers send "Origin: null" on our own form posts, which SvelteKit's CSRF check rightly refuses.)
	// Pages are not to be framed elsewhere.
	response.headers.set('referrer-policy', 'same-origin');
	// A unit's file says for itself that only our own pages may frame it (a PDF shown beside the sheet).
	if (!response.headers.has('x-frame-options')) response.headers.set('x-frame-options', 'DENY');
	response.headers.set('x-content-type-options', 'nosniff');
	return response;
};
