import type { TextProblem } from '$lib/core/text';
import { translate, type Locale, type MessageKey } from '$lib/i18n';

// A form's too-long fields as sentences that name the field and its bound, for the form to show.

export function textProblemMessages(locale: Locale, problems: readonly TextProblem[]): string[] {
	const number = new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB');
	return problems.map((p) =>
		translate(locale, 'text.too_long', {
			field: `${translate(locale, `text.field.${p.field}` as MessageKey)}${p.of ? ` ${p.of}` : ''}`,
			max: number.format(p.max),
			length: number.format(p.length)
		})
	);
}
