import { redirect } from '@sveltejs/kit';
import { isLocale } from '$lib/i18n';
import { sameOriginPath } from '$lib/server/same-origin';
import type { RequestHandler } from './$types';

/** Switches the interface language and returns to the page the user was on (same site only). */
export const GET: RequestHandler = ({ url, cookies }) => {
	const to = url.searchParams.get('to');
	const back = sameOriginPath(url.searchParams.get('back'));
	if (isLocale(to))
		cookies.set('lang', to, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: 60 * 60 * 24 * 365
		});
	redirect(303, back);
};
