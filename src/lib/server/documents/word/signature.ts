import { AlignmentType, Paragraph, Table, TableCell, TableLayoutType, TableRow, WidthType } from 'docx';
import { authorityLines, recipientLines, type DocumentLayout, type Signature } from '$lib/core/documents';
import { NO_BORDERS, SIZE, TEXT_WIDTH, run } from './style';

// Signature blocks as officials sign: the authority line(s) in capitals, room to sign, then the name; and the "Nơi
// nhận" list at the bottom left in the layout's form. Everything here is kept with what follows it, and the
// sentence before the signatures with them, so that neither the signatures nor "Nơi nhận" stands alone on a page.

/** Room for the signature (and the seal) between the authority and the name: about four lines. */
const ROOM = 1300;

const centred = (
	text: string,
	o: { bold?: boolean; italic?: boolean; size?: number } = {},
	before = 0,
	keepNext = true
) =>
	new Paragraph({
		alignment: AlignmentType.CENTER,
		keepNext,
		keepLines: true,
		spacing: { before, after: 0 },
		children: [run(text, { size: SIZE.body, ...o })]
	});

export function signatureParagraphs(s: Signature, keepNext = true): Paragraph[] {
	return [
		...authorityLines(s).map((line) => centred(line, { bold: true })),
		// With no name yet, dots where the office writes it in.
		centred(s.name || '……………………', { bold: true }, ROOM, keepNext)
	];
}

/** The last sentence of the body, kept on the page of the signatures. */
export function signOff(text: string, o: { before?: number } = {}): Paragraph {
	return new Paragraph({
		alignment: AlignmentType.JUSTIFIED,
		indent: { firstLine: 720 },
		keepNext: true,
		keepLines: true,
		spacing: { before: o.before ?? 60, after: 120 },
		children: [run(text)]
	});
}

/**
 * "Nơi nhận" in the layout's form: the State's in bold italic 12 pt over 11 pt lines ending with semicolons and
 * "Lưu: VT, …"; the Party's underlined 14 pt over 12 pt lines ending with commas and "Lưu …". Kept together.
 */
export function recipientParagraphs(layout: DocumentLayout, recipients: readonly string[]): Paragraph[] {
	const lines = recipientLines(layout, recipients);
	const heading =
		layout === 'state'
			? run('Nơi nhận:', { bold: true, italic: true, size: SIZE.table })
			: run('Nơi nhận:', { underline: true, size: SIZE.body });
	return [
		new Paragraph({ keepNext: true, keepLines: true, spacing: { before: 0, after: 0 }, children: [heading] }),
		...lines.map(
			(r, i) =>
				new Paragraph({
					keepNext: i < lines.length - 1,
					keepLines: true,
					spacing: { before: 0, after: 0 },
					children: [run(r, { size: layout === 'state' ? SIZE.small : SIZE.table })]
				})
		)
	];
}

const cell = (children: Paragraph[], width: number) =>
	new TableCell({
		width: { size: width, type: WidthType.DXA },
		borders: NO_BORDERS,
		children: children.length ? children : [new Paragraph('')]
	});

function unruled(widths: number[], rows: Paragraph[][][]): Table {
	return new Table({
		width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
		columnWidths: widths,
		layout: TableLayoutType.FIXED,
		borders: NO_BORDERS,
		rows: rows.map((cells) => new TableRow({ cantSplit: true, children: cells.map((c, i) => cell(c, widths[i]!)) }))
	});
}

/** "Nơi nhận" on the left, one signer on the right (the report): one row, never split. */
export function recipientsAndSignature(
	layout: DocumentLayout,
	recipients: readonly string[],
	signer: Signature
): Table {
	const left = Math.round(TEXT_WIDTH * 0.45);
	return unruled(
		[left, TEXT_WIDTH - left],
		[[recipientParagraphs(layout, recipients), signatureParagraphs(signer, false)]]
	);
}

/**
 * Signers two to a row, the first on the right as the one who signs last and highest (the chair of the minutes,
 * the committee's head), then the others left to right. Kept with what follows (the "Nơi nhận" list).
 */
export function signatureRows(signers: readonly Signature[]): Table {
	const half = Math.round(TEXT_WIDTH / 2);
	const [first, ...others] = signers;
	const rows: Paragraph[][][] = [];
	if (first) rows.push([others[0] ? signatureParagraphs(others[0]) : [], signatureParagraphs(first)]);
	for (let i = 1; i < others.length; i += 2)
		rows.push([signatureParagraphs(others[i]!), others[i + 1] ? signatureParagraphs(others[i + 1]!) : []]);
	return unruled([half, TEXT_WIDTH - half], rows);
}
