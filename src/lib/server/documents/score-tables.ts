import ExcelJS from 'exceljs';
import {
	DRAFT_MARK,
	capitals,
	dateLine,
	excessText,
	pointsText,
	rankText,
	reasonsCell,
	type DocumentModel,
	type UnitScores
} from '$lib/core/documents';
import { POINT_SCALE, type Points } from '$lib/core/scoring';

// Bảng tổng hợp điểm (.xlsx): a summary sheet and one sheet per unit with every item. Subtotals, totals, the
// summary's scores and ranks are formulas over the item cells, each with its cached value equal to the board's, so
// that the workbook recomputes to the same numbers. Numbers are numbers, shown with a decimal comma and thousands
// dots whatever the reader's locale (a Vietnamese locale tag on the format); headers are frozen and repeat on every
// printed page; a unit's sheet prints on one A4 page, the summary on A4 landscape fitted to the width; page numbers
// in the footer.

/** Vietnamese number formats: the [$-42A] tag makes "." the thousands and "," the decimal mark in any locale. */
export const NUMBER_FORMAT = '[$-42A]#,##0.##;-#,##0.##;0';
const POINTS_FORMAT = NUMBER_FORMAT;

const HEADER_ROW = 4;
const num = (p: Points) => p / POINT_SCALE;

function pageSetup(
	sheet: ExcelJS.Worksheet,
	columns: number,
	o: { onePage: boolean; orientation: 'portrait' | 'landscape' }
): void {
	sheet.pageSetup = {
		paperSize: 9,
		orientation: o.orientation,
		fitToPage: true,
		fitToWidth: 1,
		fitToHeight: o.onePage ? 1 : 0,
		printTitlesRow: `1:${HEADER_ROW}`,
		margins: { left: 0.6, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 }
	};
	sheet.headerFooter = {
		oddFooter: '&C&"Times New Roman"&11Trang &P/&N',
		evenFooter: '&C&"Times New Roman"&11Trang &P/&N'
	};
	sheet.views = [{ state: 'frozen', ySplit: HEADER_ROW, xSplit: 2 }];
	sheet.mergeCells(1, 1, 1, columns);
	sheet.mergeCells(2, 1, 2, columns);
	sheet.mergeCells(3, 1, 3, columns);
}

function titleRows(sheet: ExcelJS.Worksheet, model: DocumentModel, titleText: string): void {
	sheet.getCell(1, 1).value = model.cluster.toLocaleUpperCase('vi');
	sheet.getCell(1, 1).font = { name: 'Times New Roman', bold: true, size: 12 };
	sheet.getCell(2, 1).value = model.draft ? `${titleText} (${DRAFT_MARK})` : titleText;
	sheet.getCell(2, 1).font = {
		name: 'Times New Roman',
		bold: true,
		size: 14,
		color: model.draft ? { argb: 'FFC00000' } : undefined
	};
	sheet.getCell(2, 1).alignment = { horizontal: 'center' };
	sheet.getCell(3, 1).value = dateLine(model.fields.place, model.fields.issuedOn);
	sheet.getCell(3, 1).font = { name: 'Times New Roman', italic: true, size: 12 };
	sheet.getCell(3, 1).alignment = { horizontal: 'right' };
}

function headerRow(sheet: ExcelJS.Worksheet, headers: { text: string; width: number }[]): void {
	const row = sheet.getRow(HEADER_ROW);
	headers.forEach((h, i) => {
		const cell = row.getCell(i + 1);
		cell.value = h.text;
		cell.font = { name: 'Times New Roman', bold: true, size: 12 };
		cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
		cell.border = {
			top: { style: 'thin' },
			bottom: { style: 'thin' },
			left: { style: 'thin' },
			right: { style: 'thin' }
		};
		sheet.getColumn(i + 1).width = h.width;
	});
	fitHeight(row, sheet, headers.length);
}

/** Rows tall enough for their wrapped text: not every spreadsheet program grows a row by itself. */
function fitHeight(row: ExcelJS.Row, sheet: ExcelJS.Worksheet, columns: number): void {
	let lines = 1;
	for (let c = 1; c <= columns; c += 1) {
		const value = row.getCell(c).value;
		if (typeof value !== 'string') continue;
		const width = sheet.getColumn(c).width ?? 10;
		const wrapped = value
			.split('\n')
			.reduce((n, line) => n + Math.max(1, Math.ceil((line.length * 0.9) / width)), 0);
		lines = Math.max(lines, wrapped);
	}
	row.height = Math.max(16, lines * 15.5);
}

function style(row: ExcelJS.Row, columns: number, bold = false): void {
	fitHeight(row, row.worksheet, columns);
	for (let c = 1; c <= columns; c += 1) {
		const cell = row.getCell(c);
		cell.font = { name: 'Times New Roman', size: 12, bold };
		const numeric =
			typeof cell.value === 'number' || (cell.value && typeof cell.value === 'object' && 'formula' in cell.value);
		cell.alignment = { vertical: 'top', wrapText: true, horizontal: numeric ? 'center' : 'left' };
		if (numeric) cell.numFmt = POINTS_FORMAT;
		cell.border = {
			top: { style: 'thin' },
			bottom: { style: 'thin' },
			left: { style: 'thin' },
			right: { style: 'thin' }
		};
	}
}

/** A sheet name Excel accepts: at most 31 characters, none of []:*?/\ , unique in the workbook. */
function sheetName(name: string, taken: Set<string>): string {
	const base =
		name
			.replace(/[[\]:*?/\\]/g, ' ')
			.slice(0, 28)
			.trim() || 'Đơn vị';
	let candidate = base;
	for (let i = 2; taken.has(candidate.toLowerCase()); i += 1) candidate = `${base} ${i}`;
	taken.add(candidate.toLowerCase());
	return candidate;
}

/** "'Quảng Ninh'!D40": a reference into another sheet, quoted as Excel quotes names with spaces or letters beyond ASCII. */
const ref = (sheet: string, address: string) => `'${sheet.replace(/'/g, "''")}'!${address}`;

interface UnitSheet {
	name: string;
	totalRow: number;
}

function unitSheet(workbook: ExcelJS.Workbook, model: DocumentModel, u: UnitScores, name: string): UnitSheet {
	const sheet = workbook.addWorksheet(name);
	titleRows(sheet, model, `BẢNG ĐIỂM ${u.name.toLocaleUpperCase('vi')} NĂM ${model.year}`);
	headerRow(sheet, [
		{ text: 'Mã', width: 9 },
		{ text: 'Tiêu chí', width: 60 },
		{ text: 'Điểm tối đa', width: 10 },
		{ text: 'Điểm tự chấm', width: 10 },
		{ text: 'Điểm trừ', width: 10 },
		{ text: 'Điểm Cụm chấm', width: 10 },
		{ text: 'Lý do trừ điểm', width: 50 }
	]);
	pageSetup(sheet, 7, { onePage: true, orientation: 'landscape' });

	// Rows first, so that a section's formula can name its children's rows.
	const rowOf = new Map<string, number>();
	model.criteria.forEach((c, i) => rowOf.set(c.code, HEADER_ROW + 1 + i));
	const totalRow = HEADER_ROW + 1 + model.criteria.length;
	const kindOf = new Map(model.criteria.map((c) => [c.code, c.kind]));
	const signedSum = (column: string, codes: readonly string[], signed: boolean) => {
		const plus = codes.filter((k) => !signed || kindOf.get(k) !== 'penalty').map((k) => `${column}${rowOf.get(k)}`);
		const minus = signed
			? codes.filter((k) => kindOf.get(k) === 'penalty').map((k) => `${column}${rowOf.get(k)}`)
			: [];
		// No empty SUM(): a section of penalty items only is the negation of its items.
		const formula = `${plus.length ? `SUM(${plus.join(',')})` : ''}${minus.map((m) => `-${m}`).join('')}`;
		return formula || '0';
	};

	for (const c of model.criteria) {
		const r = rowOf.get(c.code)!;
		const row = sheet.getRow(r);
		const indent = '   '.repeat(c.depth);
		row.getCell(1).value = c.code;
		if (c.section) {
			const s = u.sections[c.code]!;
			const deducted = sectionDeducted(model, u, c.code);
			row.getCell(2).value = `${indent}${c.title}`;
			row.getCell(4).value = { formula: signedSum('D', c.children, true), result: num(s.self) };
			row.getCell(5).value = { formula: signedSum('E', c.children, false), result: num(deducted) };
			row.getCell(6).value = { formula: signedSum('F', c.children, true), result: num(s.cluster) };
			style(row, 7, true);
		} else {
			const item = u.items[c.code]!;
			const kind = c.kind === 'bonus' ? ' (điểm thưởng)' : c.kind === 'penalty' ? ' (điểm trừ)' : '';
			row.getCell(2).value = `${indent}${c.title}${kind}`;
			row.getCell(3).value = c.max === null ? null : num(c.max);
			row.getCell(4).value = num(item.self);
			row.getCell(5).value = num(item.deducted);
			// A penalty item's deduction raises the penalty; any other lowers the item.
			row.getCell(6).value = {
				formula: c.kind === 'penalty' ? `D${r}+E${r}` : `D${r}-E${r}`,
				result: num(item.cluster)
			};
			row.getCell(7).value = u.deductions
				.filter((d) => d.criterion === c.code)
				.map(
					(d) =>
						`Trừ ${pointsText(d.points)} điểm: ${d.reason}${d.answer ? ` (giải trình của đơn vị: ${d.answer.text})` : ''}`
				)
				.concat(u.excesses.filter((e) => e.criterion === c.code).map(excessText))
				.join('\n');
			style(row, 7);
		}
	}
	const top = model.criteria.filter((c) => c.depth === 0).map((c) => c.code);
	const total = sheet.getRow(totalRow);
	total.getCell(2).value = 'TỔNG CỘNG';
	total.getCell(4).value = { formula: signedSum('D', top, true), result: num(u.self) };
	total.getCell(5).value = { formula: signedSum('E', top, false), result: num(u.deducted) };
	total.getCell(6).value = { formula: signedSum('F', top, true), result: num(u.cluster) };
	style(total, 7, true);
	if (u.reportedTotal !== null) {
		const reported = sheet.getRow(totalRow + 1);
		reported.getCell(2).value =
			u.reportedTotal === u.self
				? 'Tổng điểm đơn vị ghi trên bảng tự chấm'
				: 'Tổng điểm đơn vị ghi trên bảng tự chấm (lệch với các tiêu chí)';
		reported.getCell(4).value = num(u.reportedTotal);
		style(reported, 7, u.reportedTotal !== u.self);
	}
	return { name, totalRow };
}

/** What the deductions took off a section's items, nested sections included. */
function sectionDeducted(model: DocumentModel, u: UnitScores, code: string): number {
	const section = model.criteria.find((c) => c.code === code);
	if (!section?.section) return 0;
	return section.children.reduce((sum, k) => sum + (u.items[k]?.deducted ?? 0) + sectionDeducted(model, u, k), 0);
}

export async function scoreTablesXlsx(model: DocumentModel): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'binhxet';
	workbook.created = new Date(model.madeAt);
	const summary = workbook.addWorksheet('Tổng hợp');
	const taken = new Set(['tổng hợp']);
	const sheets = model.units.map((u) => unitSheet(workbook, model, u, sheetName(u.shortName, taken)));

	titleRows(summary, model, `TỔNG HỢP CHẤM ĐIỂM CÁC ĐƠN VỊ NĂM ${model.year}`);
	headerRow(summary, [
		{ text: 'TT', width: 5 },
		{ text: 'Tên đơn vị', width: 34 },
		{ text: 'Điểm tự chấm', width: 10 },
		{ text: 'Điểm do Cụm chấm', width: 10 },
		{ text: 'Xếp hạng', width: 12 },
		{ text: 'Tổng điểm trừ', width: 9 },
		{ text: 'Lý do trừ điểm', width: 80 }
	]);
	pageSetup(summary, 7, { onePage: false, orientation: 'landscape' });
	const first = HEADER_ROW + 1;
	const last = HEADER_ROW + model.units.length;
	model.units.forEach((u, i) => {
		const r = first + i;
		const s = sheets[i]!;
		const row = summary.getRow(r);
		const cell = reasonsCell(model.criteria, {
			items: u.items,
			self: u.self,
			cluster: u.cluster,
			reported: u.reported,
			deductions: u.deductions,
			excesses: u.excesses
		});
		row.getCell(1).value = u.order;
		row.getCell(2).value = u.name;
		// The self-assessed score as the unit wrote it; the items' sum when it wrote no total.
		row.getCell(3).value =
			u.reportedTotal === null
				? { formula: ref(s.name, `D${s.totalRow}`), result: num(u.self) }
				: num(u.reportedTotal);
		row.getCell(4).value = { formula: ref(s.name, `F${s.totalRow}`), result: num(u.cluster) };
		// RANK gives competition ranking (1, 2, 2, 4), as the board does; a tie is named as the documents name it.
		row.getCell(5).value = {
			formula: `RANK(D${r},$D$${first}:$D$${last})&IF(COUNTIF($D$${first}:$D$${last},D${r})>1," (đồng hạng)","")`,
			result: rankText(u.rank, u.tied)
		};
		row.getCell(6).value = { formula: `C${r}-D${r}`, result: num(cell.deducted) };
		row.getCell(7).value = cell.lines.join('\n');
		style(row, 7);
	});
	signatureRows(summary, model, last + 2, 5, 7);
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The place and date line and the head's signature block under the summary table, on its right-hand columns. */
function signatureRows(sheet: ExcelJS.Worksheet, model: DocumentModel, top: number, from: number, to: number): void {
	const f = model.fields;
	const lines: { text: string; bold?: boolean; italic?: boolean; gap?: number }[] = [
		{ text: dateLine(f.place, f.issuedOn), italic: true },
		{ text: 'T/M CỤM THI ĐUA', bold: true },
		{ text: 'CỤM TRƯỞNG', bold: true },
		{ text: '', gap: 3 },
		{ text: f.chairName || '……………………', bold: true },
		...(f.chairOffice ? [{ text: capitals(f.chairOffice) }] : [])
	];
	let r = top;
	for (const line of lines) {
		for (let g = 0; g < (line.gap ?? 1); g += 1) {
			sheet.mergeCells(r, from, r, to);
			r += 1;
		}
		const cell = sheet.getCell(r - 1, from);
		cell.value = line.text || null;
		cell.font = { name: 'Times New Roman', size: 12, bold: line.bold, italic: line.italic };
		cell.alignment = { horizontal: 'center' };
	}
}
