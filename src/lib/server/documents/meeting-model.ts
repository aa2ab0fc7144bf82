import type { DocumentModel } from '$lib/core/documents';
import { appContext } from '../context';
import { liveAnswers, liveScoring } from '../live/read';
import { meetingPhase } from '../meetings/phase';
import { loadMeetingBoard } from '../meetings/board';
import { buildDocumentModel, type LiveState } from './model';

/** The documents' model of a meeting in this process: before the close, from the live board's documents. */
export async function meetingDocumentModel(meetingId: number): Promise<DocumentModel | undefined> {
	const { db } = await appContext();
	let live: LiveState | undefined;
	if ((await meetingPhase(db, meetingId)) !== 'closed') {
		const board = await loadMeetingBoard(db, meetingId);
		if (!board) return undefined;
		live = { deductions: (await liveScoring(meetingId)).deductions, answers: new Map() };
		for (const unit of board.units)
			for (const [id, answer] of await liveAnswers(meetingId, unit.slug)) live.answers.set(id, answer);
	}
	return buildDocumentModel(db, meetingId, live);
}
