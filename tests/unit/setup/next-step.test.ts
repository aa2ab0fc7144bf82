import { describe, expect, it } from 'vitest';
import { nextStep, type MeetingNow, type PersonInMeeting } from '$lib/core/setup/next-step';

const delegate: PersonInMeeting = { role: 'delegate', unitId: 3, actsForUnit: true };
const host: PersonInMeeting = { role: 'host', unitId: null, actsForUnit: false };
const head: PersonInMeeting = { role: 'head', unitId: 1, actsForUnit: false };
const viceHead: PersonInMeeting = { role: 'vice_head', unitId: 2, actsForUnit: false };
const observer: PersonInMeeting = { role: 'observer', unitId: null, actsForUnit: false };

const ready: MeetingNow = {
	phase: 'preparation',
	heldOn: '2026-12-15',
	ownSheetSubmitted: false,
	ballotsAwaitingVote: 0,
	openBallots: 0,
	gaps: [],
	uninvited: 0,
	unitCount: 8,
	submittedCount: 8
};

describe('nextStep for a unit’s delegate', () => {
	it('asks for the sheet before the meeting’s day until it is in, then says it is in', () => {
		expect(nextStep(delegate, ready)).toEqual({ kind: 'submit_sheet', by: '2026-12-15' });
		expect(nextStep(delegate, { ...ready, ownSheetSubmitted: true })).toEqual({ kind: 'sheet_submitted' });
	});

	it('in voting, points to a ballot that waits for the unit’s vote, else waits for one', () => {
		expect(nextStep(delegate, { ...ready, phase: 'voting', openBallots: 2, ballotsAwaitingVote: 1 })).toEqual({
			kind: 'vote',
			count: 1
		});
		expect(nextStep(delegate, { ...ready, phase: 'voting', openBallots: 1, ballotsAwaitingVote: 0 })).toEqual({
			kind: 'await_ballot'
		});
	});

	it('follows the unit’s own sheet during the review, and sees the record once closed', () => {
		expect(nextStep(delegate, { ...ready, phase: 'review' })).toEqual({ kind: 'follow_own_sheet' });
		expect(nextStep(delegate, { ...ready, phase: 'closed' })).toEqual({ kind: 'closed' });
	});

	it('a person who acts for no unit is never asked for a sheet or a vote', () => {
		const unitless: PersonInMeeting = { role: 'delegate', unitId: null, actsForUnit: true };
		expect(nextStep(unitless, ready)).toEqual({ kind: 'follow' });
		expect(nextStep(unitless, { ...ready, phase: 'voting', ballotsAwaitingVote: 3 })).toEqual({ kind: 'follow' });
	});
});

describe('nextStep for the host: the checklist’s first open item', () => {
	it('goes units, criteria, people, invitations, sheets, then the start', () => {
		const steps = [
			{
				...ready,
				gaps: [{ kind: 'no_criteria' }, { kind: 'no_units' }, { kind: 'no_head' }] as MeetingNow['gaps'],
				uninvited: 4,
				submittedCount: 0
			},
			{
				...ready,
				gaps: [{ kind: 'no_criteria' }, { kind: 'no_head' }] as MeetingNow['gaps'],
				uninvited: 4,
				submittedCount: 0
			},
			{
				...ready,
				gaps: [
					{ kind: 'unit_without_delegate', unitId: 2 },
					{ kind: 'sheet_missing', unitId: 2 }
				] as MeetingNow['gaps'],
				uninvited: 4,
				submittedCount: 7
			},
			{
				...ready,
				gaps: [{ kind: 'sheet_missing', unitId: 2 }] as MeetingNow['gaps'],
				uninvited: 4,
				submittedCount: 7
			},
			{
				...ready,
				gaps: [{ kind: 'sheet_missing', unitId: 2 }] as MeetingNow['gaps'],
				uninvited: 0,
				submittedCount: 7
			},
			ready
		].map((meeting) => nextStep(host, meeting));
		expect(steps).toEqual([
			{ kind: 'setup_units' },
			{ kind: 'setup_criteria' },
			{ kind: 'setup_people' },
			{ kind: 'send_invitations', count: 4 },
			{ kind: 'collect_sheets', submitted: 7, total: 8 },
			{ kind: 'start_review' }
		]);
	});

	it('a missing vice-head is a people step', () => {
		expect(nextStep(host, { ...ready, gaps: [{ kind: 'no_vice_head' }] })).toEqual({ kind: 'setup_people' });
	});

	it('after the preparation, the host follows the meeting', () => {
		expect(nextStep(host, { ...ready, phase: 'review' })).toEqual({ kind: 'follow' });
		expect(nextStep(host, { ...ready, phase: 'voting', openBallots: 1 })).toEqual({ kind: 'follow' });
	});
});

describe('nextStep for the scorers and others', () => {
	it('the head and vice-heads score in the review; the head runs the ballots in voting', () => {
		expect(nextStep(head, { ...ready, phase: 'review' })).toEqual({ kind: 'score' });
		expect(nextStep(viceHead, { ...ready, phase: 'review' })).toEqual({ kind: 'score' });
		expect(nextStep(head, { ...ready, phase: 'voting', openBallots: 2 })).toEqual({ kind: 'run_ballots', open: 2 });
		expect(nextStep(viceHead, { ...ready, phase: 'voting', openBallots: 2 })).toEqual({ kind: 'follow' });
	});

	it('a head who also votes for their unit is shown the waiting ballot first', () => {
		const votingHead: PersonInMeeting = { role: 'head', unitId: 1, actsForUnit: true };
		expect(nextStep(votingHead, { ...ready, phase: 'voting', openBallots: 1, ballotsAwaitingVote: 1 })).toEqual({
			kind: 'vote',
			count: 1
		});
		expect(nextStep(votingHead, { ...ready, phase: 'voting', openBallots: 1, ballotsAwaitingVote: 0 })).toEqual({
			kind: 'run_ballots',
			open: 1
		});
	});

	it('an observer follows, whatever the phase but the close', () => {
		for (const phase of ['preparation', 'review', 'voting'] as const)
			expect(nextStep(observer, { ...ready, phase })).toEqual({ kind: 'follow' });
		expect(nextStep(observer, { ...ready, phase: 'closed' })).toEqual({ kind: 'closed' });
	});
});
