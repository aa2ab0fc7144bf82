import type { Transaction } from 'kysely';
import {
	buildMeetingRecord,
	recordCitation,
	type MeetingRecord,
	type RecordBallot,
	type RecordInput
} from '$lib/core/record';
import type { LiveAnswer } from '$lib/live/answers-doc';
import type { LiveDeduction } from '$lib/live/scoring-doc';
import { ballotTally, listBallots, publishedPapers } from '../ballots/store';
import type { DB } from '../db/open';
import type { Database } from '../db/schema';
import { loadDocumentFields } from '../documents/fields';
import { loadMeetingBoard } from '../meetings/board';
import { storedExcessNotes } from '../meetings/excesses';
import { evidenceNames } from '../evidence/cited-names';
import { listMeetingFiles } from '../evidence/files';

type Executor = DB | Transaction<Database>;

/** The live board's documents before the close: its deductions and the units' answers (by deduction id). */
export interface LiveState {
	deductions: LiveDeduction[];
	answers: Map<string, LiveAnswer>;
}

// What the record is built from, read from the tables: the meeting, its template and sheets, the deductions (the
// rows written at the close, or the live board's when given), the ballots as counted, the people and the fields.
// The record itself is made by the core (buildMeetingRecord).

async function deductionsOf(
	db: Executor,
	meetingId: number,
	live: LiveState | undefined
): Promise<RecordInput['deductions']> {
	const names = await evidenceNames(db, meetingId);
	if (live) {
		return live.deductions.map((d) => {
			const answer = live.answers.get(d.id);
			return {
				unit: d.unit,
				criterion: d.criterion,
				points: d.points,
				reason: d.reason,
				author: d.author,
				at: d.createdAt,
				updatedBy: d.updatedBy,
				updatedAt: d.updatedAt,
				answer: answer ? { text: answer.text, author: answer.authorName } : null,
				...recordCitation(d.citation?.file ?? null, d.citation?.text ?? '', names)
			};
		});
	}
	const rows = await db
		.selectFrom('deductions')
		.innerJoin('sheets', 'sheets.id', 'deductions.sheet_id')
		.innerJoin('units', 'units.id', 'sheets.unit_id')
		.leftJoin('deduction_answers', 'deduction_answers.deduction_id', 'deductions.id')
		.select([
			'units.slug',
			'deductions.criterion_code',
			'deductions.points',
			'deductions.reason',
			'deductions.author',
			'deductions.created_at',
			'deductions.updated_at',
			'deductions.updated_by',
			'deductions.cited_file',
			'deductions.citation',
			'deduction_answers.text as answer',
			'deduction_answers.author as answer_author'
		])
		.where('sheets.meeting_id', '=', meetingId)
		.orderBy('deductions.created_at')
		.orderBy('deductions.id')
		.execute();
	return rows.map((d) => ({
		unit: d.slug,
		criterion: d.criterion_code,
		points: d.points,
		reason: d.reason,
		author: d.author,
		at: d.created_at,
		updatedBy: d.updated_by ?? d.author,
		updatedAt: d.updated_at ?? d.created_at,
		answer: d.answer === null ? null : { text: d.answer, author: d.answer_author ?? '' },
		...recordCitation(d.cited_file, d.citation ?? '', names)
	}));
}

async function ballotsOf(db: Executor, meetingId: number): Promise<RecordBallot[]> {
	const ballots: RecordBallot[] = [];
	for (const stored of await listBallots(db, meetingId)) {
		const { ballot } = stored;
		const chairs = await db
			.selectFrom('users')
			.select(['id', 'display_name'])
			.where('id', 'in', [stored.openedBy ?? -1, stored.closedBy ?? -1])
			.execute();
		const count =
			ballot.status === 'closed' ? ((await ballotTally(db, meetingId, Number(ballot.id))) ?? null) : null;
		ballots.push({
			id: Number(ballot.id),
			title: ballot.title,
			purpose: ballot.rules.purpose,
			round: ballot.round,
			status: ballot.status,
			secret: ballot.rules.secret,
			candidates: [...ballot.candidates],
			rules: {
				maxChoices: ballot.rules.maxChoices,
				seats: ballot.rules.seats,
				quorum: ballot.rules.quorum,
				threshold: ballot.rules.threshold,
				allowSelfVote: ballot.rules.allowSelfVote
			},
			committee: stored.committee,
			openedAt: stored.openedAt,
			closedAt: stored.closedAt,
			chairedBy:
				chairs.find((c) => c.id === stored.closedBy)?.display_name ??
				chairs.find((c) => c.id === stored.openedBy)?.display_name ??
				null,
			count,
			papers: count ? ((await publishedPapers(db, meetingId, Number(ballot.id))) ?? []) : []
		});
	}
	return ballots;
}

/**
 * The record of a meeting as the tables and, before the close, the live board have it now: what the close seals,
 * and what the record page and the drafts show until then. Undefined if there is no such meeting.
 */
export async function buildRecord(
	db: Executor,
	meetingId: number,
	live?: LiveState
): Promise<MeetingRecord | undefined> {
	const board = await loadMeetingBoard(db as DB, meetingId);
	if (!board) return undefined;
	const meeting = await db
		.selectFrom('meetings')
		.innerJoin('clusters', 'clusters.id', 'meetings.cluster_id')
		.innerJoin('criteria_templates', 'criteria_templates.id', 'meetings.template_id')
		.select([
			'meetings.starts_at',
			'meetings.review_started_at',
			'meetings.location',
			'meetings.call_url',
			'clusters.short_name',
			'clusters.parent',
			'criteria_templates.name as template'
		])
		.where('meetings.id', '=', meetingId)
		.executeTakeFirstOrThrow();
	const closing = await db
		.selectFrom('meeting_records')
		.innerJoin('users', 'users.id', 'meeting_records.closed_by')
		.select(['meeting_records.closed_at', 'users.display_name'])
		.where('meeting_id', '=', meetingId)
		.executeTakeFirst();
	const nominations = await db
		.selectFrom('nominations')
		.innerJoin('units', 'units.id', 'nominations.unit_id')
		.select(['nominations.purpose', 'units.slug', 'units.name', 'nominations.ballot_id'])
		.where('nominations.meeting_id', '=', meetingId)
		.orderBy('nominations.id')
		.execute();
	const participants = await db
		.selectFrom('participants')
		.innerJoin('users', 'users.id', 'participants.user_id')
		.leftJoin('units', 'units.id', 'participants.unit_id')
		.select([
			'participants.id',
			'participants.absent_since',
			'users.display_name',
			'users.position',
			'units.name as unit',
			'units.position as unit_position',
			'participants.role'
		])
		.where('participants.meeting_id', '=', meetingId)
		// One line a person, with their one role; who never accepted was not of the meeting, who was marked absent
		// did not attend (the minutes list them as absent).
		.where('participants.pending', '=', 0)
		.orderBy('participants.id')
		.execute();
	const { fields, statistics } = await loadDocumentFields(db, meetingId);

	return buildMeetingRecord({
		meeting: {
			id: board.id,
			title: board.title,
			year: board.year,
			heldOn: board.heldOn,
			startsAt: meeting.starts_at,
			startedAt: meeting.review_started_at,
			location: meeting.location,
			callUrl: meeting.call_url,
			cluster: board.cluster.name,
			clusterShortName: meeting.short_name,
			superior: meeting.parent ?? '',
			template: meeting.template,
			closedAt: closing?.closed_at ?? null,
			closedBy: closing?.display_name ?? null
		},
		template: board.template,
		units: board.units.map((u) => ({ slug: u.slug, name: u.name, shortName: u.shortName, sheet: u.sheet })),
		deductions: await deductionsOf(db, meetingId, board.phase === 'closed' ? undefined : live),
		ballots: await ballotsOf(db, meetingId),
		nominations: nominations.map((n) => ({ purpose: n.purpose, unit: n.slug, name: n.name, ballot: n.ballot_id })),
		participants: participants.map((p) => ({
			id: p.id,
			absent: p.absent_since !== null,
			name: p.display_name,
			position: p.position,
			unit: p.unit,
			role: p.role,
			unitOrder: p.unit_position
		})),
		excessNotes: await storedExcessNotes(db, meetingId),
		fields,
		statistics,
		files: await filesOf(db, meetingId, board.units)
	});
}

/** The units' files as the record states them: digest, name, size, kind, items, who sent each and when. */
async function filesOf(
	db: Executor,
	meetingId: number,
	units: readonly { id: number; slug: string }[]
): Promise<RecordInput['files']> {
	const slugs = new Map(units.map((u) => [u.id, u.slug]));
	return (await listMeetingFiles(db, meetingId))
		.filter((f) => slugs.has(f.unitId))
		.map((f) => ({
			unit: slugs.get(f.unitId)!,
			kind: f.kind,
			name: f.name,
			size: f.size,
			format: f.format,
			sha256: f.sha256,
			items: f.items,
			caption: f.caption,
			sentBy: f.uploadedBy.name,
			sentAt: f.uploadedAt
		}));
}
