import type { Paragraph, Table } from 'docx';
import {
	countText,
	momentText,
	pointsText,
	rankText,
	reasonsCell,
	type DocumentModel,
	type UnitScores
} from '$lib/core/documents';
import { SIZE, TEXT_WIDTH, grid, para, type CellValue } from './style';

// The scoring as the minutes and the report state it: the summary table in the shape of report 76-BC/CTĐ (the
// self-assessed score as the unit wrote it, the cluster's score, the reasons inside the table), the reasons unit
// by unit, and each unit's full score table.

/** A unit's reasons, from the pure core's wording. */
export function unitReasons(model: Pick<DocumentModel, 'criteria'>, u: UnitScores) {
	return reasonsCell(model.criteria, {
		items: u.items,
		self: u.self,
		cluster: u.cluster,
		reported: u.reported,
		deductions: u.deductions,
		excesses: u.excesses
	});
}

/** TT, unit, self score as written, cluster score, total deducted, rank (ties named): fits a portrait page. */
export function summaryGrid(model: DocumentModel): Table {
	const w = TEXT_WIDTH;
	const columns = [
		{ header: 'TT', width: 600, numeric: true },
		{ header: 'Tên đơn vị', width: w - 600 - 4 * 1250 },
		{ header: 'Điểm tự chấm', width: 1250, numeric: true },
		{ header: 'Điểm do Cụm chấm', width: 1250, numeric: true },
		{ header: 'Tổng điểm trừ', width: 1250, numeric: true },
		{ header: 'Xếp hạng', width: 1250, numeric: true }
	];
	const rows: CellValue[][] = model.units.map((u) => {
		const cell = unitReasons(model, u);
		return [
			countText(u.order),
			u.name,
			pointsText(cell.written),
			{ text: pointsText(u.cluster), bold: true, align: 'center' },
			cell.deducted ? pointsText(cell.deducted) : '',
			rankText(u.rank, u.tied)
		];
	});
	return grid(columns, rows);
}

/** The report's own table (76-BC/CTĐ's last page): TT, unit, self score as written, cluster score, the reasons. */
export function scoreTableGrid(model: DocumentModel): Table {
	const w = TEXT_WIDTH;
	const columns = [
		{ header: 'TT', width: 560, numeric: true },
		{ header: 'Tên đơn vị', width: 2300 },
		{ header: 'Điểm tự chấm', width: 1000, numeric: true },
		{ header: 'Điểm do Cụm chấm', width: 1100, numeric: true },
		{ header: 'Lý do trừ điểm', width: w - 560 - 2300 - 1000 - 1100 }
	];
	return grid(
		columns,
		model.units.map((u) => {
			const cell = unitReasons(model, u);
			return [
				countText(u.order),
				u.name,
				pointsText(cell.written),
				pointsText(u.cluster),
				{ text: cell.lines.join('\n'), align: 'justify' as const }
			];
		}),
		SIZE.small,
		{ keepWithNext: true }
	);
}

/** Each unit's reasons in sentences, for the minutes; with the unit's answer to a deduction. */
export function deductionParagraphs(model: DocumentModel): Paragraph[] {
	const out: Paragraph[] = [];
	for (const u of model.units) {
		const cell = unitReasons(model, u);
		if (cell.lines.length === 0) {
			out.push(
				para(
					`- ${u.name}: tự chấm ${pointsText(cell.written)} điểm, Cụm chấm ${pointsText(u.cluster)} điểm, không trừ điểm.`
				)
			);
			continue;
		}
		out.push(
			para(`- ${u.name}: tự chấm ${pointsText(cell.written)} điểm, Cụm chấm ${pointsText(u.cluster)} điểm.`, {
				bold: true
			})
		);
		for (const line of cell.lines) out.push(para(line.startsWith('- ') ? `+ ${line.slice(2)}` : line));
		for (const d of u.deductions)
			if (d.answer)
				out.push(
					para(`Giải trình của đơn vị về ${d.criterion}: ${d.answer.text} (${d.answer.author}).`, {
						italic: true
					})
				);
	}
	return out;
}

/** Whether any unit's own arithmetic was wrong: the reasons already state each error. */
export function arithmeticParagraphs(model: DocumentModel): Paragraph[] {
	const flagged = model.units.filter((u) => u.mismatches.length > 0);
	if (flagged.length === 0) return [para('Bảng tự chấm của các đơn vị cộng đúng, không có sai sót số học.')];
	return [
		para(
			`Bảng tự chấm có sai sót số học (nêu cụ thể ở lý do trừ điểm của từng đơn vị): ${flagged.map((u) => u.name).join('; ')}. Điểm do Cụm chấm được tính theo điểm từng tiêu chí.`
		)
	];
}

/** The full score table of one unit: every item with its maximum, self score, deduction and cluster score. */
export function unitScoreGrid(model: DocumentModel, u: UnitScores, keepWithNext = false): Table {
	const w = TEXT_WIDTH;
	const columns = [
		{ header: 'Mã', width: 900 },
		{ header: 'Tiêu chí', width: w - 900 - 4 * 1000 },
		{ header: 'Điểm tối đa', width: 1000, numeric: true },
		{ header: 'Tự chấm', width: 1000, numeric: true },
		{ header: 'Trừ', width: 1000, numeric: true },
		{ header: 'Cụm chấm', width: 1000, numeric: true }
	];
	const rows: CellValue[][] = model.criteria.map((c) => {
		if (c.section) {
			const s = u.sections[c.code];
			return [
				{ text: c.code, bold: true },
				{ text: c.title, bold: true },
				'',
				{ text: s ? pointsText(s.self) : '', bold: true, align: 'center' },
				'',
				{ text: s ? pointsText(s.cluster) : '', bold: true, align: 'center' }
			];
		}
		const r = u.items[c.code];
		const kind = c.kind === 'bonus' ? ' (điểm thưởng)' : c.kind === 'penalty' ? ' (điểm trừ)' : '';
		return [
			c.code,
			`${c.title}${kind}`,
			c.max === null ? '' : pointsText(c.max),
			r ? pointsText(r.self) : '',
			r?.deducted ? pointsText(r.deducted) : '',
			r ? pointsText(r.cluster) : ''
		];
	});
	rows.push([
		{ text: '', bold: true },
		{ text: 'TỔNG CỘNG', bold: true },
		'',
		{ text: pointsText(u.self), bold: true, align: 'center' },
		{ text: u.deducted ? pointsText(u.deducted) : '', bold: true, align: 'center' },
		{ text: pointsText(u.cluster), bold: true, align: 'center' }
	]);
	return grid(columns, rows, SIZE.small, { keepWithNext });
}

export function closingMoment(model: DocumentModel): string {
	return model.closedAt ? momentText(model.closedAt) : '…… giờ …… phút, ngày …… tháng …… năm ……';
}
