import type { Generated } from 'kysely';
import type { MeetingPhase } from '../../board/types';

// The Kysely table types: the one description of the schema that migrations/ builds.
// Points columns hold integer hundredths of a point.

export type { MeetingPhase };
export type CriterionKindColumn = 'score' | 'bonus' | 'penalty';

export interface ClustersTable {
	id: Generated<number>;
	name: string;
	name_en: string | null;
	parent: string | null;
}

export interface UnitsTable {
	id: Generated<number>;
	cluster_id: number;
	slug: string;
	name: string;
	short_name: string;
	position: number;
}

export interface CriteriaTemplatesTable {
	id: Generated<number>;
	cluster_id: number;
	year: number;
	name: string;
	step: number;
	nominal_total: number;
}

export interface CriteriaTable {
	id: Generated<number>;
	template_id: number;
	code: string;
	parent_code: string | null;
	position: number;
	title: string;
	title_en: string | null;
	max: number | null;
	kind: CriterionKindColumn | null;
}

export interface MeetingsTable {
	id: Generated<number>;
	cluster_id: number;
	template_id: number;
	year: number;
	title: string;
	held_on: string;
	phase: MeetingPhase;
	created_at: string;
}

export interface SheetsTable {
	id: Generated<number>;
	meeting_id: number;
	unit_id: number;
	submitted_at: string | null;
}

export interface SheetScoresTable {
	sheet_id: number;
	criterion_code: string;
	points: number;
}

export interface SheetReportedFiguresTable {
	sheet_id: number;
	code: string;
	points: number;
}

export interface DeductionsTable {
	id: string;
	sheet_id: number;
	criterion_code: string;
	points: number;
	reason: string;
	author: string;
	created_at: string;
}

export interface Database {
	clusters: ClustersTable;
	units: UnitsTable;
	criteria_templates: CriteriaTemplatesTable;
	criteria: CriteriaTable;
	meetings: MeetingsTable;
	sheets: SheetsTable;
	sheet_scores: SheetScoresTable;
	sheet_reported_figures: SheetReportedFiguresTable;
	deductions: DeductionsTable;
}
