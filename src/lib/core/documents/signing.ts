import type { DocumentLayout } from './layout';
import { capitals } from './text';

// Signature blocks as officials sign: the authority line(s) in capitals (T/M for a body, then the signer's
// capacity), room to sign, then the name; and the "Nơi nhận" list in the form of the layout.

export interface Signature {
	/** In capitals, one a line: "T/M CỤM THI ĐUA", "CỤM TRƯỞNG". */
	authority: string[];
	/** The signer's full name; empty when not yet named (the office writes it in). */
	name: string;
}

/** The report: the head signs on behalf of the cluster (thay mặt). */
export function headSignature(name: string): Signature {
	return { authority: ['T/M CỤM THI ĐUA', 'CỤM TRƯỞNG'], name: name.trim() };
}

/** The minutes: the chair first (printed on the right), then the secretary (on the left). */
export function minutesSignatures(chair: string, secretary: string): [Signature, Signature] {
	return [
		{ authority: ['CHỦ TRÌ'], name: chair.trim() },
		{ authority: ['THƯ KÝ'], name: secretary.trim() }
	];
}

/** A vote count: every member of the committee signs, the head first. */
export function committeeSignatures(head: string, members: readonly string[]): Signature[] {
	return [
		{ authority: ['TRƯỞNG BAN KIỂM PHIẾU'], name: head.trim() },
		...members.map((m) => ({ authority: ['THÀNH VIÊN'], name: m.trim() }))
	];
}

/** The authority lines as printed. */
export function authorityLines(s: Signature): string[] {
	return s.authority.map((line) => capitals(line));
}

const ARCHIVE = /^lưu\b\s*:?\s*/iu;

/**
 * "Nơi nhận" as each layout writes it, the host's lines in order with the archive line last. The State's (Nghị
 * định 30): each line ends with a semicolon and the archive reads "Lưu: VT, …." (VT, the clerk's office, first). The
 * Party's (Hướng dẫn 36): each line ends with a comma and the archive reads "Lưu …." without a colon.
 */
export function recipientLines(layout: DocumentLayout, typed: readonly string[]): string[] {
	const clean = typed
		.map((l) =>
			l
				.replace(/^[-–+•]\s*/u, '')
				.replace(/[\s,;.]+$/u, '')
				.trim()
		)
		.filter((l) => l !== '');
	const archiveTyped = clean.find((l) => ARCHIVE.test(l));
	const others = clean.filter((l) => !ARCHIVE.test(l));
	const rest = archiveTyped ? archiveTyped.replace(ARCHIVE, '').trim() : '';
	let archive: string;
	if (layout === 'state') archive = `Lưu: ${rest === '' ? 'VT' : /^VT\b/u.test(rest) ? rest : `VT, ${rest}`}.`;
	else archive = rest === '' ? 'Lưu.' : `Lưu ${rest}.`;
	const end = layout === 'state' ? ';' : ',';
	return [...others.map((l) => `- ${l}${end}`), `- ${archive}`];
}
