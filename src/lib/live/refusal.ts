// The server refuses a live write with a reason in English (for its log and the client's); the screen says it in
// the catalogue's words: the update log's bound as such (nothing the writer can fix by trying again), anything else
// as a change that was not allowed.

/** The message key for a refusal with this reason. */
export function refusalMessage(reason: string | null): 'live.refused' | 'live.refusedHistory' {
	return reason !== null && /history/i.test(reason) ? 'live.refusedHistory' : 'live.refused';
}
