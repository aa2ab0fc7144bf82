import { representsUnit, type Role, type Seat } from '$lib/core/rights';
import type { DB } from '../db/open';
import { createUser } from './users';
import { serializable } from '../db/serializable';

export interface ParticipantRecord {
	id: number;
	meetingId: number;
	userId: number;
	displayName: string;
	role: Role;
	unitId: number | null;
	unitName: string | null;
	joinedAt: string | null;
	/** Chức vụ and contact details, from the person's account. */
	position: string | null;
	email: string | null;
	phone: string | null;
	/** Whether they act for their unit now: its sheet, answers and vote (its delegate, else its head or vice-head). */
	representsUnit: boolean;
	/** Marked absent by the host (see attendance.ts); an absent person does not act for their unit. */
	absent: boolean;
	/** Named by a host to an account that is not the meeting's alone, and not yet accepted by its person. */
	pending: boolean;
}

export type AddParticipantResult =
	| { ok: true; id: number }
	| {
			ok: false;
			reason: 'already_participant' | 'delegate_needs_unit' | 'unit_not_in_meeting' | 'unit_has_delegate';
	  };

/** Adds a user to a meeting with one role; a delegate represents one member unit, and a unit has one delegate. */
export async function addParticipant(
	db: DB,
	input: { meetingId: number; userId: number; role: Role; unitId: number | null },
	now = new Date()
): Promise<AddParticipantResult> {
	return serializable(db, async (trx) => {
		if (input.role === 'delegate' && input.unitId === null)
			return { ok: false, reason: 'delegate_needs_unit' } as const;
		if (input.unitId !== null) {
			const member = await trx
				.selectFrom('sheets')
				.select('id')
				.where('meeting_id', '=', input.meetingId)
				.where('unit_id', '=', input.unitId)
				.executeTakeFirst();
			if (!member) return { ok: false, reason: 'unit_not_in_meeting' } as const;
		}
		const existing = await trx
			.selectFrom('participants')
			.select(['user_id', 'role', 'unit_id'])
			.where('meeting_id', '=', input.meetingId)
			.where((eb) =>
				eb.or([
					eb('user_id', '=', input.userId),
					eb.and([eb('role', '=', 'delegate'), eb('unit_id', '=', input.unitId)])
				])
			)
			.execute();
		if (existing.some((p) => p.user_id === input.userId))
			return { ok: false, reason: 'already_participant' } as const;
		if (input.role === 'delegate' && existing.length > 0)
			return { ok: false, reason: 'unit_has_delegate' } as const;
		const { id } = await trx
			.insertInto('participants')
			.values({
				meeting_id: input.meetingId,
				user_id: input.userId,
				role: input.role,
				unit_id: input.unitId,
				created_at: now.toISOString()
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		return { ok: true, id } as const;
	});
}

const participantColumns = [
	'participants.id',
	'participants.meeting_id',
	'participants.user_id',
	'participants.role',
	'participants.unit_id',
	'participants.joined_at',
	'participants.pending',
	'participants.absent_since',
	'users.display_name',
	'users.position',
	'users.email',
	'users.phone',
	'units.short_name as unit_name'
] as const;

interface ParticipantRow {
	id: number;
	meeting_id: number;
	user_id: number;
	role: Role;
	unit_id: number | null;
	joined_at: string | null;
	pending: number;
	absent_since: string | null;
	display_name: string;
	unit_name: string | null;
	position: string | null;
	email: string | null;
	phone: string | null;
}

const seatOf = (row: {
	id: number;
	role: Role;
	unit_id: number | null;
	pending: number;
	absent_since: string | null;
}): Seat => ({
	id: row.id,
	role: row.role,
	unitId: row.unit_id,
	absent: row.absent_since !== null,
	pending: row.pending === 1
});

/** The seats of a meeting (every participation), for deciding who acts for each unit. */
export async function meetingSeats(db: DB, meetingId: number): Promise<Seat[]> {
	const rows = await db
		.selectFrom('participants')
		.select(['id', 'role', 'unit_id', 'pending', 'absent_since'])
		.where('meeting_id', '=', meetingId)
		.execute();
	return rows.map(seatOf);
}

function toRecord(row: ParticipantRow, seats: readonly Seat[]): ParticipantRecord {
	return {
		id: row.id,
		meetingId: row.meeting_id,
		userId: row.user_id,
		displayName: row.display_name,
		role: row.role,
		unitId: row.unit_id,
		unitName: row.unit_name,
		joinedAt: row.joined_at,
		position: row.position,
		email: row.email,
		phone: row.phone,
		representsUnit: representsUnit(seats, seatOf(row)),
		absent: row.absent_since !== null,
		pending: row.pending === 1
	};
}

/** Participants with their name and unit; narrowed by the callers. */
function participantsOf(db: DB, meetingId: number) {
	return db
		.selectFrom('participants')
		.innerJoin('users', 'users.id', 'participants.user_id')
		.leftJoin('units', 'units.id', 'participants.unit_id')
		.select(participantColumns)
		.where('participants.meeting_id', '=', meetingId);
}

/** A participant with their rights: a participation its person has not accepted yet counts as none. */
export async function findParticipant(
	db: DB,
	meetingId: number,
	userId: number
): Promise<ParticipantRecord | undefined> {
	const row = await participantsOf(db, meetingId)
		.where('participants.user_id', '=', userId)
		.where('participants.pending', '=', 0)
		.executeTakeFirst();
	if (!row) return undefined;
	const seats = row.unit_id === null ? [] : await meetingSeats(db, meetingId);
	return toRecord(row, seats);
}

/** Everyone named in the meeting, those still to accept included (see `pending`), for the host's pages. */
export async function listParticipants(db: DB, meetingId: number): Promise<ParticipantRecord[]> {
	const [rows, seats] = await Promise.all([
		participantsOf(db, meetingId).orderBy('participants.id').execute(),
		meetingSeats(db, meetingId)
	]);
	return rows.map((row) => toRecord(row, seats));
}

/**
 * The host's "add a participant": a new account (officials join by link, so no password) with one role in the
 * meeting. A refused participation leaves no orphan account behind.
 */
export async function addNewParticipant(
	db: DB,
	input: { meetingId: number; name: string; role: Role; unitId: number | null }
): Promise<AddParticipantResult | { ok: false; reason: 'name_required' }> {
	const user = await createUser(db, { displayName: input.name, unitId: input.unitId });
	if (!user.ok) return { ok: false, reason: 'name_required' };
	const added = await addParticipant(db, {
		meetingId: input.meetingId,
		userId: user.id,
		role: input.role,
		unitId: input.unitId
	});
	if (!added.ok) await db.deleteFrom('users').where('id', '=', user.id).execute();
	return added;
}

/** The meetings a user takes part in (accepted), for the home page. */
export async function meetingIdsOf(db: DB, userId: number): Promise<number[]> {
	const rows = await db
		.selectFrom('participants')
		.select('meeting_id')
		.where('user_id', '=', userId)
		.where('pending', '=', 0)
		.execute();
	return rows.map((r) => r.meeting_id);
}
