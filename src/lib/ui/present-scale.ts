// The shared screen's bar scale: the scores of a cluster sit close together (95 to 102 of 100), so bars drawn from
// 0 would all look alike from a thumbnail. They start at a round baseline a little below the lowest score, which is
// written at the axis.

export interface Scale {
	from: number;
	to: number;
	/** Width of a value as a percentage of the bar area (0…100). */
	width: (value: number) => number;
}

export function barScale(values: readonly number[], round = 500): Scale {
	if (values.length === 0) return { from: 0, to: 1, width: () => 0 };
	const low = Math.min(...values);
	const high = Math.max(...values);
	const from = Math.max(0, Math.floor((low - round) / round) * round);
	const to = Math.max(high, from + round);
	return { from, to, width: (value) => Math.max(0, Math.min(100, ((value - from) / (to - from)) * 100)) };
}
