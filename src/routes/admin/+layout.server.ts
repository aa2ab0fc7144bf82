import { requireAdmin } from '$lib/server/people/guard';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => {
	const admin = requireAdmin(locals, url);
	return { admin: { id: admin.id, displayName: admin.displayName } };
};
