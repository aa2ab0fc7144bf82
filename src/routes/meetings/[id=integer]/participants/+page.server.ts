import { fail } from '@sveltejs/kit';
import { ROLES, type Role } from '$lib/core/rights';
import { readTexts } from '$lib/core/text';
import { translate } from '$lib/i18n';
import { appContext } from '$lib/server/context';
import { textProblemMessages } from '$lib/server/forms/text';
import { requireMeetingRight } from '$lib/server/people/guard';
import { updateContact } from '$lib/server/people/import';
import { linkExpiry } from '$lib/board/invitation';
import { issueJoinLink, linkStatuses, revokeJoinLinks } from '$lib/server/people/join-links';
import { addNewParticipant, listParticipants } from '$lib/server/people/participants';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** Every request here is the host's: check it once per load and per action. */
async function hostOnly(event: Pick<RequestEvent, 'params' | 'locals' | 'url'>) {
	const { db } = await appContext();
	const meetingId = Number(event.params.id);
	await requireMeetingRight(db, event.locals, event.url, meetingId, 'participants.manage');
	return { db, meetingId };
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
		if (texts.problems.length > 0) return fail(400, { message: textProblemMessages(locale, texts.problems).join(' ') });
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
		const { db, meetingId } = await hostOnly(event);
		const participant = await participantOf(db, meetingId, await event.request.formData());
		if (!participant) return fail(404, { message: translate(event.locals.locale, 'participants.unknown') });
		const { token, expiresAt } = await issueJoinLink(db, participant.id);
		return {
			link: `${event.url.origin}/join/${token}`,
			message: translate(event.locals.locale, 'participants.newLink', {
				name: participant.displayName,
				time: linkExpiry(expiresAt)
			})
		};
	},
	contact: async (event) => {
		const { db, meetingId } = await hostOnly(event);
		const { locale } = event.locals;
		const form = await event.request.formData();
		const participant = await participantOf(db, meetingId, form);
		if (!participant) return fail(404, { message: translate(locale, 'participants.unknown') });
		const texts = readTexts(form, { position: 'short', email: 'short', phone: 'short' });
		if (texts.problems.length > 0) return fail(400, { message: textProblemMessages(locale, texts.problems).join(' ') });
		const saved = await updateContact(db, meetingId, participant.id, texts.values);
		if (!saved.ok) return fail(400, { message: translate(locale, `people.contact.${saved.reason}`) });
		return { message: translate(locale, 'people.contact.saved', { name: participant.displayName }) };
	},
	revoke: async (event) => {
		const { db, meetingId } = await hostOnly(event);
		const participant = await participantOf(db, meetingId, await event.request.formData());
		if (!participant) return fail(404, { message: translate(event.locals.locale, 'participants.unknown') });
		const count = await revokeJoinLinks(db, participant.id);
		return { message: translate(event.locals.locale, 'participants.revoked', { count, name: participant.displayName }) };
	}
};
