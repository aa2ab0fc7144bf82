import { documentModel, type DocumentModel } from '$lib/core/documents';
import type { DB } from '../db/open';
import type { LiveState } from '../record/build';
import { meetingRecord } from '../record/current';

export type { LiveState };

// The documents' data model: the meeting's record (the sealed one after the close; before it, the one the live board
// gives, passed in, and every document is a draft), typeset in the layout the cluster reports in.

export async function buildDocumentModel(
	db: DB,
	meetingId: number,
	live?: LiveState,
	now = new Date()
): Promise<DocumentModel | undefined> {
	const current = await meetingRecord(db, meetingId, live);
	if (!current) return undefined;
	const cluster = await db
		.selectFrom('meetings')
		.innerJoin('clusters', 'clusters.id', 'meetings.cluster_id')
		.select('clusters.layout')
		.where('meetings.id', '=', meetingId)
		.executeTakeFirstOrThrow();
	return documentModel(current.record, { layout: cluster.layout, digest: current.digest, madeAt: now.toISOString() });
}
