import { crc32, deflateSync } from 'node:zlib';
import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';

// A unit's report and evidence as offices send them, written by the tests: a Word report (the docx package), a
// minimal valid PDF and a PNG written byte by byte, a workbook (exceljs). No binary fixtures in the repository.

/** A Word document of these paragraphs. */
export async function reportDocx(paragraphs: readonly string[]): Promise<Uint8Array> {
	const document = new Document({ sections: [{ children: paragraphs.map((text) => new Paragraph({ text })) }] });
	return new Uint8Array(await Packer.toBuffer(document));
}

/** A one-page PDF that shows `text` (ASCII), with its cross-reference table at the right offsets. */
export function evidencePdf(text: string): Uint8Array {
	const escaped = text.replace(/[()\\]/g, (c) => `\\${c}`);
	const stream = `BT /F1 18 Tf 72 720 Td (${escaped}) Tj ET`;
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'
	];
	let pdf = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((body, i) => {
		offsets.push(pdf.length);
		pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
	});
	const xref = pdf.length;
	pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
	pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return new Uint8Array(Buffer.from(pdf, 'latin1'));
}

function chunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body) >>> 0);
	return Buffer.concat([length, body, crc]);
}

/** A PNG of `width` × `height` pixels in one colour (RGB). */
export function evidencePng(width = 32, height = 24, rgb: [number, number, number] = [200, 30, 30]): Uint8Array {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // truecolour
	const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
	const pixels = Buffer.concat(Array.from({ length: height }, () => row));
	return new Uint8Array(
		Buffer.concat([
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
			chunk('IHDR', header),
			chunk('IDAT', deflateSync(pixels)),
			chunk('IEND', Buffer.alloc(0))
		])
	);
}

/** A workbook with a list of classes, as evidence of training. */
export async function evidenceXlsx(rows: readonly string[][]): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Danh sách');
	for (const row of rows) sheet.addRow(row);
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** A Windows program (an MZ header and a PE signature), to be sent renamed as a PDF. */
export function windowsProgram(): Uint8Array {
	const bytes = Buffer.alloc(1024);
	bytes.write('MZ', 0, 'latin1');
	bytes.writeUInt32LE(0x80, 0x3c);
	bytes.write('PE\0\0', 0x80, 'latin1');
	bytes.writeUInt16LE(0x14c, 0x84);
	return new Uint8Array(bytes);
}
