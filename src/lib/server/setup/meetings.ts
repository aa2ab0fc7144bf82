import type { Transaction } from 'kysely';
import type { Role } from '$lib/core/rights';
import type { MeetingDetails } from '$lib/core/setup/details';
import { succeed, type Succession } from '$lib/core/setup/succession';
import type { DB } from '../db/open';
import type { Database } from '../db/schema';
import { loadTemplate, saveTemplate } from '../templates/store';
import { extendMeetingLinks } from '../people/join-links';
import { createUser } from '../people/users';
import { serializable } from '../db/serializable';

type Trx = Transaction<Database>;

// Creating a meeting, from nothing or from the cluster's previous one, and changing what it is made of while it is
// being prepared. A meeting's member units are its sheets (one each).

/** The host: an existing user or a new one; a position typed with either is kept on the account. */
export type HostChoice = { userId: number; position?: string } | { name: string; position?: string };

export interface NewMeeting {
	clusterId: number;
	details: MeetingDetails;
	unitIds: number[];
	host: HostChoice;
}

/** A table with no criteria yet: the meeting's own, until the host imports or copies one. */
async function emptyTemplate(trx: Trx, clusterId: number, year: number): Promise<number> {
	const { id } = await trx
		.insertInto('criteria_templates')
		.values({ cluster_id: clusterId, year, name: '', step: 50, nominal_total: 0 })
		.returning('id')
		.executeTakeFirstOrThrow();
	return id;
}

async function insertMeeting(
	trx: Trx,
	clusterId: number,
	templateId: number,
	details: MeetingDetails,
	copiedFrom: number | null
): Promise<number> {
	const { id } = await trx
		.insertInto('meetings')
		.values({
			cluster_id: clusterId,
			template_id: templateId,
			year: details.year,
			title: details.title,
			held_on: details.startsAt.slice(0, 10),
			starts_at: details.startsAt,
			location: details.location || null,
			call_url: details.callUrl || null,
			phase: 'preparation',
			created_at: new Date().toISOString(),
			copied_from: copiedFrom
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return id;
}

async function addSheets(trx: Trx, meetingId: number, clusterId: number, unitIds: readonly number[]): Promise<void> {
	if (unitIds.length === 0) return;
	const units = await trx
		.selectFrom('units')
		.select('id')
		.where('cluster_id', '=', clusterId)
		.where('id', 'in', [...unitIds])
		.execute();
	if (units.length !== new Set(unitIds).size) throw new Error('a unit of another cluster was chosen');
	await trx
		.insertInto('sheets')
		.values(units.map((u) => ({ meeting_id: meetingId, unit_id: u.id })))
		.execute();
}

async function hostUserId(trx: Trx, host: HostChoice): Promise<number> {
	if ('userId' in host) {
		if (host.position)
			await trx.updateTable('users').set({ position: host.position }).where('id', '=', host.userId).execute();
		return host.userId;
	}
	const created = await createUser(trx as unknown as DB, { displayName: host.name });
	if (!created.ok) throw new Error(`the host could not be created: ${created.reason}`);
	if (host.position)
		await trx.updateTable('users').set({ position: host.position }).where('id', '=', created.id).execute();
	return created.id;
}

async function addRole(trx: Trx, meetingId: number, userId: number, role: Role, unitId: number | null): Promise<void> {
	await trx
		.insertInto('participants')
		.values({ meeting_id: meetingId, user_id: userId, role, unit_id: unitId, created_at: new Date().toISOString() })
		.execute();
}

/** A new meeting in preparation, with its units, an empty criteria table and its host. */
export async function createMeeting(db: DB, input: NewMeeting): Promise<number> {
	return serializable(db, async (trx) => {
		const templateId = await emptyTemplate(trx, input.clusterId, input.details.year);
		const meetingId = await insertMeeting(trx, input.clusterId, templateId, input.details, null);
		await addSheets(trx, meetingId, input.clusterId, input.unitIds);
		await addRole(trx, meetingId, await hostUserId(trx, input.host), 'host', null);
		return meetingId;
	});
}

/** The cluster's latest meeting before the given year, to copy from. */
export async function previousMeeting(
	db: DB,
	clusterId: number,
	beforeYear?: number
): Promise<{ id: number; year: number; title: string } | undefined> {
	let query = db.selectFrom('meetings').select(['id', 'year', 'title']).where('cluster_id', '=', clusterId);
	if (beforeYear !== undefined) query = query.where('year', '<', beforeYear);
	return query.orderBy('year', 'desc').orderBy('id', 'desc').executeTakeFirst();
}

export interface CopiedMeeting {
	meetingId: number;
	succession: Succession;
}

/**
 * A new meeting that starts from a previous one of the same cluster: its units that are still members, a copy of
 * its criteria table (a new version for the new year), and its people, with the head and vice-heads decided by the
 * previous meeting's elections (see the succession rule). Everything stays editable while in preparation.
 */
export async function copyMeeting(db: DB, fromMeetingId: number, details: MeetingDetails): Promise<CopiedMeeting> {
	return serializable(db, async (trx) => {
		const from = await trx
			.selectFrom('meetings')
			.selectAll()
			.where('id', '=', fromMeetingId)
			.executeTakeFirstOrThrow();
		const template = await loadTemplate(trx, from.template_id);
		const templateId =
			template.criteria.length > 0
				? await saveTemplate(trx, from.cluster_id, details.year, template)
				: await emptyTemplate(trx, from.cluster_id, details.year);
		const meetingId = await insertMeeting(trx, from.cluster_id, templateId, details, from.id);

		const units = await trx
			.selectFrom('sheets')
			.innerJoin('units', 'units.id', 'sheets.unit_id')
			.select('units.id')
			.where('sheets.meeting_id', '=', from.id)
			.where('units.active', '=', 1)
			.orderBy('units.position')
			.execute();
		const unitIds = units.map((u) => u.id);
		await addSheets(trx, meetingId, from.cluster_id, unitIds);

		const nominations = await trx
			.selectFrom('nominations')
			.select(['purpose', 'unit_id'])
			.where('meeting_id', '=', from.id)
			.orderBy('id')
			.execute();
		const elected = {
			head: nominations.find((n) => n.purpose === 'head')?.unit_id ?? null,
			viceHeads: nominations.filter((n) => n.purpose === 'vice_head').map((n) => n.unit_id)
		};
		const previous = await trx
			.selectFrom('participants')
			.select(['user_id', 'role', 'unit_id'])
			.where('meeting_id', '=', from.id)
			.orderBy('id')
			.execute();
		// Without elections last year, the roles carry over as they were.
		const succession =
			elected.head === null && elected.viceHeads.length === 0
				? {
						participants: previous
							.filter((p) => p.unit_id === null || unitIds.includes(p.unit_id))
							.map((p) => ({ userId: p.user_id, role: p.role, unitId: p.unit_id })),
						unitsNeedingDelegate: [],
						seatsUnfilled: []
					}
				: succeed(
						previous.map((p) => ({ userId: p.user_id, role: p.role, unitId: p.unit_id })),
						elected,
						new Set(unitIds)
					);
		for (const p of succession.participants) await addRole(trx, meetingId, p.userId, p.role, p.unitId);
		return { meetingId, succession };
	});
}

export async function updateMeetingDetails(db: DB, meetingId: number, details: MeetingDetails): Promise<void> {
	await db
		.updateTable('meetings')
		.set({
			title: details.title,
			year: details.year,
			held_on: details.startsAt.slice(0, 10),
			starts_at: details.startsAt,
			location: details.location || null,
			call_url: details.callUrl || null
		})
		.where('id', '=', meetingId)
		.execute();
	// Invitations already sent stay valid until the meeting, wherever it has moved.
	await extendMeetingLinks(db, meetingId);
}

export type SetUnitsResult =
	{ ok: true } | { ok: false; reason: 'unit_has_people' | 'unit_has_sheet'; unitIds: number[] };

/**
 * Sets which of the cluster's units take part. A unit is only taken out while nothing hangs on it: no person of the
 * unit in the meeting and no submitted sheet (the host removes those first, deliberately).
 */
export async function setMeetingUnits(db: DB, meetingId: number, unitIds: readonly number[]): Promise<SetUnitsResult> {
	return serializable(db, async (trx) => {
		const meeting = await trx
			.selectFrom('meetings')
			.select(['cluster_id'])
			.where('id', '=', meetingId)
			.executeTakeFirstOrThrow();
		const current = await trx
			.selectFrom('sheets')
			.select(['id', 'unit_id', 'submitted_at'])
			.where('meeting_id', '=', meetingId)
			.execute();
		const wanted = new Set(unitIds);
		const leaving = current.filter((s) => !wanted.has(s.unit_id));
		if (leaving.length > 0) {
			const withPeople = await trx
				.selectFrom('participants')
				.select('unit_id')
				.where('meeting_id', '=', meetingId)
				.where(
					'unit_id',
					'in',
					leaving.map((s) => s.unit_id)
				)
				.execute();
			if (withPeople.length > 0)
				return {
					ok: false,
					reason: 'unit_has_people',
					unitIds: [...new Set(withPeople.map((p) => p.unit_id!))]
				} as const;
			const submitted = leaving.filter((s) => s.submitted_at !== null);
			if (submitted.length > 0)
				return { ok: false, reason: 'unit_has_sheet', unitIds: submitted.map((s) => s.unit_id) } as const;
			const sheetIds = leaving.map((s) => s.id);
			await trx.deleteFrom('sheet_scores').where('sheet_id', 'in', sheetIds).execute();
			await trx.deleteFrom('sheet_reported_figures').where('sheet_id', 'in', sheetIds).execute();
			await trx.deleteFrom('sheets').where('id', 'in', sheetIds).execute();
		}
		const present = new Set(current.map((s) => s.unit_id));
		await addSheets(
			trx,
			meetingId,
			meeting.cluster_id,
			[...wanted].filter((id) => !present.has(id))
		);
		return { ok: true } as const;
	});
}

export interface MeetingSetup {
	id: number;
	clusterId: number;
	title: string;
	year: number;
	startsAt: string | null;
	location: string | null;
	callUrl: string | null;
	phase: Database['meetings']['phase'];
	criteriaCount: number;
	templateName: string;
	templateVersion: number;
	unitIds: number[];
	copiedFrom: number | null;
}

export async function loadMeetingSetup(db: DB, meetingId: number): Promise<MeetingSetup | undefined> {
	const meeting = await db
		.selectFrom('meetings')
		.innerJoin('criteria_templates', 'criteria_templates.id', 'meetings.template_id')
		.select([
			'meetings.id',
			'meetings.cluster_id',
			'meetings.title',
			'meetings.year',
			'meetings.starts_at',
			'meetings.location',
			'meetings.call_url',
			'meetings.phase',
			'meetings.template_id',
			'meetings.copied_from',
			'criteria_templates.name as template_name',
			'criteria_templates.version as template_version'
		])
		.where('meetings.id', '=', meetingId)
		.executeTakeFirst();
	if (!meeting) return undefined;
	const [criteria, sheets] = await Promise.all([
		db
			.selectFrom('criteria')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('template_id', '=', meeting.template_id)
			.executeTakeFirstOrThrow(),
		db.selectFrom('sheets').select('unit_id').where('meeting_id', '=', meetingId).execute()
	]);
	return {
		id: meeting.id,
		clusterId: meeting.cluster_id,
		title: meeting.title,
		year: meeting.year,
		startsAt: meeting.starts_at,
		location: meeting.location,
		callUrl: meeting.call_url,
		phase: meeting.phase,
		criteriaCount: Number(criteria.n),
		templateName: meeting.template_name,
		templateVersion: meeting.template_version,
		unitIds: sheets.map((s) => s.unit_id),
		copiedFrom: meeting.copied_from
	};
}

/** The meetings of a cluster, newest first, for the cluster's page. */
export async function listClusterMeetings(db: DB, clusterId: number) {
	return db
		.selectFrom('meetings')
		.select(['id', 'title', 'year', 'held_on', 'phase'])
		.where('cluster_id', '=', clusterId)
		.orderBy('year', 'desc')
		.orderBy('id', 'desc')
		.execute();
}

/** The member units whose self-assessment has been submitted. */
export async function submittedUnitIds(db: DB, meetingId: number): Promise<number[]> {
	const rows = await db
		.selectFrom('sheets')
		.select('unit_id')
		.where('meeting_id', '=', meetingId)
		.where('submitted_at', 'is not', null)
		.execute();
	return rows.map((r) => r.unit_id);
}
