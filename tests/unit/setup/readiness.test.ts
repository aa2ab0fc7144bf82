import { describe, expect, it } from 'vitest';
import { readinessGaps } from '$lib/core/setup/readiness';

describe('readinessGaps', () => {
	it('is empty for a meeting with a table, a head, a vice-head, a delegate and a sheet per unit', () => {
		expect(
			readinessGaps({
				criteriaCount: 12,
				unitIds: [1, 2],
				submittedUnitIds: [1, 2],
				participants: [
					{ role: 'host', unitId: null },
					{ role: 'head', unitId: 1 },
					{ role: 'vice_head', unitId: 2 },
					{ role: 'delegate', unitId: 1 },
					{ role: 'delegate', unitId: 2 }
				]
			})
		).toEqual([]);
	});

	it('lists every gap of a new meeting, unit by unit', () => {
		expect(
			readinessGaps({
				criteriaCount: 0,
				unitIds: [1, 2],
				submittedUnitIds: [2],
				participants: [{ role: 'delegate', unitId: 2 }]
			})
		).toEqual([
			{ kind: 'no_criteria' },
			{ kind: 'no_head' },
			{ kind: 'no_vice_head' },
			{ kind: 'unit_without_delegate', unitId: 1 },
			{ kind: 'sheet_missing', unitId: 1 }
		]);
		expect(readinessGaps({ criteriaCount: 3, unitIds: [], submittedUnitIds: [], participants: [] })).toEqual([
			{ kind: 'no_units' },
			{ kind: 'no_head' },
			{ kind: 'no_vice_head' }
		]);
	});

	it('a unit whose head or vice-head acts for it needs no delegate of its own; an absent one does not count', () => {
		const base = { criteriaCount: 3, unitIds: [1, 2], submittedUnitIds: [1, 2] };
		expect(
			readinessGaps({
				...base,
				participants: [
					{ role: 'head', unitId: 1 },
					{ role: 'vice_head', unitId: 2 }
				]
			})
		).toEqual([]);
		expect(
			readinessGaps({
				...base,
				participants: [
					{ role: 'head', unitId: 1 },
					{ role: 'vice_head', unitId: 2, absent: true },
					{ role: 'observer', unitId: 2 }
				]
			})
		).toEqual([{ kind: 'unit_without_delegate', unitId: 2 }]);
	});
});
