import { reminderMessage, type FilesGap, type MeetingInfo } from '$lib/board/invitation';
import { unitCoverage, type FilesVisibility, type UnitCoverage } from '$lib/core/evidence';
import { checkArithmetic, type Mismatch } from '$lib/core/scoring';
import type { DB } from '../db/open';
import { meetingInfo } from '../people/invitations';
import { listParticipants, type ParticipantRecord } from '../people/participants';
import { filesVisibility, listMeetingFiles } from '../evidence/files';
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
	/** Its report and evidence: whether the report is in, which items have evidence. */
	files: UnitCoverage & { bytes: number };
}

export interface PreparationView {
	units: UnitPreparation[];
	participants: ParticipantRecord[];
	/** The message for the units that have not submitted; empty when all have. */
	reminder: string;
	/** What each unit lacks of its report and evidence (units lacking nothing left out), for the files reminder. */
	filesGaps: FilesGap[];
	/** The meeting as the reminders name it. */
	info: MeetingInfo;
	filesVisibility: FilesVisibility;
}

export async function preparationView(db: DB, meetingId: number): Promise<PreparationView | undefined> {
	const [board, info, participants, sheets, files, visibility] = await Promise.all([
		loadMeetingBoard(db, meetingId),
		meetingInfo(db, meetingId),
		listParticipants(db, meetingId),
		db
			.selectFrom('sheets')
			.leftJoin('users', 'users.id', 'sheets.submitted_by')
			.select(['sheets.unit_id', 'sheets.submitted_at', 'users.display_name as submitted_by'])
			.where('sheets.meeting_id', '=', meetingId)
			.execute(),
		listMeetingFiles(db, meetingId),
		filesVisibility(db, meetingId)
	]);
	if (!board || !info || !visibility) return undefined;
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
			mismatches: submittedAt ? checkArithmetic(board.template, unit.sheet) : [],
			files: {
				...unitCoverage(
					board.template,
					files.filter((f) => f.unitId === unit.id)
				),
				bytes: files.filter((f) => f.unitId === unit.id).reduce((sum, f) => sum + f.size, 0)
			}
		};
	});
	const missing = units.filter((u) => u.submittedAt === null).map((u) => u.name);
	const gaps = units
		.map((u) => ({
			unitName: u.name,
			noReport: !u.files.hasReport,
			itemsWithout: u.files.itemCount - u.files.itemsWithEvidence.length,
			itemCount: u.files.itemCount
		}))
		.filter((g) => g.noReport || g.itemsWithout > 0);
	return {
		units,
		participants,
		reminder: reminderMessage(info, missing),
		filesGaps: gaps,
		info,
		filesVisibility: visibility
	};
}
