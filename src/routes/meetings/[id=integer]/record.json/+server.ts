import { error, json } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { appContext } from '$lib/server/context';
import { requireParticipant } from '$lib/server/people/guard';
import { buildRecord } from '$lib/server/record/build';
import { verifyRecord } from '$lib/server/record/close-meeting';
import type { RequestHandler } from './$types';

/** The frozen record as data, with the digest written at the close (points in hundredths, as stored). */
export const GET: RequestHandler = async ({ params, locals, url }) => {
	const { db } = await appContext();
	const meetingId = Number(params.id);
	await requireParticipant(db, locals, url, meetingId);
	const check = await verifyRecord(db, meetingId);
	if (!check) error(409, translate(locals.locale, 'record.notClosed'));
	return json({ digest: check.stored, intact: check.intact, record: await buildRecord(db, meetingId) });
};
