import { randomUUID } from 'node:crypto';
import { checkDeduction, type DeductionError, type Points } from '$lib/core/scoring';
import type { DB } from '../db/open';
import { loadTemplate } from '../templates/store';

export interface NewDeduction {
	meetingId: number;
	unitSlug: string;
	criterion: string;
	points: Points;
	reason: string;
	author: string;
	at?: Date;
}

export type AddDeductionResult = { ok: true; id: string } | { ok: false; error: DeductionError | { reason: 'unknown_unit' } };

/** Records a deduction after the core's rules accept it; the check and the insert share one transaction. */
export async function addDeduction(db: DB, input: NewDeduction): Promise<AddDeductionResult> {
	return db.transaction().execute(async (trx) => {
		const sheet = await trx
			.selectFrom('sheets')
			.innerJoin('units', 'units.id', 'sheets.unit_id')
			.innerJoin('meetings', 'meetings.id', 'sheets.meeting_id')
			.select(['sheets.id', 'meetings.template_id'])
			.where('sheets.meeting_id', '=', input.meetingId)
			.where('units.slug', '=', input.unitSlug)
			.executeTakeFirst();
		if (!sheet) return { ok: false, error: { reason: 'unknown_unit' } } as const;

		const [template, scoreRows, existingRows] = await Promise.all([
			loadTemplate(trx, sheet.template_id),
			trx.selectFrom('sheet_scores').selectAll().where('sheet_id', '=', sheet.id).execute(),
			trx.selectFrom('deductions').selectAll().where('sheet_id', '=', sheet.id).execute()
		]);
		const scores = Object.fromEntries(scoreRows.map((r) => [r.criterion_code, r.points]));
		const existing = existingRows.map((d) => ({
			id: d.id,
			criterion: d.criterion_code,
			points: d.points,
			reason: d.reason,
			author: d.author,
			at: d.created_at
		}));
		const verdict = checkDeduction(template, { scores, reported: {} }, existing, input);
		if (!verdict.ok) return verdict;

		const id = randomUUID();
		await trx
			.insertInto('deductions')
			.values({
				id,
				sheet_id: sheet.id,
				criterion_code: input.criterion,
				points: input.points,
				reason: input.reason.trim(),
				author: input.author,
				created_at: (input.at ?? new Date()).toISOString()
			})
			.execute();
		return { ok: true, id } as const;
	});
}
