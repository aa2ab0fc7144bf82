import { error, json } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { appContext } from '$lib/server/context';
import { requireReadableFile } from '$lib/server/evidence/access';
import { findUnitFile, readUnitFileBytes, removeUnitFile } from '$lib/server/evidence/files';
import { requireUnitFilesRight } from '$lib/server/evidence/upload';
import { fileHeaders } from '$lib/server/evidence/serve';
import type { RequestHandler } from './$types';

// A unit's file: read by whoever the meeting's setting lets see that unit's files; removed by whoever may send the
// unit's files, until the review starts.

export const GET: RequestHandler = async ({ params, locals, url }) => {
	const context = await appContext();
	const file = await requireReadableFile(context, locals, url, Number(params.id), Number(params.file));
	const bytes = await readUnitFileBytes(context.files, file);
	if (!bytes) error(410, translate(locals.locale, 'evidence.error.lost'));
	return new Response(new Uint8Array(bytes), { headers: fileHeaders(file) });
};

export const DELETE: RequestHandler = async ({ params, locals, url }) => {
	const context = await appContext();
	const meetingId = Number(params.id);
	const found = await requireUnitFilesRight(context, locals, url, meetingId, async () => {
		const file = await findUnitFile(context.db, meetingId, Number(params.file));
		return file?.unitId;
	});
	const file = await findUnitFile(context.db, meetingId, Number(params.file));
	const removed = await removeUnitFile(context.db, context.files, meetingId, Number(params.file));
	if (!removed.ok)
		error(removed.reason === 'frozen' ? 409 : 404, translate(locals.locale, `evidence.error.${removed.reason}`));
	return json({
		removed: found.unitId,
		message: translate(locals.locale, 'evidence.removed', { name: file?.name ?? '' })
	});
};
