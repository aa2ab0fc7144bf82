import type { Role } from '$lib/core/rights';
import { openDatabase } from '$lib/server/db/open';
import { issueJoinLink } from '$lib/server/people/join-links';
import { listParticipants } from '$lib/server/people/participants';

/**
 * Issues a fresh join link for a demo participant, through the same module the host's page uses, on the running
 * server's database file (SQLite in WAL mode takes a second connection). As the admin command does: an account that
 * also sits in a copied meeting still gets its link.
 */
export async function issueLinkFor(
	databasePath: string,
	who: { role: Role; unit?: string },
	meetingId = 1
): Promise<string> {
	const { db } = await openDatabase(databasePath);
	try {
		const participant = (await listParticipants(db, meetingId)).find(
			(p) => p.role === who.role && (who.unit === undefined || p.unitName === who.unit)
		);
		if (!participant) throw new Error(`no ${who.role} ${who.unit ?? ''} in meeting ${meetingId}`);
		return (await issueJoinLink(db, participant.id, { byAdministrator: true })).token;
	} finally {
		await db.destroy();
	}
}

/** Posts a form the way a browser does (SvelteKit checks the Origin of form posts). */
export function postForm(
	baseUrl: string,
	path: string,
	fields: Record<string, string>,
	cookie?: string
): Promise<Response> {
	return fetch(`${baseUrl}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: new URL(baseUrl).origin,
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'text/html',
			...(cookie ? { cookie } : {})
		},
		body: new URLSearchParams(fields).toString()
	});
}

/** The `name=value` pair of the session cookie a response sets, for later requests. */
export function sessionCookieOf(response: Response): string {
	const header = response.headers.getSetCookie().find((c) => c.startsWith('session='));
	if (!header) throw new Error(`no session cookie in the response (${response.status})`);
	return header.split(';')[0]!;
}

/** Opens a join link as an official does and returns their session cookie. */
export async function joinByLink(baseUrl: string, token: string): Promise<string> {
	const response = await postForm(baseUrl, `/join/${token}`, {});
	if (response.status !== 303) throw new Error(`joining failed with ${response.status}: ${await response.text()}`);
	return sessionCookieOf(response);
}

export async function signInAs(
	baseUrl: string,
	databasePath: string,
	who: { role: Role; unit?: string }
): Promise<string> {
	return joinByLink(baseUrl, await issueLinkFor(databasePath, who));
}
