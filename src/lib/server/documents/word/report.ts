import { AlignmentType, Paragraph } from 'docx';
import { headSignature, pointsText, statisticsTotals, type DocumentModel, type StatisticsTable } from '$lib/core/documents';
import { documentHeading, pack } from './common';
import { arithmeticParagraphs, deductionParagraphs, summaryGrid, summaryWithReasonsGrid, unitScoreGrid } from './scoring-parts';
import { recipientsAndSignature, signOff } from './signature';
import { LANDSCAPE_TEXT_WIDTH, SIZE, grid, heading, para, paragraphsOf, run, section, title, type CellValue } from './style';

// Báo cáo tổng kết in the seed report's shape: the situation, the cluster's activities, the scoring, the award
// proposals, next year's head and vice-heads, next year's direction; signed by the head; then the appendix
// (statistics where the meeting has them, the summary table with reasons, every unit's full score table).

const centred = (text: string, o: { bold?: boolean; italic?: boolean } = {}) => new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 0, after: 0 }, children: [run(text, { size: SIZE.body, ...o })] });

function namesFor(model: DocumentModel, purpose: string): string {
	return model.nominations.filter((n) => n.purpose === purpose).map((n) => n.name).join('; ');
}

function statisticsBlock(table: StatisticsTable) {
	const unitWidth = 2400;
	const width = Math.floor((LANDSCAPE_TEXT_WIDTH - 600 - unitWidth) / Math.max(1, table.columns.length));
	const cell = (v: number | string | null): string => (v === null ? '' : typeof v === 'number' ? String(v).replace('.', ',') : v);
	const totals = statisticsTotals(table);
	const rows: CellValue[][] = table.rows.map((r, i) => [String(i + 1), r.unit, ...table.columns.map((_, c) => cell(r.values[c] ?? null))]);
	rows.push(['', { text: 'Tổng cộng', bold: true }, ...totals.map((t) => ({ text: cell(t), bold: true, align: 'center' as const }))]);
	const differs = table.reportedTotal && table.reportedTotal.some((v, i) => v !== null && v !== totals[i]);
	if (table.reportedTotal && differs) rows.push(['', { text: 'Số liệu báo cáo ghi', italic: true }, ...table.reportedTotal.map((t, i) => ({ text: cell(t), italic: true, bold: t !== null && t !== totals[i], align: 'center' as const }))]);
	return [
		para(table.title, { bold: true, indent: false, before: 200 }),
		grid([{ header: 'STT', width: 600, numeric: true }, { header: 'Đơn vị', width: unitWidth }, ...table.columns.map((c) => ({ header: c, width, numeric: true }))], rows, SIZE.small - 2),
		...(differs ? [para('Dòng "Tổng cộng" được tính từ số liệu của các đơn vị; ô in đậm ở dòng "Số liệu báo cáo ghi" là chỗ lệch với số liệu các đơn vị.', { italic: true, size: SIZE.small, indent: false })] : []),
		...(table.note ? [para(table.note, { italic: true, size: SIZE.small, indent: false })] : [])
	];
}

export function reportSections(model: DocumentModel) {
	const f = model.fields;
	const next = model.year + 1;
	const text = (value: string) => (value.trim() ? paragraphsOf(value) : [para('(Chưa nhập nội dung.)', { italic: true })]);
	const flag = namesFor(model, 'flag');
	const merit = namesFor(model, 'merit');
	const head = namesFor(model, 'head');
	const vice = namesFor(model, 'vice_head');

	const body = [
		documentHeading(model, f.reportNumber, 'BC'),
		...title('BÁO CÁO', `tổng kết hoạt động ${model.cluster} năm ${model.year}`),
		para(`${model.cluster} báo cáo kết quả hoạt động của Cụm năm ${model.year} như sau:`),
		heading('I- ĐẶC ĐIỂM TÌNH HÌNH'),
		...text(f.situation),
		heading(`II- KẾT QUẢ HOẠT ĐỘNG ${model.cluster.toLocaleUpperCase('vi')} NĂM ${model.year}`),
		heading('1- Hoạt động của Cụm'),
		...text(f.activities),
		heading('2- Kết quả bình xét, chấm điểm thi đua'),
		para(`Cụm trưởng và các Cụm phó đã chấm điểm bảng tự chấm của ${model.units.length} đơn vị; kết quả tổng hợp như sau (bảng tổng hợp và bảng điểm chi tiết của từng đơn vị tại Phụ lục):`),
		summaryGrid(model),
		para('Lý do trừ điểm:', { bold: true, before: 160 }),
		...deductionParagraphs(model),
		para('Sai sót trong việc tự cộng điểm của đơn vị:', { bold: true, before: 160 }),
		...arithmeticParagraphs(model),
		heading('3- Đề nghị khen thưởng'),
		para(flag ? `Suy tôn và đề nghị tặng Cờ thi đua cho đơn vị tiêu biểu nhất Cụm: ${flag}.` : 'Đề nghị tặng Cờ thi đua: chưa có kết quả biểu quyết.'),
		para(merit ? `Đề nghị tặng Bằng khen cho đơn vị tiêu biểu nhì Cụm: ${merit}.` : 'Đề nghị tặng Bằng khen: chưa có kết quả biểu quyết.'),
		heading(`4- Cụm trưởng, Cụm phó năm ${next}`),
		para(`Đơn vị Cụm trưởng năm ${next}: ${head || 'chưa có kết quả bầu'}.`),
		para(`Đơn vị Cụm phó năm ${next}: ${vice || 'chưa có kết quả bầu'}.`),
		heading(`III- PHƯƠNG HƯỚNG, NHIỆM VỤ CỦA CỤM THI ĐUA NĂM ${next}`),
		...text(f.direction),
		signOff(`Trên đây là Báo cáo tổng kết hoạt động ${model.cluster} năm ${model.year}, phương hướng nhiệm vụ năm ${next}./.`, { before: 200 }),
		recipientsAndSignature(model.layout, f.recipients, headSignature(f.chairName))
	];

	const appendixTitle = [
		centred('PHỤ LỤC', { bold: true }),
		centred(`Kèm theo Báo cáo tổng kết phong trào thi đua năm ${model.year}`, { italic: true }),
		centred(`của ${model.cluster}`, { italic: true })
	];
	const appendix = [
		...appendixTitle,
		...(model.statistics ?? []).flatMap((t) => statisticsBlock(t)),
		para(`BẢNG TỔNG HỢP CHẤM ĐIỂM THI ĐUA NĂM ${model.year}`, { bold: true, align: 'center', before: 240 }),
		summaryWithReasonsGrid(model)
	];
	const scoreTables = [
		para(`BẢNG ĐIỂM CHI TIẾT CỦA CÁC ĐƠN VỊ NĂM ${model.year}`, { bold: true, align: 'center' }),
		...model.units.flatMap((u) => [para(`${u.order}. ${u.name}: tự chấm ${pointsText(u.self)}, Cụm chấm ${pointsText(u.cluster)}`, { bold: true, indent: false, before: 200 }), unitScoreGrid(model, u)])
	];
	return [section(body, { draft: model.draft, first: true }), section(appendix, { draft: model.draft, landscape: true }), section(scoreTables, { draft: model.draft })];
}

export function reportDocx(model: DocumentModel): Promise<Buffer> {
	return pack(`Báo cáo tổng kết ${model.year}`, reportSections(model));
}
