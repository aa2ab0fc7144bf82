import { error, redirect } from '@sveltejs/kit';
import { decide, decideAs, type Action, type Situation } from '$lib/core/rights';
import { translate, type Locale } from '$lib/i18n';
import type { SessionUser } from '../auth/sessions';
import type { DB } from '../db/open';
import { meetingPhase } from '../meetings/phase';
import { findParticipant, type ParticipantRecord } from './participants';

// Route-level guards: they ask the rights matrix (the core) and turn a refusal into 403 with a clear message.

export function requireUser(locals: App.Locals, url: URL): SessionUser {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	return locals.user;
}

export async function requireParticipant(
	db: DB,
	locals: App.Locals,
	url: URL,
	meetingId: number
): Promise<ParticipantRecord> {
	const user = requireUser(locals, url);
	const participant = await findParticipant(db, meetingId, user.id);
	if (!participant) error(403, translate(locals.locale, 'rights.notParticipant'));
	return participant;
}

/** A meeting's participant, or an administrator who is not one (they see it and set it up as its host would). */
export interface MeetingMember {
	participant: ParticipantRecord | null;
	isAdmin: boolean;
	userId: number;
	displayName: string;
}

export async function requireMember(db: DB, locals: App.Locals, url: URL, meetingId: number): Promise<MeetingMember> {
	const user = requireUser(locals, url);
	const participant = (await findParticipant(db, meetingId, user.id)) ?? null;
	if (!participant && !user.isAdmin) error(403, translate(locals.locale, 'rights.notParticipant'));
	return { participant, isAdmin: user.isAdmin, userId: user.id, displayName: user.displayName };
}

export function requireMemberRight(locale: Locale, member: MeetingMember, action: Action, situation: Situation): void {
	const decision = decideAs(member.participant, member.isAdmin, action, situation);
	if (!decision.allowed) error(403, translate(locale, `rights.${decision.reason}`));
}

export function requireAdmin(locals: App.Locals, url: URL): SessionUser {
	const user = requireUser(locals, url);
	if (!user.isAdmin) error(403, translate(locals.locale, 'rights.notAdmin'));
	return user;
}

export function requireRight(
	locale: Locale,
	participant: ParticipantRecord,
	action: Action,
	situation: Situation
): void {
	const decision = decide(participant, action, situation);
	if (!decision.allowed) error(403, translate(locale, `rights.${decision.reason}`));
}

/**
 * The host's pages (import, invitations, preparation): a participant or an administrator, allowed `action` in the
 * meeting's current phase. Participation before existence: whoever is not in the meeting gets the same 403 for every
 * id; only an administrator learns (404) that a meeting does not exist.
 */
export async function requireMeetingRight(
	db: DB,
	locals: App.Locals,
	url: URL,
	meetingId: number,
	action: Action
): Promise<MeetingMember> {
	const member = await requireMember(db, locals, url, meetingId);
	const phase = await meetingPhase(db, meetingId);
	if (!phase) error(404, translate(locals.locale, 'meeting.notFound'));
	requireMemberRight(locals.locale, member, action, { phase });
	return member;
}
