import { MAX_EVIDENCE_XML_PARTS } from './limits';
import { hasDoctype } from './xml';
import { ZipArchive, isZip } from './zip';

// Which Office file a zip is, by its parts: a Word document has word/document.xml, a workbook xl/workbook.xml, and
// each declares its main part in [Content_Types].xml. Every XML part is then inflated within the bounds of ./limits
// (a zip bomb is refused as it inflates) and must declare no DTD (an external entity, XXE, or entities that expand
// without bound): whatever reads the file later (mammoth, for the text shown) reads only parts checked here.

export type OfficeFileRefusal = 'not_office' | 'external_entity' | 'unreadable' | 'too_large_unpacked';
export type OfficeFileResult = { ok: true; format: 'docx' | 'xlsx' } | { ok: false; reason: OfficeFileRefusal };

const MAIN_TYPES = {
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'
} as const;

/** Throws OverBound past a bound (the job turns it into its refusal). */
export function inspectOfficeFile(bytes: Uint8Array): OfficeFileResult {
	if (!isZip(bytes)) return { ok: false, reason: 'not_office' };
	const zip = ZipArchive.open(bytes);
	if (!zip) return { ok: false, reason: 'unreadable' };
	const format = zip.has('word/document.xml') ? 'docx' : zip.has('xl/workbook.xml') ? 'xlsx' : null;
	const types = zip.text('[Content_Types].xml');
	if (format === null || types === null) return { ok: false, reason: 'not_office' };
	// A macro-enabled document (.docm, .xlsm) declares another main type: not what was asked for.
	if (!types.includes(MAIN_TYPES[format]) || hasDoctype(types)) return { ok: false, reason: 'not_office' };
	const xmlParts = zip.names().filter((name) => /\.(xml|rels)$/i.test(name));
	if (xmlParts.length > MAX_EVIDENCE_XML_PARTS) return { ok: false, reason: 'too_large_unpacked' };
	for (const name of xmlParts) {
		const text = zip.text(name);
		if (text !== null && hasDoctype(text)) return { ok: false, reason: 'external_entity' };
	}
	return { ok: true, format };
}
