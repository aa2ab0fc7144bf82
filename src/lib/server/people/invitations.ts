import QRCode from 'qrcode';
import { invitationMessage, invitationSubject, type MeetingInfo } from '$lib/board/invitation';
import type { Role } from '$lib/core/rights';
import { hashToken } from '../auth/tokens';
import type { DB } from '../db/open';
import { issueJoinLink, linkablePeople } from './join-links';
import { listParticipants, type ParticipantRecord } from './participants';
import { serializable } from '../db/serializable';

// Invitations: a fresh personal link for each person, with its QR code and the message to send. Links are stored
// only as hashes, so a link exists in clear only in what these functions return: the page shows it once, the
// e-mail carries it. Issuing a fresh link revokes the person's earlier unused ones, so that only the latest
// invitation works and a lost or forwarded older one does not.

export async function meetingInfo(db: DB, meetingId: number): Promise<MeetingInfo | undefined> {
	const row = await db
		.selectFrom('meetings')
		.innerJoin('clusters', 'clusters.id', 'meetings.cluster_id')
		.select([
			'meetings.title',
			'meetings.held_on',
			'meetings.starts_at',
			'meetings.location',
			'meetings.call_url',
			'clusters.name as cluster_name'
		])
		.where('meetings.id', '=', meetingId)
		.executeTakeFirst();
	if (!row) return undefined;
	return {
		title: row.title,
		clusterName: row.cluster_name,
		startsAt: row.starts_at,
		heldOn: row.held_on,
		location: row.location,
		callUrl: row.call_url
	};
}

export interface IssuedInvitation {
	participantId: number;
	name: string;
	position: string | null;
	role: Role;
	unitName: string | null;
	email: string | null;
	link: string;
	expiresAt: number;
	/** The message to send, in Vietnamese (see invitationMessage). */
	message: string;
	/** The link as a QR code, an SVG document to inline in the page. */
	qrSvg: string;
}

/** Revokes the person's unused links other than the one just issued. */
async function revokeOthers(db: DB, participantId: number, keepToken: string, now: number): Promise<void> {
	await db
		.updateTable('join_links')
		.set({ revoked_at: now })
		.where('participant_id', '=', participantId)
		.where('id', '!=', hashToken(keepToken))
		.where('used_at', 'is', null)
		.where('revoked_at', 'is', null)
		.execute();
}

/** A new link for one participant, replacing their unused ones (in one transaction). */
export async function issueFreshLink(
	db: DB,
	participantId: number,
	now = Date.now()
): Promise<{ token: string; expiresAt: number }> {
	return serializable(db, async (trx) => {
		const issued = await issueJoinLink(trx, participantId, { now });
		await revokeOthers(trx, participantId, issued.token, now);
		return issued;
	});
}

export function joinUrl(baseUrl: string, token: string): string {
	return `${baseUrl.replace(/\/+$/, '')}/join/${token}`;
}

async function invitationFor(
	info: MeetingInfo,
	person: ParticipantRecord,
	link: string,
	expiresAt: number
): Promise<IssuedInvitation> {
	return {
		participantId: person.id,
		name: person.displayName,
		position: person.position,
		role: person.role,
		unitName: person.unitName,
		email: person.email,
		link,
		expiresAt,
		message: invitationMessage(
			info,
			{ name: person.displayName, position: person.position, role: person.role, unitName: person.unitName },
			link,
			expiresAt
		),
		qrSvg: await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
	};
}

/**
 * "Tạo liên kết cho tất cả": a fresh link for every participant who has not joined yet (those who have are signed
 * in already, and a new link would only be one more secret in circulation; the host re-issues one person's link
 * when they need it). `participantIds` narrows it to some people, joined or not.
 */
export async function issueAllLinks(
	db: DB,
	meetingId: number,
	baseUrl: string,
	options: { participantIds?: readonly number[]; now?: number; byAdministrator?: boolean } = {}
): Promise<IssuedInvitation[]> {
	const info = await meetingInfo(db, meetingId);
	if (!info) return [];
	const now = options.now ?? Date.now();
	const listed = (await listParticipants(db, meetingId)).filter((p) =>
		options.participantIds ? options.participantIds.includes(p.id) : p.joinedAt === null
	);
	// No link for an account that is not the meeting's alone (see join-links).
	const people = await linkablePeople(db, listed, options.byAdministrator);
	const issued = await serializable(db, async (trx) => {
		const tokens: { person: ParticipantRecord; token: string; expiresAt: number }[] = [];
		for (const person of people) {
			const { token, expiresAt } = await issueJoinLink(trx, person.id, {
				now,
				byAdministrator: options.byAdministrator
			});
			await revokeOthers(trx, person.id, token, now);
			tokens.push({ person, token, expiresAt });
		}
		return tokens;
	});
	return Promise.all(
		issued.map(({ person, token, expiresAt }) => invitationFor(info, person, joinUrl(baseUrl, token), expiresAt))
	);
}

/** Sends one message; the SMTP side lives in ../mail.ts so that tests can give another. */
export type SendMail = (message: { to: string; subject: string; text: string }) => Promise<void>;

export interface SendReport {
	sent: { participantId: number; name: string; email: string }[];
	failed: { participantId: number; name: string; email: string; error: string }[];
	/** People who would have been sent one but have no e-mail address. */
	withoutEmail: { participantId: number; name: string }[];
}

/**
 * E-mails each person (by default every one not yet joined) a fresh invitation. A person's earlier links are
 * revoked only once the new one has been accepted by the mail server; when sending fails, the new link is revoked
 * instead, so that the person keeps what they had and no undelivered secret stays valid.
 */
export async function sendInvitations(
	db: DB,
	meetingId: number,
	baseUrl: string,
	send: SendMail,
	options: { participantIds?: readonly number[]; now?: number; byAdministrator?: boolean } = {}
): Promise<SendReport> {
	const report: SendReport = { sent: [], failed: [], withoutEmail: [] };
	const info = await meetingInfo(db, meetingId);
	if (!info) return report;
	const listed = (await listParticipants(db, meetingId)).filter((p) =>
		options.participantIds ? options.participantIds.includes(p.id) : p.joinedAt === null
	);
	const people = await linkablePeople(db, listed, options.byAdministrator);
	for (const person of people) {
		if (!person.email) {
			report.withoutEmail.push({ participantId: person.id, name: person.displayName });
			continue;
		}
		const now = options.now ?? Date.now();
		const { token, expiresAt } = await issueJoinLink(db, person.id, {
			now,
			byAdministrator: options.byAdministrator
		});
		const link = joinUrl(baseUrl, token);
		const text = invitationMessage(
			info,
			{ name: person.displayName, position: person.position, role: person.role, unitName: person.unitName },
			link,
			expiresAt
		);
		try {
			await send({ to: person.email, subject: invitationSubject(info), text });
			await revokeOthers(db, person.id, token, now);
			report.sent.push({ participantId: person.id, name: person.displayName, email: person.email });
		} catch (error) {
			await db.updateTable('join_links').set({ revoked_at: now }).where('id', '=', hashToken(token)).execute();
			report.failed.push({
				participantId: person.id,
				name: person.displayName,
				email: person.email,
				error: mailError(error)
			});
		}
	}
	return report;
}

/** The mail server's own words when it gave any ("550 5.1.1 mailbox unavailable"), else the error's message. */
function mailError(error: unknown): string {
	if (typeof error === 'object' && error !== null) {
		const response = (error as { response?: unknown }).response;
		if (typeof response === 'string' && response) return response;
		const message = (error as { message?: unknown }).message;
		if (typeof message === 'string' && message) return message;
	}
	return String(error);
}
