import type { Purpose, UnitId } from './types';

/**
 * The candidates a new ballot proposes, from the ranking of the scores (competition ranks, ties shared): the unit(s)
 * ranked first for the emulation flag, the unit(s) of the next rank for the certificate of merit, every unit for
 * elections and other ballots, in ranking order. The host or head edits the list before the ballot opens.
 */
export function proposeCandidates(purpose: Purpose, ranking: readonly { unit: UnitId; rank: number }[]): UnitId[] {
	const ordered = [...ranking].sort((a, b) => a.rank - b.rank);
	const ranks = [...new Set(ordered.map((r) => r.rank))];
	const wanted = purpose === 'flag' ? ranks[0] : purpose === 'merit' ? ranks[1] : undefined;
	if (purpose === 'flag' || purpose === 'merit') return ordered.filter((r) => r.rank === wanted).map((r) => r.unit);
	return ordered.map((r) => r.unit);
}
