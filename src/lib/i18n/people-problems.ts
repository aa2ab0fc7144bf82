import { ROLE_WORDS_WRITTEN, type PeopleProblem } from '../core/import/people-list';
import { ROLES } from '../core/rights';
import { translate, type Locale } from './index';

// Sentences for the people list's problems, each naming its row, as the import page lists them.

export function peopleProblemMessage(locale: Locale, problem: PeopleProblem): string {
	switch (problem.kind) {
		case 'no_header':
		case 'no_rows':
			return translate(locale, `people.problem.${problem.kind}`);
		case 'too_many_rows':
			return translate(locale, 'people.problem.too_many_rows', { max: problem.max });
		case 'missing_name':
		case 'missing_role':
		case 'delegate_without_unit':
			return translate(locale, `people.problem.${problem.kind}`, { row: problem.row });
		case 'unknown_role':
			return translate(locale, 'people.problem.unknown_role', {
				rows: problem.rows.join(', '),
				texts: problem.texts.map((t) => `"${t}"`).join(', '),
				understood: understoodRoleWords(locale)
			});
		case 'unknown_unit':
		case 'bad_email':
			return translate(locale, `people.problem.${problem.kind}`, { row: problem.row, text: problem.text });
		case 'two_delegates':
			return problem.otherRow === null
				? translate(locale, 'people.problem.two_delegates_existing', { row: problem.row, unit: problem.unit })
				: translate(locale, 'people.problem.two_delegates', {
						row: problem.row,
						unit: problem.unit,
						other: problem.otherRow
					});
		case 'duplicate_person':
			return problem.otherRow === null
				? translate(locale, 'people.problem.duplicate_person_existing', {
						row: problem.row,
						name: problem.name
					})
				: translate(locale, 'people.problem.duplicate_person', {
						row: problem.row,
						name: problem.name,
						other: problem.otherRow
					});
	}
}

/** The role words the list understands, by role: "Cụm trưởng, Trưởng Cụm, Chủ trì (Cụm trưởng); …". */
export function understoodRoleWords(locale: Locale): string {
	return ROLES.map((role) => `${ROLE_WORDS_WRITTEN[role].join(', ')} (${translate(locale, `role.${role}`)})`).join(
		'; '
	);
}

/** "512 KB", "5 MB": a byte limit as officials read it. */
export function byteSize(bytes: number): string {
	return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}
