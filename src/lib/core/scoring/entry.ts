import { parseScore, type ScoreError } from './input';
import { parsePoints, type Points, type PointsParseFailure } from './points';
import type { SelfAssessment } from './sheet';
import { isPenaltySection } from './check';
import { TOTAL_CODE, templateItems, templateSections, type Template } from './template';

/** A self-assessment as typed or uploaded: text per item, and the unit's own subtotals/total as text (may be blank). */
export interface SelfAssessmentEntry {
	scores: Readonly<Record<string, string>>;
	reported: Readonly<Record<string, string>>;
}

export type ReportedError = { code: string; reason: PointsParseFailure | 'below_min' | 'unknown_code' };
export type EntryError = { field: 'score'; error: ScoreError } | { field: 'reported'; error: ReportedError };

/**
 * Reads a whole self-assessment: every item of the template must have a valid score; reported figures are
 * optional (blank = not written on the unit's paper) but, when given, must be numbers ≥ 0 on a section or the total;
 * on a penalty section, "−0,5" is the same 0,5 points taken away (the sign comes from the heading).
 * All problems are returned at once so a unit can fix its sheet in one pass.
 */
export function readSelfAssessment(
	t: Template,
	entry: SelfAssessmentEntry
): { ok: true; sheet: SelfAssessment } | { ok: false; errors: EntryError[] } {
	const errors: EntryError[] = [];
	const scores: Record<string, Points> = {};
	const items = templateItems(t);
	for (const item of items) {
		const parsed = parseScore(t, item.code, entry.scores[item.code] ?? '');
		if (parsed.ok) scores[item.code] = parsed.value;
		else errors.push({ field: 'score', error: parsed.error });
	}
	const itemCodes = new Set(items.map((i) => i.code));
	for (const code of Object.keys(entry.scores)) {
		if (!itemCodes.has(code)) {
			const parsed = parseScore(t, code, entry.scores[code] ?? '');
			if (!parsed.ok) errors.push({ field: 'score', error: parsed.error });
		}
	}

	const reported: Record<string, Points> = {};
	const reportable = new Set([...templateSections(t).map((s) => s.code), TOTAL_CODE]);
	const penalties = new Set(
		templateSections(t)
			.filter(isPenaltySection)
			.map((s) => s.code)
	);
	for (const [code, text] of Object.entries(entry.reported)) {
		if (text.trim() === '') continue;
		if (!reportable.has(code)) {
			errors.push({ field: 'reported', error: { code, reason: 'unknown_code' } });
			continue;
		}
		const parsed = parsePoints(text);
		if (!parsed.ok) errors.push({ field: 'reported', error: { code, reason: parsed.reason } });
		else if (parsed.value < 0 && penalties.has(code)) reported[code] = -parsed.value;
		else if (parsed.value < 0) errors.push({ field: 'reported', error: { code, reason: 'below_min' } });
		else reported[code] = parsed.value;
	}
	return errors.length > 0 ? { ok: false, errors } : { ok: true, sheet: { scores, reported } };
}

/** What an upload that could be read gave: items with a score read, of how many, and how many places to look at. */
export interface UploadReading {
	read: number;
	total: number;
	toCheck: number;
}

/**
 * An uploaded sheet in one line's worth of figures: the items it filled, and the problems (entry errors and the
 * file's own, such as a row matching no criterion) the unit should look at before saving.
 */
export function uploadReading(t: Template, entry: SelfAssessmentEntry, problems: number): UploadReading {
	const items = templateItems(t);
	const read = items.filter((item) => (entry.scores[item.code] ?? '').trim() !== '').length;
	return { read, total: items.length, toCheck: problems };
}
