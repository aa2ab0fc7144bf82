import { randomUUID } from 'node:crypto';
import { writableText } from '$lib/core/text';
import { readAnswers, type LiveAnswer } from '$lib/live/answers-doc';
import { answersDocumentName, scoringDocumentName } from '$lib/live/documents';
import { readDeductions } from '$lib/live/scoring-doc';
import type { DB } from '../db/open';
import { loadMeetingBoard } from '../meetings/board';
import { meetingExcesses, settleExcesses, type SubmittedNote, type UnitExcess } from '../meetings/excesses';
import type { SyncHub } from '../sync';
import { deductionCreators } from './authors';
import { buildRecord } from './build';
import { sealRecord } from './stored';

export { verifyRecord } from './stored';
import { serializable } from '../db/serializable';

export type CloseMeetingResult =
	| { ok: true; digest: string }
	| { ok: false; reason: 'not_found' | 'not_in_voting' | 'ballot_open' }
	| { ok: false; reason: 'excess'; excesses: UnitExcess[] };

/**
 * Closes a meeting: the live sheets' final state (deductions with reasons and authors, answers) is written to the
 * relational record, the record is built from it once, its scores written beside it, its canonical bytes stored and
 * sealed with their SHA-256, and the meeting becomes read-only, all in one transaction.
 */
export async function closeMeeting(
	db: DB,
	sync: SyncHub,
	meetingId: number,
	userId: number,
	now = new Date(),
	notes: readonly SubmittedNote[] = []
): Promise<CloseMeetingResult> {
	const board = await loadMeetingBoard(db, meetingId);
	if (!board) return { ok: false, reason: 'not_found' };

	// Read the live documents first (async); the transaction below re-checks the phase, and writes refuse once closed.
	// Answers are looked up per unit: an answer stands only beside a deduction of its own unit.
	let deductions = readDeductions(await sync.getDocument(scoringDocumentName(meetingId)));
	const answers = new Map<string, Map<string, LiveAnswer>>();
	for (const unit of board.units)
		answers.set(unit.slug, readAnswers(await sync.getDocument(answersDocumentName(meetingId, unit.slug))));
	// Who wrote and who last edited: the users the server verified as the writers (the content check makes the
	// ids the writer's own; the update log, written by the server alone, names who created each deduction), named
	// as the users table names them, never as the document spells them.
	const creators = await deductionCreators(db, scoringDocumentName(meetingId));
	deductions = deductions.map((d) => ({ ...d, authorId: creators.get(d.id) ?? d.authorId }));
	const writerIds = [
		...new Set(
			deductions
				.flatMap((d) => [d.authorId, d.updatedById])
				.concat([...answers.values()].flatMap((m) => [...m.values()].map((a) => a.authorId)))
		)
	];
	const names = new Map(
		writerIds.length === 0
			? []
			: (await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', writerIds).execute()).map(
					(u) => [u.id, u.display_name]
				)
	);

	return serializable(db, async (trx): Promise<CloseMeetingResult> => {
		const meeting = await trx.selectFrom('meetings').select('phase').where('id', '=', meetingId).executeTakeFirst();
		if (!meeting) return { ok: false, reason: 'not_found' } as const;
		if (meeting.phase !== 'voting') return { ok: false, reason: 'not_in_voting' } as const;
		const open = await trx
			.selectFrom('ballots')
			.select('id')
			.where('meeting_id', '=', meetingId)
			.where('status', '=', 'open')
			.executeTakeFirst();
		if (open) return { ok: false, reason: 'ballot_open' } as const;

		const sheetIds = new Map(board.units.map((u) => [u.slug, u.sheetId]));
		// Only what the server can vouch for: a deduction of a member unit by a known user.
		const kept = deductions.filter(
			(d) => sheetIds.has(d.unit) && names.has(d.authorId) && names.has(d.updatedById)
		);
		// Every item listed beyond what it can lose is resolved or kept with a note, or the meeting stays open; the
		// record keeps the notes on what it lists, and only those.
		const excesses = meetingExcesses(board.template, board.units, kept);
		const left = await settleExcesses(
			trx,
			meetingId,
			excesses,
			notes,
			names.get(userId) ?? (await closerName(trx, userId)),
			now,
			{ prune: true }
		);
		if (left.length > 0) return { ok: false, reason: 'excess', excesses: left } as const;

		await trx
			.deleteFrom('deductions')
			.where('sheet_id', 'in', [...sheetIds.values()])
			.execute();
		for (const d of kept) {
			const id = randomUUID();
			const edited = d.updatedAt !== d.createdAt || d.updatedById !== d.authorId;
			await trx
				.insertInto('deductions')
				.values({
					id,
					sheet_id: sheetIds.get(d.unit)!,
					criterion_code: d.criterion,
					points: d.points,
					// The record keeps no character a document cannot hold, even from a live entry older than that rule.
					reason: writableText(d.reason),
					author: writableText(names.get(d.authorId)!),
					created_at: d.createdAt,
					updated_by: edited ? writableText(names.get(d.updatedById)!) : null,
					updated_at: edited ? d.updatedAt : null
				})
				.execute();
			const answer = answers.get(d.unit)?.get(d.id);
			if (answer && names.has(answer.authorId)) {
				await trx
					.insertInto('deduction_answers')
					.values({
						deduction_id: id,
						text: writableText(answer.text),
						author: writableText(names.get(answer.authorId)!),
						created_at: answer.at
					})
					.execute();
			}
		}

		await trx.updateTable('meetings').set({ phase: 'closed' }).where('id', '=', meetingId).execute();
		await trx
			.insertInto('meeting_records')
			.values({ meeting_id: meetingId, closed_at: now.toISOString(), closed_by: userId, digest: '' })
			.execute();
		const record = (await buildRecord(trx, meetingId))!;
		const unitId = new Map(board.units.map((u) => [u.slug, u.id]));
		await trx
			.insertInto('final_scores')
			.values(
				record.summary.map((r) => ({
					meeting_id: meetingId,
					unit_id: unitId.get(r.unit)!,
					self_points: r.selfScore,
					cluster_points: r.clusterScore,
					rank: r.rank,
					tied: r.tied ? 1 : 0
				}))
			)
			.execute();
		const digest = await sealRecord(trx, meetingId, record);
		return { ok: true, digest } as const;
	});
}

async function closerName(db: DB, userId: number): Promise<string> {
	const row = await db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst();
	return row?.display_name ?? '';
}
