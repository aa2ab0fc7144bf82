// Who casts a member unit's one vote. A unit votes through its delegate; a unit whose leader sits as the cluster's
// head or a vice-head is not left without a vote for that: the leader casts it, unless the host has named another
// delegate for the unit, who then takes it. Someone marked absent, or who has not yet accepted their place, does not
// vote; the unit's next seat does, and with none present the unit's paper is issued but not returned. Pure.

import type { Role } from './index';

export interface Seat {
	/** The participation's id. */
	id: number;
	role: Role;
	unitId: number | null;
	absent: boolean;
	pending: boolean;
}

/** Who may vote for a unit, in order of precedence: its delegate, then the head, then a vice-head. */
const PRECEDENCE: readonly Role[] = ['delegate', 'head', 'vice_head'];

/** The seat that casts the unit's vote now, or null when nobody present can. Ties (never expected) go to the lowest id. */
export function unitVoter(seats: readonly Seat[], unitId: number): number | null {
	const present = seats.filter((s) => s.unitId === unitId && !s.absent && !s.pending).sort((a, b) => a.id - b.id);
	for (const role of PRECEDENCE) {
		const seat = present.find((s) => s.role === role);
		if (seat) return seat.id;
	}
	return null;
}

/** Every unit's voter, by unit id (units with nobody to vote are left out). */
export function unitVoters(seats: readonly Seat[]): Map<number, number> {
	const voters = new Map<number, number>();
	for (const unitId of new Set(seats.flatMap((s) => (s.unitId === null ? [] : [s.unitId])))) {
		const voter = unitVoter(seats, unitId);
		if (voter !== null) voters.set(unitId, voter);
	}
	return voters;
}

/** Whether this seat casts its unit's vote. */
export function castsUnitVote(seats: readonly Seat[], seat: Seat): boolean {
	return seat.unitId !== null && unitVoter(seats, seat.unitId) === seat.id;
}
