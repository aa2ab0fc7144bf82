import type { Grid } from '$lib/core/import/grid';
import { readCriteriaTable, type CriteriaPreview } from '$lib/core/import/criteria';
import { decodeText, readCsv } from '$lib/core/import/csv';
import { findTableHeader } from '$lib/core/import/table';
import { readUnitSheet, type UnitSheetProblem } from '$lib/core/import/unit-sheet';
import { readUnitsList, type UnitsList } from '$lib/core/import/units';
import type { SelfAssessmentEntry, Template } from '$lib/core/scoring';
import {
	MAX_CELLS,
	MAX_CELL_TEXT,
	MAX_COLUMNS,
	MAX_ROWS,
	MAX_TABLE_FILE_BYTES,
	MAX_TEXT,
	OverBound,
	type BoundRefusal
} from './limits';
import { readWorkbook } from './workbook';
import { isWordDocument, readWordTable, readWordTables, type WordTablesResult, type WordTable } from './word';
import { ZipArchive, isZip } from './zip';
import { inspectOfficeFile, type OfficeFileResult } from './office';

// What the reader thread does with an upload's bytes: synchronous, bounded, and never throwing (a file that breaks
// a bound or the reader is a refusal). The same functions run in tests of the readers through the thread.

export type TableFileRefusal = 'empty' | 'too_large' | 'not_a_table' | 'unreadable' | BoundRefusal;
export type TableFileResult = { ok: true; grid: Grid } | { ok: false; reason: TableFileRefusal };
export type WorkbookSheetsResult = { ok: true; grids: Grid[] } | { ok: false; reason: TableFileRefusal };
export type TableUploadRefusal = TableFileRefusal | 'no_table';
export type TableUploadResult =
	| { ok: true; grid: Grid; context: string[]; format: 'docx' | 'xlsx' | 'csv' }
	| { ok: false; reason: TableUploadRefusal };
export type WordTableResult = { ok: true; table: WordTable } | { ok: false; reason: TableUploadRefusal };
/** An importer's reading of the table: the grid never leaves the thread. */
export type ImportedResult<T> = { ok: true; value: T } | { ok: false; reason: TableUploadRefusal };
export type UnitSheetResult =
	{ ok: true; entry: SelfAssessmentEntry; problems: UnitSheetProblem[] } | { ok: false; reason: TableUploadRefusal };

export type ReadJob =
	| { kind: 'table-file' }
	| { kind: 'workbook-sheets' }
	| { kind: 'word-tables' }
	| { kind: 'word-table'; need: 'max' | 'self' }
	| { kind: 'table-upload'; need: 'max' | 'self' }
	// The pure importers run here too, so that a large grid costs the thread, not the server's event loop.
	| { kind: 'criteria-table' }
	| { kind: 'units-list' }
	| { kind: 'unit-sheet'; template: Template }
	// A unit's evidence: which Office file a zip is, every XML part read within bounds (see ./office).
	| { kind: 'office-file' };

export type ReadJobResult =
	| TableFileResult
	| WorkbookSheetsResult
	| WordTablesResult
	| WordTableResult
	| TableUploadResult
	| ImportedResult<CriteriaPreview>
	| ImportedResult<UnitsList>
	| UnitSheetResult
	| OfficeFileResult;

export function runReadJob(job: ReadJob, bytes: Uint8Array): ReadJobResult {
	try {
		if (bytes.length === 0) return { ok: false, reason: 'empty' };
		if (job.kind === 'office-file') return inspectOfficeFile(bytes);
		if (bytes.length > MAX_TABLE_FILE_BYTES) return { ok: false, reason: 'too_large' };
		switch (job.kind) {
			case 'table-file':
				return tableFile(bytes);
			case 'workbook-sheets':
				return workbookSheets(bytes);
			case 'word-tables':
			case 'word-table': {
				const zip = isZip(bytes) ? ZipArchive.open(bytes) : null;
				if (!zip) return { ok: false, reason: isZip(bytes) ? 'unreadable' : 'not_a_table' };
				return job.kind === 'word-tables' ? readWordTables(zip) : readWordTable(zip, job.need);
			}
			case 'table-upload':
				return tableUpload(bytes, job.need);
			case 'criteria-table': {
				const read = tableUpload(bytes, 'max');
				return read.ok ? { ok: true, value: readCriteriaTable(read.grid, { context: read.context }) } : read;
			}
			case 'units-list': {
				const read = tableUpload(bytes, 'max');
				return read.ok ? { ok: true, value: readUnitsList(read.grid) } : read;
			}
			case 'unit-sheet': {
				const read = tableUpload(bytes, 'self');
				return read.ok ? { ok: true, ...readUnitSheet(read.grid, job.template) } : read;
			}
		}
	} catch (error) {
		return { ok: false, reason: error instanceof OverBound ? error.reason : 'unreadable' };
	}
}

function workbookSheets(bytes: Uint8Array): WorkbookSheetsResult {
	if (!isZip(bytes)) return { ok: false, reason: 'not_a_table' };
	const zip = ZipArchive.open(bytes);
	if (!zip) return { ok: false, reason: 'unreadable' };
	const read = readWorkbook(zip);
	// A zip without worksheets (an .odt, a folder of photos) is not a workbook at all.
	if (!read || read.count === 0) return { ok: false, reason: 'not_a_table' };
	if (read.grids.length === 0) return { ok: false, reason: 'empty' };
	return { ok: true, grids: read.grids };
}

/** A workbook's first worksheet with data, or CSV text. */
function tableFile(bytes: Uint8Array): TableFileResult {
	if (isZip(bytes)) {
		const read = workbookSheets(bytes);
		return read.ok ? { ok: true, grid: read.grids[0]! } : read;
	}
	const text = decodeText(bytes);
	if (text === null) return { ok: false, reason: 'not_a_table' };
	const grid = readCsv(text);
	checkGrid(grid);
	return grid.rows.length === 0 ? { ok: false, reason: 'empty' } : { ok: true, grid };
}

/** A Word document's table, a workbook's sheet whose header names the columns asked for, or CSV text. */
function tableUpload(bytes: Uint8Array, need: 'max' | 'self'): TableUploadResult {
	const zip = isZip(bytes) ? ZipArchive.open(bytes) : null;
	if (zip && isWordDocument(zip)) {
		const read = readWordTable(zip, need);
		return read.ok ? { ok: true, grid: read.table.grid, context: read.table.context, format: 'docx' } : read;
	}
	if (isZip(bytes)) {
		const read = workbookSheets(bytes);
		if (!read.ok) return read;
		// The first worksheet whose header names the columns asked for; else the first with data.
		const grid = read.grids.find((g) => findTableHeader(g, need) !== null) ?? read.grids[0]!;
		return { ok: true, grid, context: [], format: 'xlsx' };
	}
	const read = tableFile(bytes);
	return read.ok ? { ok: true, grid: read.grid, context: [], format: 'csv' } : read;
}

/** CSV text is bounded only by its size: its grid is held to the same bounds as a workbook's. */
function checkGrid(grid: Grid): void {
	const width = grid.rows.reduce((w, row) => Math.max(w, row.length), 0);
	if (grid.rows.length > MAX_ROWS || width > MAX_COLUMNS || grid.rows.length * width > MAX_CELLS)
		throw new OverBound('too_many_cells');
	let text = 0;
	for (const row of grid.rows) {
		for (const cell of row) {
			if (typeof cell !== 'string') continue;
			if (cell.length > MAX_CELL_TEXT) throw new OverBound('too_much_text');
			text += cell.length;
		}
	}
	if (text > MAX_TEXT) throw new OverBound('too_much_text');
}
