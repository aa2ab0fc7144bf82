import { fail } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { appContext } from '$lib/server/context';
import { requireMeetingRight } from '$lib/server/people/guard';
import { invitationStatus } from '$lib/server/people/invitation-status';
import { issueAllLinks, sendInvitations } from '$lib/server/people/invitations';
import { DEFAULT_LINK_LIFETIME, linkRefusal, linkStatuses, revokeJoinLinks } from '$lib/server/people/join-links';
import { listParticipants } from '$lib/server/people/participants';
import { smtpMailer } from '$lib/server/mail/smtp';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

// Invitations: issue every link at once (or one person's again), each with its QR code and message, print them,
// or e-mail them where the server can send mail. Links are shown only in the answer that issued them.

async function hostOnly(event: Pick<RequestEvent, 'params' | 'locals' | 'url'>) {
	const context = await appContext();
	const meetingId = Number(event.params.id);
	const member = await requireMeetingRight(context.db, event.locals, event.url, meetingId, 'participants.manage');
	// A host issues links only for accounts of this meeting alone; an administrator for any but an administrator's.
	return { db: context.db, mail: context.config.mail, meetingId, byAdministrator: member.isAdmin };
}

export const load: PageServerLoad = async (event) => {
	const { db, mail, meetingId } = await hostOnly(event);
	const [participants, links, status] = await Promise.all([
		listParticipants(db, meetingId),
		linkStatuses(db, meetingId),
		invitationStatus(db, meetingId)
	]);
	return {
		people: participants.map((p) => ({
			id: p.id,
			name: p.displayName,
			position: p.position,
			role: p.role,
			unitName: p.unitName,
			email: p.email,
			joinedAt: p.joinedAt,
			activeLinks: links.get(p.id)?.activeLinks ?? 0
		})),
		status,
		mailFrom: mail?.from ?? null,
		linkDays: DEFAULT_LINK_LIFETIME / (24 * 60 * 60 * 1000)
	};
};

function participantIdOf(form: FormData): number | null {
	const id = Number(form.get('participant'));
	return Number.isInteger(id) && id > 0 ? id : null;
}

export const actions: Actions = {
	issueAll: async (event) => {
		const { db, meetingId, byAdministrator } = await hostOnly(event);
		const issued = await issueAllLinks(db, meetingId, event.url.origin, { byAdministrator });
		const { locale } = event.locals;
		// Those left without a link: accounts that are not the meeting's alone, or not accepted yet (see join-links).
		const waiting = (await listParticipants(db, meetingId)).filter(
			(p) => p.joinedAt === null && !issued.some((i) => i.participantId === p.id)
		);
		const message = translate(locale, issued.length > 0 ? 'invite.issued' : 'invite.noneToIssue', {
			count: issued.length
		});
		const skipped =
			waiting.length > 0
				? ' ' +
					translate(locale, 'invite.skipped', {
						count: waiting.length,
						names: waiting.map((p) => p.displayName).join(', ')
					})
				: '';
		return { issued, message: message + skipped };
	},
	reissue: async (event) => {
		const { db, meetingId, byAdministrator } = await hostOnly(event);
		const id = participantIdOf(await event.request.formData());
		const person = (await listParticipants(db, meetingId)).find((p) => p.id === id);
		const refusal = person ? await linkRefusal(db, person.id, byAdministrator) : null;
		if (person && refusal)
			return fail(409, {
				message: translate(event.locals.locale, `participants.noLink.${refusal}`, { name: person.displayName })
			});
		const issued =
			id === null
				? []
				: await issueAllLinks(db, meetingId, event.url.origin, { participantIds: [id], byAdministrator });
		if (issued.length === 0) return fail(404, { message: translate(event.locals.locale, 'invite.unknown') });
		return { issued, message: translate(event.locals.locale, 'invite.issued', { count: 1 }) };
	},
	revoke: async (event) => {
		const { db, meetingId } = await hostOnly(event);
		const id = participantIdOf(await event.request.formData());
		const person = (await listParticipants(db, meetingId)).find((p) => p.id === id);
		if (!person) return fail(404, { message: translate(event.locals.locale, 'invite.unknown') });
		const count = await revokeJoinLinks(db, person.id);
		return { message: translate(event.locals.locale, 'invite.revoked', { count, name: person.displayName }) };
	},
	/** Everyone not joined (no participant given), or one person: the page sends one at a time to show progress. */
	send: async (event) => {
		const { db, mail, meetingId, byAdministrator } = await hostOnly(event);
		const { locale } = event.locals;
		if (!mail) return fail(409, { message: translate(locale, 'invite.mail.off') });
		const id = participantIdOf(await event.request.formData());
		const mailer = smtpMailer(mail);
		try {
			const report = await sendInvitations(
				db,
				meetingId,
				event.url.origin,
				mailer.send,
				id === null ? { byAdministrator } : { participantIds: [id], byAdministrator }
			);
			const total = report.sent.length + report.failed.length;
			return {
				report,
				message: translate(locale, 'invite.mail.done', { sent: report.sent.length, total }),
				failures: report.failed.map((f) =>
					translate(locale, 'invite.mail.failed', { email: f.email, name: f.name, error: f.error })
				)
			};
		} finally {
			mailer.close();
		}
	}
};
