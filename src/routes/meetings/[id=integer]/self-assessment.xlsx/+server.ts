import { error } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { appContext } from '$lib/server/context';
import { XLSX_MIME, criteriaWorkbook } from '$lib/server/files/criteria-workbook';
import { loadMeetingBoard } from '$lib/server/meetings/board';
import { requireMember } from '$lib/server/people/guard';
import type { RequestHandler } from './$types';

// The blank self-assessment workbook of the meeting's criteria table, for any participant (a delegate's carries
// their unit's name).
export const GET: RequestHandler = async ({ params, locals, url }) => {
	const { db } = await appContext();
	const meetingId = Number(params.id);
	// Participation before existence: an outsider gets the same 403 for every meeting id.
	const member = await requireMember(db, locals, url, meetingId);
	const board = await loadMeetingBoard(db, meetingId);
	if (!board) error(404, translate(locals.locale, 'meeting.notFound'));
	const unitName = board.units.find((u) => u.id === member.participant?.unitId)?.name;
	const bytes = await criteriaWorkbook(board.template, { locale: locals.locale, unitName });
	return new Response(bytes, {
		headers: {
			'content-type': XLSX_MIME,
			'content-disposition': `attachment; filename="bang-tu-cham-${board.year}.xlsx"`,
			'cache-control': 'private, no-store'
		}
	});
};
