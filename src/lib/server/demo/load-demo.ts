import { points, templateFromInput, type TemplateInput } from '$lib/core/scoring';
import type { DB } from '../db/open';
import { saveTemplate } from '../templates/store';
import { loadDemoDocuments } from './demo-documents';
import demoData from './cluster-2021.json';
import { serializable } from '../db/serializable';

/** The shape of the demo data set (a copy of the shared domain's cluster-2021.json). */
export interface DemoData {
	cluster: { name: string; name_en: string; parent: string };
	year: number;
	meeting: {
		title: string;
		date: string;
		host_unit: string;
		roles_2021: { head: string; standing_vice_head: string };
	};
	criteria_template: TemplateInput;
	units: {
		slug: string;
		name: string;
		short_name: string;
		self_assessment: { scores: Record<string, number>; reported_subtotals: Record<string, number> };
		deductions_2021: { item: string; points: number; reason: string }[];
	}[];
}

export const demo = demoData as DemoData;

/**
 * Loads the demo cluster and its meeting, in its review phase, with every unit's self-assessment and no cluster
 * deductions, into an empty database. Returns the meeting's id, or undefined when the database already had data.
 */
export async function loadDemoIfEmpty(db: DB, data: DemoData = demo): Promise<number | undefined> {
	const template = templateFromInput(data.criteria_template);
	if (!template.ok) throw new Error(`demo template is invalid: ${JSON.stringify(template.errors)}`);

	return serializable(db, async (trx) => {
		const existing = await trx.selectFrom('clusters').select('id').limit(1).executeTakeFirst();
		if (existing) return undefined;

		const cluster = await trx
			.insertInto('clusters')
			.values({ name: data.cluster.name, name_en: data.cluster.name_en, parent: data.cluster.parent })
			.returning('id')
			.executeTakeFirstOrThrow();
		const templateId = await saveTemplate(trx, cluster.id, data.year, template.template);
		const meeting = await trx
			.insertInto('meetings')
			.values({
				cluster_id: cluster.id,
				template_id: templateId,
				year: data.year,
				title: data.meeting.title,
				held_on: data.meeting.date,
				starts_at: `${data.meeting.date}T08:00`,
				// The report: online, on Google Meet, from two connection points.
				location: 'Trực tuyến (Google Meet), hai điểm cầu',
				phase: 'review',
				created_at: new Date().toISOString()
			})
			.returning('id')
			.executeTakeFirstOrThrow();

		for (const [position, unit] of data.units.entries()) {
			const { id: unitId } = await trx
				.insertInto('units')
				.values({
					cluster_id: cluster.id,
					slug: unit.slug,
					name: unit.name,
					short_name: unit.short_name,
					position
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			const { id: sheetId } = await trx
				.insertInto('sheets')
				.values({ meeting_id: meeting.id, unit_id: unitId, submitted_at: data.meeting.date })
				.returning('id')
				.executeTakeFirstOrThrow();
			const scores = Object.entries(unit.self_assessment.scores);
			if (scores.length > 0) {
				await trx
					.insertInto('sheet_scores')
					.values(
						scores.map(([code, value]) => ({
							sheet_id: sheetId,
							criterion_code: code,
							points: points(value)
						}))
					)
					.execute();
			}
			const reported = Object.entries(unit.self_assessment.reported_subtotals);
			if (reported.length > 0) {
				await trx
					.insertInto('sheet_reported_figures')
					.values(reported.map(([code, value]) => ({ sheet_id: sheetId, code, points: points(value) })))
					.execute();
			}
		}
		await loadDemoDocuments(trx, meeting.id);
		return meeting.id;
	});
}
