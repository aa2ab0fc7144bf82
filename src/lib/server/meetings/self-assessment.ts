import type { SelfAssessment } from '$lib/core/scoring';
import type { DB } from '../db/open';
import { serializable } from '../db/serializable';

/** Replaces a unit's self-assessment in one transaction: the whole sheet or nothing, with who submitted it. */
export async function saveSelfAssessment(
	db: DB,
	sheetId: number,
	sheet: SelfAssessment,
	submittedBy: number | null,
	now = new Date()
): Promise<void> {
	await serializable(db, async (trx) => {
		await trx.deleteFrom('sheet_scores').where('sheet_id', '=', sheetId).execute();
		await trx.deleteFrom('sheet_reported_figures').where('sheet_id', '=', sheetId).execute();
		const scores = Object.entries(sheet.scores);
		if (scores.length > 0) {
			await trx
				.insertInto('sheet_scores')
				.values(scores.map(([code, points]) => ({ sheet_id: sheetId, criterion_code: code, points })))
				.execute();
		}
		const reported = Object.entries(sheet.reported);
		if (reported.length > 0) {
			await trx
				.insertInto('sheet_reported_figures')
				.values(reported.map(([code, points]) => ({ sheet_id: sheetId, code, points })))
				.execute();
		}
		await trx
			.updateTable('sheets')
			.set({ submitted_at: now.toISOString(), submitted_by: submittedBy })
			.where('id', '=', sheetId)
			.execute();
	});
}
