import type { Peer } from './board.svelte';

// "Follow the head": the shared screen and any board that asks go where the head is. Presence says where: a
// ballot (on the ballots page), a unit's sheet, or the summary.

export type Place =
	| { kind: 'summary' }
	/** `file`: the SHA-256 of the unit's file open beside its sheet, if any. */
	| { kind: 'unit'; unit: string; file: string | null }
	| { kind: 'ballot'; ballot: string };

/** The person to follow: the head, else (the head being away) the host who runs the meeting with them. */
export function leader(peers: readonly Pick<Peer, 'role' | 'self' | 'clientId' | 'seen'>[]): number | undefined {
	const newest = (role: string) =>
		peers
			.filter((p) => !p.self && p.role === role)
			.reduce<(typeof peers)[number] | undefined>(
				(best, p) => (!best || p.seen > best.seen ? p : best),
				undefined
			);
	return (newest('head') ?? newest('host'))?.clientId;
}

export function placeOf(peer: Pick<Peer, 'viewing' | 'ballot'> & Partial<Pick<Peer, 'evidence'>>): Place {
	if (peer.ballot !== null) return { kind: 'ballot', ballot: peer.ballot };
	if (peer.viewing !== null) return { kind: 'unit', unit: peer.viewing, file: peer.evidence ?? null };
	return { kind: 'summary' };
}

/** The page of a meeting that shows a place. */
export function pathOf(meetingId: number, place: Place): string {
	if (place.kind === 'ballot') return `/meetings/${meetingId}/ballots`;
	if (place.kind === 'unit') return `/meetings/${meetingId}/units/${place.unit}`;
	return `/meetings/${meetingId}`;
}

/**
 * The ballot the ballots page (and so the shared screen) is about: the open one; else the one closed last, whose
 * count stays up until the head opens another (a draft prepared meanwhile, a run-off too, never replaces it); else
 * the newest draft (ids grow); else none.
 */
export function focusBallot(
	ballots: readonly { id: string; status: string; closedAt?: string | null }[]
): string | null {
	const open = ballots.find((b) => b.status === 'open');
	if (open) return open.id;
	const newest = (list: typeof ballots) =>
		[...list].sort((a, b) => (b.closedAt ?? '').localeCompare(a.closedAt ?? '') || Number(b.id) - Number(a.id))[0];
	const closed = newest(ballots.filter((b) => b.status === 'closed'));
	return (closed ?? newest(ballots))?.id ?? null;
}
