import type { DB } from '../db/open';
import { serializable } from '../db/serializable';

// The head's links between an item and paragraphs of a unit's report (stored by the server, decided there): they
// replace what the board finds in that report for the item. A link holds for the report it was made on: a replaced
// report (possible only before the review) leaves it unused.

/** The links made on this report of the unit, by item code. */
export async function paragraphLinks(
	db: DB,
	meetingId: number,
	unitId: number,
	reportSha256: string
): Promise<Record<string, number[]>> {
	const rows = await db
		.selectFrom('report_paragraph_links')
		.select(['criterion_code', 'paragraphs'])
		.where('meeting_id', '=', meetingId)
		.where('unit_id', '=', unitId)
		.where('report_sha256', '=', reportSha256)
		.execute();
	const links: Record<string, number[]> = {};
	for (const row of rows) {
		const parsed: unknown = JSON.parse(row.paragraphs);
		if (Array.isArray(parsed)) links[row.criterion_code] = parsed.filter((p): p is number => Number.isInteger(p));
	}
	return links;
}

/** Stores the head's link for an item (replacing any earlier one), or removes it (`paragraphs` null). */
export async function saveParagraphLink(
	db: DB,
	link: {
		meetingId: number;
		unitId: number;
		criterion: string;
		reportSha256: string;
		paragraphs: number[] | null;
		userId: number;
		at: string;
	}
): Promise<void> {
	await serializable(db, async (trx) => {
		await trx
			.deleteFrom('report_paragraph_links')
			.where('meeting_id', '=', link.meetingId)
			.where('unit_id', '=', link.unitId)
			.where('criterion_code', '=', link.criterion)
			.execute();
		if (link.paragraphs === null) return;
		await trx
			.insertInto('report_paragraph_links')
			.values({
				meeting_id: link.meetingId,
				unit_id: link.unitId,
				criterion_code: link.criterion,
				report_sha256: link.reportSha256,
				paragraphs: JSON.stringify([...new Set(link.paragraphs)].sort((a, b) => a - b)),
				linked_by: link.userId,
				linked_at: link.at
			})
			.execute();
	});
}
