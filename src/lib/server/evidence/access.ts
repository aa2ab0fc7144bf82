import { error } from '@sveltejs/kit';
import { mayReadUnitFiles } from '$lib/core/evidence';
import { translate } from '$lib/i18n';
import type { AppContext } from '../context';
import { requireMember } from '../people/guard';
import { filesVisibility, findUnitFile, type UnitFile } from './files';

// Reading a unit's file, as every route under /meetings/<id> is checked: participation before existence (an
// outsider gets the same 403 for every meeting and file id), then the file of this meeting, then the meeting's
// setting of who may see a unit's files.

export async function requireReadableFile(
	context: Pick<AppContext, 'db'>,
	locals: App.Locals,
	url: URL,
	meetingId: number,
	fileId: number
): Promise<UnitFile> {
	const { db } = context;
	const member = await requireMember(db, locals, url, meetingId);
	const visibility = await filesVisibility(db, meetingId);
	if (!visibility) error(404, translate(locals.locale, 'meeting.notFound'));
	const file = await findUnitFile(db, meetingId, fileId);
	if (!file) error(404, translate(locals.locale, 'evidence.error.not_found'));
	const reader = {
		role: member.participant?.role ?? null,
		unitId: member.participant?.unitId ?? null,
		isAdmin: member.isAdmin
	};
	if (!mayReadUnitFiles(reader, visibility, file.unitId))
		error(403, translate(locals.locale, 'evidence.error.not_allowed'));
	return file;
}

/** Which units' files this member may read (for listing them on a page). */
export async function readableUnits(
	context: Pick<AppContext, 'db'>,
	meetingId: number,
	reader: { role: Parameters<typeof mayReadUnitFiles>[0]['role']; unitId: number | null; isAdmin: boolean },
	unitIds: readonly number[]
): Promise<Set<number>> {
	const visibility = (await filesVisibility(context.db, meetingId)) ?? 'restricted';
	return new Set(unitIds.filter((id) => mayReadUnitFiles(reader, visibility, id)));
}
