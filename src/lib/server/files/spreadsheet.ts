import { decodeText, readCsv } from '$lib/core/import/csv';
import type { TableFileResult, WorkbookSheetsResult } from './parse/jobs';
import { readInThread, type ThreadRefusal } from './read-in-thread';

export { decodeText, readCsv };
export { MAX_TABLE_FILE_BYTES } from './parse/limits';
export { isZip } from './parse/zip';

// Reads an uploaded table file into a Grid: an .xlsx workbook (its first worksheet with data) or CSV text as Excel
// saves it (UTF-8 with or without a BOM, or UTF-16; ';', ',' or tab between cells). Anything else is refused with a
// reason the page can turn into "send an .xlsx or .csv file". The reading happens in a reader thread, bounded.

export type TableFileRefusal = Extract<TableFileResult, { ok: false }>['reason'] | ThreadRefusal;
export type { TableFileResult };

export async function readTableFile(
	bytes: Uint8Array
): Promise<TableFileResult | { ok: false; reason: ThreadRefusal }> {
	return readInThread<TableFileResult>({ kind: 'table-file' }, bytes);
}

/** Every worksheet with data, in order: a workbook may keep its instructions on the first sheet. */
export async function readWorkbookSheets(
	bytes: Uint8Array
): Promise<WorkbookSheetsResult | { ok: false; reason: ThreadRefusal }> {
	return readInThread<WorkbookSheetsResult>({ kind: 'workbook-sheets' }, bytes);
}
