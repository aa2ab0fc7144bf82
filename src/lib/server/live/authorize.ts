import type { IncomingMessage } from 'node:http';
import { decide, type Action, type Phase } from '$lib/core/rights';
import { parseDocumentName } from '$lib/live/documents';
import { SESSION_COOKIE } from '../auth/cookie';
import { validateSessionToken } from '../auth/sessions';
import type { AppContext } from '../context';
import { findParticipant } from '../people/participants';
import type { Authorize } from '../sync';

// Who may open a live document, and whether their writes are accepted: the session cookie names the user, the
// participants table their role, and the rights matrix decides, asked again on every write (the phase can change).

function cookieValue(request: IncomingMessage, name: string): string | undefined {
	for (const part of (request.headers.cookie ?? '').split(';')) {
		const [key, ...rest] = part.trim().split('=');
		if (key === name) return decodeURIComponent(rest.join('='));
	}
	return undefined;
}

export function createAuthorize(context: AppContext): Authorize {
	const phaseOf = context.sqlite.prepare<[number], { phase: Phase }>('select phase from meetings where id = ?');
	const unitOf = context.sqlite.prepare<[number, string], { id: number }>(
		'select units.id from sheets join units on units.id = sheets.unit_id where sheets.meeting_id = ? and units.slug = ?'
	);

	return async (request, documentName) => {
		const token = cookieValue(request, SESSION_COOKIE);
		const session = token ? await validateSessionToken(context.db, token) : undefined;
		if (!session?.user) return { ok: false, status: 401, message: 'sign in first' };

		const target = parseDocumentName(documentName);
		if (!target || !phaseOf.get(target.meetingId)) return { ok: false, status: 404, message: 'no such document' };
		// An administrator who is not a participant follows the board read-only, as an observer.
		const participant =
			(await findParticipant(context.db, target.meetingId, session.user.id)) ??
			(session.user.isAdmin ? { role: 'observer' as const, unitId: null, unitName: null, displayName: session.user.displayName } : undefined);
		if (!participant) return { ok: false, status: 403, message: 'not a participant of this meeting' };

		let action: Action | null = 'sheet.score';
		let unitId: number | null = null;
		if (target.kind === 'events') action = null; // the server writes it; everyone in the meeting reads
		if (target.kind === 'answers') {
			const unit = unitOf.get(target.meetingId, target.unit);
			if (!unit) return { ok: false, status: 404, message: 'no such unit in this meeting' };
			action = 'sheet.answer';
			unitId = unit.id;
		}
		return {
			ok: true,
			access: {
				userId: session.user.id,
				label: `user ${session.user.id} (${participant.role}${participant.unitName ? `, ${participant.unitName}` : ''})`,
				canWrite: () => {
					const phase = phaseOf.get(target.meetingId)?.phase;
					return action !== null && phase !== undefined && decide(participant, action, { phase, unitId }).allowed;
				},
				awareness: { name: participant.displayName, role: participant.role, unit: participant.unitName }
			}
		};
	};
}
