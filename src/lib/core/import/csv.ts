import type { CellValue, Grid } from './grid';

// Text tables as spreadsheets save them, read without I/O so that the upload code in the browser-safe board module
// and the server's file readers share them.

/** UTF-16 (with its BOM, as Excel's "Unicode text" writes it) or UTF-8; null for bytes that are not text. */
export function decodeText(bytes: Uint8Array): string | null {
	try {
		if (bytes[0] === 0xff && bytes[1] === 0xfe)
			return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
		if (bytes[0] === 0xfe && bytes[1] === 0xff)
			return new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
		const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
		// Control characters other than tab and line breaks mean a binary file, not a table.
		// eslint-disable-next-line no-control-regex -- control characters are what this looks for
		return /[\u0000-\u0008\u000e-\u001f]/.test(text) ? null : text;
	} catch {
		return null;
	}
}

/**
 * CSV as spreadsheets write it: the separator is the one of ';', tab or ',' found most in the first line (a
 * Vietnamese Excel writes ';' and decimal commas); quoted cells may hold separators, quotes ("") and line breaks.
 */
export function readCsv(text: string): Grid {
	const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
	const count = (ch: string) => firstLine.split(ch).length - 1;
	const separator = [';', '\t', ','].reduce((best, ch) => (count(ch) > count(best) ? ch : best), ';');
	const rows: CellValue[][] = [];
	let row: CellValue[] = [];
	let cell = '';
	let quoted = false;
	const endCell = () => {
		const trimmed = cell.trim();
		row.push(trimmed === '' ? null : trimmed);
		cell = '';
	};
	for (let i = 0; i < text.length; i++) {
		const ch = text[i]!;
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (ch === '"') quoted = false;
			else cell += ch;
		} else if (ch === '"') quoted = true;
		else if (ch === separator) endCell();
		else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			endCell();
			rows.push(row);
			row = [];
		} else cell += ch;
	}
	if (cell !== '' || row.length > 0) {
		endCell();
		rows.push(row);
	}
	while (rows.length > 0 && rows.at(-1)!.every((c) => c === null)) rows.pop();
	return { rows, merges: [] };
}
