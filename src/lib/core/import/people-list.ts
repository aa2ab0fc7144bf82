import type { Role } from '../rights';
import { cellText, foldText, isBlankRow, type CellValue, type Grid } from './grid';

// A meeting's list of participants as officials keep it (an Excel sheet, or a table pasted from Excel or Word):
// full name, position, unit, role in the officials' words, e-mail and phone. The header row is found by its words,
// wherever it is (a title and a date above it are common); every row is checked against the meeting's units and
// the people already in it, and every problem is listed at once. Pure: the caller stores the rows only when
// `problems` is empty.

export type PeopleField = 'name' | 'position' | 'unit' | 'role' | 'email' | 'phone';

/**
 * Header words per field, folded (see foldText). A header cell belongs to the first field one of whose phrases it
 * contains as whole words; "Họ và tên đại biểu" is a name, "Số điện thoại di động" a phone.
 */
const HEADER_WORDS: Record<PeopleField, readonly string[]> = {
	name: ['ho va ten', 'ho ten', 'full name', 'name', 'ten dai bieu'],
	role: ['vai tro', 'nhiem vu', 'role', 'thanh phan'],
	position: ['chuc vu', 'chuc danh', 'position', 'title'],
	unit: ['don vi', 'co quan', 'unit'],
	email: ['email', 'e mail', 'thu dien tu'],
	phone: ['dien thoai', 'sdt', 'dt', 'di dong', 'phone', 'mobile']
};
const FIELD_ORDER: readonly PeopleField[] = ['name', 'role', 'position', 'unit', 'email', 'phone'];

/**
 * Role words as officials write them, folded; a cell matches when it starts with one ("Cụm phó thường trực",
 * "Đại biểu Trường Chính trị tỉnh Sơn La"). Longer phrases come first: "Đại biểu khách mời" is a guest, not a
 * delegate. "Thành viên", "Ủy viên", "Đại diện", "Trưởng đoàn", "Lãnh đạo đơn vị" name a member unit's delegate.
 */
const ROLE_WORDS: readonly (readonly [string, Role])[] = [
	['dai bieu khach moi', 'observer'],
	['khach moi', 'observer'],
	['moi du', 'observer'],
	['quan sat', 'observer'],
	['thu ky hoi nghi', 'host'],
	['thu ky cum', 'host'],
	['thu ky', 'host'],
	['pho cum truong', 'vice_head'],
	['cum truong', 'head'],
	['truong cum', 'head'],
	['chu tri', 'head'],
	['cum pho', 'vice_head'],
	['dai bieu', 'delegate'],
	['dai dien', 'delegate'],
	['thanh vien', 'delegate'],
	['uy vien', 'delegate'],
	['truong doan', 'delegate'],
	['lanh dao don vi', 'delegate'],
	// The board's own names, in English, for lists written by the admin command or a translated template.
	['head', 'head'],
	['vice head', 'vice_head'],
	['delegate', 'delegate'],
	['host', 'host'],
	['secretary', 'host'],
	['observer', 'observer'],
	['guest', 'observer']
];

/** The role words understood, as officials write them, by role: for the message about a word that is not. */
export const ROLE_WORDS_WRITTEN: Readonly<Record<Role, readonly string[]>> = {
	head: ['Cụm trưởng', 'Trưởng Cụm', 'Chủ trì'],
	vice_head: ['Cụm phó', 'Cụm phó thường trực', 'Phó Cụm trưởng'],
	delegate: ['Đại biểu', 'Thành viên', 'Ủy viên', 'Đại diện đơn vị', 'Trưởng đoàn', 'Lãnh đạo đơn vị'],
	host: ['Thư ký', 'Thư ký hội nghị', 'Thư ký Cụm'],
	observer: ['Khách mời', 'Đại biểu khách mời', 'Mời dự']
};

/** How many rows from the top may precede the header (a title, a date, a blank line). */
const HEADER_SEARCH_ROWS = 20;
export const MAX_PEOPLE_ROWS = 500;

export interface MeetingUnitRef {
	id: number;
	slug: string;
	name: string;
	shortName: string;
}

/** Someone already in the meeting: a row that names them updates them; also for the one-delegate-per-unit check. */
export interface ExistingPerson {
	/** Their participation's id. */
	id: number;
	name: string;
	role: Role;
	unitId: number | null;
	email: string | null;
}

export type PeopleProblem =
	| { kind: 'no_header' }
	| { kind: 'no_rows' }
	| { kind: 'too_many_rows'; max: number }
	| { kind: 'missing_name'; row: number }
	| { kind: 'missing_role'; row: number }
	/** Every row whose role word is not understood, in one problem (its message lists the words understood). */
	| { kind: 'unknown_role'; rows: number[]; texts: string[] }
	| { kind: 'unknown_unit'; row: number; text: string }
	| { kind: 'delegate_without_unit'; row: number }
	| { kind: 'two_delegates'; row: number; unit: string; otherRow: number | null }
	| { kind: 'bad_email'; row: number; text: string }
	| { kind: 'duplicate_person'; row: number; name: string; otherRow: number | null };

export interface PersonRow {
	/** The row's number as the official sees it: the spreadsheet's row, or the pasted text's line. */
	row: number;
	name: string;
	position: string | null;
	role: Role | null;
	/** The role as written, for the preview. */
	roleText: string;
	unitId: number | null;
	/** The unit as written, for the preview. */
	unitText: string;
	email: string | null;
	phone: string | null;
	/** The participation of someone already in the meeting this row names (by e-mail, else by name and unit): updated, not added. */
	matches: number | null;
}

export interface PeopleList {
	/** Which column holds which field (zero-based), as found in the header. */
	columns: Partial<Record<PeopleField, number>>;
	headerRow: number | null;
	rows: PersonRow[];
	problems: PeopleProblem[];
}

/** Whether the list can be stored as it is. */
export function isImportable(list: PeopleList): boolean {
	return list.problems.length === 0 && list.rows.length > 0;
}

export function roleFromText(text: string): Role | null {
	const folded = foldText(text);
	if (!folded) return null;
	for (const [words, role] of ROLE_WORDS) {
		if (folded === words || folded.startsWith(`${words} `)) return role;
	}
	return null;
}

function headerField(text: string): PeopleField | null {
	const folded = ` ${foldText(text)} `;
	if (folded.trim() === '') return null;
	for (const field of FIELD_ORDER) {
		if (HEADER_WORDS[field].some((words) => folded.includes(` ${words} `))) return field;
	}
	return null;
}

/** The header: the first row near the top with a name column and at least one other field. */
function findHeader(
	rows: readonly CellValue[][]
): { row: number; columns: Partial<Record<PeopleField, number>> } | null {
	for (let r = 0; r < Math.min(rows.length, HEADER_SEARCH_ROWS); r++) {
		const columns: Partial<Record<PeopleField, number>> = {};
		rows[r]!.forEach((cell, c) => {
			const field = headerField(cellText(cell));
			if (field && columns[field] === undefined) columns[field] = c;
		});
		if (columns.name !== undefined && Object.keys(columns).length >= 2)
			return withSubheader(rows[r + 1], columns, r);
	}
	return null;
}

/**
 * A header on two rows ("Liên hệ" merged over "Email" and "Điện thoại"): a row under the header whose every cell is
 * a header word of a field not found yet adds those columns and is not a person.
 */
function withSubheader(
	next: readonly CellValue[] | undefined,
	columns: Partial<Record<PeopleField, number>>,
	row: number
) {
	if (!next) return { columns, row };
	const found: Partial<Record<PeopleField, number>> = {};
	for (const [c, cell] of next.entries()) {
		const text = cellText(cell);
		if (!text) continue;
		const field = headerField(text);
		if (!field || columns[field] !== undefined || found[field] !== undefined) return { columns, row };
		found[field] = c;
	}
	return Object.keys(found).length === 0 ? { columns, row } : { columns: { ...columns, ...found }, row: row + 1 };
}

/** A member unit by its name, short name or slug, ignoring case and diacritics; or by a name ending in its short name. */
export function matchUnit(text: string, units: readonly MeetingUnitRef[]): MeetingUnitRef | null {
	const folded = foldText(text);
	if (!folded) return null;
	const exact = units.filter((u) => [u.name, u.shortName, u.slug].some((n) => foldText(n) === folded));
	if (exact.length === 1) return exact[0]!;
	// "Trường Chính trị Sơn La" for "Trường Chính trị tỉnh Sơn La": accepted only when one unit alone fits.
	const ending = units.filter((u) => {
		const short = foldText(u.shortName);
		return short !== '' && (folded === short || folded.endsWith(` ${short}`));
	});
	return ending.length === 1 ? ending[0]! : null;
}

const EMAIL = /^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]+$/;

export function isEmail(text: string): boolean {
	return text.length <= 254 && EMAIL.test(text);
}

/** A phone number as text; Excel drops the leading 0 of a number typed as one (912345678 → "0912345678"). */
function phoneText(value: CellValue | undefined): string | null {
	if (typeof value === 'number' && Number.isInteger(value) && String(value).length === 9) return `0${value}`;
	const text = cellText(value);
	return text === '' ? null : text;
}

const personKey = (name: string, unitId: number | null) => `${foldText(name)}|${unitId ?? ''}`;

/**
 * Reads and checks a list of people. `existing` are the meeting's participants already stored: a row that names one
 * of them (the same e-mail, else the same name and unit; the host included) updates that person's role, unit and
 * position instead of adding a second account. Two rows for one person, or a second delegate for a unit, are a
 * problem of the row that brings it.
 */
export function readPeopleList(
	grid: Grid,
	units: readonly MeetingUnitRef[],
	existing: readonly ExistingPerson[] = []
): PeopleList {
	const header = findHeader(grid.rows);
	if (!header) return { columns: {}, headerRow: null, rows: [], problems: [{ kind: 'no_header' }] };
	const { columns } = header;
	const cell = (row: readonly CellValue[], field: PeopleField) =>
		columns[field] === undefined ? undefined : row[columns[field]!];

	const rows: PersonRow[] = [];
	const problems: PeopleProblem[] = [];
	const dataRows = grid.rows
		.slice(header.row + 1)
		.map((cells, i) => ({ cells, number: header.row + i + 2 }))
		.filter((r) => !isBlankRow(r.cells));
	if (dataRows.length === 0) return { columns, headerRow: header.row + 1, rows, problems: [{ kind: 'no_rows' }] };
	if (dataRows.length > MAX_PEOPLE_ROWS)
		return {
			columns,
			headerRow: header.row + 1,
			rows,
			problems: [{ kind: 'too_many_rows', max: MAX_PEOPLE_ROWS }]
		};

	const existingByKey = new Map(existing.map((p) => [personKey(p.name, p.unitId), p.id]));
	// A row without a member unit (the secretariat, a guest, often written with their outside body) names whoever
	// alone in the meeting bears that name, whatever unit they were stored with. A row with a unit names, besides
	// that unit's person of the name, the one person of the name stored without a unit: the host typed in when the
	// meeting was made, whom the list then places in the head's unit.
	const byName = new Map<string, number[]>();
	const unitlessByName = new Map<string, number[]>();
	for (const p of existing) {
		byName.set(foldText(p.name), [...(byName.get(foldText(p.name)) ?? []), p.id]);
		if (p.unitId === null)
			unitlessByName.set(foldText(p.name), [...(unitlessByName.get(foldText(p.name)) ?? []), p.id]);
	}
	const existingByName = (name: string, withUnit: boolean) => {
		const ids = (withUnit ? unitlessByName : byName).get(foldText(name)) ?? [];
		return ids.length === 1 ? ids[0]! : undefined;
	};
	const existingByEmail = new Map(existing.flatMap((p) => (p.email ? [[p.email.toLowerCase(), p.id] as const] : [])));
	const personRows = new Map<string, number>();
	const emailRows = new Map<string, number>();
	const matchedRows = new Map<number, number>();
	const unknownRoles: { row: number; text: string }[] = [];
	// Per row, in order, the problems found while reading it; the delegate check, which needs every match, comes after.
	const rowProblems = new Map<number, PeopleProblem[]>();
	const note = (row: number, problem: PeopleProblem) =>
		rowProblems.set(row, [...(rowProblems.get(row) ?? []), problem]);

	for (const { cells, number } of dataRows) {
		const name = cellText(cell(cells, 'name'));
		const roleText = cellText(cell(cells, 'role'));
		const unitText = cellText(cell(cells, 'unit'));
		const emailText = cellText(cell(cells, 'email'));
		let position: string | null = cellText(cell(cells, 'position')) || null;
		const role = roleFromText(roleText);
		const unit = matchUnit(unitText, units);

		if (!name) note(number, { kind: 'missing_name', row: number });
		if (!roleText) note(number, { kind: 'missing_role', row: number });
		else if (!role) unknownRoles.push({ row: number, text: roleText });
		if (unitText && !unit) {
			// Guests and the secretariat may come from outside the cluster (the Academy's office): their body is kept
			// with their position. A scorer or a delegate must belong to a member unit.
			if (role === 'observer' || role === 'host') position = position ? `${position}, ${unitText}` : unitText;
			else note(number, { kind: 'unknown_unit', row: number, text: unitText });
		}
		if (role === 'delegate' && !unitText) note(number, { kind: 'delegate_without_unit', row: number });
		let email: string | null = null;
		if (emailText) {
			if (!isEmail(emailText)) note(number, { kind: 'bad_email', row: number, text: emailText });
			else email = emailText.toLowerCase();
		}
		let matches: number | null = null;
		if (name) {
			const key = personKey(name, unit?.id ?? null);
			matches =
				(email !== null ? existingByEmail.get(email) : undefined) ??
				existingByKey.get(key) ??
				existingByName(name, unit !== null) ??
				null;
			const other =
				personRows.get(key) ??
				(email ? emailRows.get(email) : undefined) ??
				(matches !== null ? matchedRows.get(matches) : undefined);
			if (other !== undefined) {
				note(number, { kind: 'duplicate_person', row: number, name, otherRow: other });
				matches = null;
			} else {
				personRows.set(key, number);
				if (email) emailRows.set(email, number);
				if (matches !== null) matchedRows.set(matches, number);
			}
		}
		rows.push({
			row: number,
			name,
			position,
			role,
			roleText,
			unitId: unit?.id ?? null,
			unitText,
			email,
			phone: phoneText(cell(cells, 'phone')),
			matches
		});
	}

	// A unit's delegates once the list is stored: the rows', and those already in the meeting whom no row updates.
	const matched = new Set(rows.flatMap((r) => (r.matches === null ? [] : [r.matches])));
	const keptDelegates = new Set(
		existing.filter((p) => p.role === 'delegate' && !matched.has(p.id)).map((p) => p.unitId)
	);
	const delegateRows = new Map<number, number>();
	for (const row of rows) {
		if (row.role !== 'delegate' || row.unitId === null) continue;
		const other = delegateRows.get(row.unitId);
		if (other !== undefined || keptDelegates.has(row.unitId)) {
			const unit = units.find((u) => u.id === row.unitId)!;
			note(row.row, { kind: 'two_delegates', row: row.row, unit: unit.shortName, otherRow: other ?? null });
		} else delegateRows.set(row.unitId, row.row);
	}

	for (const row of rows) {
		const found = rowProblems.get(row.row) ?? [];
		// In the order the row reads: name, role, unit, e-mail, then who the row is.
		const order: PeopleProblem['kind'][] = [
			'missing_name',
			'missing_role',
			'unknown_unit',
			'delegate_without_unit',
			'two_delegates',
			'bad_email',
			'duplicate_person'
		];
		problems.push(...found.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind)));
	}
	if (unknownRoles.length > 0) {
		problems.push({
			kind: 'unknown_role',
			rows: unknownRoles.map((u) => u.row),
			texts: [...new Set(unknownRoles.map((u) => u.text))]
		});
	}
	return { columns, headerRow: header.row + 1, rows, problems };
}

/**
 * A table pasted from Excel or Word: cells separated by tabs (or ';' when a line has no tab), quoted cells may hold
 * line breaks and doubled quotes as Excel copies them.
 */
export function readPastedTable(text: string): Grid {
	const clean = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
	const separator = clean.includes('\t') ? '\t' : ';';
	const rows: CellValue[][] = [];
	let row: CellValue[] = [];
	let cell = '';
	let quoted = false;
	let atCellStart = true;
	const endCell = () => {
		const trimmed = cell.trim();
		row.push(trimmed === '' ? null : trimmed);
		cell = '';
		atCellStart = true;
	};
	for (let i = 0; i < clean.length; i++) {
		const ch = clean[i]!;
		if (quoted) {
			if (ch === '"' && clean[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (ch === '"') quoted = false;
			else cell += ch;
			continue;
		}
		if (ch === '"' && atCellStart) {
			quoted = true;
			atCellStart = false;
		} else if (ch === separator) endCell();
		else if (ch === '\n') {
			endCell();
			rows.push(row);
			row = [];
		} else {
			cell += ch;
			if (ch !== ' ') atCellStart = false;
		}
	}
	if (cell !== '' || row.length > 0) {
		endCell();
		rows.push(row);
	}
	while (rows.length > 0 && isBlankRow(rows.at(-1)!)) rows.pop();
	return { rows, merges: [] };
}

/** Whether a value read back from a form is a grid (rows of strings, numbers or nulls), and not too big to be one. */
export function isGridRows(value: unknown): value is CellValue[][] {
	return (
		Array.isArray(value) &&
		value.length <= MAX_PEOPLE_ROWS + HEADER_SEARCH_ROWS &&
		value.every(
			(row) =>
				Array.isArray(row) &&
				row.length <= 100 &&
				row.every((c) => c === null || typeof c === 'string' || typeof c === 'number')
		)
	);
}
