import type { SelfAssessment, Template } from '../core/scoring';

// The board's data as pages receive it: shared by the server (which loads it) and the UI (which shows it).

export type MeetingPhase = 'preparation' | 'review' | 'voting' | 'closed';

export interface MeetingUnit {
	id: number;
	slug: string;
	name: string;
	shortName: string;
	sheetId: number;
	sheet: SelfAssessment;
}

/** Everything the board shows of one meeting: the template and, per member unit, its sheet. Deductions are live (src/lib/live/). */
export interface MeetingBoard {
	id: number;
	title: string;
	year: number;
	heldOn: string;
	phase: MeetingPhase;
	cluster: { id: number; name: string; parent: string | null };
	template: Template;
	units: MeetingUnit[];
}
