import { fail, redirect } from '@sveltejs/kit';
import { checkClusterDetails } from '$lib/core/setup/details';
import { translate } from '$lib/i18n';
import { appContext } from '$lib/server/context';
import { listMeetings } from '$lib/server/meetings/board';
import { requireAdmin } from '$lib/server/people/guard';
import { listUsers, setAdministrator } from '$lib/server/setup/admins';
import { createCluster, listClusters } from '$lib/server/setup/clusters';
import { detailsProblemMessages } from '$lib/server/setup/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const { db } = await appContext();
	const [clusters, meetings, users] = await Promise.all([listClusters(db), listMeetings(db), listUsers(db)]);
	return { clusters, meetings, users };
};

export const actions: Actions = {
	createCluster: async ({ request, locals, url }) => {
		requireAdmin(locals, url);
		const { db } = await appContext();
		const form = Object.fromEntries(await request.formData());
		const checked = checkClusterDetails(form);
		if (!checked.ok)
			return fail(400, {
				clusterProblems: detailsProblemMessages(locals.locale, checked.problems),
				clusterForm: form
			});
		const clusterId = await createCluster(db, checked.value);
		redirect(303, `/admin/clusters/${clusterId}`);
	},
	setAdmin: async ({ request, locals, url }) => {
		const me = requireAdmin(locals, url);
		const { db } = await appContext();
		const form = await request.formData();
		const userId = Number(form.get('user'));
		const makeAdmin = form.get('admin') === '1';
		// An administrator cannot take their own right away: the installation would risk having none.
		if (userId === me.id && !makeAdmin)
			return fail(400, { message: translate(locals.locale, 'admin.notYourself') });
		if (!(await setAdministrator(db, userId, makeAdmin)))
			return fail(404, { message: translate(locals.locale, 'admin.unknownUser') });
		return { saved: translate(locals.locale, makeAdmin ? 'admin.madeAdmin' : 'admin.removedAdmin') };
	}
};
