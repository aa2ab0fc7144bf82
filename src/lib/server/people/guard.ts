import { error, redirect } from '@sveltejs/kit';
import { decide, type Action, type Situation } from '$lib/core/rights';
import { translate, type Locale } from '$lib/i18n';
import type { SessionUser } from '../auth/sessions';
import type { DB } from '../db/open';
import { findParticipant, type ParticipantRecord } from './participants';

// Route-level guards: they ask the rights matrix (the core) and turn a refusal into 403 with a clear message.

export function requireUser(locals: App.Locals, url: URL): SessionUser {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	return locals.user;
}

export async function requireParticipant(db: DB, locals: App.Locals, url: URL, meetingId: number): Promise<ParticipantRecord> {
	const user = requireUser(locals, url);
	const participant = await findParticipant(db, meetingId, user.id);
	if (!participant) error(403, translate(locals.locale, 'rights.notParticipant'));
	return participant;
}

export function requireRight(locale: Locale, participant: ParticipantRecord, action: Action, situation: Situation): void {
	const decision = decide(participant, action, situation);
	if (!decision.allowed) error(403, translate(locale, `rights.${decision.reason}`));
}
