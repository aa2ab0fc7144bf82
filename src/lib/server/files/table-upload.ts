import type { Grid } from '$lib/core/import/grid';
import { findTableHeader } from '$lib/core/import/table';
import { isZip, readTableFile, readWorkbookSheets, type TableFileRefusal } from './spreadsheet';
import { isWordDocument, readWordTable } from './word-table';

// One entry for every uploaded table: a Word document's table, a workbook's first sheet, or CSV text. The importers
// in the core then read the Grid the same way whatever the file was.

export type TableUploadRefusal = TableFileRefusal | 'no_table';
export type TableUploadResult =
	| { ok: true; grid: Grid; context: string[]; format: 'docx' | 'xlsx' | 'csv' }
	| { ok: false; reason: TableUploadRefusal };

/** `need`: which header a Word document's table must have to be chosen among its tables (maxima or self scores). */
export async function readTableUpload(bytes: Uint8Array, need: 'max' | 'self' = 'max'): Promise<TableUploadResult> {
	if (await isWordDocument(bytes)) {
		const read = await readWordTable(bytes, need);
		return read.ok ? { ok: true, grid: read.table.grid, context: read.table.context, format: 'docx' } : read;
	}
	if (isZip(bytes)) {
		const read = await readWorkbookSheets(bytes);
		if (!read.ok) return read;
		// The first worksheet whose header names the columns asked for; else the first with data.
		const grid = read.grids.find((g) => findTableHeader(g, need) !== null) ?? read.grids[0]!;
		return { ok: true, grid, context: [], format: 'xlsx' };
	}
	const read = await readTableFile(bytes);
	if (!read.ok) return read;
	return { ok: true, grid: read.grid, context: [], format: 'csv' };
}
