// The rights matrix, exhaustively: every role × action × phase × unit context against an expectation table written
// out here from the product's rules, independently of the RULES table in the source, so that any change to RULES fails a test.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	ACTIONS,
	PHASES,
	ROLES,
	can,
	canMovePhase,
	decide,
	decideAs,
	phasesFor,
	type Action,
	type Decision,
	type Participant,
	type Phase,
	type Role,
	type Situation
} from '$lib/core/rights';

// ---- The expectation, as the product describes it ---------------------------------------------------------------

const ALL_ROLES: Role[] = ['host', 'head', 'vice_head', 'delegate', 'observer'];
const ALL_PHASES: Phase[] = ['preparation', 'review', 'voting', 'closed'];
const ALL_ACTIONS: Action[] = [
	'meeting.view',
	'meeting.set_phase',
	'meeting.close',
	'participants.manage',
	'meeting.setup',
	'sheet.self_assess',
	'sheet.score',
	'sheet.answer',
	'ballot.prepare',
	'ballot.run',
	'ballot.vote',
	'documents.edit',
	'report.link'
];

/**
 * Who may do what, and when. `voter`: only the one who acts for their unit (a delegate, or a head or vice-head
 * whose unit has no other delegate), for that unit.
 * - host sets up: participants, phase moves, drafting ballots;
 * - head chairs: phase moves, scoring, drafting and running ballots, closing the meeting;
 * - vice-head scores;
 * - delegate: self-assessment in preparation, answers in review, the vote in voting — for their own unit only;
 * - a head or vice-head does the same for their own unit when they act for it (it has no other delegate);
 * - observer reads; everyone reads in every phase, closed included;
 * - host and head fill the documents' fields until the close (they are part of the frozen record);
 * - the head links paragraphs of a unit's report to an item while the sheets are scored.
 */
const EXPECTED: Record<Action, { roles: Role[]; phases: Phase[]; ownUnit: boolean; voter?: boolean }> = {
	'meeting.view': {
		roles: ['host', 'head', 'vice_head', 'delegate', 'observer'],
		phases: ['preparation', 'review', 'voting', 'closed'],
		ownUnit: false
	},
	'meeting.set_phase': { roles: ['host', 'head'], phases: ['preparation', 'review', 'voting'], ownUnit: false },
	'meeting.close': { roles: ['head'], phases: ['voting'], ownUnit: false },
	'participants.manage': { roles: ['host'], phases: ['preparation', 'review', 'voting'], ownUnit: false },
	'meeting.setup': { roles: ['host'], phases: ['preparation'], ownUnit: false },
	'sheet.self_assess': {
		roles: ['delegate', 'head', 'vice_head'],
		phases: ['preparation'],
		ownUnit: false,
		voter: true
	},
	'sheet.score': { roles: ['head', 'vice_head'], phases: ['review'], ownUnit: false },
	'sheet.answer': { roles: ['delegate', 'head', 'vice_head'], phases: ['review'], ownUnit: false, voter: true },
	'ballot.prepare': { roles: ['host', 'head'], phases: ['review', 'voting'], ownUnit: false },
	'ballot.run': { roles: ['head'], phases: ['voting'], ownUnit: false },
	'ballot.vote': { roles: ['delegate', 'head', 'vice_head'], phases: ['voting'], ownUnit: false, voter: true },
	'documents.edit': { roles: ['host', 'head'], phases: ['preparation', 'review', 'voting'], ownUnit: false },
	'report.link': { roles: ['head'], phases: ['review'], ownUnit: false }
};

/** The same matrix read the other way: every role's allowed actions, as the issue lists them. */
const ACTIONS_OF: Record<Role, Action[]> = {
	host: [
		'meeting.view',
		'participants.manage',
		'meeting.setup',
		'meeting.set_phase',
		'ballot.prepare',
		'documents.edit'
	],
	head: [
		'meeting.view',
		'meeting.set_phase',
		'sheet.score',
		'ballot.prepare',
		'ballot.run',
		'meeting.close',
		'documents.edit',
		'report.link',
		'sheet.self_assess',
		'sheet.answer',
		'ballot.vote'
	],
	vice_head: ['meeting.view', 'sheet.score', 'sheet.self_assess', 'sheet.answer', 'ballot.vote'],
	delegate: ['meeting.view', 'sheet.self_assess', 'sheet.answer', 'ballot.vote'],
	observer: ['meeting.view']
};

const OWN_UNIT = 3;
const OTHER_UNIT = 5;
type UnitContext = 'own unit' | 'other unit' | 'no unit';
const CONTEXTS: UnitContext[] = ['own unit', 'other unit', 'no unit'];

function situationFor(phase: Phase, context: UnitContext): Situation {
	return { phase, unitId: context === 'own unit' ? OWN_UNIT : context === 'other unit' ? OTHER_UNIT : null };
}

function expectedDecision(
	role: Role,
	action: Action,
	phase: Phase,
	context: UnitContext,
	representsUnit = role === 'delegate'
): Decision {
	const rule = EXPECTED[action];
	if (!rule.roles.includes(role)) return { allowed: false, reason: 'role' }; // the role is checked first
	if (!rule.phases.includes(phase)) return { allowed: false, reason: phase === 'closed' ? 'closed' : 'phase' };
	if (rule.ownUnit && role === 'delegate' && context !== 'own unit') return { allowed: false, reason: 'other_unit' };
	if (rule.voter && !representsUnit) return { allowed: false, reason: 'not_representative' };
	if (rule.voter && context !== 'own unit') return { allowed: false, reason: 'other_unit' };
	return { allowed: true };
}

// ---- The vocabulary ---------------------------------------------------------------------------------------------

describe('the vocabulary of the matrix', () => {
	it('has exactly the five roles, four phases and ten actions of the issue', () => {
		expect([...ROLES]).toEqual(ALL_ROLES);
		expect([...PHASES]).toEqual(ALL_PHASES);
		expect([...ACTIONS].sort()).toEqual([...ALL_ACTIONS].sort());
	});

	it('the two readings of the expectation table agree with each other', () => {
		for (const role of ALL_ROLES) {
			const fromRules = ALL_ACTIONS.filter((a) => EXPECTED[a].roles.includes(role)).sort();
			expect(fromRules, role).toEqual([...ACTIONS_OF[role]].sort());
		}
	});

	it.each(ALL_ACTIONS)('phasesFor(%s) names the phases the action is possible in', (action) => {
		expect([...phasesFor(action)].sort()).toEqual([...EXPECTED[action].phases].sort());
	});
});

// ---- The whole matrix -------------------------------------------------------------------------------------------

describe.each(ALL_ROLES)('decide() for a %s', (role) => {
	const participant: Participant = { role, unitId: OWN_UNIT };
	const cases = ALL_ACTIONS.flatMap((action) =>
		ALL_PHASES.flatMap((phase) => CONTEXTS.map((context) => [action, phase, context] as const))
	);
	it.each(cases)('%s in %s on %s', (action, phase, context) => {
		const expected = expectedDecision(role, action, phase, context);
		expect(decide(participant, action, situationFor(phase, context))).toEqual(expected);
		expect(can(participant, action, situationFor(phase, context))).toBe(expected.allowed);
	});
});

describe.each(ALL_ROLES)('decide() for a %s who acts (or does not act) for their unit', (role) => {
	const cases = ALL_ACTIONS.flatMap((action) =>
		ALL_PHASES.flatMap((phase) =>
			CONTEXTS.flatMap((context) =>
				[true, false].map((representsUnit) => [action, phase, context, representsUnit] as const)
			)
		)
	);
	it.each(cases)('%s in %s on %s, casting the vote: %s', (action, phase, context, representsUnit) => {
		const participant: Participant = { role, unitId: OWN_UNIT, representsUnit };
		expect(decide(participant, action, situationFor(phase, context))).toEqual(
			expectedDecision(role, action, phase, context, representsUnit)
		);
	});
});

describe('the matrix by hand, for the cases the issue names', () => {
	const host: Participant = { role: 'host', unitId: 1 };
	const head: Participant = { role: 'head', unitId: 1 };
	const vice: Participant = { role: 'vice_head', unitId: 2 };
	const delegate: Participant = { role: 'delegate', unitId: 4 };
	const observer: Participant = { role: 'observer', unitId: null };

	it('everyone views in every phase, closed included, with or without a unit in question', () => {
		for (const p of [host, head, vice, delegate, observer]) {
			for (const phase of ALL_PHASES) {
				expect(decide(p, 'meeting.view', { phase })).toEqual({ allowed: true });
				expect(decide(p, 'meeting.view', { phase, unitId: 99 })).toEqual({ allowed: true });
			}
		}
	});

	it('in closed every action but viewing is refused: "closed" for the roles that hold it, "role" for the others', () => {
		for (const p of [host, head, vice, delegate, observer]) {
			for (const action of ALL_ACTIONS.filter((a) => a !== 'meeting.view')) {
				const reason = EXPECTED[action].roles.includes(p.role) ? 'closed' : 'role';
				expect(decide(p, action, { phase: 'closed', unitId: p.unitId }), `${p.role} ${action}`).toEqual({
					allowed: false,
					reason
				});
			}
		}
	});

	it('a delegate acts only for their own unit, and only in the action’s phase', () => {
		expect(decide(delegate, 'sheet.self_assess', { phase: 'preparation', unitId: 4 })).toEqual({ allowed: true });
		expect(decide(delegate, 'sheet.self_assess', { phase: 'preparation', unitId: 5 })).toEqual({
			allowed: false,
			reason: 'other_unit'
		});
		expect(decide(delegate, 'sheet.self_assess', { phase: 'review', unitId: 4 })).toEqual({
			allowed: false,
			reason: 'phase'
		});
		expect(decide(delegate, 'sheet.answer', { phase: 'review', unitId: 4 })).toEqual({ allowed: true });
		expect(decide(delegate, 'sheet.answer', { phase: 'review', unitId: 5 })).toEqual({
			allowed: false,
			reason: 'other_unit'
		});
		expect(decide(delegate, 'sheet.answer', { phase: 'voting', unitId: 4 })).toEqual({
			allowed: false,
			reason: 'phase'
		});
		expect(decide(delegate, 'ballot.vote', { phase: 'voting', unitId: 4 })).toEqual({ allowed: true });
		expect(decide(delegate, 'ballot.vote', { phase: 'voting', unitId: 5 })).toEqual({
			allowed: false,
			reason: 'other_unit'
		});
		expect(decide(delegate, 'ballot.vote', { phase: 'review', unitId: 4 })).toEqual({
			allowed: false,
			reason: 'phase'
		});
	});

	it('a delegate’s unit action with the unit left out is refused as another unit’s', () => {
		for (const [action, phase] of [
			['sheet.self_assess', 'preparation'],
			['sheet.answer', 'review'],
			['ballot.vote', 'voting']
		] as const) {
			expect(decide(delegate, action, { phase })).toEqual({ allowed: false, reason: 'other_unit' });
			expect(decide(delegate, action, { phase, unitId: undefined })).toEqual({
				allowed: false,
				reason: 'other_unit'
			});
			expect(decide(delegate, action, { phase, unitId: null })).toEqual({ allowed: false, reason: 'other_unit' });
		}
	});

	it('a delegate without a unit (which should not exist) can act for no unit, not even "no unit"', () => {
		const unitless: Participant = { role: 'delegate', unitId: null };
		for (const [action, phase] of [
			['sheet.self_assess', 'preparation'],
			['sheet.answer', 'review'],
			['ballot.vote', 'voting']
		] as const) {
			expect(decide(unitless, action, { phase, unitId: null })).toEqual({ allowed: false, reason: 'other_unit' });
			expect(decide(unitless, action, { phase })).toEqual({ allowed: false, reason: 'other_unit' });
			expect(decide(unitless, action, { phase, unitId: 4 })).toEqual({ allowed: false, reason: 'other_unit' });
		}
	});

	it('a head or vice-head votes, fills the sheet and answers for their own unit only when they act for it', () => {
		expect(
			decide({ ...head, representsUnit: true }, 'sheet.self_assess', { phase: 'preparation', unitId: 1 })
		).toEqual({ allowed: true });
		expect(decide({ ...head, representsUnit: true }, 'sheet.answer', { phase: 'review', unitId: 1 })).toEqual({
			allowed: true
		});
		expect(decide(head, 'sheet.answer', { phase: 'review', unitId: 1 })).toEqual({
			allowed: false,
			reason: 'not_representative'
		});
		expect(decide({ ...head, representsUnit: true }, 'ballot.vote', { phase: 'voting', unitId: 1 })).toEqual({
			allowed: true
		});
		expect(decide({ ...head, representsUnit: true }, 'ballot.vote', { phase: 'voting', unitId: 2 })).toEqual({
			allowed: false,
			reason: 'other_unit'
		});
		expect(decide(head, 'ballot.vote', { phase: 'voting', unitId: 1 })).toEqual({
			allowed: false,
			reason: 'not_representative'
		});
		expect(decide({ ...vice, representsUnit: true }, 'ballot.vote', { phase: 'voting', unitId: 2 })).toEqual({
			allowed: true
		});
		expect(decide({ ...vice, representsUnit: false }, 'ballot.vote', { phase: 'voting', unitId: 2 })).toEqual({
			allowed: false,
			reason: 'not_representative'
		});
		// A delegate who does not cast the vote (marked absent) does not vote either.
		expect(decide({ ...delegate, representsUnit: false }, 'ballot.vote', { phase: 'voting', unitId: 4 })).toEqual({
			allowed: false,
			reason: 'not_representative'
		});
		// Casting a vote is only ever a unit's: an observer or host marked as one is still refused for the role.
		expect(decide({ ...observer, representsUnit: true }, 'ballot.vote', { phase: 'voting', unitId: 4 })).toEqual({
			allowed: false,
			reason: 'role'
		});
	});

	it('a vice-head scores any unit in review but does nothing else beyond viewing', () => {
		for (const unitId of [1, 2, 7, null])
			expect(decide(vice, 'sheet.score', { phase: 'review', unitId })).toEqual({ allowed: true });
		expect(decide(vice, 'sheet.score', { phase: 'voting' })).toEqual({ allowed: false, reason: 'phase' });
		expect(decide(vice, 'ballot.run', { phase: 'voting' })).toEqual({ allowed: false, reason: 'role' });
		expect(decide(vice, 'meeting.set_phase', { phase: 'review' })).toEqual({ allowed: false, reason: 'role' });
	});

	it('the role is checked before the phase: a wrong role in a wrong phase is refused for its role', () => {
		expect(decide(observer, 'sheet.score', { phase: 'voting' })).toEqual({ allowed: false, reason: 'role' });
		expect(decide(delegate, 'ballot.run', { phase: 'preparation', unitId: 4 })).toEqual({
			allowed: false,
			reason: 'role'
		});
		expect(decide(host, 'meeting.close', { phase: 'review' })).toEqual({ allowed: false, reason: 'role' });
		expect(decide(host, 'ballot.vote', { phase: 'review', unitId: 1 })).toEqual({ allowed: false, reason: 'role' });
		expect(decide(head, 'ballot.vote', { phase: 'review', unitId: 1 })).toEqual({
			allowed: false,
			reason: 'phase'
		});
	});

	it('the phase is checked before the unit: a delegate in the wrong phase for another unit is refused for the phase', () => {
		expect(decide(delegate, 'ballot.vote', { phase: 'review', unitId: 5 })).toEqual({
			allowed: false,
			reason: 'phase'
		});
		expect(decide(delegate, 'sheet.self_assess', { phase: 'closed', unitId: 5 })).toEqual({
			allowed: false,
			reason: 'closed'
		});
	});
});

describe('properties over arbitrary participants and situations', () => {
	const participant = fc.record({
		role: fc.constantFrom(...ALL_ROLES),
		unitId: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
		representsUnit: fc.option(fc.boolean(), { nil: undefined })
	});
	const situation = fc.record({
		phase: fc.constantFrom(...ALL_PHASES),
		unitId: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null })
	});
	const action = fc.constantFrom(...ALL_ACTIONS);

	it('can() is decide().allowed, and a refusal always carries one of the five reasons', () => {
		fc.assert(
			fc.property(participant, action, situation, (p, a, s) => {
				const d = decide(p, a, s);
				expect(can(p, a, s)).toBe(d.allowed);
				if (!d.allowed)
					expect(['role', 'phase', 'other_unit', 'closed', 'not_representative']).toContain(d.reason);
			})
		);
	});

	it('only a delegate’s and a unit voter’s decisions ever depend on the unit in question', () => {
		fc.assert(
			fc.property(
				participant,
				action,
				situation,
				fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
				(p, a, s, other) => {
					fc.pre(p.role !== 'delegate' && p.representsUnit !== true);
					expect(decide(p, a, { ...s, unitId: other })).toEqual(decide(p, a, s));
				}
			)
		);
	});

	it('a delegate is allowed an own-unit action exactly when the unit in question is theirs', () => {
		fc.assert(
			fc.property(
				participant,
				fc.constantFrom<Action>('sheet.self_assess', 'sheet.answer', 'ballot.vote'),
				(p, a) => {
					const phase = EXPECTED[a].phases[0]!;
					const delegate = { ...p, role: 'delegate' as const, representsUnit: undefined };
					for (const unitId of [null, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
						expect(can(delegate, a, { phase, unitId })).toBe(unitId !== null && unitId === delegate.unitId);
					}
				}
			)
		);
	});

	it('decide() does not change its arguments', () => {
		fc.assert(
			fc.property(participant, action, situation, (p, a, s) => {
				const before = JSON.stringify([p, s]);
				decide(p, a, s);
				expect(JSON.stringify([p, s])).toBe(before);
			})
		);
	});
});

// ---- Phase moves ------------------------------------------------------------------------------------------------

describe('canMovePhase', () => {
	// Forward one step, back from review to preparation (a sheet needs fixing), back from voting to review while no
	// ballot has been opened (a contested score); closing is its own action.
	const ALLOWED_MOVES = new Set(['preparation→review', 'review→voting', 'review→preparation', 'voting→review']);
	const ALLOWED_AFTER_A_BALLOT_OPENED = new Set(['preparation→review', 'review→voting', 'review→preparation']);
	const pairs = ALL_PHASES.flatMap((from) => ALL_PHASES.map((to) => [from, to] as const));

	it('covers all 16 pairs', () => expect(pairs).toHaveLength(16));

	it.each(pairs)('%s → %s', (from, to) => {
		expect(canMovePhase(from, to)).toBe(ALLOWED_MOVES.has(`${from}→${to}`));
		expect(canMovePhase(from, to, { ballotOpened: false })).toBe(ALLOWED_MOVES.has(`${from}→${to}`));
		expect(canMovePhase(from, to, { ballotOpened: true })).toBe(ALLOWED_AFTER_A_BALLOT_OPENED.has(`${from}→${to}`));
	});

	it('never moves into or out of closed, and never stays in place', () => {
		for (const phase of ALL_PHASES) {
			expect(canMovePhase(phase, 'closed')).toBe(false);
			expect(canMovePhase('closed', phase)).toBe(false);
			expect(canMovePhase(phase, phase)).toBe(false);
		}
	});
});

// ---- Administrators ---------------------------------------------------------------------------------------------

describe('decideAs: an administrator of the installation', () => {
	const ADMIN_MAY = ['meeting.view', 'meeting.setup', 'participants.manage', 'meeting.set_phase'];

	it.each(ALL_ACTIONS.flatMap((action) => ALL_PHASES.map((phase) => [action, phase] as const)))(
		'who is not a participant: %s in %s as the host would, nothing else',
		(action, phase) => {
			const asHost = decide({ role: 'host', unitId: null }, action, { phase });
			const expected = ADMIN_MAY.includes(action) ? asHost : { allowed: false, reason: 'role' };
			expect(decideAs(null, true, action, { phase })).toEqual(expected);
		}
	);

	it('who is also a delegate keeps the delegate’s rights and gains the host’s set-up rights', () => {
		const delegate: Participant = { role: 'delegate', unitId: OWN_UNIT };
		expect(decideAs(delegate, true, 'ballot.vote', { phase: 'voting', unitId: OWN_UNIT })).toEqual({
			allowed: true
		});
		expect(decideAs(delegate, true, 'meeting.setup', { phase: 'preparation' })).toEqual({ allowed: true });
		expect(decideAs(delegate, false, 'meeting.setup', { phase: 'preparation' })).toEqual({
			allowed: false,
			reason: 'role'
		});
	});

	it('a user who is neither participant nor administrator may do nothing', () => {
		for (const action of ALL_ACTIONS)
			expect(decideAs(null, false, action, { phase: 'preparation' }).allowed).toBe(false);
	});
});
