import type { Points } from './points';

export interface Ranked<T> {
	entry: T;
	rank: number;
	tied: boolean;
}

/**
 * Competition ranking (1, 2, 2, 4), highest score first; tied entries keep their input order.
 * A tie stays a tie here: the meeting's vote decides between tied units, not the order of the list.
 * Throws RangeError on a NaN score (it would make the order meaningless).
 */
export function rankBy<T>(entries: readonly T[], score: (entry: T) => Points): Ranked<T>[] {
	const scored = entries.map((entry, position) => {
		const value = score(entry);
		if (Number.isNaN(value)) throw new RangeError(`rankBy: NaN score at position ${position}`);
		return { entry, value, position };
	});
	scored.sort((a, b) => (b.value === a.value ? a.position - b.position : b.value > a.value ? 1 : -1));
	const count = new Map<Points, number>();
	for (const s of scored) count.set(s.value, (count.get(s.value) ?? 0) + 1);
	const ranked: Ranked<T>[] = [];
	let rank = 0;
	scored.forEach((s, i) => {
		const previous = scored[i - 1];
		if (!previous || previous.value !== s.value) rank = i + 1;
		ranked.push({ entry: s.entry, rank, tied: (count.get(s.value) ?? 0) > 1 });
	});
	return ranked;
}
