import { appContext } from '$lib/server/context';
import { ballotViews } from '$lib/server/ballots/view';
import { readableUnits } from '$lib/server/evidence/access';
import { listMeetingFiles } from '$lib/server/evidence/files';
import { evidenceFileOf } from '$lib/server/evidence/unit-evidence';
import type { EvidenceFile } from '$lib/board/evidence';
import type { PageServerLoad } from './$types';

// The shared screen reads the ballots as everyone may see them (turnout while open, the count once closed), and the
// units' files this screen's viewer may read, to show the one the head has open.
export const load: PageServerLoad = async ({ parent }) => {
	const { board, me } = await parent();
	const context = await appContext();
	const reader = { role: me.isAdmin && me.id === 0 ? null : me.role, unitId: me.unitId, isAdmin: me.isAdmin };
	const readable = await readableUnits(
		context,
		board.id,
		reader,
		board.units.map((u) => u.id)
	);
	const slugOf = new Map(board.units.map((u) => [u.id, u.slug]));
	const files: Record<string, EvidenceFile[]> = {};
	for (const file of await listMeetingFiles(context.db, board.id)) {
		if (!readable.has(file.unitId)) continue;
		const slug = slugOf.get(file.unitId);
		if (slug) (files[slug] ??= []).push(evidenceFileOf(board.id, file));
	}
	return { ballots: await ballotViews(context.db, board.id, null), files };
};
