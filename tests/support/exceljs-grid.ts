import ExcelJS from 'exceljs';
import type { CellValue, Grid, Merge } from '$lib/core/import/grid';

// How the board read workbooks before it had a bounded reader of its own: exceljs's whole workbook, each worksheet
// walked to its row and column counts. Kept as the reference the bounded reader must agree with on normal files.

export async function exceljsGrids(bytes: Uint8Array): Promise<Grid[]> {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
	return workbook.worksheets.filter((ws) => ws.actualRowCount > 0).map(worksheetGrid);
}

function worksheetGrid(sheet: ExcelJS.Worksheet): Grid {
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
	for (const range of Object.values(
		(
			sheet as unknown as {
				_merges: Record<string, { model: { top: number; left: number; bottom: number; right: number } }>;
			}
		)._merges ?? {}
	)) {
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
