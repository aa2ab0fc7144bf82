import type { DetailsProblem } from '$lib/core/setup/details';
import { translate, type Locale } from '$lib/i18n';

/** The details problems as sentences that name the field, for the forms. */
export function detailsProblemMessages(locale: Locale, problems: readonly DetailsProblem[]): string[] {
	const number = new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB');
	return problems.map((p) =>
		translate(locale, `setup.problem.${p.reason}`, {
			field: translate(locale, `setup.field.${p.field}` as 'setup.field.title'),
			max: number.format(p.max ?? 0),
			length: number.format(p.length ?? 0)
		})
	);
}
