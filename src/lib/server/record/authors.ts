import * as Y from 'yjs';
import type { DB } from '../db/open';

/**
 * Who created each deduction, by the update log: the user the session named when the update that first set the
 * deduction's key was accepted. The log is written by the server alone, so this holds even for entries written
 * before the content check vouched for the author fields. Entries the server itself made (no user) are left out.
 */
export async function deductionCreators(db: DB, scoringDocument: string): Promise<Map<string, number>> {
	const rows = await db
		.selectFrom('sync_updates')
		.select(['user_id', 'update'])
		.where('document', '=', scoringDocument)
		.orderBy('id')
		.execute();
	const creators = new Map<string, number>();
	for (const row of rows) {
		if (row.user_id === null) continue;
		let structs: (Y.Item | Y.GC | Y.Skip)[];
		try {
			structs = Y.decodeUpdate(row.update).structs;
		} catch {
			continue;
		}
		for (const struct of structs) {
			// A key set for the first time carries its parent's name (decoded structs hold a root's name where a live
			// item holds the type); later sets point at the value they replace.
			if (
				struct instanceof Y.Item &&
				(struct.parent as unknown) === 'deductions' &&
				typeof struct.parentSub === 'string' &&
				!creators.has(struct.parentSub)
			) {
				creators.set(struct.parentSub, row.user_id);
			}
		}
	}
	return creators;
}
