import { capitals, dateLine } from './text';

// The two official layouts of a document's heading. The Party's (Hướng dẫn 36-HD/VPTW): the bodies on the left in
// capitals with an asterisk under them, "ĐẢNG CỘNG SẢN VIỆT NAM" underlined on the right. The State's (Nghị định
// 30/2020/NĐ-CP): the bodies on the left with a short rule, the national name and motto with its rule on the right.

export type DocumentLayout = 'party' | 'state';

export interface HeadingLine {
	text: string;
	bold: boolean;
	underline?: boolean;
	italic?: boolean;
}

export interface Heading {
	/** The superior body (regular) and the issuing cluster (bold), in capitals. */
	left: HeadingLine[];
	/** Under the left block: the Party's asterisk or the State's short rule. */
	leftMark: 'asterisk' | 'rule';
	number: string;
	right: HeadingLine[];
	/** A rule under the motto (State layout only). */
	rightRule: boolean;
	dateLine: string;
}

export const PARTY_NAME = 'ĐẢNG CỘNG SẢN VIỆT NAM';
export const STATE_NAME = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const STATE_MOTTO = 'Độc lập - Tự do - Hạnh phúc';

/**
 * The number line. Party: "Số 76-BC/CTĐ"; State: "Số: 12/BB-CTĐ". With no number yet, the office fills it in by
 * hand: dots stand in its place.
 */
export function numberLine(layout: DocumentLayout, number: string): string {
	const value = number.trim() || '……';
	return layout === 'party' ? `Số ${value}` : `Số: ${value}`;
}

export function heading(input: {
	layout: DocumentLayout;
	superior: string;
	cluster: string;
	number: string;
	place: string;
	date: string;
}): Heading {
	const left: HeadingLine[] = [];
	if (input.superior.trim()) left.push({ text: capitals(input.superior.trim()), bold: false });
	left.push({ text: capitals(input.cluster.trim()), bold: true });
	const right: HeadingLine[] =
		input.layout === 'party'
			? [{ text: PARTY_NAME, bold: true, underline: true }]
			: [
					{ text: STATE_NAME, bold: true },
					{ text: STATE_MOTTO, bold: true }
				];
	return {
		left,
		leftMark: input.layout === 'party' ? 'asterisk' : 'rule',
		number: numberLine(input.layout, input.number),
		right,
		rightRule: input.layout === 'state',
		dateLine: dateLine(input.place, input.date)
	};
}
