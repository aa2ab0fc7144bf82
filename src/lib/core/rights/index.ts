// The rights matrix: the one place that decides who may do what in a meeting. Pages, form actions, endpoints and
// the sync server all ask `decide`; none of them decides by itself. Pure: no I/O.

import { PHASES, ROLES, type Phase, type Role } from '../vocabulary';

export { PHASES, ROLES, type Phase, type Role };

export const ACTIONS = [
	'meeting.view', // read the board, the sheets, the ballots' turnout and results
	'meeting.set_phase', // move the meeting between preparation, review and voting
	'meeting.close', // freeze the record
	'participants.manage', // add participants, issue and revoke join links, see who joined
	'meeting.setup', // edit the meeting's details, its units and criteria table, import its people
	'sheet.self_assess', // fill or upload a unit's self-assessment
	'sheet.score', // record, edit and remove deductions; comment on items
	'sheet.answer', // answer a deduction on a unit's sheet (giải trình)
	'ballot.prepare', // draft ballots: candidates, rules
	'ballot.run', // open and close ballots, prepare a run-off
	'ballot.vote', // cast a unit's vote
	'documents.edit', // fill the fields of the documents filed after the meeting (numbers, signers, the report's text)
	'report.link' // link paragraphs of a unit's report to an item by hand
] as const;
export type Action = (typeof ACTIONS)[number];

export interface Participant {
	role: Role;
	/** The unit the participant represents; a delegate always has one. */
	unitId: number | null;
	/**
	 * Whether they act for their unit: its sheet, its answers, its vote (see representative.ts: the delegate, else the
	 * unit's head or vice-head; never someone absent). Left out, a delegate does and nobody else does.
	 */
	representsUnit?: boolean;
}

export interface Situation {
	phase: Phase;
	/** The unit the action is about (a sheet, a vote), when it is about one. */
	unitId?: number | null;
}

export type Refusal = 'role' | 'phase' | 'other_unit' | 'closed' | 'not_representative';
export type Decision = { allowed: true } | { allowed: false; reason: Refusal };

interface Rule {
	roles: readonly Role[];
	/** Phases in which the action is possible at all. */
	phases: readonly Phase[];
	/** Only the one who acts for their unit (see representative.ts), and only for that unit. */
	unitRepresentative?: boolean;
}

const OPEN: readonly Phase[] = ['preparation', 'review', 'voting'];

const RULES: Record<Action, Rule> = {
	'meeting.view': { roles: ROLES, phases: PHASES },
	'meeting.set_phase': { roles: ['host', 'head'], phases: OPEN },
	'meeting.close': { roles: ['head'], phases: ['voting'] },
	'participants.manage': { roles: ['host'], phases: OPEN },
	'meeting.setup': { roles: ['host'], phases: ['preparation'] },
	// The unit's representative: its delegate, or its head or vice-head when it has no other (representative.ts).
	'sheet.self_assess': {
		roles: ['delegate', 'head', 'vice_head'],
		phases: ['preparation'],
		unitRepresentative: true
	},
	'sheet.score': { roles: ['head', 'vice_head'], phases: ['review'] },
	'sheet.answer': { roles: ['delegate', 'head', 'vice_head'], phases: ['review'], unitRepresentative: true },
	'ballot.prepare': { roles: ['host', 'head'], phases: ['review', 'voting'] },
	'ballot.run': { roles: ['head'], phases: ['voting'] },
	'ballot.vote': { roles: ['delegate', 'head', 'vice_head'], phases: ['voting'], unitRepresentative: true },
	// Until the close: the fields are part of the frozen record.
	'documents.edit': { roles: ['host', 'head'], phases: OPEN },
	// The head, while the sheets are scored: the link is read beside the deduction form.
	'report.link': { roles: ['head'], phases: ['review'] }
};

export function decide(participant: Participant, action: Action, situation: Situation): Decision {
	const rule = RULES[action];
	if (!rule.roles.includes(participant.role)) return { allowed: false, reason: 'role' };
	if (!rule.phases.includes(situation.phase)) {
		return { allowed: false, reason: situation.phase === 'closed' ? 'closed' : 'phase' };
	}
	if (rule.unitRepresentative) {
		if (!(participant.representsUnit ?? participant.role === 'delegate'))
			return { allowed: false, reason: 'not_representative' };
		if (situation.unitId == null || situation.unitId !== participant.unitId)
			return { allowed: false, reason: 'other_unit' };
	}
	return { allowed: true };
}

/**
 * An administrator of the installation sets meetings up as their host would, in any meeting, without being a
 * participant; every other right comes from a meeting role.
 */
export const ADMIN_ACTIONS: readonly Action[] = [
	'meeting.view',
	'meeting.setup',
	'participants.manage',
	'meeting.set_phase'
];

/** The rights of a participant who may also be an administrator: the role's, and for an admin the host's setup rights. */
export function decideAs(
	participant: Participant | null,
	isAdmin: boolean,
	action: Action,
	situation: Situation
): Decision {
	const asParticipant = participant
		? decide(participant, action, situation)
		: ({ allowed: false, reason: 'role' } as const);
	if (asParticipant.allowed || !isAdmin || !ADMIN_ACTIONS.includes(action)) return asParticipant;
	return decide({ role: 'host', unitId: null }, action, situation);
}

export { representsUnit, unitRepresentative, unitRepresentatives, type Seat } from './representative';

export function can(participant: Participant, action: Action, situation: Situation): boolean {
	return decide(participant, action, situation).allowed;
}

/** The phases an action is possible in, for explaining a refusal ("only during review"). */
export function phasesFor(action: Action): readonly Phase[] {
	return RULES[action].phases;
}

/**
 * Which phase moves are allowed: forward one step; back from review to preparation (a sheet needs fixing); back
 * from voting to review while no ballot has been opened (a contested score is settled before anyone votes).
 */
export function canMovePhase(
	from: Phase,
	to: Phase,
	situation: { ballotOpened: boolean } = { ballotOpened: false }
): boolean {
	const order = PHASES.indexOf(from);
	const target = PHASES.indexOf(to);
	if (to === 'closed') return false; // closing freezes the record: its own action
	if (from === 'voting' && to === 'review') return !situation.ballotOpened;
	return target === order + 1 || (from === 'review' && to === 'preparation');
}
