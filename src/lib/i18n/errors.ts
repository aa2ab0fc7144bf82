import {
	formatPoints,
	type DeductionError,
	type EntryError,
	type Mismatch,
	type ScoreError,
	type SelfAssessmentEntry
} from '../core/scoring';
import { translate, type Locale } from './index';

// Turns the core's structured errors into sentences that name the item and the allowed range.

export function scoreErrorMessage(locale: Locale, error: ScoreError, text = ''): string {
	return translate(locale, `score.${error.reason}`, {
		criterion: error.criterion,
		min: formatPoints(error.min, locale),
		max: formatPoints(error.max, locale),
		step: formatPoints(error.step, locale),
		text
	});
}

export function deductionErrorMessage(locale: Locale, error: DeductionError): string {
	return translate(locale, `deduction.${error.reason}`, {
		criterion: error.criterion,
		available: error.available === undefined ? '' : formatPoints(error.available, locale),
		step: error.step === undefined ? '' : formatPoints(error.step, locale)
	});
}

export function entryErrorMessages(
	locale: Locale,
	errors: readonly EntryError[],
	entry: SelfAssessmentEntry
): string[] {
	return errors.map((e) =>
		e.field === 'score'
			? scoreErrorMessage(locale, e.error, entry.scores[e.error.criterion] ?? '')
			: translate(locale, `reported.${e.error.reason}`, {
					code: e.error.code === 'total' ? translate(locale, 'sheet.mismatchTotal') : e.error.code
				})
	);
}

/** "Mục II: đơn vị ghi 26, cộng từ các tiêu chí được 22." */
export function mismatchMessage(locale: Locale, m: Mismatch): string {
	return translate(locale, 'sheet.mismatch', {
		where:
			m.code === 'total'
				? translate(locale, 'sheet.mismatchTotal')
				: translate(locale, 'sheet.mismatchSection', { code: m.code }),
		reported: formatPoints(m.reported, locale),
		computed: formatPoints(m.computed, locale)
	});
}
