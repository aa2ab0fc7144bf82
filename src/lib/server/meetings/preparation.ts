import { reminderMessage } from '$lib/board/invitation';
import { checkArithmetic, type Mismatch } from '$lib/core/scoring';
import type { DB } from '../db/open';
import { meetingInfo } from '../people/invitations';
import { listParticipants, type ParticipantRecord } from '../people/participants';
import { loadMeetingBoard } from './board';

// The host's view before the meeting: whose sheet has arrived, when and from whom, what its arithmetic says, who
// has joined, and the reminder to send to the units still missing.

export interface UnitPreparation {
	unitId: number;
	slug: string;
	name: string;
	shortName: string;
	submittedAt: string | null;
	/** The account that submitted the sheet, when the upload recorded it. */
	submittedBy: string | null;
	/** The unit's own subtotals and total that its items do not add up to (as the summary table checks them). */
	mismatches: Mismatch[];
}

export interface PreparationView {
	units: UnitPreparation[];
	participants: ParticipantRecord[];
	/** The message for the units that have not submitted; empty when all have. */
	reminder: string;
}

export async function preparationView(db: DB, meetingId: number): Promise<PreparationView | undefined> {
	const [board, info, participants, sheets] = await Promise.all([
		loadMeetingBoard(db, meetingId),
		meetingInfo(db, meetingId),
		listParticipants(db, meetingId),
		db
			.selectFrom('sheets')
			.leftJoin('users', 'users.id', 'sheets.submitted_by')
			.select(['sheets.unit_id', 'sheets.submitted_at', 'users.display_name as submitted_by'])
			.where('sheets.meeting_id', '=', meetingId)
			.execute()
	]);
	if (!board || !info) return undefined;
	const units = board.units.map((unit) => {
		const sheet = sheets.find((s) => s.unit_id === unit.id);
		const submittedAt = sheet?.submitted_at ?? null;
		return {
			unitId: unit.id,
			slug: unit.slug,
			name: unit.name,
			shortName: unit.shortName,
			submittedAt,
			submittedBy: sheet?.submitted_by ?? null,
			mismatches: submittedAt ? checkArithmetic(board.template, unit.sheet) : []
		};
	});
	const missing = units.filter((u) => u.submittedAt === null).map((u) => u.name);
	return { units, participants, reminder: reminderMessage(info, missing) };
}
