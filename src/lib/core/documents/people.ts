import { foldText } from '../import/grid';

// The people a document names: each a name and a position (chức vụ), chosen from the meeting's participants or
// typed for someone outside it. A typed person is one line, "Họ và tên, chức vụ": a name never holds a comma, so
// the first comma ends it.

export interface Person {
	name: string;
	position: string;
}

/** "Nguyễn Văn An, Phó Hiệu trưởng Trường Chính trị tỉnh Hà Giang" → its name and its position. */
export function readPerson(line: string): Person {
	const text = line.replace(/\s+/g, ' ').trim();
	const comma = text.indexOf(',');
	if (comma < 0) return { name: text, position: '' };
	return { name: text.slice(0, comma).trim(), position: text.slice(comma + 1).trim() };
}

/** The line a person is stored and typed as; the inverse of readPerson. */
export function personLine(p: Person): string {
	const name = p.name.replace(/,/g, ' ').replace(/\s+/g, ' ').trim();
	const position = p.position.replace(/\s+/g, ' ').trim();
	return position ? `${name}, ${position}` : name;
}

/** A participant as the forms offer them: who, in what position, of which unit (none for a guest). */
export interface MeetingPerson extends Person {
	unit: string | null;
}

/**
 * The committee's people whose unit is a candidate of the ballot: a member should not count the votes for their own
 * unit. A person is of a unit when they are that unit's participant (by name), or when their typed position names
 * the unit ("… Trường Chính trị tỉnh Lai Châu").
 */
export function committeeConflicts(
	committee: readonly Person[],
	participants: readonly MeetingPerson[],
	candidates: readonly { slug: string; name: string }[]
): { person: Person; unit: { slug: string; name: string } }[] {
	const out: { person: Person; unit: { slug: string; name: string } }[] = [];
	for (const person of committee) {
		if (!person.name) continue;
		const participant =
			participants.find((p) => p.name === person.name && (!person.position || p.position === person.position)) ??
			participants.find((p) => p.name === person.name);
		const folded = foldText(person.position);
		const unit = participant?.unit
			? candidates.find((c) => c.slug === participant.unit)
			: candidates.find((c) => folded !== '' && folded.includes(foldText(c.name)));
		if (unit) out.push({ person, unit });
	}
	return out;
}

/** Who attended, by unit in the order given, and how many of the invited were present and absent. */
export interface Attendance<P> {
	groups: { unit: string | null; present: P[]; absent: P[] }[];
	present: number;
	absent: number;
	/** Member units with at least one person present, of all member units that sent anyone. */
	unitsPresent: number;
	units: number;
}

export function attendance<P extends { unit: string | null; absent: boolean }>(people: readonly P[]): Attendance<P> {
	const groups: Attendance<P>['groups'] = [];
	for (const p of people) {
		let group = groups.find((g) => g.unit === p.unit);
		if (!group) groups.push((group = { unit: p.unit, present: [], absent: [] }));
		(p.absent ? group.absent : group.present).push(p);
	}
	const units = groups.filter((g) => g.unit !== null);
	return {
		groups,
		present: people.filter((p) => !p.absent).length,
		absent: people.filter((p) => p.absent).length,
		unitsPresent: units.filter((g) => g.present.length > 0).length,
		units: units.length
	};
}
