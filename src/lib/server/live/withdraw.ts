import { appContext } from '../context';

/**
 * Ends live access that is no longer granted, at once: call it after ending a user's sessions (logout, "end all
 * sessions") or changing a meeting's participants. Each of the affected open connections is authorized again with
 * its own cookie; those refused are closed (4401/4403), the others take the new rights. (Writes re-check the
 * session and the participation anyway; this also cuts off reading.)
 */
export async function withdrawLiveAccess(scope: { userId: number } | { meetingId: number }): Promise<void> {
	const { sync } = await appContext();
	if (!sync) return;
	if ('userId' in scope) await sync.reauthorizeUser(scope.userId);
	else await sync.reauthorize(`meeting/${scope.meetingId}/`);
}
