import type { SelfAssessmentEntry, Template } from '../core/scoring';
import { decodeText, readCsv } from '../core/import/csv';
import { readUnitSheet, type UnitSheetProblem } from '../core/import/unit-sheet';

// Reading an uploaded self-assessment text file into the same shape the form sends. Two formats:
//   JSON: {"scores": {"I.1": 10, "I.2.1": "3,5", …}, "reported": {"II": 26, "total": 91}}
//   CSV:  "mã;điểm" per line, or the whole criteria table with a "Điểm tự chấm" column (title, maximum and note
//         columns are read past). Rows whose code is a section or "total" / "Tổng cộng" are the unit's own
//         subtotals. A header row is optional. UTF-8 with or without a BOM, or UTF-16 as Excel's "Unicode text"
//         saves it; ';', tab or ',' between cells. Excel in Vietnamese locales writes ';' with "99,5".
// An .xlsx workbook goes through the server's file reader into the same sheet reader (readUnitSheet).

export type UploadError = { reason: 'empty' | 'too_large' | 'bad_json' | 'bad_shape' | 'not_text'; line?: number };
export type UploadRead =
	{ ok: true; entry: SelfAssessmentEntry; problems: UnitSheetProblem[] } | { ok: false; error: UploadError };

export const MAX_UPLOAD_BYTES = 256 * 1024;

export function readUpload(input: string | Uint8Array, template: Template): UploadRead {
	if (typeof input !== 'string' && input.length > MAX_UPLOAD_BYTES * 2)
		return { ok: false, error: { reason: 'too_large' } };
	const text = typeof input === 'string' ? input : decodeText(input);
	if (text === null) return { ok: false, error: { reason: 'not_text' } };
	const trimmed = text.replace(/^\uFEFF/, '').trim();
	if (!trimmed) return { ok: false, error: { reason: 'empty' } };
	if (trimmed.length > MAX_UPLOAD_BYTES) return { ok: false, error: { reason: 'too_large' } };
	if (trimmed.startsWith('{')) return readJson(trimmed);
	const read = readUnitSheet(readCsv(trimmed), template);
	if (read.problems.some((p) => p.reason === 'no_header') || Object.keys(read.entry.scores).length === 0)
		return { ok: false, error: { reason: 'bad_shape' } };
	return { ok: true, entry: read.entry, problems: read.problems };
}

function readJson(text: string): UploadRead {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		return { ok: false, error: { reason: 'bad_json' } };
	}
	const asTextMap = (value: unknown): Record<string, string> | undefined => {
		if (value === undefined) return {};
		if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
		const out: Record<string, string> = {};
		for (const [key, v] of Object.entries(value)) {
			if (typeof v !== 'number' && typeof v !== 'string') return undefined;
			out[key] = String(v);
		}
		return out;
	};
	const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
	const scores = asTextMap(record.scores);
	const reported = asTextMap(record.reported);
	if (!scores || !reported || Object.keys(scores).length === 0) return { ok: false, error: { reason: 'bad_shape' } };
	return { ok: true, entry: { scores, reported }, problems: [] };
}
