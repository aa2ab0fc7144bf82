import type { Transaction } from 'kysely';
import { meetingExcesses, unresolvedExcesses, type UnitExcess } from '$lib/core/scoring';
import { writableText } from '$lib/core/text';
import { scoringDocumentName } from '$lib/live/documents';
import { readDeductions } from '$lib/live/scoring-doc';
import type { DB } from '../db/open';
import type { Database } from '../db/schema';
import type { SyncHub } from '../sync';
import { loadMeetingBoard } from './board';

// Items whose deductions, as listed, ask more than the item can lose (two scorers racing on one item). Moving to
// voting and closing the meeting list them and go ahead only once each is resolved (a deduction lowered or removed)
// or kept as listed with a note, which the record carries beside the listed and the effective total.

type Executor = DB | Transaction<Database>;

export { meetingExcesses, type UnitExcess };

/** What the head wrote to keep an excess as listed. */
export interface SubmittedNote {
	unit: string;
	criterion: string;
	note: string;
}

/** A note as long as a deduction's reason may be. */
export const EXCESS_NOTE_MAX = 2000;

/** The excesses as the live scoring document has them now (none without a sync hub: there is nothing live). */
export async function liveExcesses(db: DB, sync: SyncHub | undefined, meetingId: number): Promise<UnitExcess[]> {
	const board = await loadMeetingBoard(db, meetingId);
	if (!board || !sync) return [];
	return meetingExcesses(
		board.template,
		board.units,
		readDeductions(await sync.getDocument(scoringDocumentName(meetingId)))
	);
}

/** Notes already stored for the meeting, by unit slug. */
export async function storedExcessNotes(db: Executor, meetingId: number) {
	return db
		.selectFrom('excess_notes')
		.innerJoin('units', 'units.id', 'excess_notes.unit_id')
		.select([
			'units.slug as unit',
			'excess_notes.criterion_code as criterion',
			'excess_notes.listed',
			'excess_notes.effective',
			'excess_notes.note',
			'excess_notes.noted_by as notedBy',
			'excess_notes.noted_at as notedAt'
		])
		.where('excess_notes.meeting_id', '=', meetingId)
		.orderBy('units.position')
		.orderBy('excess_notes.criterion_code')
		.execute();
}

/**
 * Inside the phase change's or the close's transaction: stores the notes written for excesses that exist now (for
 * their present figures; a note sent for an item not in excess is ignored), and returns those left without a note.
 */
export async function settleExcesses(
	trx: Transaction<Database>,
	meetingId: number,
	excesses: readonly UnitExcess[],
	submitted: readonly SubmittedNote[],
	by: string,
	now: Date,
	{ prune = false }: { prune?: boolean } = {}
): Promise<UnitExcess[]> {
	const unitIds = new Map(
		(
			await trx
				.selectFrom('sheets')
				.innerJoin('units', 'units.id', 'sheets.unit_id')
				.select(['units.id', 'units.slug'])
				.where('sheets.meeting_id', '=', meetingId)
				.execute()
		).map((u) => [u.slug, u.id])
	);
	for (const e of excesses) {
		const note = writableText(submitted.find((n) => n.unit === e.unit && n.criterion === e.criterion)?.note ?? '')
			.trim()
			.slice(0, EXCESS_NOTE_MAX);
		const unitId = unitIds.get(e.unit);
		if (note === '' || unitId === undefined) continue;
		await trx
			.deleteFrom('excess_notes')
			.where('meeting_id', '=', meetingId)
			.where('unit_id', '=', unitId)
			.where('criterion_code', '=', e.criterion)
			.execute();
		await trx
			.insertInto('excess_notes')
			.values({
				meeting_id: meetingId,
				unit_id: unitId,
				criterion_code: e.criterion,
				listed: e.listed,
				effective: e.effective,
				note,
				noted_by: writableText(by),
				noted_at: now.toISOString()
			})
			.execute();
	}
	let notes = await storedExcessNotes(trx, meetingId);
	if (prune) {
		// At the close the record keeps only the notes on what it lists: one about figures since changed is gone.
		const stale = notes.filter(
			(n) =>
				!excesses.some(
					(e) =>
						e.unit === n.unit &&
						e.criterion === n.criterion &&
						e.listed === n.listed &&
						e.effective === n.effective
				)
		);
		for (const n of stale) {
			const unitId = unitIds.get(n.unit);
			if (unitId !== undefined)
				await trx
					.deleteFrom('excess_notes')
					.where('meeting_id', '=', meetingId)
					.where('unit_id', '=', unitId)
					.where('criterion_code', '=', n.criterion)
					.execute();
		}
		notes = notes.filter((n) => !stale.includes(n));
	}
	return excesses.filter(
		(e) =>
			unresolvedExcesses(
				[e],
				notes.filter((n) => n.unit === e.unit)
			).length > 0
	);
}

/** The notes a form sent: fields named "note:<unit>:<criterion>". */
export function submittedNotes(form: FormData): SubmittedNote[] {
	const out: SubmittedNote[] = [];
	for (const [name, value] of form.entries()) {
		if (!name.startsWith('note:') || typeof value !== 'string') continue;
		const rest = name.slice('note:'.length);
		const colon = rest.indexOf(':');
		if (colon <= 0) continue;
		out.push({ unit: rest.slice(0, colon), criterion: rest.slice(colon + 1), note: value });
	}
	return out;
}
