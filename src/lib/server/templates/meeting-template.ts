import type { Template } from '$lib/core/scoring';
import type { DB } from '../db/open';
import { saveTemplate } from './store';
import { serializable } from '../db/serializable';

// A meeting's criteria table: which one it uses, and replacing it by an imported one while no unit has submitted a
// sheet against it (a submitted sheet's scores are on the current table's codes: the table is frozen from then on).

export interface MeetingTemplateInfo {
	templateId: number;
	name: string;
	version: number;
	/** Whether a unit has submitted its sheet, so that the table can no longer be replaced. */
	frozen: boolean;
}

export async function meetingTemplateInfo(db: DB, meetingId: number): Promise<MeetingTemplateInfo | undefined> {
	const row = await db
		.selectFrom('meetings')
		.innerJoin('criteria_templates', 'criteria_templates.id', 'meetings.template_id')
		.select(['criteria_templates.id', 'criteria_templates.name', 'criteria_templates.version'])
		.where('meetings.id', '=', meetingId)
		.executeTakeFirst();
	if (!row) return undefined;
	const submitted = await db
		.selectFrom('sheets')
		.select('id')
		.where('meeting_id', '=', meetingId)
		.where('submitted_at', 'is not', null)
		.executeTakeFirst();
	return { templateId: row.id, name: row.name, version: row.version, frozen: submitted !== undefined };
}

export type ReplaceResult =
	{ ok: true; templateId: number; version: number } | { ok: false; reason: 'frozen' | 'not_found' };

/**
 * Stores the template as a new row and makes it the meeting's, one version above the cluster's latest table of the
 * year, in one transaction that first checks no sheet has been submitted.
 */
export async function replaceMeetingTemplate(db: DB, meetingId: number, template: Template): Promise<ReplaceResult> {
	return serializable(db, async (trx): Promise<ReplaceResult> => {
		const meeting = await trx
			.selectFrom('meetings')
			.select(['cluster_id', 'year'])
			.where('id', '=', meetingId)
			.executeTakeFirst();
		if (!meeting) return { ok: false, reason: 'not_found' };
		const submitted = await trx
			.selectFrom('sheets')
			.select('id')
			.where('meeting_id', '=', meetingId)
			.where('submitted_at', 'is not', null)
			.executeTakeFirst();
		if (submitted) return { ok: false, reason: 'frozen' };
		const latest = await trx
			.selectFrom('criteria_templates')
			.select((eb) => eb.fn.max('version').as('version'))
			.where('cluster_id', '=', meeting.cluster_id)
			.where('year', '=', meeting.year)
			.executeTakeFirst();
		const version = Number(latest?.version ?? 0) + 1;
		const templateId = await saveTemplate(trx, meeting.cluster_id, meeting.year, template);
		await trx.updateTable('criteria_templates').set({ version }).where('id', '=', templateId).execute();
		await trx.updateTable('meetings').set({ template_id: templateId }).where('id', '=', meetingId).execute();
		return { ok: true, templateId, version };
	});
}
