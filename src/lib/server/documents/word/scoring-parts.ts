import type { Paragraph, Table } from 'docx';
import { excessText, momentText, pointsText, rankText, type DocumentModel, type UnitScores } from '$lib/core/documents';
import { LANDSCAPE_TEXT_WIDTH, SIZE, TEXT_WIDTH, grid, para, type CellValue } from './style';

// The scoring as the minutes and the report state it: the summary table, each deduction with its reason, the
// units' answers, and the errors found in units' own arithmetic.

/** "Mục II" for a section, "Tổng điểm" for the total. */
export function figureName(code: string): string {
	return code === 'total' ? 'Tổng điểm' : `Mục ${code}`;
}

/** STT, unit, self score, reported total, cluster score, deducted, rank: fits a portrait page. */
export function summaryGrid(model: DocumentModel): Table {
	const w = TEXT_WIDTH;
	const columns = [
		{ header: 'STT', width: 600, numeric: true },
		{ header: 'Tên đơn vị', width: w - 600 - 5 * 1150 },
		{ header: 'Điểm tự chấm', width: 1150, numeric: true },
		{ header: 'Tổng ghi trên bảng', width: 1150, numeric: true },
		{ header: 'Điểm Cụm chấm', width: 1150, numeric: true },
		{ header: 'Điểm trừ', width: 1150, numeric: true },
		{ header: 'Xếp hạng', width: 1150, numeric: true }
	];
	const rows: CellValue[][] = model.units.map((u) => [
		String(u.order),
		u.name,
		pointsText(u.self),
		reportedCell(u),
		{ text: pointsText(u.cluster), bold: true, align: 'center' },
		u.deducted ? pointsText(u.deducted) : '0',
		rankText(u.rank, u.tied)
	]);
	return grid(columns, rows);
}

/** The reported total, flagged when the unit's own items do not add up to it. */
export function reportedCell(u: UnitScores): CellValue {
	if (u.reportedTotal === null) return '—';
	return u.reportedTotal === u.self ? pointsText(u.reportedTotal) : { text: `${pointsText(u.reportedTotal)}\n(lệch)`, bold: true, align: 'center' };
}

/** The report's own table: with the reasons beside each unit, on a landscape page. */
export function summaryWithReasonsGrid(model: DocumentModel): Table {
	const w = LANDSCAPE_TEXT_WIDTH;
	const fixed = 600 + 3000 + 4 * 1050;
	const columns = [
		{ header: 'STT', width: 600, numeric: true },
		{ header: 'Tên đơn vị', width: 3000 },
		{ header: 'Điểm tự chấm', width: 1050, numeric: true },
		{ header: 'Tổng ghi trên bảng', width: 1050, numeric: true },
		{ header: 'Điểm Cụm chấm', width: 1050, numeric: true },
		{ header: 'Xếp hạng', width: 1050, numeric: true },
		{ header: 'Lý do trừ điểm', width: w - fixed }
	];
	return grid(
		columns,
		model.units.map((u) => [String(u.order), u.name, pointsText(u.self), reportedCell(u), { text: pointsText(u.cluster), bold: true, align: 'center' }, rankText(u.rank, u.tied), reasonsText(u)]),
		SIZE.small
	);
}

export function reasonsText(u: UnitScores): string {
	if (u.deductions.length === 0) return 'Không trừ điểm.';
	const lines = u.deductions.map((d) => `- ${d.criterion} ${d.criterionTitle}: trừ ${pointsText(d.points)} điểm. ${d.reason}`);
	return [...lines, ...u.excesses.map(excessText), `Tổng điểm trừ: ${pointsText(u.deducted)} điểm.`].join('\n');
}

/** Each unit's deductions with their reasons and the unit's answer. */
export function deductionParagraphs(model: DocumentModel): Paragraph[] {
	const out: Paragraph[] = [];
	for (const u of model.units) {
		if (u.deductions.length === 0) {
			out.push(para(`- ${u.name}: không trừ điểm.`));
			continue;
		}
		out.push(para(`- ${u.name}: tự chấm ${pointsText(u.self)}, Cụm chấm ${pointsText(u.cluster)}, tổng điểm trừ ${pointsText(u.deducted)} điểm:`, { bold: true }));
		// The reason as the meeting agreed it; who proposed it and when stays in the record, not in what is filed.
		for (const d of u.deductions) {
			out.push(para(`+ Tiêu chí ${d.criterion} (${d.criterionTitle}): trừ ${pointsText(d.points)} điểm. Lý do: ${d.reason.replace(/[.\s]+$/u, '')}.`));
			if (d.answer) out.push(para(`Giải trình của đơn vị: ${d.answer.text} (${d.answer.author}).`, { italic: true }));
		}
		for (const e of u.excesses) out.push(para(excessText(e), { italic: true }));
	}
	return out;
}

/** What the board found in units' own arithmetic: every reported figure its items do not give. */
export function arithmeticParagraphs(model: DocumentModel): Paragraph[] {
	const flagged = model.units.filter((u) => u.mismatches.length > 0);
	if (flagged.length === 0) return [para('Bảng tự chấm của các đơn vị cộng đúng, không có sai sót số học.')];
	return flagged.map((u) =>
		para(
			`- ${u.name}: ${u.mismatches.map((m) => `${figureName(m.code)} ghi ${pointsText(m.reported)} điểm, các tiêu chí cộng lại ${pointsText(m.computed)} điểm`).join('; ')}. Điểm được tính theo các tiêu chí.`
		)
	);
}

/** The full score table of one unit: every item with its maximum, self score, deduction and cluster score. */
export function unitScoreGrid(model: DocumentModel, u: UnitScores): Table {
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
			return [{ text: c.code, bold: true }, { text: c.title, bold: true }, '', { text: s ? pointsText(s.self) : '', bold: true, align: 'center' }, '', { text: s ? pointsText(s.cluster) : '', bold: true, align: 'center' }];
		}
		const r = u.items[c.code];
		const kind = c.kind === 'bonus' ? ' (điểm thưởng)' : c.kind === 'penalty' ? ' (điểm trừ)' : '';
		return [c.code, `${c.title}${kind}`, c.max === null ? '' : pointsText(c.max), r ? pointsText(r.self) : '', r?.deducted ? pointsText(r.deducted) : '', r ? pointsText(r.cluster) : ''];
	});
	rows.push([{ text: '', bold: true }, { text: 'TỔNG CỘNG', bold: true }, '', { text: pointsText(u.self), bold: true, align: 'center' }, { text: u.deducted ? pointsText(u.deducted) : '', bold: true, align: 'center' }, { text: pointsText(u.cluster), bold: true, align: 'center' }]);
	return grid(columns, rows, SIZE.small);
}

export function closingMoment(model: DocumentModel): string {
	return model.closedAt ? momentText(model.closedAt) : '…… giờ …… phút, ngày …… tháng …… năm ……';
}
