import type { SelfAssessment, Template } from '../core/scoring';
import type { Phase } from '../core/vocabulary';

// The board's data as pages receive it: shared by the server (which loads it) and the UI (which shows it).

export type MeetingPhase = Phase;

export interface MeetingUnit {
	id: number;
	slug: string;
	name: string;
	shortName: string;
	sheetId: number;
	sheet: SelfAssessment;
	/** Whether the unit's self-assessment has arrived; before it has, the board shows no score or rank for it. */
	submitted: boolean;
}

/** Everything the board shows of one meeting: the template and, per member unit, its sheet. Deductions are live (src/lib/live/). */
export interface MeetingBoard {
	id: number;
	title: string;
	year: number;
	heldOn: string;
	/** Where and when it sits: local time in Vietnam ("2026-12-15T08:00"), a room, the video call's address. */
	venue: { startsAt: string | null; location: string | null; callUrl: string | null };
	phase: MeetingPhase;
	cluster: { id: number; name: string; parent: string | null };
	template: Template;
	units: MeetingUnit[];
}
