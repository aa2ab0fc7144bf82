import { error } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { appContext } from '$lib/server/context';
import { documentLinks } from '$lib/server/documents/links';
import { buildRecord } from '$lib/server/record/build';
import { verifyRecord } from '$lib/server/record/close-meeting';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals }) => {
	const { board } = await parent(); // the meeting layout has checked that this is a participant
	if (board.phase !== 'closed') error(409, translate(locals.locale, 'record.notClosed'));
	const { db } = await appContext();
	return { record: await buildRecord(db, board.id), check: await verifyRecord(db, board.id), files: await documentLinks(db, board.id, board.year) };
};
