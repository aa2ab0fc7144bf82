import { redirect } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';
import { SESSION_COOKIE } from '$lib/server/auth/cookie';
import { invalidateSession } from '$lib/server/auth/sessions';
import { withdrawLiveAccess } from '$lib/server/live/withdraw';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		if (locals.session) {
			const { db } = await appContext();
			await invalidateSession(db, locals.session.id);
			await withdrawLiveAccess({ userId: locals.session.userId });
		}
		cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, '/login');
	}
};
