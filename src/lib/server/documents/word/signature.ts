import { AlignmentType, Paragraph, type Table } from 'docx';
import { capitals } from '$lib/core/documents';
import { SIZE, TEXT_WIDTH, run, sideBySide } from './style';

// Signature blocks: the capacity in capitals, room to sign, the signer's name, their office; and the "Nơi nhận"
// list at the bottom left.

export interface Signer {
	capacity: string;
	name: string;
	office?: string;
}

const centred = (text: string, o: { bold?: boolean; italic?: boolean; size?: number } = {}, before = 0) =>
	new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before, after: 0 }, children: [run(text, { size: SIZE.body, ...o })] });

export function signatureParagraphs(s: Signer): Paragraph[] {
	return [
		centred(capitals(s.capacity), { bold: true }),
		centred('(Ký, ghi rõ họ tên)', { italic: true, size: SIZE.small }),
		centred(s.name || '……………………', { bold: true }, 1300),
		...(s.office ? [centred(capitals(s.office), { bold: false, size: SIZE.heading })] : [])
	];
}

export function recipientParagraphs(recipients: readonly string[]): Paragraph[] {
	const list = recipients.length ? recipients : ['Lưu.'];
	return [
		new Paragraph({ spacing: { before: 0, after: 0 }, children: [run('Nơi nhận:', { bold: true, italic: true, size: SIZE.table })] }),
		...list.map((r) => new Paragraph({ spacing: { before: 0, after: 0 }, children: [run(r.startsWith('-') ? r : `- ${r}`, { size: SIZE.small })] }))
	];
}

/** Nơi nhận on the left, one signer on the right (reports). */
export function recipientsAndSignature(recipients: readonly string[], signer: Signer): Table {
	const left = Math.round(TEXT_WIDTH * 0.45);
	return sideBySide([left, TEXT_WIDTH - left], recipientParagraphs(recipients), signatureParagraphs(signer));
}

/** Two signers side by side (the minutes: secretary and chair; a count: committee head and members). */
export function twoSignatures(left: Signer | Paragraph[], right: Signer): Table {
	const half = Math.round(TEXT_WIDTH / 2);
	return sideBySide([half, TEXT_WIDTH - half], Array.isArray(left) ? left : signatureParagraphs(left), signatureParagraphs(right));
}
