// The live board's Yjs documents, named by who may write them, so that rights are enforced per document:
//   meeting/<id>/scoring          deductions and comments on every unit's sheet: head and vice-heads write
//   meeting/<id>/answers/<unit>   a unit's answers to its deductions (giải trình): that unit's delegate writes
// Everyone in the meeting reads both. Presence travels as awareness on the scoring document, and so do the server's
// one-off events (a ballot opened, a vote cast, a count out, a new phase: see events.ts), which are not a document.
// A page keeps one socket, opened on the scoring document; a unit's answers travel on it (shared-socket.ts). Both
// names start with `meeting/<id>`: the hub carries on one socket only documents of the same meeting.

export type LiveDocument =
	{ kind: 'scoring'; meetingId: number } | { kind: 'answers'; meetingId: number; unit: string };

export function scoringDocumentName(meetingId: number): string {
	return `meeting/${meetingId}/scoring`;
}

export function answersDocumentName(meetingId: number, unit: string): string {
	return `meeting/${meetingId}/answers/${unit}`;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function parseDocumentName(name: string): LiveDocument | undefined {
	const parts = name.split('/');
	if (parts[0] !== 'meeting' || !parts[1] || !/^[1-9]\d{0,15}$/.test(parts[1])) return undefined;
	const meetingId = Number(parts[1]);
	if (parts.length === 3 && parts[2] === 'scoring') return { kind: 'scoring', meetingId };
	if (parts.length === 4 && parts[2] === 'answers' && SLUG.test(parts[3] ?? ''))
		return { kind: 'answers', meetingId, unit: parts[3]! };
	return undefined;
}
