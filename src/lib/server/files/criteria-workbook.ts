import ExcelJS from 'exceljs';
import { formatPoints, type Criterion, type SelfAssessment, type Template } from '$lib/core/scoring';
import { writableDeep } from '$lib/core/text';
import { translate, type Locale } from '$lib/i18n';

// The blank self-assessment workbook a host sends to the units: the meeting's criteria table with an empty
// "Điểm tự chấm" column, which the board reads back (readUnitSheet). The column headings stay in Vietnamese in
// every locale: they are the official form's, and what the reader looks for.

const HEADINGS = ['TT', 'Nội dung', 'Điểm tối đa', 'Điểm tự chấm', 'Ghi chú'];

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sectionMax(c: Criterion): number {
	return c.type === 'item' ? c.max : c.children.reduce((s, child) => s + sectionMax(child), 0);
}

export async function criteriaWorkbook(
	template: Template,
	options: { locale?: Locale; unitName?: string; sheet?: SelfAssessment } = {}
): Promise<Uint8Array<ArrayBuffer>> {
	// Titles and names stored before the board refused characters XML does not allow must not break the workbook.
	template = writableDeep(template);
	options = writableDeep(options);
	const locale = options.locale ?? 'vi';
	const workbook = new ExcelJS.Workbook();
	const ws = workbook.addWorksheet(translate(locale, 'workbook.sheet'));
	ws.columns = [{ width: 9 }, { width: 70 }, { width: 12 }, { width: 14 }, { width: 24 }];
	const title = ws.addRow([template.name.toUpperCase()]);
	title.font = { bold: true, size: 13 };
	ws.mergeCells(title.number, 1, title.number, 5);
	const unit = ws.addRow([`${translate(locale, 'workbook.unit')}${options.unitName ?? ''}`]);
	ws.mergeCells(unit.number, 1, unit.number, 5);
	const hint = ws.addRow([translate(locale, 'workbook.hint', { step: formatPoints(template.step, locale) })]);
	hint.font = { italic: true };
	ws.mergeCells(hint.number, 1, hint.number, 5);
	ws.addRow([]);
	const head = ws.addRow(HEADINGS);
	head.font = { bold: true };
	head.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
	const decimal = (p: number) => p / 100;
	const walk = (criteria: readonly Criterion[], depth: number) => {
		for (const c of criteria) {
			// Full codes (I.2.3) in TT, so that the sheet reads back to the same criteria whatever its layout.
			const own = c.type === 'item' ? options.sheet?.scores[c.code] : options.sheet?.reported[c.code];
			const row = ws.addRow([
				c.code,
				c.title,
				decimal(sectionMax(c)),
				own === undefined ? null : decimal(own),
				null
			]);
			row.getCell(2).alignment = { wrapText: true, indent: depth };
			if (c.type === 'section') {
				row.font = { bold: true };
				walk(c.children, depth + 1);
			} else if (c.kind !== 'score') {
				row.getCell(5).value = translate(
					locale,
					c.kind === 'bonus' ? 'criteria.kind.bonus' : 'criteria.kind.penalty'
				);
			}
		}
	};
	walk(template.criteria, 0);
	const total = options.sheet?.reported.total;
	const totalRow = ws.addRow([
		null,
		'Tổng cộng',
		decimal(template.nominalTotal),
		total === undefined ? null : decimal(total),
		null
	]);
	totalRow.font = { bold: true };
	for (let r = head.number; r <= totalRow.number; r++) {
		for (let c = 1; c <= 5; c++) {
			ws.getCell(r, c).border = {
				top: { style: 'thin' },
				left: { style: 'thin' },
				bottom: { style: 'thin' },
				right: { style: 'thin' }
			};
		}
		ws.getCell(r, 3).numFmt = '0.##';
		ws.getCell(r, 4).numFmt = '0.##';
	}
	ws.views = [{ state: 'frozen', ySplit: head.number }];
	return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}
