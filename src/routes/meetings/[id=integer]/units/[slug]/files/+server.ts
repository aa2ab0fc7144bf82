import { error, json } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { appContext } from '$lib/server/context';
import { listUnitFiles } from '$lib/server/evidence/files';
import { readableUnits } from '$lib/server/evidence/access';
import { receiveUnitFile, requireUnitFilesRight } from '$lib/server/evidence/upload';
import { loadMeetingBoard } from '$lib/server/meetings/board';
import { requireMember } from '$lib/server/people/guard';
import type { RequestHandler } from './$types';

// A unit's files: listed for whoever may read them; a new one (multipart: file, kind, caption, items, replaces)
// sent by whoever acts for the unit, or the host, during preparation.

async function unitOf(meetingId: number, slug: string) {
	const { db } = await appContext();
	const unit = await db
		.selectFrom('units')
		.innerJoin('meetings', 'meetings.cluster_id', 'units.cluster_id')
		.select('units.id')
		.where('meetings.id', '=', meetingId)
		.where('units.slug', '=', slug)
		.executeTakeFirst();
	return unit?.id;
}

export const GET: RequestHandler = async ({ params, locals, url }) => {
	const context = await appContext();
	const meetingId = Number(params.id);
	const member = await requireMember(context.db, locals, url, meetingId);
	const unitId = await unitOf(meetingId, params.slug);
	if (unitId === undefined) error(404, translate(locals.locale, 'sheet.unitNotFound'));
	const reader = {
		role: member.participant?.role ?? null,
		unitId: member.participant?.unitId ?? null,
		isAdmin: member.isAdmin
	};
	if (!(await readableUnits(context, meetingId, reader, [unitId])).has(unitId))
		error(403, translate(locals.locale, 'evidence.error.not_allowed'));
	return json({ files: await listUnitFiles(context.db, meetingId, unitId) });
};

export const POST: RequestHandler = async ({ params, locals, url, request }) => {
	const context = await appContext();
	const meetingId = Number(params.id);
	const { member, unitId } = await requireUnitFilesRight(context, locals, url, meetingId, () =>
		unitOf(meetingId, params.slug)
	);
	const board = await loadMeetingBoard(context.db, meetingId);
	if (!board || !board.units.some((u) => u.id === unitId)) error(404, translate(locals.locale, 'sheet.unitNotFound'));
	const file = await receiveUnitFile(context, locals.locale, request, {
		meetingId,
		unitId,
		template: board.template,
		userId: member.userId,
		now: new Date().toISOString()
	});
	return json({ file, message: translate(locals.locale, 'evidence.sent', { name: file.name }) }, { status: 201 });
};
