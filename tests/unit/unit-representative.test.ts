// Who casts a member unit's one vote: its delegate; a unit whose leader is the cluster's head or a vice-head votes
// through that leader unless the host names another delegate; nobody absent or not yet accepted votes.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { representsUnit, unitRepresentative, unitRepresentatives, type Seat } from '$lib/core/rights';

const seat = (id: number, role: Seat['role'], unitId: number | null, extra: Partial<Seat> = {}): Seat => ({
	id,
	role,
	unitId,
	absent: false,
	pending: false,
	...extra
});

describe('unitRepresentative', () => {
	it('the head votes for their own unit when it has no delegate', () => {
		const seats = [
			seat(1, 'host', null),
			seat(2, 'head', 10),
			seat(3, 'vice_head', 20),
			seat(4, 'delegate', 20),
			seat(5, 'delegate', 30)
		];
		expect(unitRepresentative(seats, 10)).toBe(2);
		expect(representsUnit(seats, seats[1]!)).toBe(true);
	});

	it('a delegate the host names for the head’s unit takes the vote', () => {
		const seats = [seat(2, 'head', 10), seat(7, 'delegate', 10)];
		expect(unitRepresentative(seats, 10)).toBe(7);
		expect(representsUnit(seats, seats[0]!)).toBe(false);
		expect(representsUnit(seats, seats[1]!)).toBe(true);
	});

	it('a vice-head votes for their unit; a head of the same unit comes first', () => {
		expect(unitRepresentative([seat(3, 'vice_head', 20)], 20)).toBe(3);
		expect(unitRepresentative([seat(3, 'vice_head', 20), seat(9, 'head', 20)], 20)).toBe(9);
	});

	it('an absent delegate does not vote: the unit’s leader who is there does, else nobody', () => {
		expect(unitRepresentative([seat(2, 'head', 10), seat(7, 'delegate', 10, { absent: true })], 10)).toBe(2);
		expect(unitRepresentative([seat(7, 'delegate', 10, { absent: true })], 10)).toBeNull();
		expect(unitRepresentative([seat(2, 'head', 10, { absent: true })], 10)).toBeNull();
	});

	it('a participation not yet accepted gives no vote', () => {
		expect(unitRepresentative([seat(2, 'head', 10), seat(7, 'delegate', 10, { pending: true })], 10)).toBe(2);
		expect(unitRepresentative([seat(7, 'delegate', 10, { pending: true })], 10)).toBeNull();
	});

	it('hosts and observers never vote, whatever their unit', () => {
		expect(unitRepresentative([seat(1, 'host', 10), seat(5, 'observer', 10)], 10)).toBeNull();
	});

	it('every unit has at most one voter, and that voter is one of its own present seats', () => {
		const seatArb = fc.record({
			role: fc.constantFrom<Seat['role']>('host', 'head', 'vice_head', 'delegate', 'observer'),
			unitId: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
			absent: fc.boolean(),
			pending: fc.boolean()
		});
		fc.assert(
			fc.property(fc.array(seatArb, { maxLength: 12 }), (raw) => {
				const seats = raw.map((s, i) => ({ ...s, id: i + 1 }));
				const voters = unitRepresentatives(seats);
				for (const [unitId, voterId] of voters) {
					const voter = seats.find((s) => s.id === voterId)!;
					expect(voter.unitId).toBe(unitId);
					expect(voter.absent || voter.pending).toBe(false);
					expect(['delegate', 'head', 'vice_head']).toContain(voter.role);
					expect(seats.filter((s) => representsUnit(seats, s) && s.unitId === unitId)).toEqual([voter]);
					// A present delegate always takes precedence.
					if (seats.some((s) => s.unitId === unitId && s.role === 'delegate' && !s.absent && !s.pending))
						expect(voter.role).toBe('delegate');
				}
				// A unit with someone present who could vote has a voter.
				for (const s of seats) {
					if (
						s.unitId !== null &&
						!s.absent &&
						!s.pending &&
						['delegate', 'head', 'vice_head'].includes(s.role)
					)
						expect(voters.has(s.unitId)).toBe(true);
				}
			})
		);
	});
});
