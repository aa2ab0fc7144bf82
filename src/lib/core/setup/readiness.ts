import { unitRepresentatives, type Role } from '../rights';

// What a meeting still lacks before its review can go well, as the host's checklist shows it. Only the criteria
// table and the units are required to start (the phase move checks them); the rest are warnings. Pure.

export type ReadinessGap =
	| { kind: 'no_criteria' }
	| { kind: 'no_units' }
	| { kind: 'no_head' }
	| { kind: 'no_vice_head' }
	| { kind: 'unit_without_delegate'; unitId: number }
	| { kind: 'sheet_missing'; unitId: number };

export interface MeetingShape {
	criteriaCount: number;
	unitIds: readonly number[];
	submittedUnitIds: readonly number[];
	participants: readonly { role: Role; unitId: number | null; absent?: boolean; pending?: boolean }[];
}

export function readinessGaps(meeting: MeetingShape): ReadinessGap[] {
	const gaps: ReadinessGap[] = [];
	if (meeting.criteriaCount === 0) gaps.push({ kind: 'no_criteria' });
	if (meeting.unitIds.length === 0) gaps.push({ kind: 'no_units' });
	if (!meeting.participants.some((p) => p.role === 'head')) gaps.push({ kind: 'no_head' });
	if (!meeting.participants.some((p) => p.role === 'vice_head')) gaps.push({ kind: 'no_vice_head' });
	// A unit with nobody to act for it: no delegate, and no head or vice-head of its own (see rights/representative).
	const seats = meeting.participants.map((p, i) => ({
		id: i + 1,
		role: p.role,
		unitId: p.unitId,
		absent: p.absent ?? false,
		pending: p.pending ?? false
	}));
	const represented = unitRepresentatives(seats);
	const submitted = new Set(meeting.submittedUnitIds);
	for (const unitId of meeting.unitIds)
		if (!represented.has(unitId)) gaps.push({ kind: 'unit_without_delegate', unitId });
	for (const unitId of meeting.unitIds) if (!submitted.has(unitId)) gaps.push({ kind: 'sheet_missing', unitId });
	return gaps;
}
