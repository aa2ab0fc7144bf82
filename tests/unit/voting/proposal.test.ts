import { describe, expect, it } from 'vitest';
import { proposeCandidates } from '../../../src/lib/core/voting';

const ranking = [
	{ unit: 'lao-cai', rank: 4 },
	{ unit: 'quang-ninh', rank: 1 },
	{ unit: 'son-la', rank: 2 },
	{ unit: 'lai-chau', rank: 2 }
];

describe('proposing candidates from the ranking', () => {
	it('proposes the first-ranked unit for the flag, and every unit tied first', () => {
		expect(proposeCandidates('flag', ranking)).toEqual(['quang-ninh']);
		expect(
			proposeCandidates('flag', [
				{ unit: 'a', rank: 1 },
				{ unit: 'b', rank: 1 },
				{ unit: 'c', rank: 3 }
			])
		).toEqual(['a', 'b']);
	});

	it('proposes the next rank for the certificate of merit, ties included', () => {
		expect(proposeCandidates('merit', ranking)).toEqual(['son-la', 'lai-chau']);
		expect(proposeCandidates('merit', [{ unit: 'a', rank: 1 }])).toEqual([]);
	});

	it('proposes every unit, in ranking order, for elections and other ballots', () => {
		for (const purpose of ['head', 'vice_head', 'other'] as const) {
			expect(proposeCandidates(purpose, ranking)).toEqual(['quang-ninh', 'son-la', 'lai-chau', 'lao-cai']);
		}
	});
});
