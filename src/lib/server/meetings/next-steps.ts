import { nextStep, type NextStep } from '$lib/core/setup/next-step';
import { readinessGaps } from '$lib/core/setup/readiness';
import type { DB } from '../db/open';
import { invitationStatus } from '../people/invitation-status';
import { findParticipant, listParticipants } from '../people/participants';
import { loadMeetingSetup, submittedUnitIds } from '../setup/meetings';

// Gathers what the next-step rule needs for one person in one meeting: their unit's sheet, the ballots waiting for
// their unit's vote, and for the host the preparation checklist and who has never been sent a link.

export interface PersonalNextStep {
	step: NextStep;
	/** The person's own unit's code, for the link to its sheet. */
	unitSlug: string | null;
}

async function openBallotsFor(
	db: DB,
	meetingId: number,
	unitId: number | null
): Promise<{ open: number; awaiting: number }> {
	const open = await db
		.selectFrom('ballots')
		.select('id')
		.where('meeting_id', '=', meetingId)
		.where('status', '=', 'open')
		.execute();
	if (open.length === 0 || unitId === null) return { open: open.length, awaiting: 0 };
	const voted = await db
		.selectFrom('ballot_voters')
		.select('ballot_id')
		.where('unit_id', '=', unitId)
		.where(
			'ballot_id',
			'in',
			open.map((b) => b.id)
		)
		.execute();
	return { open: open.length, awaiting: open.length - voted.length };
}

export async function personalNextStep(
	db: DB,
	meetingId: number,
	userId: number
): Promise<PersonalNextStep | undefined> {
	const [me, setup] = await Promise.all([findParticipant(db, meetingId, userId), loadMeetingSetup(db, meetingId)]);
	if (!me || !setup) return undefined;
	const meeting = await db
		.selectFrom('meetings')
		.select('held_on')
		.where('id', '=', meetingId)
		.executeTakeFirstOrThrow();
	const actsForUnit = me.representsUnit;
	const [submitted, ballots, unit] = await Promise.all([
		submittedUnitIds(db, meetingId),
		openBallotsFor(db, meetingId, actsForUnit ? me.unitId : null),
		me.unitId === null
			? undefined
			: db.selectFrom('units').select('slug').where('id', '=', me.unitId).executeTakeFirst()
	]);
	const isHost = me.role === 'host';
	const participants = isHost ? await listParticipants(db, meetingId) : [];
	const step = nextStep(
		{ role: me.role, unitId: me.unitId, actsForUnit },
		{
			phase: setup.phase,
			heldOn: meeting.held_on,
			ownSheetSubmitted: me.unitId !== null && submitted.includes(me.unitId),
			ballotsAwaitingVote: ballots.awaiting,
			openBallots: ballots.open,
			gaps: isHost
				? readinessGaps({
						criteriaCount: setup.criteriaCount,
						unitIds: setup.unitIds,
						submittedUnitIds: submitted,
						participants
					})
				: [],
			uninvited: isHost ? (await invitationStatus(db, meetingId)).uninvited : 0,
			unitCount: setup.unitIds.length,
			submittedCount: submitted.filter((id) => setup.unitIds.includes(id)).length
		}
	);
	return { step, unitSlug: unit?.slug ?? null };
}
