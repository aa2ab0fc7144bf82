import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Role } from '$lib/core/rights';
import { succeed, type PastParticipant } from '$lib/core/setup/succession';

// Units 1–6. Last year: unit 1 chaired, units 2 and 3 were vice-heads; every unit had a delegate; a host and an
// observer without a unit.
const lastYear: PastParticipant[] = [
	{ userId: 100, role: 'host', unitId: null },
	{ userId: 101, role: 'head', unitId: 1 },
	{ userId: 102, role: 'vice_head', unitId: 2 },
	{ userId: 103, role: 'vice_head', unitId: 3 },
	...[1, 2, 3, 4, 5, 6].map((unit) => ({ userId: 200 + unit, role: 'delegate' as Role, unitId: unit })),
	{ userId: 300, role: 'observer', unitId: null }
];
const allUnits = new Set([1, 2, 3, 4, 5, 6]);
const roleOf = (participants: PastParticipant[], userId: number) => participants.find((p) => p.userId === userId)?.role;

describe('succeed', () => {
	it('gives the seats to the elected units: their scorers move, other scorers become observers', () => {
		// Elections: unit 2 chairs next year, units 1 and 4 are vice-heads.
		const next = succeed(lastYear, { head: 2, viceHeads: [1, 4] }, allUnits);
		expect(roleOf(next.participants, 102)).toBe('head'); // unit 2's vice-head becomes head
		expect(roleOf(next.participants, 101)).toBe('vice_head'); // unit 1's head becomes vice-head
		expect(roleOf(next.participants, 103)).toBe('observer'); // unit 3 was not re-elected
		expect(roleOf(next.participants, 204)).toBe('vice_head'); // unit 4 had no scorer: its delegate takes the seat
		expect(next.unitsNeedingDelegate).toEqual([4]);
		expect(next.seatsUnfilled).toEqual([]);
		// Everyone else keeps their role.
		expect(roleOf(next.participants, 100)).toBe('host');
		expect(roleOf(next.participants, 300)).toBe('observer');
		for (const unit of [1, 2, 3, 5, 6]) expect(roleOf(next.participants, 200 + unit)).toBe('delegate');
	});

	it('leaves out the people of units that no longer take part, and reports a seat nobody can fill', () => {
		const next = succeed(lastYear, { head: 7, viceHeads: [6] }, new Set([1, 2, 3, 4, 5, 6, 7]));
		expect(next.seatsUnfilled).toEqual([{ role: 'head', unitId: 7 }]);
		const without6 = succeed(lastYear, { head: 1, viceHeads: [2] }, new Set([1, 2, 3, 4, 5]));
		expect(without6.participants.some((p) => p.unitId === 6)).toBe(false);
	});

	it('never gives one person two roles, and fills each elected seat once', () => {
		const unit = fc.integer({ min: 1, max: 6 });
		fc.assert(
			fc.property(unit, fc.uniqueArray(unit, { maxLength: 3 }), (head, vices) => {
				const viceHeads = vices.filter((v) => v !== head);
				const next = succeed(lastYear, { head, viceHeads }, allUnits);
				expect(new Set(next.participants.map((p) => p.userId)).size).toBe(next.participants.length);
				expect(next.participants.filter((p) => p.role === 'head').map((p) => p.unitId)).toEqual([head]);
				expect(
					next.participants
						.filter((p) => p.role === 'vice_head')
						.map((p) => p.unitId)
						.sort()
				).toEqual([...viceHeads].sort());
				expect(next.participants.filter((p) => p.role === 'host')).toHaveLength(1);
			})
		);
	});
});
