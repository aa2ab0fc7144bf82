import { error } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { appContext } from '$lib/server/context';
import { madeDocuments } from '$lib/server/documents/made';
import { meetingDocumentModel } from '$lib/server/documents/meeting-model';
import { meetingPhase } from '$lib/server/meetings/phase';
import { requireMember, requireMemberRight } from '$lib/server/people/guard';
import type { RequestHandler } from './$types';

// One document of the meeting: a draft before the close, the record's after it; made once per version of what it says.
export const GET: RequestHandler = async ({ params, locals, url }) => {
	const { db } = await appContext();
	const meetingId = Number(params.id);
	// Participation before existence: an outsider gets the same 403 for every meeting id.
	const member = await requireMember(db, locals, url, meetingId);
	const phase = await meetingPhase(db, meetingId);
	if (!phase) error(404, translate(locals.locale, 'meeting.notFound'));
	requireMemberRight(locals.locale, member, 'meeting.view', { phase });
	const model = await meetingDocumentModel(meetingId);
	const rendered = model && (await madeDocuments().get(meetingId, model, params.file));
	if (!rendered) error(404, translate(locals.locale, 'documents.notFound'));
	return new Response(new Uint8Array(rendered.body), {
		headers: {
			'content-type': rendered.file.type,
			'content-disposition': `attachment; filename="${rendered.file.name}"`,
			'content-length': String(rendered.body.length),
			'cache-control': 'no-store'
		}
	});
};
