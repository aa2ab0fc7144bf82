import {
	PURPOSES,
	THRESHOLD_BASES,
	THRESHOLD_COMPARISONS,
	type BallotRules,
	type Purpose,
	type ThresholdBase,
	type ThresholdComparison
} from '$lib/core/voting';
import { personLine } from '$lib/core/documents';
import type { DraftInput } from './store';

/**
 * The new-ballot form as a draft: purpose, title, candidates, rules and the vote-counting committee. Numbers are passed on as typed; the voting
 * core judges them when the ballot opens (and says what is wrong). Undefined when the purpose or title is missing.
 */
export function readDraftForm(
	form: FormData,
	people: readonly { id: number; name: string; position: string | null }[] = []
): DraftInput | undefined {
	const purpose = String(form.get('purpose')) as Purpose;
	// Bounds are the form action's (readTexts); here the title is only made one line, as stored.
	const title = String(form.get('title') ?? '')
		.replace(/\s+/g, ' ')
		.trim();
	if (!PURPOSES.includes(purpose) || !title) return undefined;
	const int = (name: string) => Number(form.get(name));
	const base = String(form.get('thresholdBase')) as ThresholdBase;
	const comparison = String(form.get('thresholdComparison')) as ThresholdComparison;
	const rules: Partial<Omit<BallotRules, 'purpose'>> = {
		maxChoices: int('maxChoices'),
		seats: int('seats'),
		quorum: int('quorum'),
		secret: form.get('secret') === 'on',
		allowSelfVote: form.get('allowSelfVote') === 'on',
		threshold: {
			numerator: int('thresholdNumerator'),
			denominator: int('thresholdDenominator'),
			base: THRESHOLD_BASES.includes(base) ? base : 'members',
			comparison: THRESHOLD_COMPARISONS.includes(comparison) ? comparison : 'more_than'
		}
	};
	// Members are chosen among the participants (by id: the server names them, with their positions) or typed, one
	// "Họ và tên, chức vụ" a line, for someone outside the meeting.
	const chosen = form
		.getAll('committeeMember')
		.map((id) => people.find((p) => String(p.id) === String(id)))
		.filter((p) => p !== undefined)
		.map((p) => personLine({ name: p.name, position: p.position ?? '' }));
	const typed = String(form.get('committeeMembers') ?? '')
		.split(/\r?\n/)
		.map((m) => m.replace(/\s+/g, ' ').trim().slice(0, 200))
		.filter((m) => m !== '');
	const committee = {
		head: String(form.get('committeeHead') ?? '')
			.replace(/\s+/g, ' ')
			.trim()
			.slice(0, 200),
		members: [...new Set([...chosen, ...typed])].slice(0, 20)
	};
	return { title, purpose, candidates: form.getAll('candidate').map(String), rules, committee };
}
