import { sql, type Kysely } from 'kysely';
import { generatedId } from './dialect';

// Clusters, their units, criteria templates, meetings, sheets and deductions.
// Points are stored as integer hundredths (see src/lib/core/scoring/points.ts): exact, no float drift.
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('clusters')
		.addColumn('id', 'integer', generatedId(db))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text')
		.addColumn('parent', 'text')
		.execute();

	await db.schema
		.createTable('units')
		.addColumn('id', 'integer', generatedId(db))
		.addColumn('cluster_id', 'integer', (c) => c.notNull().references('clusters.id'))
		.addColumn('slug', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('short_name', 'text', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.addUniqueConstraint('units_cluster_slug', ['cluster_id', 'slug'])
		.execute();

	await db.schema
		.createTable('criteria_templates')
		.addColumn('id', 'integer', generatedId(db))
		.addColumn('cluster_id', 'integer', (c) => c.notNull().references('clusters.id'))
		.addColumn('year', 'integer', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('step', 'integer', (c) => c.notNull().check(sql`step > 0`))
		.addColumn('nominal_total', 'integer', (c) => c.notNull())
		.execute();

	// The template's tree, flattened: parent_code links an item to its section; position keeps document order.
	await db.schema
		.createTable('criteria')
		.addColumn('id', 'integer', generatedId(db))
		.addColumn('template_id', 'integer', (c) => c.notNull().references('criteria_templates.id'))
		.addColumn('code', 'text', (c) => c.notNull())
		.addColumn('parent_code', 'text')
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('title_en', 'text')
		.addColumn('max', 'integer')
		.addColumn('kind', 'text', (c) => c.check(sql`kind in ('score', 'bonus', 'penalty')`))
		.addUniqueConstraint('criteria_template_code', ['template_id', 'code'])
		.addCheckConstraint('criteria_item_or_section', sql`(max is null) = (kind is null)`)
		.execute();

	await db.schema
		.createTable('meetings')
		.addColumn('id', 'integer', generatedId(db))
		.addColumn('cluster_id', 'integer', (c) => c.notNull().references('clusters.id'))
		.addColumn('template_id', 'integer', (c) => c.notNull().references('criteria_templates.id'))
		.addColumn('year', 'integer', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('held_on', 'text', (c) => c.notNull())
		.addColumn('phase', 'text', (c) =>
			c.notNull().check(sql`phase in ('preparation', 'review', 'voting', 'closed')`)
		)
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();

	// One sheet per member unit of a meeting: the sheets are the meeting's membership.
	await db.schema
		.createTable('sheets')
		.addColumn('id', 'integer', generatedId(db))
		.addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id'))
		.addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
		.addColumn('submitted_at', 'text')
		.addUniqueConstraint('sheets_meeting_unit', ['meeting_id', 'unit_id'])
		.execute();

	await db.schema
		.createTable('sheet_scores')
		.addColumn('sheet_id', 'integer', (c) => c.notNull().references('sheets.id'))
		.addColumn('criterion_code', 'text', (c) => c.notNull())
		.addColumn('points', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('sheet_scores_pk', ['sheet_id', 'criterion_code'])
		.execute();

	// What the unit typed as subtotals and total on its own sheet: kept as typed, checked against the items.
	await db.schema
		.createTable('sheet_reported_figures')
		.addColumn('sheet_id', 'integer', (c) => c.notNull().references('sheets.id'))
		.addColumn('code', 'text', (c) => c.notNull())
		.addColumn('points', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('sheet_reported_figures_pk', ['sheet_id', 'code'])
		.execute();

	await db.schema
		.createTable('deductions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('sheet_id', 'integer', (c) => c.notNull().references('sheets.id'))
		.addColumn('criterion_code', 'text', (c) => c.notNull())
		.addColumn('points', 'integer', (c) => c.notNull().check(sql`points > 0`))
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('author', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('deductions_sheet').on('deductions').column('sheet_id').execute();
}
