import { fail } from '@sveltejs/kit';
import { ROLES, type Role } from '$lib/core/rights';
import { readTexts } from '$lib/core/text';
import { translate } from '$lib/i18n';
import { appContext } from '$lib/server/context';
import { textProblemMessages } from '$lib/server/forms/text';
import { requireMeetingRight } from '$lib/server/people/guard';
import { updateContact } from '$lib/server/people/import';
import { linkExpiry } from '$lib/board/invitation';
import { issueJoinLink, linkRefusal, linkStatuses, revokeJoinLinks } from '$lib/server/people/join-links';
import { removeParticipant, setAbsent } from '$lib/server/people/attendance';
import { addNewParticipant, listParticipants } from '$lib/server/people/participants';
import { withdrawLiveAccess } from '$lib/server/live/withdraw';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** Every request here is the host's: check it once per load and per action. */
async function hostOnly(event: Pick<RequestEvent, 'params' | 'locals' | 'url'>) {
	const { db } = await appContext();
	const meetingId = Number(event.params.id);
	const member = await requireMeetingRight(db, event.locals, event.url, meetingId, 'participants.manage');
	return { db, meetingId, byAdministrator: member.isAdmin };
}

export const load: PageServerLoad = async (event) => {
	const { db, meetingId } = await hostOnly(event);
	const [participants, links] = await Promise.all([listParticipants(db, meetingId), linkStatuses(db, meetingId)]);
	return {
		participants: participants.map((p) => ({ ...p, activeLinks: links.get(p.id)?.activeLinks ?? 0 }))
	};
};

async function participantOf(db: Awaited<ReturnType<typeof appContext>>['db'], meetingId: number, form: FormData) {
	const id = Number(form.get('participant'));
	const all = await listParticipants(db, meetingId);
	return all.find((p) => p.id === id);
}

export const actions: Actions = {
	add: async (event) => {
		const { db, meetingId } = await hostOnly(event);
		const { locale } = event.locals;
		const form = await event.request.formData();
		const texts = readTexts(form, { name: 'name' });
		if (texts.problems.length > 0)
			return fail(400, { message: textProblemMessages(locale, texts.problems).join(' ') });
		const { name } = texts.values;
		const role = String(form.get('role') ?? '') as Role;
		const unitValue = String(form.get('unit') ?? '');
		const unitId = unitValue ? Number(unitValue) : null;
		if (!name) return fail(400, { message: translate(locale, 'participants.name_required') });
		if (!ROLES.includes(role) || (unitId !== null && !Number.isInteger(unitId))) {
			return fail(400, { message: translate(locale, 'rights.role') });
		}
		const added = await addNewParticipant(db, { meetingId, name, role, unitId });
		if (!added.ok) return fail(400, { message: translate(locale, `participants.${added.reason}`) });
		return { message: translate(locale, 'participants.added', { name }) };
	},
	issue: async (event) => {
		const { db, meetingId, byAdministrator } = await hostOnly(event);
		const participant = await participantOf(db, meetingId, await event.request.formData());
		if (!participant) return fail(404, { message: translate(event.locals.locale, 'participants.unknown') });
		const refusal = await linkRefusal(db, participant.id, byAdministrator);
		if (refusal)
			return fail(409, {
				message: translate(event.locals.locale, `participants.noLink.${refusal}`, {
					name: participant.displayName
				})
			});
		const { token, expiresAt } = await issueJoinLink(db, participant.id, { byAdministrator });
		return {
			link: `${event.url.origin}/join/${token}`,
			message: translate(event.locals.locale, 'participants.newLink', {
				name: participant.displayName,
				time: linkExpiry(expiresAt)
			})
		};
	},
	contact: async (event) => {
		const { db, meetingId, byAdministrator } = await hostOnly(event);
		const { locale } = event.locals;
		const form = await event.request.formData();
		const participant = await participantOf(db, meetingId, form);
		if (!participant) return fail(404, { message: translate(locale, 'participants.unknown') });
		const texts = readTexts(form, { position: 'short', email: 'short', phone: 'short' });
		if (texts.problems.length > 0)
			return fail(400, { message: textProblemMessages(locale, texts.problems).join(' ') });
		const saved = await updateContact(db, meetingId, participant.id, texts.values, { byAdministrator });
		if (!saved.ok) return fail(400, { message: translate(locale, `people.contact.${saved.reason}`) });
		return { message: translate(locale, 'people.contact.saved', { name: participant.displayName }) };
	},
	/** Takes out someone named by mistake, while they have done nothing in the meeting. */
	remove: async (event) => {
		const { db, meetingId } = await hostOnly(event);
		const { locale } = event.locals;
		const participant = await participantOf(db, meetingId, await event.request.formData());
		if (!participant) return fail(404, { message: translate(locale, 'participants.unknown') });
		const removed = await removeParticipant(db, meetingId, participant.id);
		if (!removed.ok)
			return fail(409, {
				message: translate(locale, removed.reason === 'acted' ? 'participants.acted' : 'participants.unknown', {
					name: participant.displayName
				})
			});
		await withdrawLiveAccess({ userId: participant.userId });
		return { done: true, message: translate(locale, 'participants.removed', { name: participant.displayName }) };
	},
	/** Absent or present again: an absent person does not cast their unit's vote. */
	attendance: async (event) => {
		const { db, meetingId } = await hostOnly(event);
		const { locale } = event.locals;
		const form = await event.request.formData();
		const participant = await participantOf(db, meetingId, form);
		if (!participant) return fail(404, { message: translate(locale, 'participants.unknown') });
		const absent = form.get('absent') === '1';
		await setAbsent(db, meetingId, participant.id, absent);
		return {
			done: true,
			message: translate(locale, absent ? 'participants.markedAbsent' : 'participants.markedPresent', {
				name: participant.displayName
			})
		};
	},
	revoke: async (event) => {
		const { db, meetingId } = await hostOnly(event);
		const participant = await participantOf(db, meetingId, await event.request.formData());
		if (!participant) return fail(404, { message: translate(event.locals.locale, 'participants.unknown') });
		const count = await revokeJoinLinks(db, participant.id);
		return {
			message: translate(event.locals.locale, 'participants.revoked', { count, name: participant.displayName })
		};
	}
};
