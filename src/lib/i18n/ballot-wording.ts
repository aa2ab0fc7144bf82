import { requiredVotes, runoffTitle, type Purpose, type Threshold } from '../core/voting';
import { translate, type Locale } from './index';

// A ballot in words: its heading with the round, its threshold as the minutes say it, the default title of a
// purpose for the coming year, the result's verb, and the choices a voter confirms before casting.

/** "Đề nghị tặng Bằng khen (vòng 2)": the round is written once, whatever the stored title already says. */
export function ballotHeading(title: string, round: number, locale: Locale): string {
	return round > 1 ? runoffTitle(title, round, locale) : title;
}

/** "hơn 1/2 tổng số đơn vị thành viên", and with the member count "… (với 8 đơn vị: cần ít nhất 5 phiếu)". */
export function thresholdWords(locale: Locale, threshold: Threshold, members?: number): string {
	const base =
		threshold.base === 'members'
			? 'ballot.ofMembers'
			: threshold.base === 'cast'
				? 'ballot.ofCast'
				: 'ballot.ofValid';
	const words = translate(locale, 'ballotWords.threshold', {
		comparison: translate(
			locale,
			threshold.comparison === 'more_than' ? 'ballot.thresholdMoreThan' : 'ballot.thresholdAtLeast'
		),
		numerator: threshold.numerator,
		denominator: threshold.denominator,
		base: translate(locale, base)
	});
	const sane =
		threshold.numerator > 0 &&
		threshold.denominator > 0 &&
		Number.isSafeInteger(threshold.numerator) &&
		Number.isSafeInteger(threshold.denominator);
	if (members === undefined || threshold.base !== 'members' || !sane) return words;
	return `${words} (${translate(locale, 'ballotWords.thresholdNeeds', { count: members, votes: requiredVotes(members, threshold) })})`;
}

/** A new ballot's default title: elections name the year they elect for ("Bầu Cụm trưởng năm 2022"). */
export function purposeTitle(locale: Locale, purpose: Purpose, reviewYear: number): string {
	if (purpose === 'head' || purpose === 'vice_head')
		return translate(locale, `ballotWords.purposeYear.${purpose}`, { year: reviewYear + 1 });
	return translate(locale, `purpose.${purpose}`);
}

/** The result in the words of its purpose: honours are "được suy tôn"/"được đề nghị", elections "trúng cử". */
export function outcomeWords(locale: Locale, purpose: Purpose, units: string): string {
	return translate(locale, `ballotWords.outcome.${purpose}`, { units });
}

export type VoteOption = { key: 'agree' | 'disagree' | 'abstain'; choices: string[]; against: string[] };

/**
 * How a voter answers a ballot. A single candidate (confirming a head) is answered Đồng ý / Không đồng ý /
 * Không biểu quyết: agreeing names the candidate; disagreeing is a valid paper against it; abstaining is a blank
 * paper. The count gives each its own figure. Several candidates are chosen among (null here).
 */
export function confirmationOptions(candidates: readonly string[]): VoteOption[] | null {
	if (candidates.length !== 1) return null;
	const only = candidates[0]!;
	return [
		{ key: 'agree', choices: [only], against: [] },
		{ key: 'disagree', choices: [], against: [only] },
		{ key: 'abstain', choices: [], against: [] }
	];
}

/** The voter's choice, said back before it is cast. */
export function choiceWords(
	locale: Locale,
	candidates: readonly string[],
	choices: readonly string[],
	unitName: (slug: string) => string,
	option?: VoteOption['key']
): string {
	const only = candidates.length === 1 ? candidates[0]! : null;
	let choice: string;
	if (only !== null && option !== undefined) {
		const key =
			option === 'agree'
				? 'ballotWords.choiceAgree'
				: option === 'disagree'
					? 'ballotWords.choiceDisagree'
					: 'ballotWords.choiceAbstain';
		choice = translate(locale, key, { unit: unitName(only) });
	} else if (choices.length === 0) {
		choice = translate(locale, 'ballotWords.choiceBlank');
	} else {
		choice = translate(locale, 'ballotWords.choiceUnits', { units: choices.map(unitName).join(', ') });
	}
	return translate(locale, 'ballotWords.yourChoice', { choice });
}
