import { error } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { appContext } from '$lib/server/context';
import { requireParticipant } from '$lib/server/people/guard';
import { storedRecord } from '$lib/server/record/stored';
import type { RequestHandler } from './$types';

/**
 * The sealed record as data: the digest written at the close, whether the stored bytes still give it, and the record
 * as those very bytes (canonical JSON, points in hundredths), so that anyone can hash them and compare.
 */
export const GET: RequestHandler = async ({ params, locals, url }) => {
	const { db } = await appContext();
	const meetingId = Number(params.id);
	await requireParticipant(db, locals, url, meetingId);
	const stored = await storedRecord(db, meetingId);
	if (!stored) error(409, translate(locals.locale, 'record.notClosed'));
	const head = new TextEncoder().encode(
		`{"digest":${JSON.stringify(stored.digest)},"intact":${stored.intact},"record":`
	);
	const body = new Uint8Array(head.length + stored.bytes.length + 1);
	body.set(head);
	body.set(stored.bytes, head.length);
	body[body.length - 1] = 0x7d; // }
	return new Response(body, { headers: { 'content-type': 'application/json; charset=utf-8' } });
};
