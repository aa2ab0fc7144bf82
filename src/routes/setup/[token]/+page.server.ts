import { fail, redirect } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { SESSION_COOKIE, sessionCookieOptions } from '$lib/server/auth/cookie';
import { createSession } from '$lib/server/auth/sessions';
import { readTexts } from '$lib/core/text';
import { appContext } from '$lib/server/context';
import { textProblemMessages } from '$lib/server/forms/text';
import { inspectSetupLink, redeemSetupLink } from '$lib/server/setup/admins';
import type { Actions, PageServerLoad } from './$types';

// The one-time link that makes its opener an administrator. Opening it only looks; the form uses it.
export const load: PageServerLoad = async ({ params }) => {
	const { db } = await appContext();
	const link = await inspectSetupLink(db, params.token);
	return { state: link.state, forExistingUser: link.userId !== null };
};

export const actions: Actions = {
	default: async ({ params, request, cookies, url, locals }) => {
		const { db } = await appContext();
		const form = await request.formData();
		const texts = readTexts(form, { name: 'name' });
		const displayName = texts.values.name;
		const username = String(form.get('username') ?? '').trim();
		const password = String(form.get('password') ?? '');
		if (texts.problems.length > 0)
			return fail(400, {
				message: textProblemMessages(locals.locale, texts.problems).join(' '),
				name: '',
				username
			});
		const result = await redeemSetupLink(db, params.token, { displayName, username, password });
		if (!result.ok) {
			const reason = result.reason;
			const message =
				reason === 'name_required'
					? translate(locals.locale, 'setup.name_required')
					: reason === 'valid' ||
						  reason === 'unknown' ||
						  reason === 'expired' ||
						  reason === 'used' ||
						  reason === 'revoked'
						? translate(locals.locale, `setup.link_${reason}`)
						: translate(locals.locale, `auth.${reason}`);
			return fail(400, { message, name: displayName, username });
		}
		const { token, session } = await createSession(db, result.userId);
		cookies.set(SESSION_COOKIE, token, sessionCookieOptions(url, session.expiresAt));
		redirect(303, '/admin');
	}
};
