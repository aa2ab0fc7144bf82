// The board's events: one-off messages from the server on a meeting's scoring socket (the sync protocol's event
// message), telling every screen that something decided in SQL changed, so that it reads it again. Only counts and
// statuses travel here, never a choice; nothing of them is stored, and a screen that reconnects reads again anyway.

/** The message type of an event on the wire, after y-websocket's four (the hub's `messageEvent`). */
export const MESSAGE_EVENT = 4;

export type BoardEvent =
	| { kind: 'phase'; phase: string }
	| { kind: 'ballot'; ballot: string; status: 'draft' | 'open' | 'closed' | 'deleted'; voted: number };

/** The event in a message's JSON text, or undefined when it is not one we know. */
export function parseBoardEvent(text: string): BoardEvent | undefined {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return undefined;
	}
	if (typeof value !== 'object' || value === null) return undefined;
	const event = value as Record<string, unknown>;
	if (event.kind === 'phase' && typeof event.phase === 'string') return { kind: 'phase', phase: event.phase };
	if (
		event.kind === 'ballot' &&
		typeof event.ballot === 'string' &&
		(event.status === 'draft' ||
			event.status === 'open' ||
			event.status === 'closed' ||
			event.status === 'deleted') &&
		typeof event.voted === 'number'
	) {
		return { kind: 'ballot', ballot: event.ballot, status: event.status, voted: event.voted };
	}
	return undefined;
}
