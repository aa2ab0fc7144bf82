// Preparing the run-off ballot from a closed ballot whose tally calls for one.
import type { Locale } from './threshold';
import { err, ok } from './types';
import type { Ballot, BallotStatus, Result } from './types';
import type { RunoffReason, Tally } from './tally';

export type RunoffRefusal =
	| { readonly code: 'ballot_not_closed'; readonly status: BallotStatus }
	| { readonly code: 'tally_mismatch'; readonly ballotId: string; readonly tallyBallotId: string }
	| { readonly code: 'no_runoff_needed'; readonly outcome: Tally['outcome']['kind'] };

const ROUND_LABEL: Record<Locale, string> = { vi: 'vòng', en: 'round' };
// Matches a round mark this module added, so round 3 of "X (vòng 2)" reads "X (vòng 3)", not "X (vòng 2) (vòng 3)".
const ROUND_MARK = / \((?:vòng|round) \d+\)$/u;

/** The title of round `round` of a ballot: "Suy tôn Cờ thi đua (vòng 2)", "Flag (round 2)". */
export function runoffTitle(title: string, round: number, locale: Locale = 'vi'): string {
	return `${title.replace(ROUND_MARK, '')} (${ROUND_LABEL[locale]} ${round})`;
}

export interface RunoffOptions {
	/** The new ballot's id (ids are the caller's business). */
	readonly id: string;
	/** Overrides the generated title. */
	readonly title?: string;
	/** Language of the generated round mark; 'vi' by default. */
	readonly locale?: Locale;
}

export interface PreparedRunoff {
	readonly ballot: Ballot;
	readonly reason: RunoffReason;
}

/**
 * The run-off of a closed ballot, as a new draft: same rules, candidates = the tally's run-off candidates,
 * seats = maxChoices = the seats left, round + 1, linked to the ballot it follows. Being a draft, the head can still
 * adjust it (e.g. lower the threshold) before opening it.
 */
export function prepareRunoff(
	ballot: Ballot,
	tally: Tally,
	options: RunoffOptions
): Result<PreparedRunoff, RunoffRefusal> {
	if (ballot.status !== 'closed') return err({ code: 'ballot_not_closed', status: ballot.status });
	if (tally.ballotId !== ballot.id) {
		return err({ code: 'tally_mismatch', ballotId: ballot.id, tallyBallotId: tally.ballotId });
	}
	const { outcome } = tally;
	if (outcome.kind !== 'runoff') return err({ code: 'no_runoff_needed', outcome: outcome.kind });
	const round = ballot.round + 1;
	return ok({
		reason: outcome.reason,
		ballot: {
			id: options.id,
			title: options.title ?? runoffTitle(ballot.title, round, options.locale),
			round,
			runoffOf: ballot.id,
			status: 'draft',
			candidates: [...outcome.candidates],
			rules: { ...ballot.rules, seats: outcome.seatsLeft, maxChoices: outcome.seatsLeft }
		}
	});
}
