// Who acts for a member unit: fills its self-assessment, answers the deductions on it, and casts its one vote. A
// unit acts through its delegate; a unit whose leader sits as the cluster's head or a vice-head is not left without
// a voice for that: the leader acts for it, unless the host has named another delegate for the unit, who then does.
// Someone marked absent, or who has not yet accepted their place, does not act for the unit; the unit's next seat
// does, and with none present the unit's paper is issued but not returned. Pure.

import type { Role } from './index';

export interface Seat {
	/** The participation's id. */
	id: number;
	role: Role;
	unitId: number | null;
	absent: boolean;
	pending: boolean;
}

/** Who may act for a unit, in order of precedence: its delegate, then the head, then a vice-head. */
const PRECEDENCE: readonly Role[] = ['delegate', 'head', 'vice_head'];

/** The seat that acts for the unit now, or null when nobody present can. Ties (never expected) go to the lowest id. */
export function unitRepresentative(seats: readonly Seat[], unitId: number): number | null {
	const present = seats.filter((s) => s.unitId === unitId && !s.absent && !s.pending).sort((a, b) => a.id - b.id);
	for (const role of PRECEDENCE) {
		const seat = present.find((s) => s.role === role);
		if (seat) return seat.id;
	}
	return null;
}

/** Every unit's representative, by unit id (units with nobody to act for them are left out). */
export function unitRepresentatives(seats: readonly Seat[]): Map<number, number> {
	const voters = new Map<number, number>();
	for (const unitId of new Set(seats.flatMap((s) => (s.unitId === null ? [] : [s.unitId])))) {
		const voter = unitRepresentative(seats, unitId);
		if (voter !== null) voters.set(unitId, voter);
	}
	return voters;
}

/** Whether this seat acts for its unit (its vote, its sheet, its answers). */
export function representsUnit(seats: readonly Seat[], seat: Seat): boolean {
	return seat.unitId !== null && unitRepresentative(seats, seat.unitId) === seat.id;
}
