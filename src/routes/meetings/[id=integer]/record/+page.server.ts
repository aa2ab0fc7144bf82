import { error } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { appContext } from '$lib/server/context';
import { documentLinks } from '$lib/server/documents/links';
import { storedRecord } from '$lib/server/record/stored';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals }) => {
	const { board } = await parent(); // the meeting layout has checked that this is a participant
	if (board.phase !== 'closed') error(409, translate(locals.locale, 'record.notClosed'));
	const { db } = await appContext();
	const stored = await storedRecord(db, board.id);
	if (!stored) error(409, translate(locals.locale, 'record.notClosed'));
	return {
		record: stored.record,
		digest: stored.digest,
		intact: stored.intact,
		files: await documentLinks(db, board.id, board.year)
	};
};
