import type { Phase, Role } from '../rights';
import type { ReadinessGap } from './readiness';

// What a person has to do now in a meeting, as their home page says it: the delegate's sheet before the meeting,
// a ballot that waits for their unit's vote, the host's next step of the preparation checklist. One rule for every
// role, so that the home page, the tests and anyone else say the same. Pure.

export interface PersonInMeeting {
	role: Role;
	/** The unit the person represents, if any. */
	unitId: number | null;
	/** Whether the person casts their unit's vote and sends its sheet (its delegate, else its head or vice-head). */
	actsForUnit: boolean;
}

export interface MeetingNow {
	phase: Phase;
	/** The meeting's day, "2026-12-15": the delegate's deadline for the sheet. */
	heldOn: string;
	/** Whether the person's own unit has sent its sheet; ignored for a person who acts for no unit. */
	ownSheetSubmitted: boolean;
	/** Open ballots the person's unit has not voted in yet. */
	ballotsAwaitingVote: number;
	/** Open ballots, for the head who runs them. */
	openBallots: number;
	/** The host's checklist (readinessGaps), in its order. */
	gaps: readonly ReadinessGap[];
	/** People never sent a link who have not joined either. */
	uninvited: number;
	/** Units taking part, and how many have sent their sheet. */
	unitCount: number;
	submittedCount: number;
}

export type NextStep =
	| { kind: 'submit_sheet'; by: string }
	| { kind: 'sheet_submitted' }
	| { kind: 'vote'; count: number }
	| { kind: 'await_ballot' }
	| { kind: 'follow_own_sheet' }
	| { kind: 'score' }
	| { kind: 'run_ballots'; open: number }
	| { kind: 'follow' }
	| { kind: 'setup_units' }
	| { kind: 'setup_criteria' }
	| { kind: 'setup_people' }
	| { kind: 'send_invitations'; count: number }
	| { kind: 'collect_sheets'; submitted: number; total: number }
	| { kind: 'start_review' }
	| { kind: 'closed' };

const PEOPLE_GAPS: ReadonlySet<ReadinessGap['kind']> = new Set(['no_head', 'no_vice_head', 'unit_without_delegate']);

/** The host's next step: the checklist's first open item, in the order the preparation page lists them. */
function hostStep(meeting: MeetingNow): NextStep {
	const has = (kind: ReadinessGap['kind']) => meeting.gaps.some((g) => g.kind === kind);
	if (has('no_units')) return { kind: 'setup_units' };
	if (has('no_criteria')) return { kind: 'setup_criteria' };
	if (meeting.gaps.some((g) => PEOPLE_GAPS.has(g.kind))) return { kind: 'setup_people' };
	if (meeting.uninvited > 0) return { kind: 'send_invitations', count: meeting.uninvited };
	if (meeting.submittedCount < meeting.unitCount)
		return { kind: 'collect_sheets', submitted: meeting.submittedCount, total: meeting.unitCount };
	return { kind: 'start_review' };
}

export function nextStep(person: PersonInMeeting, meeting: MeetingNow): NextStep {
	if (meeting.phase === 'closed') return { kind: 'closed' };
	const forUnit = person.actsForUnit && person.unitId !== null;
	if (meeting.phase === 'preparation') {
		if (forUnit)
			return meeting.ownSheetSubmitted
				? { kind: 'sheet_submitted' }
				: { kind: 'submit_sheet', by: meeting.heldOn };
		if (person.role === 'host') return hostStep(meeting);
		return { kind: 'follow' };
	}
	if (meeting.phase === 'voting') {
		if (forUnit && meeting.ballotsAwaitingVote > 0) return { kind: 'vote', count: meeting.ballotsAwaitingVote };
		if (person.role === 'head') return { kind: 'run_ballots', open: meeting.openBallots };
		if (forUnit) return { kind: 'await_ballot' };
		return { kind: 'follow' };
	}
	// Review.
	if (person.role === 'head' || person.role === 'vice_head') return { kind: 'score' };
	if (forUnit) return { kind: 'follow_own_sheet' };
	return { kind: 'follow' };
}
