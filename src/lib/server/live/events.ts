import type { BoardEvent } from '$lib/live/events';
import { scoringDocumentName } from '$lib/live/documents';
import { appContext } from '../context';

// What the server decides in SQL (phases, ballots) is told to every screen of the meeting as a one-off event on the
// scoring document's sockets (every meeting page holds one): nothing is stored, and screens read again from the
// server. Only the server sends events; a client that sends one is closed.

// With several instances, the meeting's screens are on its owner, maybe not this one: every instance hears the event
// through PostgreSQL (NOTIFY) and gives it to the screens it holds.
async function tell(meetingId: number, event: BoardEvent): Promise<void> {
	const { sync, cluster } = await appContext();
	if (cluster) await cluster.publishEvent(scoringDocumentName(meetingId), event);
	else sync?.sendEvent(scoringDocumentName(meetingId), event);
}

/** Tells every screen of a meeting that its phase changed (review → voting, closed), so they reload their rights. */
export function announcePhaseChange(meetingId: number, phase: string): Promise<void> {
	return tell(meetingId, { kind: 'phase', phase });
}

/**
 * Tells every screen of a meeting that its ballots changed (prepared, opened, a vote cast, closed, deleted), so they
 * reload the ballots. Only counts and statuses travel here; never a choice.
 */
export function announceBallotChange(
	meetingId: number,
	ballotId: number,
	change: { status: Extract<BoardEvent, { kind: 'ballot' }>['status']; voted: number }
): Promise<void> {
	return tell(meetingId, { kind: 'ballot', ballot: String(ballotId), ...change });
}
