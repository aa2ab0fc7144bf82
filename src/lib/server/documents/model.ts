import { checkArithmetic, scoreSheet, summaryTable, TOTAL_CODE, type Criterion, type Template } from '$lib/core/scoring';
import { tiedRound, type BallotCount, type BallotEntry, type CriterionRow, type DeductionEntry, type DocumentModel, type UnitScores } from '$lib/core/documents';
import type { LiveAnswer } from '$lib/live/answers-doc';
import type { LiveDeduction } from '$lib/live/scoring-doc';
import { ballotTally, listBallots } from '../ballots/store';
import type { DB } from '../db/open';
import { loadMeetingBoard } from '../meetings/board';
import { loadDocumentFields } from './fields';

// The documents' data model, built from the stored rows. After the close the deductions, answers and scores are the
// frozen record's; before it, the live board's (passed in), and every document is marked a draft.

export interface LiveState {
	deductions: LiveDeduction[];
	answers: Map<string, LiveAnswer>;
}

function criterionRows(t: Template): CriterionRow[] {
	const rows: CriterionRow[] = [];
	const walk = (list: readonly Criterion[], depth: number) => {
		for (const c of list) {
			if (c.type === 'section') {
				rows.push({ code: c.code, title: c.title, depth, section: true, max: null, kind: null, children: c.children.map((k) => k.code) });
				walk(c.children, depth + 1);
			} else {
				rows.push({ code: c.code, title: c.title, depth, section: false, max: c.max, kind: c.kind, children: [] });
			}
		}
	};
	walk(t.criteria, 0);
	return rows;
}

export async function buildDocumentModel(db: DB, meetingId: number, live?: LiveState, now = new Date()): Promise<DocumentModel | undefined> {
	const board = await loadMeetingBoard(db, meetingId);
	if (!board) return undefined;
	const meeting = await db
		.selectFrom('meetings')
		.innerJoin('clusters', 'clusters.id', 'meetings.cluster_id')
		.select(['meetings.starts_at', 'meetings.review_started_at', 'meetings.location', 'meetings.call_url', 'clusters.layout', 'clusters.short_name', 'clusters.parent', 'clusters.name'])
		.where('meetings.id', '=', meetingId)
		.executeTakeFirstOrThrow();
	const closing = await db
		.selectFrom('meeting_records')
		.innerJoin('users', 'users.id', 'meeting_records.closed_by')
		.select(['meeting_records.closed_at', 'meeting_records.digest', 'users.display_name'])
		.where('meeting_id', '=', meetingId)
		.executeTakeFirst();
	const closed = board.phase === 'closed';
	const { fields, statistics } = await loadDocumentFields(db, meetingId);

	// Deductions: the frozen rows after the close, the live document before it (the stored rows if none is given).
	const stored = await db
		.selectFrom('deductions')
		.innerJoin('sheets', 'sheets.id', 'deductions.sheet_id')
		.innerJoin('units', 'units.id', 'sheets.unit_id')
		.leftJoin('deduction_answers', 'deduction_answers.deduction_id', 'deductions.id')
		.select(['units.slug', 'deductions.id', 'deductions.criterion_code', 'deductions.points', 'deductions.reason', 'deductions.author', 'deductions.created_at', 'deductions.updated_at', 'deductions.updated_by', 'deduction_answers.text as answer', 'deduction_answers.author as answer_author'])
		.where('sheets.meeting_id', '=', meetingId)
		.orderBy('deductions.created_at')
		.orderBy('deductions.id')
		.execute();
	const deductions: (DeductionEntry & { unit: string; id: string })[] =
		!closed && live
			? live.deductions.map((d) => {
					const answer = live.answers.get(d.id);
					return { id: d.id, unit: d.unit, criterion: d.criterion, criterionTitle: '', points: d.points, reason: d.reason, author: d.author, at: d.createdAt, updatedBy: d.updatedBy, updatedAt: d.updatedAt, answer: answer ? { text: answer.text, author: answer.authorName } : null };
				})
			: stored.map((d) => ({
					id: d.id,
					unit: d.slug,
					criterion: d.criterion_code,
					criterionTitle: '',
					points: d.points,
					reason: d.reason,
					author: d.author,
					at: d.created_at,
					updatedBy: d.updated_by ?? d.author,
					updatedAt: d.updated_at ?? d.created_at,
					answer: d.answer === null ? null : { text: d.answer, author: d.answer_author ?? '' }
				}));
	const criteria = criterionRows(board.template);
	const titleOf = new Map(criteria.map((c) => [c.code, c.title]));
	for (const d of deductions) d.criterionTitle = titleOf.get(d.criterion) ?? '';

	const asDeduction = (d: (typeof deductions)[number]) => ({ id: d.id, criterion: d.criterion, points: d.points, reason: d.reason, author: d.author, at: d.at });
	const ranked = summaryTable(
		board.template,
		board.units.map((u) => ({ unit: u.slug, sheet: u.sheet, deductions: deductions.filter((d) => d.unit === u.slug).map(asDeduction) }))
	);
	const nameOf = new Map(board.units.map((u) => [u.slug, u.name]));
	const units: UnitScores[] = ranked.map((row, index) => {
		const unit = board.units.find((u) => u.slug === row.unit)!;
		const own = deductions.filter((d) => d.unit === unit.slug);
		const result = scoreSheet(board.template, unit.sheet, own.map(asDeduction));
		const reportedTotal = Object.hasOwn(unit.sheet.reported, TOTAL_CODE) ? unit.sheet.reported[TOTAL_CODE]! : null;
		return {
			slug: unit.slug,
			name: unit.name,
			shortName: unit.shortName,
			order: index + 1,
			rank: row.rank,
			tied: row.tied,
			self: row.selfTotal,
			cluster: row.clusterTotal,
			deducted: row.deductionTotal,
			reportedTotal,
			mismatches: checkArithmetic(board.template, unit.sheet),
			reported: { ...unit.sheet.reported },
			items: Object.fromEntries(Object.entries(result.items).map(([code, r]) => [code, { self: r.self, deducted: r.deducted, cluster: r.cluster }])),
			sections: Object.fromEntries(Object.entries(result.sections).map(([code, r]) => [code, { self: r.self, cluster: r.cluster }])),
			deductions: own.map(({ unit: _unit, id: _id, ...entry }) => entry)
		};
	});

	const userNames = new Map((await db.selectFrom('users').select(['id', 'display_name']).execute()).map((u) => [u.id, u.display_name]));
	const ballots: BallotEntry[] = [];
	for (const [index, s] of (await listBallots(db, meetingId)).entries()) {
		const b = s.ballot;
		const tally = b.status === 'closed' ? await ballotTally(db, meetingId, Number(b.id)) : undefined;
		const count: BallotCount | null = tally
			? {
					members: tally.members,
					cast: tally.cast,
					valid: tally.valid,
					invalid: tally.invalid,
					blank: tally.blank,
					quorumMet: tally.quorumMet,
					requiredVotes: tally.requiredVotes,
					thresholdBase: tally.thresholdBase,
					results: tally.results.map((r) => ({ slug: r.candidate, name: nameOf.get(r.candidate) ?? r.candidate, votes: r.votes, elected: r.elected })),
					elected: [...tally.elected],
					outcome:
						tally.outcome.kind !== 'runoff'
							? tally.outcome.kind
							: tiedRound(tally.results, tally.outcome.candidates)
								? 'tie'
								: tally.outcome.reason
				}
			: null;
		ballots.push({
			number: index + 1,
			title: b.title,
			purpose: b.rules.purpose,
			round: b.round,
			secret: b.rules.secret,
			candidates: b.candidates.map((slug) => ({ slug, name: nameOf.get(slug) ?? slug })),
			seats: b.rules.seats,
			maxChoices: b.rules.maxChoices,
			quorum: b.rules.quorum,
			threshold: b.rules.threshold,
			committeeHead: s.committee.head,
			committeeMembers: s.committee.members,
			openedAt: s.openedAt,
			closedAt: s.closedAt,
			chairedBy: (s.closedBy !== null ? userNames.get(s.closedBy) : undefined) ?? (s.openedBy !== null ? userNames.get(s.openedBy) : undefined) ?? null,
			count
		});
	}

	const nominations = await db
		.selectFrom('nominations')
		.innerJoin('units', 'units.id', 'nominations.unit_id')
		.select(['nominations.purpose', 'units.slug', 'units.name'])
		.where('nominations.meeting_id', '=', meetingId)
		.orderBy('nominations.id')
		.execute();

	const present = await db
		.selectFrom('participants')
		.innerJoin('users', 'users.id', 'participants.user_id')
		.leftJoin('units', 'units.id', 'participants.unit_id')
		.select(['users.display_name', 'users.position', 'units.name as unit', 'units.position as unit_position', 'participants.role'])
		.where('participants.meeting_id', '=', meetingId)
		.orderBy('participants.id')
		.execute();
	const roleOrder = { head: 0, vice_head: 1, host: 2, delegate: 3, observer: 4 } as const;
	present.sort((a, b) => roleOrder[a.role] - roleOrder[b.role] || (a.unit_position ?? 99) - (b.unit_position ?? 99));

	// Where the host has not named the chair and secretary, the head and the host of the meeting stand in.
	const byRole = (role: string) => present.find((p) => p.role === role);
	const filled = {
		...fields,
		issuedOn: fields.issuedOn || board.heldOn,
		chairName: fields.chairName || byRole('head')?.display_name || '',
		chairOffice: fields.chairOffice || byRole('head')?.position || '',
		secretaryName: fields.secretaryName || byRole('host')?.display_name || '',
		secretaryOffice: fields.secretaryOffice || byRole('host')?.position || ''
	};

	return {
		layout: meeting.layout,
		draft: !closed,
		year: board.year,
		superior: meeting.parent ?? '',
		cluster: meeting.name,
		clusterShortName: meeting.short_name,
		meetingTitle: board.title,
		heldOn: board.heldOn,
		startsAt: meeting.starts_at,
		startedAt: meeting.review_started_at,
		location: meeting.location,
		callUrl: meeting.call_url,
		closedAt: closing?.closed_at ?? null,
		closedBy: closing?.display_name ?? null,
		madeAt: now.toISOString(),
		digest: closing?.digest || null,
		fields: filled,
		present: present.map((p) => ({ name: p.display_name, position: p.position, unit: p.unit, role: p.role })),
		criteria,
		units,
		ballots,
		nominations: nominations.map((n) => ({ purpose: n.purpose, slug: n.slug, name: n.name })),
		statistics
	};
}
