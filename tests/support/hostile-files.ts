import { createDeflateRaw, deflateRawSync } from 'node:zlib';

// Well-formed Office files built to cost a reader dearly: a cell at the sheet's far corner, a million rows, one
// enormous shared string, a Word document that inflates a thousandfold, millions of paragraphs. Written here with
// node:zlib straight from strings (a zip is a few headers around deflated parts), in seconds.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(bytes: Uint8Array, crc = 0): number {
	let c = ~crc >>> 0;
	for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
	return ~c >>> 0;
}

interface Part {
	name: string;
	deflated: Uint8Array;
	size: number;
	crc: number;
}

function part(name: string, text: string): Part {
	const bytes = Buffer.from(text, 'utf8');
	return { name, deflated: deflateRawSync(bytes, { level: 9 }), size: bytes.length, crc: crc32(bytes) };
}

/** A part made of one chunk repeated, deflated as a stream (never held whole). */
async function repeatedPart(name: string, head: string, chunk: string, times: number, tail: string): Promise<Part> {
	// Written a megabyte or so at a time.
	const perBlock = Math.max(1, Math.floor((1024 * 1024) / Buffer.byteLength(chunk)));
	const block = Buffer.from(chunk.repeat(perBlock));
	const pieces = [
		Buffer.from(head),
		...Array<Buffer>(Math.floor(times / perBlock)).fill(block),
		Buffer.from(chunk.repeat(times % perBlock)),
		Buffer.from(tail)
	];
	const deflate = createDeflateRaw({ level: 9 });
	const out: Buffer[] = [];
	deflate.on('data', (b: Buffer) => out.push(b));
	const done = new Promise((resolve) => deflate.on('end', resolve));
	let crc = 0;
	let size = 0;
	for (const piece of pieces) {
		crc = crc32(piece, crc);
		size += piece.length;
		if (!deflate.write(piece)) await new Promise((resolve) => deflate.once('drain', resolve));
	}
	deflate.end();
	await done;
	return { name, deflated: Buffer.concat(out), size, crc };
}

/** `statedSize`: what the zip's headers say each part inflates to, when they lie. */
function zip(parts: Part[], statedSize?: number): Uint8Array {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const p of parts) {
		const name = Buffer.from(p.name);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(8, 8);
		local.writeUInt32LE(p.crc, 14);
		local.writeUInt32LE(p.deflated.length, 18);
		local.writeUInt32LE(statedSize ?? p.size, 22);
		local.writeUInt16LE(name.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(8, 10);
		central.writeUInt32LE(p.crc, 16);
		central.writeUInt32LE(p.deflated.length, 20);
		central.writeUInt32LE(statedSize ?? p.size, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, name, Buffer.from(p.deflated));
		centrals.push(central, name);
		offset += 30 + name.length + p.deflated.length;
	}
	const directory = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(parts.length, 8);
	end.writeUInt16LE(parts.length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

const SHEET_NS =
	'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

function workbookParts(sheet: Part, sharedStrings?: string): Part[] {
	return [
		part(
			'[Content_Types].xml',
			'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
				(sharedStrings
					? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
					: '') +
				'</Types>'
		),
		part(
			'_rels/.rels',
			'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
		),
		part(
			'xl/workbook.xml',
			`<?xml version="1.0" encoding="UTF-8"?><workbook ${SHEET_NS}><sheets><sheet name="Bảng điểm" sheetId="1" r:id="rId1"/></sheets></workbook>`
		),
		part(
			'xl/_rels/workbook.xml.rels',
			'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
				(sharedStrings
					? '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
					: '') +
				'</Relationships>'
		),
		sheet,
		...(sharedStrings ? [part('xl/sharedStrings.xml', sharedStrings)] : [])
	];
}

const sheetXml = (rows: string, dimension = 'A1') =>
	`<?xml version="1.0" encoding="UTF-8"?><worksheet ${SHEET_NS}><dimension ref="${dimension}"/><sheetData>${rows}</sheetData></worksheet>`;

/** A workbook of one worksheet with these rows (and whatever follows sheetData, such as mergeCells). */
export function sheetXlsx(rows: string, after = ''): Uint8Array {
	const sheet = sheetXml(rows).replace('</sheetData></worksheet>', `</sheetData>${after}</worksheet>`);
	return zip(workbookParts(part('xl/worksheets/sheet1.xml', sheet)));
}

/** A workbook of 2–3 KB whose one cell sits at the sheet's last row and column, XFD1048576. */
export function farCornerXlsx(): Uint8Array {
	return zip(
		workbookParts(
			part(
				'xl/worksheets/sheet1.xml',
				sheetXml('<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>', 'A1:XFD1048576')
			)
		)
	);
}

/** A sheet of `count` rows, each with a number in column A; numbered as Excel does, or (lighter) left to follow on. */
export async function manyRowsXlsx(count: number, numbered = true): Promise<Uint8Array> {
	if (!numbered) {
		const sheet = await repeatedPart(
			'xl/worksheets/sheet1.xml',
			sheetXml('').replace('</sheetData></worksheet>', ''),
			'<row><c><v>1</v></c></row>',
			count,
			'</sheetData></worksheet>'
		);
		return zip(workbookParts(sheet));
	}
	const rows: string[] = [];
	for (let r = 1; r <= count; r++) rows.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`);
	return zip(workbookParts(part('xl/worksheets/sheet1.xml', sheetXml(rows.join(''), `A1:A${count}`))));
}

/** One cell whose shared string is `length` characters long. */
export function hugeSharedStringXlsx(length: number): Uint8Array {
	const strings = `<?xml version="1.0" encoding="UTF-8"?><sst ${SHEET_NS} count="1" uniqueCount="1"><si><t>${'Đ'.repeat(length)}</t></si></sst>`;
	return zip(
		workbookParts(
			part('xl/worksheets/sheet1.xml', sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')),
			strings
		)
	);
}

const WORD_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const TABLE =
	'<w:tbl><w:tr><w:tc><w:p><w:r><w:t>TT</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Nội dung</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Điểm chuẩn</w:t></w:r></w:p></w:tc></w:tr></w:tbl>';

function wordParts(document: Part): Part[] {
	return [
		part(
			'[Content_Types].xml',
			'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
		),
		part(
			'_rels/.rels',
			'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
		),
		document
	];
}

const documentHead = `<?xml version="1.0" encoding="UTF-8"?><w:document ${WORD_NS}><w:body>${TABLE}`;
const documentTail = '</w:body></w:document>';

/**
 * A Word document whose XML, some 1,000 times its zipped size, inflates to `megabytes` MB of text; with
 * `statedSize`, its headers claim each part is that small.
 */
export async function wordZipBomb(megabytes: number, statedSize?: number): Promise<Uint8Array> {
	const chunk = `<w:p><w:r><w:t>${'A'.repeat(1024 * 1024 - 30)}</w:t></w:r></w:p>`;
	return zip(
		wordParts(await repeatedPart('word/document.xml', documentHead, chunk, megabytes, documentTail)),
		statedSize
	);
}

/** A Word document of `count` empty paragraphs after its table. */
export async function manyParagraphsDocx(count: number): Promise<Uint8Array> {
	return zip(wordParts(await repeatedPart('word/document.xml', documentHead, '<w:p/>', count, documentTail)));
}

/** A Word document whose XML declares entities that expand a billionfold ("billion laughs"). */
export function wordEntityBomb(): Uint8Array {
	const entities = [
		'<!ENTITY a0 "ha">',
		...Array.from({ length: 9 }, (_, i) => `<!ENTITY a${i + 1} "${`&a${i};`.repeat(10)}">`)
	].join('');
	const document = `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [${entities}]><w:document ${WORD_NS}><w:body>${TABLE}<w:p><w:r><w:t>&a9;</w:t></w:r></w:p></w:body></w:document>`;
	return zip(wordParts(part('word/document.xml', document)));
}

/** A Word document whose XML declares an external entity (XXE) that reads a file of the server. */
export function wordExternalEntity(): Uint8Array {
	const document = `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><w:document ${WORD_NS}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>`;
	return zip(wordParts(part('word/document.xml', document)));
}
