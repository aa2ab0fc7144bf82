import type { LifecycleRefusal, RunoffRefusal, VoteRefusal } from '../core/voting';
import { translate, type Locale } from './index';

// The voting core's refusals as sentences.

export function voteErrorMessage(
	locale: Locale,
	error: VoteRefusal | { code: 'not_found' },
	units: { slug: string; shortName: string }[]
): string {
	const name = (slug: string) => units.find((u) => u.slug === slug)?.shortName ?? slug;
	switch (error.code) {
		case 'too_many_choices':
			return translate(locale, 'vote.too_many_choices', { max: error.maxChoices, given: error.given });
		case 'not_a_candidate':
		case 'duplicate_choice':
		case 'self_vote_not_allowed':
			return translate(locale, `vote.${error.code}`, { unit: name(error.candidate) });
		default:
			return translate(locale, `vote.${error.code}`);
	}
}

export function lifecycleErrorMessage(
	locale: Locale,
	error: LifecycleRefusal | RunoffRefusal | { code: 'not_found' }
): string {
	switch (error.code) {
		case 'invalid_rules':
			return translate(locale, 'ballot.invalid_rules', {
				problems: error.problems.map((p) => translate(locale, `rule.${p.code}`)).join(' ')
			});
		case 'illegal_transition':
			return translate(locale, 'ballot.illegal_transition', {
				from: translate(locale, `ballotStatus.${error.from}`),
				to: translate(locale, `ballotStatus.${error.to}`)
			});
		default:
			return translate(locale, `ballot.${error.code}`);
	}
}
