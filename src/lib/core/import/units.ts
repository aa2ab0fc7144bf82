import { cellText, foldText, isBlankRow, type CellValue, type Grid } from './grid';

// A cluster's member units from a list the secretariat has: a worksheet, a Word table or lines pasted from one.
// Each unit gets a short name (given, or derived) and a slug for its address; duplicates are flagged. A list of
// people (a names column and more: "Họ và tên", "Chức vụ", "Đơn vị") gives the distinct units it names, never its
// people, and never a guest's body (a row whose role is a guest's, or whose unit is the superior body).

export interface ImportedUnit {
	/** The row in the file or the line pasted (1-based). */
	row: number;
	name: string;
	shortName: string;
	slug: string;
	/** Whether the short name was derived from the name rather than given. */
	derived: boolean;
}

export type UnitProblemReason = 'no_name' | 'duplicate_name' | 'duplicate_short_name' | 'duplicate_slug' | 'no_units';
export interface UnitProblem {
	reason: UnitProblemReason;
	row?: number;
	/** The other row a duplicate repeats. */
	other?: number;
	text?: string;
}

export interface UnitsList {
	units: ImportedUnit[];
	problems: UnitProblem[];
}

/** "Quảng Ninh" → "quang-ninh", "Đắk Lắk" → "dak-lak": lower case, no diacritics (đ → d), words joined by '-'. */
export function slugify(name: string): string {
	return foldText(name).replace(/ /g, '-');
}

// The administrative words after which the place comes ("… tỉnh Sơn La", "… thành phố Hà Nội", "… TP. Huế").
const PLACE_WORDS = /(?:^|\s)(?:tỉnh|thành phố|tp\.?|huyện|quận|thị xã)\s+(\S.*)$/iu;

/**
 * The short name officials use: what follows the last "tỉnh", "thành phố"/"TP.", "huyện", "quận" or "thị xã"
 * ("Trường Chính trị tỉnh Sơn La" → "Sơn La", "Trường Đào tạo cán bộ Nguyễn Văn Cừ tỉnh Quảng Ninh" →
 * "Quảng Ninh"); a name without one stays whole.
 */
export function shortNameOf(name: string): string {
	const clean = name.replace(/\s+/g, ' ').trim();
	let rest = clean;
	for (let match = PLACE_WORDS.exec(rest); match; match = PLACE_WORDS.exec(rest)) rest = match[1]!;
	return rest === clean ? clean : rest.trim();
}

const HEADER_NAME = /^(ten don vi|don vi|ten|ten truong|ten co quan|co quan don vi|ten co quan don vi|unit|name)$/;
const HEADER_SHORT = /^(ten viet tat|viet tat|ten ngan|ten goi tat|short name|ten rut gon)$/;
const HEADER_ORDER = /^(s?tt|so tt|so thu tu|no)$/;
/** A people list's names column: it makes the list one of people, whose units are in another column. */
const HEADER_PERSON = /^(ho va ten|ho ten|ho va ten dai bieu|ho ten dai bieu|ten dai bieu|nguoi tham du|full name)$/;
const HEADER_UNIT = /^(don vi|ten don vi|co quan|don vi cong tac|co quan don vi|co quan cong tac|noi cong tac|unit)$/;
/** Columns that may say a row is a guest: the role, the position, the delegation. */
const HEADER_ROLE = /^(chuc vu|chuc danh|vai tro|nhiem vu|thanh phan|tu cach|tu cach tham du|ghi chu|role)$/;
/** A guest's words, with or without diacritics: "Khách mời", "Đại biểu khách mời", "Mời dự". */
const GUEST = /\b(khach moi|moi du|khach|guest)\b/;

/** Lines pasted from a spreadsheet or a document: cells split on tabs, else on ';'. */
export function pastedGrid(text: string): Grid {
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	const separator = lines.some((l) => l.includes('\t')) ? '\t' : ';';
	const rows: CellValue[][] = lines.map((line) =>
		line.split(separator).map((cell) => (cell.trim() === '' ? null : cell.trim()))
	);
	while (rows.length > 0 && isBlankRow(rows.at(-1)!)) rows.pop();
	return { rows, merges: [] };
}

export interface ReadUnitsOptions {
	/** The body the cluster reports to: in a people list, its people are guests and it is no member unit. */
	superior?: string | null;
}

/** Whether a unit named in a list is the superior body (or an office of it, "Vụ Thi đua - Khen thưởng, Học viện …"). */
export function isSuperiorBody(unit: string, superior: string | null | undefined): boolean {
	const a = foldText(unit);
	const b = foldText(superior ?? '');
	if (a === '' || b === '') return false;
	// Containment only for names long enough to be one body's ("Học viện" alone names many).
	const long = (s: string) => s.split(' ').length >= 4;
	return a === b || (long(b) && a.includes(b)) || (long(a) && b.includes(a));
}

export function readUnitsList(input: Grid | string, options: ReadUnitsOptions = {}): UnitsList {
	const grid = typeof input === 'string' ? pastedGrid(input) : input;
	const people = unitsOfPeople(grid, options);
	if (people) return people;
	let nameColumn = -1;
	let shortColumn = -1;
	let start = 0;
	// A header row, if there is one among the first lines, names the columns.
	for (let r = 0; r < Math.min(grid.rows.length, 15); r++) {
		const labels = (grid.rows[r] ?? []).map((c) => foldText(cellText(c)));
		const name = labels.findIndex((l) => HEADER_NAME.test(l));
		if (name >= 0) {
			nameColumn = name;
			shortColumn = labels.findIndex((l) => HEADER_SHORT.test(l));
			start = r + 1;
			break;
		}
	}
	const units: ImportedUnit[] = [];
	const problems: UnitProblem[] = [];
	for (let r = start; r < grid.rows.length; r++) {
		const row = grid.rows[r]!;
		if (isBlankRow(row)) continue;
		const texts = row.map((c) => cellText(c));
		let name: string;
		let given: string;
		if (nameColumn >= 0) {
			name = texts[nameColumn] ?? '';
			given = shortColumn >= 0 ? (texts[shortColumn] ?? '') : '';
		} else {
			// No header: an order number first is skipped, then the name, then perhaps a short name.
			const cells = texts.filter((t) => t !== '');
			if (cells.length > 0 && /^\d+\.?$/.test(cells[0]!)) cells.shift();
			if (cells.length > 0 && HEADER_ORDER.test(foldText(cells[0]!))) continue;
			name = cells[0] ?? '';
			given = cells[1] ?? '';
		}
		name = name.replace(/\s+/g, ' ').trim();
		if (name === '') {
			if (texts.some((t) => t !== '' && !/^\d+\.?$/.test(t))) problems.push({ reason: 'no_name', row: r + 1 });
			continue;
		}
		const shortName = given.trim() !== '' ? given.replace(/\s+/g, ' ').trim() : shortNameOf(name);
		units.push({ row: r + 1, name, shortName, slug: slugify(shortName), derived: given.trim() === '' });
	}
	const firstSeen = (key: (u: ImportedUnit) => string, reason: UnitProblemReason) => {
		const seen = new Map<string, number>();
		for (const unit of units) {
			const k = key(unit);
			if (k === '') continue;
			const other = seen.get(k);
			if (other !== undefined)
				problems.push({
					reason,
					row: unit.row,
					other,
					text:
						reason === 'duplicate_name'
							? unit.name
							: reason === 'duplicate_short_name'
								? unit.shortName
								: unit.slug
				});
			else seen.set(k, unit.row);
		}
	};
	const same = (text: string) => text.normalize('NFC').toLowerCase();
	firstSeen((u) => same(u.name), 'duplicate_name');
	firstSeen((u) => same(u.shortName), 'duplicate_short_name');
	// Two short names that differ only by diacritics ("Hà Nam", "Hà Năm") still make one address.
	firstSeen((u) => u.slug, 'duplicate_slug');
	// One problem per row: a repeated name repeats its short name and slug too.
	const dedup = problems.filter((p, i) => !problems.some((q, j) => j < i && q.row === p.row));
	if (units.length === 0) dedup.push({ reason: 'no_units' });
	return { units, problems: dedup.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)) };
}

/**
 * The units a list of people names: the header has a names column and a unit column; each distinct unit once, at
 * the row it first appears, skipping guests (by their role words) and the superior body. Null when the list is
 * not one of people.
 */
function unitsOfPeople(grid: Grid, options: ReadUnitsOptions): UnitsList | null {
	for (let r = 0; r < Math.min(grid.rows.length, 15); r++) {
		const labels = (grid.rows[r] ?? []).map((c) => foldText(cellText(c)));
		const person = labels.findIndex((l) => HEADER_PERSON.test(l));
		const unitColumn = labels.findIndex((l) => HEADER_UNIT.test(l));
		if (person < 0 || unitColumn < 0) continue;
		const roleColumns = labels.flatMap((l, i) => (HEADER_ROLE.test(l) ? [i] : []));
		const shortColumn = labels.findIndex((l) => HEADER_SHORT.test(l));
		const units: ImportedUnit[] = [];
		const seen = new Set<string>();
		for (let row = r + 1; row < grid.rows.length; row++) {
			const cells = grid.rows[row]!;
			if (isBlankRow(cells)) continue;
			const name = cellText(cells[unitColumn]);
			if (name === '') continue;
			if (roleColumns.some((c) => GUEST.test(foldText(cellText(cells[c]))))) continue;
			if (isSuperiorBody(name, options.superior)) continue;
			const key = name.normalize('NFC').toLowerCase();
			if (seen.has(key)) continue;
			seen.add(key);
			const given = shortColumn >= 0 ? cellText(cells[shortColumn]) : '';
			const shortName = given !== '' ? given : shortNameOf(name);
			units.push({ row: row + 1, name, shortName, slug: slugify(shortName), derived: given === '' });
		}
		const problems: UnitProblem[] = [];
		const bySlug = new Map<string, number>();
		for (const unit of units) {
			const other = bySlug.get(unit.slug);
			if (other !== undefined) problems.push({ reason: 'duplicate_slug', row: unit.row, other, text: unit.slug });
			else bySlug.set(unit.slug, unit.row);
		}
		if (units.length === 0) problems.push({ reason: 'no_units' });
		return { units, problems };
	}
	return null;
}

/** A list without the superior body, which is never a member unit (for lists read before the cluster was known). */
export function withoutSuperiorBody(list: UnitsList, superior: string | null | undefined): UnitsList {
	const units = list.units.filter((u) => !isSuperiorBody(u.name, superior));
	if (units.length === list.units.length) return list;
	const kept = new Set(units.map((u) => u.row));
	const problems = list.problems.filter((p) => p.row === undefined || kept.has(p.row));
	return {
		units,
		problems:
			units.length === 0 && !problems.some((p) => p.reason === 'no_units')
				? [...problems, { reason: 'no_units' }]
				: problems
	};
}
