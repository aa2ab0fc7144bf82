import { formatPoints, type TemplateError } from '../core/scoring';
import type { CriteriaProblem } from '../core/import/criteria';
import type { UnitProblem } from '../core/import/units';
import type { UnitSheetProblem } from '../core/import/unit-sheet';
import { translate, type Locale } from './index';

// The importers' structured problems as sentences that name the row and the criterion.

const pts = (locale: Locale, value: number | undefined) => (value === undefined ? '' : formatPoints(value, locale));

export function criteriaProblemMessage(locale: Locale, p: CriteriaProblem): string {
	return translate(locale, `criteria.${p.reason}`, {
		row: p.row ?? '',
		code: p.code ?? '',
		text: p.text ?? '',
		stated: pts(locale, p.stated),
		computed: pts(locale, p.computed),
		step: pts(locale, p.step)
	});
}

export function templateErrorMessage(locale: Locale, e: TemplateError): string {
	return translate(locale, 'criteria.template', { reason: e.reason, code: e.code ?? '' });
}

export type FileRefusal =
	| 'empty'
	| 'too_large'
	| 'not_a_table'
	| 'unreadable'
	| 'no_table'
	// Past the reader's bounds, or the reader thread's limits (see src/lib/server/files/parse/limits.ts).
	| 'too_many_cells'
	| 'too_much_text'
	| 'too_large_unpacked'
	| 'too_complex'
	| 'busy';

export function fileRefusalMessage(locale: Locale, reason: FileRefusal): string {
	return translate(locale, `file.${reason}`);
}

export function unitSheetProblemMessage(locale: Locale, p: UnitSheetProblem): string {
	return translate(locale, `sheetfile.${p.reason}`, {
		row: p.row ?? '',
		code: p.code ?? '',
		text: p.text ?? '',
		other: p.other ?? ''
	});
}

export function unitsProblemMessage(locale: Locale, p: UnitProblem): string {
	return translate(locale, `units.${p.reason}`, { row: p.row ?? '', other: p.other ?? '', text: p.text ?? '' });
}
