import ExcelJS from 'exceljs';
import JSZip from 'jszip';

// Reading generated Office files back as an official's software would: the .docx's XML parts, their text, their
// tables; the .xlsx's cells, with every formula recomputed from the cells it names.

export interface DocxParts {
	document: string;
	styles: string;
	headers: string[];
	/** Paragraph texts of the body, in order. */
	paragraphs: string[];
	/** Every table row of the body as its cells' texts. */
	rows: string[][];
	text: string;
}

const unescape = (s: string) =>
	s
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&amp;/g, '&');
const textOf = (xml: string) =>
	unescape([...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));

export async function readDocx(body: Buffer | Uint8Array): Promise<DocxParts> {
	const zip = await JSZip.loadAsync(body);
	const document = await zip.file('word/document.xml')!.async('string');
	const styles = await zip.file('word/styles.xml')!.async('string');
	const headers = await Promise.all(zip.file(/^word\/header\d*\.xml$/).map((f) => f.async('string')));
	const paragraphs = [...document.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => textOf(m[0]));
	const rows = [...document.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((m) =>
		[...m[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) =>
			[...c[0].matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => textOf(p[0])).join('\n')
		)
	);
	return { document, styles, headers, paragraphs, rows, text: paragraphs.join('\n') };
}

type Value = number | string | null;

/** A workbook whose formulas can be recomputed from their cells (the forms the score tables use). */
export class Recalculator {
	constructor(private readonly workbook: ExcelJS.Workbook) {}

	static async read(body: Buffer | Uint8Array): Promise<Recalculator> {
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(body as unknown as ArrayBuffer);
		return new Recalculator(workbook);
	}

	get book(): ExcelJS.Workbook {
		return this.workbook;
	}

	/** A cell's value, its formula recomputed (never its cached result). */
	value(sheetName: string, address: string): Value {
		const cell = this.workbook.getWorksheet(sheetName)!.getCell(address);
		const v = cell.value;
		if (v === null || v === undefined) return null;
		if (typeof v === 'number' || typeof v === 'string') return v;
		if (typeof v === 'object' && 'formula' in v && typeof v.formula === 'string')
			return this.evaluate(sheetName, v.formula);
		throw new Error(`unexpected cell ${sheetName}!${address}: ${JSON.stringify(v)}`);
	}

	evaluate(sheetName: string, formula: string): number | string {
		const text = formula.replace(/^=/, '');
		// A rank with its tie named: RANK(…)&IF(COUNTIF(range,cell)>1," (đồng hạng)","").
		const named =
			/^(RANK\([^)]*\))&IF\(COUNTIF\(\$?([A-Z]+)\$?(\d+):\$?[A-Z]+\$?(\d+),([A-Z]+\d+)\)>1,"([^"]*)",""\)$/.exec(
				text
			);
		if (named) {
			const rank = this.evaluate(sheetName, named[1]!);
			const own = this.value(sheetName, named[5]!);
			let same = 0;
			for (let r = Number(named[3]); r <= Number(named[4]); r += 1)
				if (this.value(sheetName, `${named[2]}${r}`) === own) same += 1;
			return same > 1 ? `${rank}${named[6]}` : String(rank);
		}
		const rank = /^RANK\(([A-Z]+\d+),\$?([A-Z]+)\$?(\d+):\$?[A-Z]+\$?(\d+)\)$/.exec(text);
		if (rank) {
			const own = Number(this.value(sheetName, rank[1]!));
			const others: number[] = [];
			for (let r = Number(rank[3]); r <= Number(rank[4]); r += 1)
				others.push(Number(this.value(sheetName, `${rank[2]}${r}`)));
			return 1 + others.filter((o) => o > own).length;
		}
		const external = /^'((?:[^']|'')+)'!([A-Z]+\d+)$/.exec(text);
		if (external) return Number(this.value(external[1]!.replace(/''/g, "'"), external[2]!));
		// Sums and differences of references and SUM(…) lists.
		let total = 0;
		for (const term of text.matchAll(/([+-]?)(SUM\(([^)]*)\)|[A-Z]+\d+)/g)) {
			const sign = term[1] === '-' ? -1 : 1;
			const amount =
				term[3] !== undefined
					? term[3]
							.split(',')
							.filter(Boolean)
							.reduce((s, ref) => s + Number(this.value(sheetName, ref) ?? 0), 0)
					: Number(this.value(sheetName, term[2]!) ?? 0);
			total += sign * amount;
		}
		return Math.round(total * 100) / 100;
	}
}
