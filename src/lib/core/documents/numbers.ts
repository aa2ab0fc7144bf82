import type { DocumentLayout } from './layout';

// A document's number and symbol ("số, ký hiệu"): the number in the issuer's register, the abbreviation of the
// document's type (BB for minutes, BC for a report) and the issuer's abbreviation (CTĐ for a cluster). Nghị định
// 30/2020/NĐ-CP writes "76/BC-CTĐ" (the type after the slash), Hướng dẫn 36-HD/VPTW "76-BC/CTĐ" (the type before it).

export type DocumentType = 'BB' | 'BC';

/** The issuer's abbreviation when none is set: every emulation cluster is a "Cụm thi đua". */
export const DEFAULT_ISSUER = 'CTĐ';

/** The number and symbol in the layout's pattern; with no number yet, dots stand in its place for the office's pen. */
export function documentSymbol(layout: DocumentLayout, number: string, type: DocumentType, issuer: string): string {
	const n = number.trim() || '……';
	const by = issuer.trim() || DEFAULT_ISSUER;
	return layout === 'party' ? `${n}-${type}/${by}` : `${n}/${type}-${by}`;
}

export interface ReadNumber {
	/** The number in the register, digits as typed ("07" stays "07"). */
	number: string;
	/** The issuer's abbreviation when a whole symbol was typed ("76-BC/CTĐ" → "CTĐ"). */
	issuer: string | null;
}

/**
 * What an office types in a number field: the number alone ("76"), or the whole symbol in either layout's pattern
 * ("76-BC/CTĐ", "76/BC-CTĐ", "Số: 76/BC-CTĐ"). Undefined when it is neither; an empty field is an empty number.
 */
export function readDocumentNumber(text: string): ReadNumber | undefined {
	const t = text
		.trim()
		.replace(/^số\s*:?\s*/iu, '')
		.trim();
	if (t === '') return { number: '', issuer: null };
	if (/^\d{1,6}$/.test(t)) return { number: t, issuer: null };
	const party = /^(\d{1,6})-([\p{L}]{1,10})\/([\p{L}\p{N}.-]{1,20})$/u.exec(t);
	if (party) return { number: party[1]!, issuer: party[3]! };
	const state = /^(\d{1,6})\/([\p{L}]{1,10})-([\p{L}\p{N}.-]{1,20})$/u.exec(t);
	if (state) return { number: state[1]!, issuer: state[3]! };
	return undefined;
}

/** One document of the meeting in the order its numbers are taken: the vote counts, the minutes, the report. */
export interface NumberSlot {
	key: string;
	/** As stored: "" when not yet set. */
	number: string;
}

/**
 * The number suggested for each slot not yet set: one after the last number used before it (set or suggested), in
 * filing order, starting after `lastUsed` (the highest number the issuer used before this meeting's documents, if
 * known). A slot before any number is known gets no suggestion. Slots already set keep their own.
 */
export function suggestNumbers(slots: readonly NumberSlot[], lastUsed: number | null = null): Map<string, string> {
	const out = new Map<string, string>();
	let last = lastUsed;
	for (const slot of slots) {
		const own = /^\d+$/.test(slot.number.trim()) ? Number(slot.number.trim()) : null;
		if (own !== null) {
			last = last === null ? own : Math.max(last, own);
			continue;
		}
		if (last === null) continue;
		last += 1;
		out.set(slot.key, String(last));
	}
	return out;
}

/** The numbers given to more than one document: each such number with the keys of the slots that carry it. */
export function repeatedNumbers(slots: readonly NumberSlot[]): { number: string; keys: string[] }[] {
	const by = new Map<number, string[]>();
	for (const slot of slots) {
		const t = slot.number.trim();
		if (!/^\d+$/.test(t)) continue;
		by.set(Number(t), [...(by.get(Number(t)) ?? []), slot.key]);
	}
	return [...by].filter(([, keys]) => keys.length > 1).map(([n, keys]) => ({ number: String(n), keys }));
}
