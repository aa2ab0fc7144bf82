import type { Criterion, Item, Section, Template } from '$lib/core/scoring';
import type { DB } from '../db/open';
import type { CriteriaTable, CriteriaTemplatesTable } from '../db/schema';
import type { Insertable, Selectable, Transaction } from 'kysely';
import type { Database } from '../db/schema';

type Executor = DB | Transaction<Database>;

/** Stores a validated template for a cluster's year; returns its id. */
export async function saveTemplate(db: Executor, clusterId: number, year: number, template: Template): Promise<number> {
	const { id } = await db
		.insertInto('criteria_templates')
		.values({
			cluster_id: clusterId,
			year,
			name: template.name,
			step: template.step,
			nominal_total: template.nominalTotal
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const rows: Insertable<CriteriaTable>[] = [];
	const walk = (criteria: Criterion[], parent: string | null) => {
		for (const c of criteria) {
			rows.push({
				template_id: id,
				code: c.code,
				parent_code: parent,
				position: rows.length,
				title: c.title,
				title_en: c.titleEn,
				max: c.type === 'item' ? c.max : null,
				kind: c.type === 'item' ? c.kind : null
			});
			if (c.type === 'section') walk(c.children, c.code);
		}
	};
	walk(template.criteria, null);
	await db.insertInto('criteria').values(rows).execute();
	return id;
}

/** Rebuilds a template's tree from its rows. */
export async function loadTemplate(db: Executor, templateId: number): Promise<Template> {
	const head = await db
		.selectFrom('criteria_templates')
		.selectAll()
		.where('id', '=', templateId)
		.executeTakeFirstOrThrow();
	const rows = await db
		.selectFrom('criteria')
		.selectAll()
		.where('template_id', '=', templateId)
		.orderBy('position')
		.execute();
	return templateFromRows(head, rows);
}

/** The tree of a template from its stored head and rows (in position order): for async and synchronous readers. */
export function templateFromRows(
	head: Selectable<CriteriaTemplatesTable>,
	rows: readonly Selectable<CriteriaTable>[]
): Template {
	const byParent = new Map<string | null, Selectable<CriteriaTable>[]>();
	for (const row of rows) {
		const siblings = byParent.get(row.parent_code) ?? [];
		siblings.push(row);
		byParent.set(row.parent_code, siblings);
	}
	const build = (parent: string | null): Criterion[] =>
		(byParent.get(parent) ?? []).map((row): Criterion => {
			if (row.max !== null && row.kind !== null) {
				const item: Item = {
					type: 'item',
					code: row.code,
					title: row.title,
					titleEn: row.title_en,
					max: row.max,
					kind: row.kind
				};
				return item;
			}
			const section: Section = {
				type: 'section',
				code: row.code,
				title: row.title,
				titleEn: row.title_en,
				children: build(row.code)
			};
			return section;
		});
	return { name: head.name, step: head.step, nominalTotal: head.nominal_total, criteria: build(null) };
}
