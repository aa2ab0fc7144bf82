import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { Transaction } from 'kysely';
import type { DB } from '../db/open';
import type { Database } from '../db/schema';
import { checkArithmetic, TOTAL_CODE } from '$lib/core/scoring';
import { ballotTally, listBallots, publishedPapers } from '../ballots/store';
import { loadDocumentFields } from '../documents/fields';
import { loadMeetingBoard } from '../meetings/board';
import { storedExcessNotes } from '../meetings/excesses';

type Executor = DB | Transaction<Database>;

// The frozen record of a closed meeting, built only from the relational rows written at the close, in a fixed shape
// and order: the same rows give the same bytes, and so the same SHA-256. Any change to a counted row changes it.

export async function buildRecord(db: Executor, meetingId: number) {
	const meeting = await db
		.selectFrom('meetings')
		.innerJoin('clusters', 'clusters.id', 'meetings.cluster_id')
		.innerJoin('criteria_templates', 'criteria_templates.id', 'meetings.template_id')
		.select(['meetings.id', 'meetings.title', 'meetings.year', 'meetings.held_on', 'clusters.name as cluster', 'criteria_templates.name as template'])
		.where('meetings.id', '=', meetingId)
		.executeTakeFirstOrThrow();
	const closing = await db
		.selectFrom('meeting_records')
		.innerJoin('users', 'users.id', 'meeting_records.closed_by')
		.select(['meeting_records.closed_at', 'users.display_name'])
		.where('meeting_id', '=', meetingId)
		.executeTakeFirst();

	const scores = await db
		.selectFrom('final_scores')
		.innerJoin('units', 'units.id', 'final_scores.unit_id')
		.select(['units.id', 'units.slug', 'units.name', 'units.short_name', 'final_scores.self_points', 'final_scores.cluster_points', 'final_scores.rank', 'final_scores.tied'])
		.where('final_scores.meeting_id', '=', meetingId)
		.orderBy('final_scores.rank')
		.orderBy('units.position')
		.execute();
	const deductions = await db
		.selectFrom('deductions')
		.innerJoin('sheets', 'sheets.id', 'deductions.sheet_id')
		.leftJoin('deduction_answers', 'deduction_answers.deduction_id', 'deductions.id')
		.select([
			'sheets.unit_id',
			'deductions.id',
			'deductions.criterion_code',
			'deductions.points',
			'deductions.reason',
			'deductions.author',
			'deductions.created_at',
			'deductions.updated_at',
			'deductions.updated_by',
			'deduction_answers.text as answer',
			'deduction_answers.author as answer_author'
		])
		.where('sheets.meeting_id', '=', meetingId)
		.orderBy('deductions.created_at')
		.orderBy('deductions.id')
		.execute();

	const ballots = [];
	for (const stored of await listBallots(db, meetingId)) {
		const { ballot } = stored;
		const chairs = await db
			.selectFrom('users')
			.select(['id', 'display_name'])
			.where('id', 'in', [stored.openedBy ?? -1, stored.closedBy ?? -1])
			.execute();
		const tally = ballot.status === 'closed' ? await ballotTally(db, meetingId, Number(ballot.id)) : undefined;
		ballots.push({
			id: Number(ballot.id),
			title: ballot.title,
			purpose: ballot.rules.purpose,
			round: ballot.round,
			status: ballot.status,
			secret: ballot.rules.secret,
			candidates: ballot.candidates,
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
			chairedBy: chairs.find((c) => c.id === stored.closedBy)?.display_name ?? chairs.find((c) => c.id === stored.openedBy)?.display_name ?? null,
			count: tally
				? {
						members: tally.members,
						cast: tally.cast,
						valid: tally.valid,
						invalid: tally.invalid,
						blank: tally.blank,
						quorumMet: tally.quorumMet,
						requiredVotes: tally.requiredVotes,
						results: tally.results.map((r) => ({ candidate: r.candidate, votes: r.votes, share: r.share, elected: r.elected })),
						elected: tally.elected,
						outcome: tally.outcome,
						// A confirmation's agree, disagree and abstain-or-blank papers, each its own figure (null otherwise).
						confirmation: tally.confirmation
					}
				: null,
			papers: tally ? ((await publishedPapers(db, meetingId, Number(ballot.id))) ?? []) : []
		});
	}
	const nominations = await db
		.selectFrom('nominations')
		.innerJoin('units', 'units.id', 'nominations.unit_id')
		.select(['nominations.purpose', 'units.slug', 'units.name', 'nominations.ballot_id'])
		.where('nominations.meeting_id', '=', meetingId)
		.orderBy('nominations.id')
		.execute();

	// What the meeting found in each unit's own arithmetic: its sheet's reported figures against its items.
	const sheets = new Map<number, { reportedTotal: number | null; mismatches: { code: string; reported: number; computed: number }[] }>();
	const board = await loadMeetingBoard(db as DB, meetingId);
	for (const unit of board?.units ?? []) {
		sheets.set(unit.id, {
			reportedTotal: Object.hasOwn(unit.sheet.reported, TOTAL_CODE) ? unit.sheet.reported[TOTAL_CODE]! : null,
			mismatches: checkArithmetic(board!.template, unit.sheet)
		});
	}
	const { fields } = await loadDocumentFields(db, meetingId);

	return {
		meeting: {
			id: meeting.id,
			title: meeting.title,
			cluster: meeting.cluster,
			year: meeting.year,
			heldOn: meeting.held_on,
			template: meeting.template,
			closedAt: closing?.closed_at ?? null,
			closedBy: closing?.display_name ?? null
		},
		summary: scores.map((s, index) => ({
			order: index + 1,
			unit: s.slug,
			name: s.name,
			shortName: s.short_name,
			selfScore: s.self_points,
			clusterScore: s.cluster_points,
			rank: s.rank,
			tied: s.tied === 1,
			reportedTotal: sheets.get(s.id)?.reportedTotal ?? null,
			mismatches: sheets.get(s.id)?.mismatches ?? [],
			deductions: deductions
				.filter((d) => d.unit_id === s.id)
				.map((d) => ({
					criterion: d.criterion_code,
					points: d.points,
					reason: d.reason,
					author: d.author,
					at: d.created_at,
					updatedAt: d.updated_at ?? d.created_at,
					updatedBy: d.updated_by ?? d.author,
					answer: d.answer === null ? null : { text: d.answer, author: d.answer_author }
				}))
		})),
		ballots,
		nominations: nominations.map((n) => ({ purpose: n.purpose, unit: n.slug, name: n.name, ballot: n.ballot_id })),
		// Items whose listed deductions exceed what took effect, kept as listed at the close: both totals and why.
		excesses: await storedExcessNotes(db, meetingId),
		// The documents' fields are part of the record: the number, signers and recipients as filed.
		documents: fields
	};
}

export type MeetingRecord = Awaited<ReturnType<typeof buildRecord>>;

/** Points are hundredths in the record (as stored); the digest is over this exact JSON text. */
export function recordDigest(record: MeetingRecord): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(JSON.stringify(record))));
}
