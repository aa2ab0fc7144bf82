import { fail, redirect } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { appContext } from '$lib/server/context';
import { SESSION_COOKIE } from '$lib/server/auth/cookie';
import { invalidateUserSessions } from '$lib/server/auth/sessions';
import { withdrawLiveAccess } from '$lib/server/live/withdraw';
import { acceptParticipation, declineParticipation, pendingParticipations } from '$lib/server/people/consent';
import { requireUser } from '$lib/server/people/guard';
import { setCredentials } from '$lib/server/people/users';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const { db } = await appContext();
	// Places a host named this account to: the person accepts or declines here, from their own session.
	return {
		user: { displayName: user.displayName, username: user.username },
		pending: await pendingParticipations(db, user.id)
	};
};

function participationOf(form: FormData): number {
	const id = Number(form.get('participant'));
	return Number.isSafeInteger(id) ? id : -1;
}

export const actions: Actions = {
	credentials: async ({ request, locals, url }) => {
		const user = requireUser(locals, url);
		const form = await request.formData();
		const username = String(form.get('username') ?? '');
		const { db } = await appContext();
		const result = await setCredentials(db, user.id, username, String(form.get('password') ?? ''));
		if (!result.ok) return fail(400, { username, message: translate(locals.locale, `auth.${result.reason}`) });
		return { saved: translate(locals.locale, 'auth.passwordSaved', { username: username.trim().toLowerCase() }) };
	},
	accept: async ({ request, locals, url }) => {
		const user = requireUser(locals, url);
		const { db } = await appContext();
		const meetingId = await acceptParticipation(db, user.id, participationOf(await request.formData()));
		if (meetingId === null)
			return fail(404, { pendingMessage: translate(locals.locale, 'account.pending.unknown') });
		return { pendingSaved: translate(locals.locale, 'account.pending.accepted'), meetingId };
	},
	decline: async ({ request, locals, url }) => {
		const user = requireUser(locals, url);
		const { db } = await appContext();
		if (!(await declineParticipation(db, user.id, participationOf(await request.formData())))) {
			return fail(404, { pendingMessage: translate(locals.locale, 'account.pending.unknown') });
		}
		return { pendingSaved: translate(locals.locale, 'account.pending.declined') };
	},
	endAll: async ({ locals, url, cookies }) => {
		const user = requireUser(locals, url);
		const { db } = await appContext();
		await invalidateUserSessions(db, user.id);
		await withdrawLiveAccess({ userId: user.id });
		cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, '/login');
	}
};
