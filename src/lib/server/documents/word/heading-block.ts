import { AlignmentType, BorderStyle, Paragraph, Table, TableCell, TableLayoutType, TableRow, WidthType } from 'docx';
import { bodyLines, heading, type DocumentLayout } from '$lib/core/documents';
import { NO_BORDERS, SIZE, TEXT_WIDTH, run } from './style';

// The heading of the layout. The State's (Nghị định 30): the bodies with a short rule over the number on the left,
// the national name and motto with its rule over the place and date on the right, the number and the date line on
// one line. The Party's (Hướng dẫn 36): the bodies, the asterisk and the number on the left; "ĐẢNG CỘNG SẢN VIỆT
// NAM" underlined with the place and date right under it on the right.

/**
 * The bodies' column: wide enough that their names break between words as offices break them (bodyLines), leaving
 * the State layout's right column room for the national name on one line.
 */
export function headingColumns(
	layout: DocumentLayout,
	width: number = TEXT_WIDTH
): { left: number; right: number; chars: (bold: boolean) => number } {
	const left = Math.round(width * (layout === 'party' ? 0.52 : 0.41));
	// The characters a line of the column holds at 13 pt, less the cell's margins: a capital is about 8.3 points
	// wide, 8.7 in bold.
	return { left, right: width - left, chars: (bold) => Math.floor((left / 20 - 15) / (bold ? 8.7 : 8.3)) };
}

/** A short centred rule under a block (the State layout's), drawn as the bottom border of an empty paragraph. */
function rule(width: number, cellWidth: number): Paragraph {
	const inset = Math.max(0, Math.round((cellWidth - width) / 2));
	return new Paragraph({
		spacing: { before: 0, after: 120, line: 120 },
		indent: { left: inset, right: inset },
		border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
		children: []
	});
}

const centred = (children: ReturnType<typeof run>[], before = 0, after = 0) =>
	new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before, after, line: 276 }, children });

function table(left: number, rows: Paragraph[][][]): Table {
	const widths = [left, TEXT_WIDTH - left];
	return new Table({
		width: { size: TEXT_WIDTH, type: WidthType.DXA },
		columnWidths: widths,
		layout: TableLayoutType.FIXED,
		borders: NO_BORDERS,
		rows: rows.map(
			(cells) =>
				new TableRow({
					cantSplit: true,
					children: cells.map(
						(c, i) =>
							new TableCell({
								width: { size: widths[i]!, type: WidthType.DXA },
								borders: NO_BORDERS,
								children: c.length ? c : [new Paragraph('')]
							})
					)
				})
		)
	});
}

export function headingBlock(input: {
	layout: DocumentLayout;
	superior: string;
	cluster: string;
	number: string;
	place: string;
	date: string;
}): Table {
	const h = heading(input);
	const { left: LEFT, chars } = headingColumns(input.layout);
	const bodies: Paragraph[] = h.left.flatMap((line) =>
		bodyLines(line.text, chars(line.bold)).map((text) =>
			centred([run(text, { bold: line.bold, size: SIZE.heading })])
		)
	);
	const number = centred([run(h.number, { size: SIZE.heading })]);
	const date = (before: number) =>
		new Paragraph({
			alignment: AlignmentType.CENTER,
			spacing: { before, after: 0 },
			children: [run(h.dateLine, { italic: true, size: SIZE.body })]
		});
	const names: Paragraph[] = h.right.map((line, i) =>
		centred([
			run(line.text, {
				bold: line.bold,
				underline: line.underline,
				size: i === 0 && input.layout === 'state' ? SIZE.table : SIZE.body
			})
		])
	);
	if (input.layout === 'state') {
		return table(LEFT, [
			[
				[...bodies, rule(1300, LEFT)],
				[...names, rule(2600, TEXT_WIDTH - LEFT)]
			],
			[[number], [date(0)]]
		]);
	}
	return table(LEFT, [
		[
			[...bodies, centred([run('*', { size: SIZE.heading })], 0, 60), number],
			[...names, date(120)]
		]
	]);
}
