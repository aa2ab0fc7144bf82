import type { SelfAssessmentEntry } from '../core/scoring';

// Reading an uploaded self-assessment file into the same shape the form sends. Two formats:
//   JSON: {"scores": {"I.1": 10, "I.2.1": "3,5", …}, "reported": {"II": 26, "total": 91}}
//   CSV:  one "code;value" or "code,value" per line; rows whose code is a section or "total" are the unit's own
//         subtotals. A header line "code;score" is allowed. Excel in Vietnamese locales writes ';' with "99,5".

export type UploadError = { reason: 'empty' | 'too_large' | 'bad_json' | 'bad_shape' | 'bad_csv_line'; line?: number };

export const MAX_UPLOAD_BYTES = 256 * 1024;

export function readUpload(text: string, sectionCodes: ReadonlySet<string>): { ok: true; entry: SelfAssessmentEntry } | { ok: false; error: UploadError } {
	const trimmed = text.replace(/^\uFEFF/, '').trim();
	if (!trimmed) return { ok: false, error: { reason: 'empty' } };
	if (trimmed.length > MAX_UPLOAD_BYTES) return { ok: false, error: { reason: 'too_large' } };
	return trimmed.startsWith('{') ? readJson(trimmed) : readCsv(trimmed, sectionCodes);
}

function readJson(text: string): { ok: true; entry: SelfAssessmentEntry } | { ok: false; error: UploadError } {
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
	return { ok: true, entry: { scores, reported } };
}

function readCsv(text: string, sectionCodes: ReadonlySet<string>): { ok: true; entry: SelfAssessmentEntry } | { ok: false; error: UploadError } {
	const scores: Record<string, string> = {};
	const reported: Record<string, string> = {};
	const lines = text.split(/\r?\n/);
	for (const [index, raw] of lines.entries()) {
		const line = raw.trim();
		if (!line) continue;
		// "code;value" (value may hold a decimal comma) or "code,value" (then the value has none, or is quoted).
		const match = /^"?([^";,]+)"?\s*[;,\t]\s*"?([^"]*)"?\s*$/.exec(line);
		if (!match) return { ok: false, error: { reason: 'bad_csv_line', line: index + 1 } };
		const code = match[1]!.trim();
		const value = match[2]!.trim();
		if (index === 0 && /^(code|mã|mục)$/i.test(code)) continue;
		if (code.toLowerCase() === 'total' || sectionCodes.has(code)) reported[code.toLowerCase() === 'total' ? 'total' : code] = value;
		else scores[code] = value;
	}
	if (Object.keys(scores).length === 0) return { ok: false, error: { reason: 'bad_shape' } };
	return { ok: true, entry: { scores, reported } };
}
