import type { Role } from '../rights';

// Copying a meeting to the next year: the people come along with their roles, except that last year's elections
// decide who scores. Pure.
//
// The rule: the head's and vice-heads' seats go to the units elected last year. Within an elected unit, the person
// who scored last year (head or vice-head) takes the seat; when the unit had no scorer, its delegate does, and the
// unit is reported as needing a new delegate (one person holds one role in a meeting). Last year's scorers whose
// unit was not elected become observers: they keep following the board but no longer score. People of units that
// no longer take part are not copied.

export interface PastParticipant {
	userId: number;
	role: Role;
	unitId: number | null;
}

export interface Elected {
	head: number | null;
	viceHeads: number[];
}

export interface Succession {
	participants: PastParticipant[];
	/** Elected units whose delegate now scores: each needs a new delegate before the vote. */
	unitsNeedingDelegate: number[];
	/** Elected units with no one from last year to take the seat. */
	seatsUnfilled: { role: 'head' | 'vice_head'; unitId: number }[];
}

const SCORER: readonly Role[] = ['head', 'vice_head'];

export function succeed(
	previous: readonly PastParticipant[],
	elected: Elected,
	unitsTakingPart: ReadonlySet<number>
): Succession {
	const seats = new Map<number, 'head' | 'vice_head'>();
	for (const unitId of elected.viceHeads) seats.set(unitId, 'vice_head');
	if (elected.head !== null) seats.set(elected.head, 'head');

	const kept = previous.filter((p) => p.unitId === null || unitsTakingPart.has(p.unitId));
	const next = new Map<number, PastParticipant>(kept.map((p) => [p.userId, { ...p }]));
	const unitsNeedingDelegate: number[] = [];
	const seatsUnfilled: Succession['seatsUnfilled'] = [];

	for (const p of next.values()) {
		if (SCORER.includes(p.role) && (p.unitId === null || !seats.has(p.unitId))) p.role = 'observer';
	}
	for (const [unitId, role] of seats) {
		if (!unitsTakingPart.has(unitId)) continue;
		const ofUnit = [...next.values()].filter((p) => p.unitId === unitId);
		const scorer = ofUnit.find((p) => SCORER.includes(p.role)) ?? ofUnit.find((p) => p.role === 'delegate');
		if (!scorer) {
			seatsUnfilled.push({ role, unitId });
			continue;
		}
		if (scorer.role === 'delegate') unitsNeedingDelegate.push(unitId);
		scorer.role = role;
	}
	return { participants: [...next.values()], unitsNeedingDelegate, seatsUnfilled };
}
