import ExcelJS from 'exceljs';
import type { CellValue, Grid, Merge } from '$lib/core/import/grid';
import { decodeText, readCsv } from '$lib/core/import/csv';

export { decodeText, readCsv };

// Reads an uploaded table file into a Grid: an .xlsx workbook (its first worksheet with data) or CSV text as Excel
// saves it (UTF-8 with or without a BOM, or UTF-16; ';', ',' or tab between cells). Anything else is refused with a
// reason the page can turn into "send an .xlsx or .csv file".

export const MAX_TABLE_FILE_BYTES = 5 * 1024 * 1024;

export type TableFileRefusal = 'empty' | 'too_large' | 'not_a_table' | 'unreadable';
export type TableFileResult = { ok: true; grid: Grid } | { ok: false; reason: TableFileRefusal };

/** Zip archives (every Office Open XML file) start with "PK\x03\x04". */
export function isZip(bytes: Uint8Array): boolean {
	return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export async function readTableFile(bytes: Uint8Array): Promise<TableFileResult> {
	if (bytes.length === 0) return { ok: false, reason: 'empty' };
	if (bytes.length > MAX_TABLE_FILE_BYTES) return { ok: false, reason: 'too_large' };
	if (isZip(bytes)) return readWorkbook(bytes);
	const text = decodeText(bytes);
	if (text === null) return { ok: false, reason: 'not_a_table' };
	const grid = readCsv(text);
	return grid.rows.length === 0 ? { ok: false, reason: 'empty' } : { ok: true, grid };
}

async function readWorkbook(bytes: Uint8Array): Promise<TableFileResult> {
	const read = await readWorkbookSheets(bytes);
	return read.ok ? { ok: true, grid: read.grids[0]! } : read;
}

/** Every worksheet with data, in order: a workbook may keep its instructions on the first sheet. */
export async function readWorkbookSheets(bytes: Uint8Array): Promise<{ ok: true; grids: Grid[] } | { ok: false; reason: TableFileRefusal }> {
	if (bytes.length === 0) return { ok: false, reason: 'empty' };
	if (bytes.length > MAX_TABLE_FILE_BYTES) return { ok: false, reason: 'too_large' };
	if (!isZip(bytes)) return { ok: false, reason: 'not_a_table' };
	const workbook = new ExcelJS.Workbook();
	try {
		// exceljs's typings predate Node's generic Buffer; the bytes are what it reads.
		await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
	} catch {
		return { ok: false, reason: 'unreadable' };
	}
	// A zip without worksheets (an .odt, a folder of photos) is not a workbook at all.
	if (workbook.worksheets.length === 0) return { ok: false, reason: 'not_a_table' };
	const sheets = workbook.worksheets.filter((ws) => ws.actualRowCount > 0);
	if (sheets.length === 0) return { ok: false, reason: 'empty' };
	return { ok: true, grids: sheets.map(worksheetGrid) };
}

export function worksheetGrid(sheet: ExcelJS.Worksheet): Grid {
	const rows: CellValue[][] = [];
	const merges: Merge[] = [];
	const width = sheet.columnCount;
	for (let r = 1; r <= sheet.rowCount; r++) {
		const row = sheet.getRow(r);
		const cells: CellValue[] = [];
		for (let c = 1; c <= width; c++) {
			const cell = row.getCell(c);
			if (cell.isMerged && cell.master.address !== cell.address) {
				cells.push(null);
				continue;
			}
			cells.push(cellValue(cell.value));
		}
		rows.push(cells);
	}
	// exceljs keeps merged ranges as "A1:C1" strings on the worksheet model.
	for (const range of Object.values((sheet as unknown as { _merges: Record<string, { model: { top: number; left: number; bottom: number; right: number } }> })._merges ?? {})) {
		const { top, left, bottom, right } = range.model;
		merges.push({ top: top - 1, left: left - 1, bottom: bottom - 1, right: right - 1 });
	}
	return { rows, merges };
}

function cellValue(value: ExcelJS.CellValue): CellValue {
	if (value === null || value === undefined) return null;
	if (typeof value === 'number') return value;
	if (typeof value === 'string') return value;
	if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	if (typeof value === 'object') {
		if ('richText' in value) return value.richText.map((run) => run.text).join('');
		if ('result' in value) return cellValue((value.result ?? null) as ExcelJS.CellValue);
		if ('text' in value && typeof value.text === 'string') return value.text;
		if ('error' in value) return null;
	}
	return null;
}

