import type { Role } from '$lib/core/rights';
import type { DB } from '../db/open';
import { issueJoinLink, linkablePeople } from '../people/join-links';
import { addParticipant, listParticipants } from '../people/participants';
import { createUser } from '../people/users';
import { demo, type DemoData } from './load-demo';

// The demo's cast: the host (the head's secretariat), the head (Sơn La), two vice-heads (Lai Châu, the standing
// one, and Quảng Ninh: the report names only one, the second is illustrative), one delegate per unit, an observer.
// Each is a person with a name and a position, as a participants list gives them: the documents name people. The
// head and the standing vice-head are the principals who signed their schools' 2021 reports; every other name is
// illustrative.

interface DemoPerson {
	name: string;
	position: string;
	role: Role;
	unit: string | null;
}

/** Illustrative names of the units' delegates, by unit. */
const DELEGATES: Record<string, string> = {
	'quang-ninh': 'Vũ Thị Mai',
	'son-la': 'Cầm Văn Sơn',
	'lai-chau': 'Tao Văn Hùng',
	'lao-cai': 'Hoàng Thị Lan',
	'lang-son': 'Lương Văn Bình',
	'cao-bang': 'Nông Thị Hạnh',
	'ha-giang': 'Lý Văn Thắng',
	'dien-bien': 'Quàng Văn Dũng'
};

/** Illustrative names of the principals, by unit (the two signed reports give Sơn La's and Lai Châu's). */
const PRINCIPALS: Record<string, string> = {
	'son-la': 'Lò Thị Thúy Hà',
	'lai-chau': 'Nguyễn Tiên Tăng',
	'quang-ninh': 'Phạm Minh Đức'
};

function cast(data: DemoData): DemoPerson[] {
	const unitName = (slug: string) => data.units.find((u) => u.slug === slug)?.name ?? slug;
	const head = data.meeting.roles_2021.head;
	const standing = data.meeting.roles_2021.standing_vice_head;
	const secondVice = data.units.find((u) => u.slug !== head && u.slug !== standing)?.slug;
	const principal = (slug: string, role: Role): DemoPerson => ({
		name: PRINCIPALS[slug] ?? `Hiệu trưởng ${unitName(slug)}`,
		position: `Hiệu trưởng ${unitName(slug)}`,
		role,
		unit: slug
	});
	return [
		{ name: 'Nguyễn Thị Thanh Hương', position: `Chánh Văn phòng ${unitName(head)}`, role: 'host', unit: head },
		principal(head, 'head'),
		principal(standing, 'vice_head'),
		...(secondVice ? [principal(secondVice, 'vice_head')] : []),
		...data.units.map((u) => ({
			name: DELEGATES[u.slug] ?? `Đại biểu ${u.name}`,
			position: `Phó Hiệu trưởng ${u.name}`,
			role: 'delegate' as const,
			unit: u.slug
		})),
		{
			name: 'Đỗ Thị Ngọc',
			position: 'Chuyên viên Ban Thi đua - Khen thưởng, Học viện Chính trị quốc gia Hồ Chí Minh',
			role: 'observer',
			unit: null
		}
	];
}

export async function findDemoMeeting(db: DB, data: DemoData = demo): Promise<number | undefined> {
	const row = await db
		.selectFrom('meetings')
		.select('id')
		.where('title', '=', data.meeting.title)
		.where('year', '=', data.year)
		.orderBy('id')
		.executeTakeFirst();
	return row?.id;
}

/** Creates the demo participants once (a meeting that already has participants is left as it is). */
export async function ensureDemoParticipants(db: DB, meetingId: number, data: DemoData = demo): Promise<void> {
	if ((await listParticipants(db, meetingId)).length > 0) return;
	const units = await db
		.selectFrom('sheets')
		.innerJoin('units', 'units.id', 'sheets.unit_id')
		.select(['units.id', 'units.slug'])
		.where('sheets.meeting_id', '=', meetingId)
		.execute();
	const unitId = (slug: string | null) => (slug === null ? null : (units.find((u) => u.slug === slug)?.id ?? null));
	for (const person of cast(data)) {
		const user = await createUser(db, { displayName: person.name, unitId: unitId(person.unit) });
		if (!user.ok) throw new Error(`demo participant ${person.name}: ${user.reason}`);
		await db.updateTable('users').set({ position: person.position }).where('id', '=', user.id).execute();
		const added = await addParticipant(db, {
			meetingId,
			userId: user.id,
			role: person.role,
			unitId: unitId(person.unit)
		});
		if (!added.ok) throw new Error(`demo participant ${person.name}: ${added.reason}`);
	}
}

export interface DemoLink {
	role: Role;
	unit: string | null;
	name: string;
	path: string;
}

/** A fresh single-use link for every participant of the demo meeting, printed at each start. */
export async function issueDemoLinks(db: DB, meetingId: number): Promise<DemoLink[]> {
	// The demo's accounts are its own; an administrator among them signs in with a password, not a link.
	const participants = await linkablePeople(db, await listParticipants(db, meetingId), true);
	const links: DemoLink[] = [];
	for (const p of participants) {
		const { token } = await issueJoinLink(db, p.id, { byAdministrator: true });
		links.push({ role: p.role, unit: p.unitName, name: p.displayName, path: `/join/${token}` });
	}
	return links;
}
