import { fileTypeFromBuffer } from 'file-type';
import { ACCEPTED, formatOfName, type FileFormat, type FileKind } from '$lib/core/evidence';
import type { OfficeFileResult } from '../files/parse/office';
import { readInThread, type ThreadRefusal } from '../files/read-in-thread';
import { isZip } from '../files/parse/zip';

// What an uploaded file is, by its content: PDF and images by their signature (file-type), Word and Excel files by
// their zip's parts, read in a reader thread within bounds (../files/parse/office). The name must say the same: a
// file that is not what its name says is refused, and so is anything the kind does not accept.

export type ContentRefusal =
	| 'empty'
	| 'wrong_extension'
	| 'not_accepted'
	| 'executable'
	| 'unknown_content'
	| 'mismatch'
	| 'external_entity'
	| 'unreadable'
	| 'too_large_unpacked'
	| ThreadRefusal;

export type Inspection =
	{ ok: true; format: FileFormat } | { ok: false; reason: ContentRefusal; found?: string; claimed?: FileFormat };

const SIGNATURES: Record<string, FileFormat> = { pdf: 'pdf', png: 'png', jpg: 'jpg' };
/** What file-type names programs and scripts by. */
const PROGRAMS = new Set(['exe', 'elf', 'mach', 'msi', 'dll', 'apk', 'class', 'wasm', 'dex', 'macho', 'cab']);

export async function inspectContent(bytes: Uint8Array, name: string, kind: FileKind): Promise<Inspection> {
	if (bytes.length === 0) return { ok: false, reason: 'empty' };
	const claimed = formatOfName(name);
	if (claimed === null) return { ok: false, reason: 'wrong_extension' };
	if (!ACCEPTED[kind].includes(claimed)) return { ok: false, reason: 'not_accepted', claimed };
	let found: FileFormat;
	if (isZip(bytes)) {
		const office = await readInThread<OfficeFileResult>({ kind: 'office-file' }, bytes);
		if (!office.ok) {
			const reason = office.reason === 'not_office' ? 'unknown_content' : office.reason;
			return { ok: false, reason, claimed };
		}
		found = office.format;
	} else {
		// Only the first bytes are looked at: signatures are at the start.
		const type = await fileTypeFromBuffer(bytes.subarray(0, 64 * 1024));
		if (type && PROGRAMS.has(type.ext)) return { ok: false, reason: 'executable', found: type.ext, claimed };
		if (!type || !(type.ext in SIGNATURES)) {
			// A renamed script or anything else without a known signature.
			return { ok: false, reason: 'unknown_content', found: type?.ext, claimed };
		}
		found = SIGNATURES[type.ext]!;
	}
	if (found !== claimed) return { ok: false, reason: 'mismatch', found, claimed };
	return { ok: true, format: found };
}
