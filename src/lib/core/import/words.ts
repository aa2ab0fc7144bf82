import { parsePoints, points as toPoints, type Points } from '../scoring/points';
import { cellText, foldText, type CellValue } from './grid';

// Words officials write around figures and on the rows that add them up: maxima with words ("tối đa 10 điểm",
// "10đ", "≤ 10", "trừ 2"), a maximum at the end of a title ("Công tác đào tạo (tối đa 10 điểm)"), and sum rows
// ("Cộng", "Cộng mục I", "Cộng (I + II + III)", "Tổng cộng phần A", "Tổng số điểm", "Tổng điểm tối đa").

export interface MaxRead {
	/** The amount, always positive or zero: the sign of a penalty comes from `penalty`. */
	value: Points;
	/** Written as points taken away: "-2", "trừ 2", "(trừ tối đa 10 điểm)". */
	penalty: boolean;
}

/** Lower case without diacritics, punctuation kept; same length as the NFC text for Vietnamese. */
function plain(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D')
		.toLowerCase();
}

// Words before the number: "tối đa", "không quá", "≤", "trừ", "điểm trừ", "mức"; each may end with a colon.
const BEFORE = String.raw`(?:(?:toi da|toi|khong qua|khong vuot qua|<=|=<|≤|tru|bi tru|diem tru|diem toi da|diem chuan|muc|max)\s*:?\s*)*`;
const NUMBER = String.raw`([-−–]?)\s*(\d{1,4}(?:[.,]\d{1,2})?)`;
const AFTER = String.raw`\s*(?:diem|d)?\.?`;
const MAX_TEXT = new RegExp(`^${BEFORE}${NUMBER}${AFTER}$`);

function readPlainMax(text: string): MaxRead | null {
	const t = text
		.trim()
		.replace(/^\((.*)\)$/, '$1')
		.replace(/^\[(.*)\]$/, '$1')
		.trim();
	const match = MAX_TEXT.exec(t);
	if (!match) return null;
	const parsed = parsePoints(match[2]!);
	if (!parsed.ok) return null;
	return { value: parsed.value, penalty: match[1] !== '' || /\btru\b/.test(t) };
}

/** A maximum as its cell holds it: a number, "7,5", "10 điểm", "10đ", "(tối đa 10 điểm)", "tối đa: 10", "≤ 10", "-2", "trừ 2". */
export function readMaxCell(value: CellValue | undefined): MaxRead | null {
	if (typeof value === 'number') {
		try {
			const p = toPoints(Math.round(value * 1e6) / 1e6);
			return { value: Math.abs(p), penalty: p < 0 };
		} catch {
			return null;
		}
	}
	const text = cellText(value);
	if (text === '') return null;
	return readPlainMax(plain(text));
}

// At the end of a title: "(tối đa 10 điểm)", "(10 điểm)", "(trừ tối đa 10 điểm)", "- tối đa 10 điểm", ": 10đ". A number
// there must come with a word saying it is a maximum ("điểm", "đ", "tối đa", "trừ"), so "Nghị quyết số 10" stays whole.
const TITLE_TAIL = /\s*(?:[([]([^()[\]]*\d[^()[\]]*)[)\]]|[:\-–—]\s*([^:\-–—]*\d[^:\-–—]*))\s*\.?$/;

/** A maximum written at the end of a title, and the title without it; null when the title has none. */
export function maxInTitle(title: string): { title: string; max: MaxRead; text: string } | null {
	const nfc = title.normalize('NFC');
	const p = plain(nfc);
	if (p.length !== nfc.length) return null;
	const match = TITLE_TAIL.exec(p);
	if (!match) return null;
	const inner = (match[1] ?? match[2] ?? '').trim();
	if (!/(\bdiem\b|\d\s*d\b|\btoi da\b|\btru\b|\bkhong qua\b|≤)/.test(inner)) return null;
	const max = readPlainMax(inner);
	if (!max) return null;
	const rest = nfc.slice(0, match.index).trim();
	if (rest === '') return null;
	const start = p.indexOf(inner, match.index);
	return { title: rest, max, text: nfc.slice(start, start + inner.length).trim() };
}

// ——— sum rows ———

export interface SumWords {
	/** What the words sum: the whole table ("Tổng cộng"), named sections ("Cộng mục I", "Cộng (I + II)"), the
	 *  section the row closes ("Cộng"), or the bonus or penalty part ("Cộng điểm thưởng"). */
	scope: 'grand' | 'refs' | 'close' | 'bonus' | 'penalty';
	/** Section numbers named, upper case as printed: "I", "II", "A", "1". */
	refs: string[];
}

// The words that open a sum row, longest first; what may follow them without making the row a criterion.
const OPENERS = [
	'tong cong diem',
	'tong cong',
	'tong so diem',
	'tong diem',
	'tong so',
	'tong',
	'cong diem',
	'cong lai',
	'cong',
	'total',
	'sum'
];
const STRONG_OPENERS = new Set(['tong cong diem', 'tong cong', 'tong so diem', 'tong diem']);
const GRAND_OPENERS = new Set(['tong cong diem', 'tong cong', 'tong so diem', 'tong diem', 'tong so', 'tong', 'total']);
const FILLERS = new Set([
	'diem',
	'toi',
	'da',
	'chuan',
	'tu',
	'cham',
	'dat',
	'duoc',
	'cac',
	'muc',
	'phan',
	'nhom',
	'chuong',
	'tieu',
	'chi',
	'ca',
	'nam',
	'va',
	'tat',
	'bang',
	'quy',
	'dinh',
	'so',
	'lai',
	'cong',
	'toan',
	'bo',
	'thi',
	'dua',
	'the',
	'duoi',
	'tren',
	'gom'
]);
const ROMAN_REF = /^(x{0,3})(ix|iv|v?i{0,3})$/;

/** Whether a row's words say it adds up others, and what; null when they do not. */
export function readSumWords(title: string): SumWords | null {
	const folded = foldText(title);
	if (folded === '') return null;
	const opener = OPENERS.find((o) => folded === o || folded.startsWith(`${o} `));
	if (!opener) return null;
	const rest = folded.slice(opener.length).trim();
	const tokens = rest === '' ? [] : rest.split(' ');
	const refs: string[] = [];
	const kinds = new Set<'bonus' | 'penalty'>();
	let other = false;
	for (const token of tokens) {
		if (token === 'thuong') kinds.add('bonus');
		else if (token === 'tru' || token === 'phat') kinds.add('penalty');
		else if (FILLERS.has(token)) continue;
		else if ((ROMAN_REF.test(token) && token !== '') || /^[a-h]$/.test(token) || /^\d{1,2}$/.test(token))
			refs.push(token.toUpperCase());
		else other = true;
	}
	// "Tổng cộng (I + II + thưởng − trừ)": the whole, bonus and penalty included.
	if (kinds.size === 2) return { scope: 'grand', refs: [] };
	const kind = [...kinds][0] ?? null;
	if (other) {
		// "Tổng cộng (thang điểm 100)": words this strong make a sum whatever follows; "Cộng tác…" is no sum.
		if (!STRONG_OPENERS.has(opener)) return null;
		return kind ? { scope: kind, refs: [] } : { scope: 'grand', refs: [] };
	}
	// "Cộng điểm" before anything else is a sum, but "Cộng" must not swallow "Công tác…" (caught above by its word).
	if (refs.length > 0) return { scope: 'refs', refs };
	if (kind) return { scope: kind, refs: [] };
	return { scope: GRAND_OPENERS.has(opener) ? 'grand' : 'close', refs: [] };
}
