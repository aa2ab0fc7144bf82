import { readAnswers, type LiveAnswer } from '$lib/live/answers-doc';
import { answersDocumentName, scoringDocumentName } from '$lib/live/documents';
import { readComments, readDeductions, type LiveComment, type LiveDeduction } from '$lib/live/scoring-doc';
import { liveHub } from '../context';

// The live documents as pages render them on the server, so that the first picture is already right (and readable
// without scripts); the browser then keeps it live.

export async function liveScoring(
	meetingId: number
): Promise<{ deductions: LiveDeduction[]; comments: LiveComment[] }> {
	const sync = await liveHub();
	const doc = await sync.getDocument(scoringDocumentName(meetingId));
	return { deductions: readDeductions(doc), comments: readComments(doc) };
}

export async function liveAnswers(meetingId: number, unit: string): Promise<Map<string, LiveAnswer>> {
	const sync = await liveHub();
	return readAnswers(await sync.getDocument(answersDocumentName(meetingId, unit)));
}
