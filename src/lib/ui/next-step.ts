import type { NextStep } from '$lib/core/setup/next-step';
import type { MessageKey } from '$lib/i18n';

/** Where a person goes to do their next step. */
export function nextStepHref(meetingId: number, step: NextStep, unitSlug: string | null): string {
	const base = `/meetings/${meetingId}`;
	switch (step.kind) {
		case 'submit_sheet':
		case 'sheet_submitted':
		case 'follow_own_sheet':
			return unitSlug ? `${base}/units/${unitSlug}` : base;
		case 'vote':
		case 'await_ballot':
		case 'run_ballots':
			return `${base}/ballots`;
		case 'setup_units':
			return `${base}/setup`;
		case 'setup_criteria':
			return `${base}/setup/criteria`;
		case 'setup_people':
			return `${base}/setup/people`;
		case 'send_invitations':
			return `${base}/invitations`;
		case 'collect_sheets':
			return `${base}/preparation`;
		case 'closed':
			return `${base}/record`;
		default:
			return base;
	}
}

/** The step's words: the message key and its placeholders (dates are formatted by the page). */
export function nextStepMessage(step: NextStep): { key: MessageKey; values: Record<string, string | number> } {
	const key = `next.${step.kind}` as MessageKey;
	switch (step.kind) {
		case 'submit_sheet':
			return { key, values: { date: step.by } };
		case 'vote':
			return step.count > 1 ? { key: 'next.vote_many', values: { count: step.count } } : { key, values: {} };
		case 'run_ballots':
			return step.open > 0 ? { key: 'next.run_ballots_open', values: { count: step.open } } : { key, values: {} };
		case 'send_invitations':
			return { key, values: { count: step.count } };
		case 'collect_sheets':
			return { key, values: { submitted: step.submitted, total: step.total } };
		default:
			return { key, values: {} };
	}
}
