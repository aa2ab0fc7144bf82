// What everyone sees while a ballot is open: how many have voted, never what they chose.
import type { Ballot, UnitId } from './types';

export type Turnout =
	/** Secret ballot: the count only. */
	| { readonly secret: true; readonly members: number; readonly voted: number }
	/** Open ballot: also which member units have voted, in member order. */
	| { readonly secret: false; readonly members: number; readonly voted: number; readonly units: readonly UnitId[] };

/**
 * Turnout from the ids of the units that voted. It takes ids, not votes, so choices cannot leak through it.
 * Ids that are not members are ignored, and each unit counts once.
 */
export function turnout(ballot: Ballot, members: readonly UnitId[], votedUnits: readonly UnitId[]): Turnout {
	const memberList = [...new Set(members)];
	const votedSet = new Set(votedUnits);
	const units = memberList.filter((m) => votedSet.has(m));
	if (ballot.rules.secret) return { secret: true, members: memberList.length, voted: units.length };
	return { secret: false, members: memberList.length, voted: units.length, units };
}
