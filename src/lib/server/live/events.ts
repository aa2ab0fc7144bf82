import { eventsDocumentName } from '$lib/live/documents';
import { liveHub } from '../context';

/** Tells every screen of a meeting that its phase changed (review → voting, closed), so they reload their rights. */
export async function announcePhaseChange(meetingId: number, phase: string): Promise<void> {
	const sync = await liveHub();
	await sync.applyServerChange(eventsDocumentName(meetingId), (doc) => doc.getMap('meeting').set('phase', { phase, at: Date.now() }));
}

/**
 * Tells every screen of a meeting that its ballots changed (opened, a vote cast, closed): the server writes a new
 * version into the meeting's events document, and screens reload the ballots from the server. Only counts and
 * statuses travel here; never a choice.
 */
export async function announceBallotChange(meetingId: number, ballotId: number, change: { status: string; voted: number }): Promise<void> {
	const sync = await liveHub();
	await sync.applyServerChange(eventsDocumentName(meetingId), (doc) => doc.getMap('ballots').set(String(ballotId), { ...change, at: Date.now() }));
}
