import type { SelfAssessmentEntry, Template } from '$lib/core/scoring';
import type { UnitSheetProblem } from '$lib/core/import/unit-sheet';
import { readUpload } from '$lib/board/upload';
import type { UnitSheetResult } from './parse/jobs';
import { readInThread } from './read-in-thread';
import { isZip } from './spreadsheet';
import type { TableUploadRefusal } from './table-upload';

// A unit's uploaded self-assessment, whatever it came as: an .xlsx (the blank workbook filled in, or the unit's own
// table with a "Điểm tự chấm" column), a .docx table, CSV or JSON text. The result is the form's entry plus the
// problems of reading it; the caller checks the entry against the template and stores nothing unless all is well.

export type SelfAssessmentFileRefusal =
	| { kind: 'file'; reason: TableUploadRefusal }
	| { kind: 'sheet'; reason: 'no_header' }
	| { kind: 'upload'; reason: 'empty' | 'too_large' | 'bad_json' | 'bad_shape' | 'not_text' };

export type SelfAssessmentFileRead =
	| { ok: true; entry: SelfAssessmentEntry; problems: UnitSheetProblem[] }
	| { ok: false; refusal: SelfAssessmentFileRefusal };

export async function readSelfAssessmentFile(bytes: Uint8Array, template: Template): Promise<SelfAssessmentFileRead> {
	if (!isZip(bytes)) {
		const read = readUpload(bytes, template);
		return read.ok ? read : { ok: false, refusal: { kind: 'upload', reason: read.error.reason } };
	}
	// The table is read, and matched to the template, in a reader thread.
	const read = await readInThread<UnitSheetResult>({ kind: 'unit-sheet', template }, bytes);
	if (!read.ok) return { ok: false, refusal: { kind: 'file', reason: read.reason } };
	if (read.problems.some((p) => p.reason === 'no_header'))
		return { ok: false, refusal: { kind: 'sheet', reason: 'no_header' } };
	return { ok: true, entry: read.entry, problems: read.problems };
}
