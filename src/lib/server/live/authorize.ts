import type { IncomingMessage } from 'node:http';
import { decide, representsUnit, type Action, type Seat } from '$lib/core/rights';
import { parseDocumentName } from '$lib/live/documents';
import { SESSION_COOKIE } from '../auth/cookie';
import { validateSessionToken } from '../auth/sessions';
import type { Config } from '../config';
import type { AppContext } from '../context';
import { lookup, andThen } from '../db/lookup';
import { originAllowed } from '../same-origin';
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

/**
 * A browser always sends Origin on a WebSocket upgrade; the cookie goes along from any site, so only our own origin
 * may use it: the configured ORIGIN, or the scheme and host the request itself was sent to (as SvelteKit checks form
 * posts). The scheme is https over TLS or when the deployment's proxy header (PROTOCOL_HEADER) says so, else http.
 */
export function upgradeOriginAllowed(
	request: IncomingMessage,
	config: Pick<Config, 'origin' | 'protocolHeader'>
): boolean {
	const forwarded = config.protocolHeader ? request.headers[config.protocolHeader.toLowerCase()] : undefined;
	const declared = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
	const encrypted = (request.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
	const scheme = declared || (encrypted ? 'https' : 'http');
	return originAllowed({ origin: request.headers.origin, host: request.headers.host, scheme }, config.origin);
}

export function createAuthorize(context: AppContext): Authorize {
	const phaseOf = lookup(context, (db, meetingId: number) =>
		db.selectFrom('meetings').select('phase').where('id', '=', meetingId)
	);
	// Asked on every write, in one statement: an ended session, the meeting's phase and a changed or withdrawn
	// participation count at once, whichever process changed them (the admin command too).
	const writerNow = lookup(context, (db, meetingId: number, sessionId: string, now: number, userId: number) =>
		db
			.selectFrom('sessions')
			.innerJoin('meetings', (join) => join.on('meetings.id', '=', meetingId))
			.innerJoin('participants', (join) =>
				join
					.onRef('participants.meeting_id', '=', 'meetings.id')
					.onRef('participants.user_id', '=', 'sessions.user_id')
					.on('participants.pending', '=', 0)
			)
			.select(['meetings.phase', 'participants.id', 'participants.role', 'participants.unit_id'])
			.where('sessions.id', '=', sessionId)
			.where('sessions.expires_at', '>', now)
			.where('sessions.user_id', '=', userId)
	);
	// Who acts for each unit (an answer is its representative's: the delegate, else its head or vice-head).
	const seatsOf = lookup(context, (db, meetingId: number) =>
		db
			.selectFrom('participants')
			.select(['id', 'role', 'unit_id', 'pending', 'absent_since'])
			.where('meeting_id', '=', meetingId)
	);
	const unitOf = lookup(context, (db, meetingId: number, slug: string) =>
		db
			.selectFrom('sheets')
			.innerJoin('units', 'units.id', 'sheets.unit_id')
			.select('units.id')
			.where('sheets.meeting_id', '=', meetingId)
			.where('units.slug', '=', slug)
	);

	return async (request, documentName) => {
		if (!upgradeOriginAllowed(request, context.config))
			return { ok: false, status: 403, message: 'not from this site' };
		const token = cookieValue(request, SESSION_COOKIE);
		// Never renewed here: an upgrade cannot set the cookie, which would then expire before the session.
		const session = token ? await validateSessionToken(context.db, token, Date.now(), { renew: false }) : undefined;
		if (!session?.user) return { ok: false, status: 401, message: 'sign in first' };

		const target = parseDocumentName(documentName);
		// Participation first: whoever is not in a meeting learns nothing of it, not even whether it exists.
		const participant =
			(target && (await findParticipant(context.db, target.meetingId, session.user.id))) ??
			// An administrator who is not a participant follows the board read-only, as an observer.
			(session.user.isAdmin
				? { role: 'observer' as const, unitId: null, unitName: null, displayName: session.user.displayName }
				: undefined);
		if (target && !participant) return { ok: false, status: 403, message: 'not a participant of this meeting' };
		if (!target || !participant || (await phaseOf(target.meetingId)).length === 0)
			return { ok: false, status: 404, message: 'no such document' };

		let action: Action = 'sheet.score';
		let unitId: number | null = null;
		if (target.kind === 'answers') {
			const unit = (await unitOf(target.meetingId, target.unit))[0];
			if (!unit) return { ok: false, status: 404, message: 'no such unit in this meeting' };
			action = 'sheet.answer';
			unitId = unit.id;
		}
		return {
			ok: true,
			access: {
				userId: session.user.id,
				userName: participant.displayName,
				label: `user ${session.user.id} (${participant.role}${participant.unitName ? `, ${participant.unitName}` : ''})`,
				canWrite: () =>
					andThen(writerNow(target.meetingId, session.session.id, Date.now(), session.user.id), ([now]) => {
						if (now === undefined) return false;
						const allowed = (acting: boolean | undefined) =>
							decide({ role: now.role, unitId: now.unit_id, representsUnit: acting }, action, {
								phase: now.phase,
								unitId
							}).allowed;
						// Only an answer depends on who acts for the unit; a scoring write (the hot path) does not ask.
						if (action !== 'sheet.answer') return allowed(undefined);
						return andThen(seatsOf(target.meetingId), (rows) => {
							const seats: Seat[] = rows.map((r) => ({
								id: r.id,
								role: r.role,
								unitId: r.unit_id,
								absent: r.absent_since !== null,
								pending: r.pending === 1
							}));
							const me = seats.find((seat) => seat.id === now.id);
							return allowed(me !== undefined && representsUnit(seats, me));
						});
					}),
				awareness: { name: participant.displayName, role: participant.role, unit: participant.unitName }
			}
		};
	};
}
