import {
	attendance,
	ballotTitleLine,
	countText,
	minutesSignatures,
	momentText,
	outcomeShort,
	paperClause,
	purposeText,
	shareText,
	vietnameseDate,
	type DocumentModel,
	type PresentPerson
} from '$lib/core/documents';
import { closingMoment, arithmeticParagraphs, deductionParagraphs, summaryGrid } from './scoring-parts';
import { documentHeading, pack } from './common';
import { recipientParagraphs, signOff, signatureRows } from './signature';
import { SIZE, TEXT_WIDTH, grid, heading, para, section, title } from './style';

// Biên bản hội nghị: when and how the meeting met, who attended (people by unit, with their positions, and how many
// were present and absent), the scoring, each vote, the nominations, the close, signed by the chair and the
// secretary.

const who = (p: { name: string; position: string | null }) => `${p.name}${p.position ? ` (${p.position})` : ''}`;
const named = (name: string, position: string) => `${name || '……'}${position ? `, ${position}` : ''}`;

function attendanceParagraphs(model: DocumentModel) {
	const a = attendance<PresentPerson>(model.present);
	const out = [
		para(
			`Đại biểu tham dự: có mặt ${countText(a.present)}/${countText(a.present + a.absent)} người${a.units ? `, của ${countText(a.unitsPresent)}/${countText(a.units)} đơn vị` : ''}; vắng mặt ${countText(a.absent)} người.`
		)
	];
	for (const g of a.groups)
		if (g.present.length) out.push(para(`- ${g.unit ?? 'Khách mời'}: ${g.present.map(who).join('; ')}.`));
	const absent = a.groups.flatMap((g) => g.absent.map((p) => `${who(p)}${g.unit ? `, ${g.unit}` : ''}`));
	if (absent.length) out.push(para(`Vắng mặt: ${absent.join('; ')}.`));
	return out;
}

export function minutesSections(model: DocumentModel) {
	const f = model.fields;
	const nameOf = (slug: string) => model.units.find((u) => u.slug === slug)?.name ?? slug;
	// The real start when it was recorded (the move into review), else the scheduled one.
	const startMoment = model.startedAt ?? model.startsAt;
	const start = startMoment ? momentText(startMoment) : vietnameseDate(model.heldOn);

	const body = [
		documentHeading(model, f.minutesNumber, 'BB'),
		...title('BIÊN BẢN', model.meetingTitle),
		heading('I. THỜI GIAN, ĐỊA ĐIỂM, HÌNH THỨC'),
		para(`Thời gian: bắt đầu lúc ${start}.`),
		para(`Địa điểm: ${model.location || f.place || '……'}.`),
		para(model.callUrl ? `Hình thức: trực tuyến, qua đường liên kết ${model.callUrl}.` : 'Hình thức: trực tiếp.'),
		heading('II. THÀNH PHẦN THAM DỰ'),
		para(`Chủ trì: ${named(f.chairName, f.chairOffice)}.`),
		para(`Thư ký: ${named(f.secretaryName, f.secretaryOffice)}.`),
		...attendanceParagraphs(model)
	];

	body.push(
		heading('III. NỘI DUNG'),
		heading('1. Bình xét, chấm điểm thi đua'),
		para(
			'Cụm trưởng và các Cụm phó chấm điểm bảng tự chấm của từng đơn vị; điểm được tính từ các tiêu chí. Kết quả tổng hợp:'
		),
		summaryGrid(model),
		para('Lý do trừ điểm và giải trình của đơn vị:', { bold: true, before: 160 }),
		...deductionParagraphs(model),
		para('Sai sót số học trên bảng tự chấm của đơn vị:', { bold: true, before: 160 }),
		...arithmeticParagraphs(model),
		heading('2. Kết quả biểu quyết')
	);
	const counted = model.ballots.filter((b) => b.count);
	if (counted.length === 0) body.push(para('Chưa có cuộc biểu quyết nào được kiểm phiếu.'));
	for (const b of counted) {
		const c = b.count!;
		body.push(
			para(
				`${b.number}) ${ballotTitleLine(b)}: ${b.secret ? 'bỏ phiếu kín' : 'biểu quyết công khai'}. ${paperClause(c)}`
			),
			grid(
				[
					{ header: 'Đơn vị', width: TEXT_WIDTH - 3 * 1500 },
					{ header: 'Số phiếu', width: 1500, numeric: true },
					{ header: 'Tỷ lệ', width: 1500, numeric: true },
					{ header: 'Kết quả', width: 1500, numeric: true }
				],
				c.results.map((r) => [
					r.name,
					countText(r.votes),
					shareText(r.votes, c.thresholdBase),
					r.elected ? 'Trúng' : ''
				]),
				SIZE.table
			),
			para(`Kết quả: ${outcomeShort(c, nameOf)}.`, { bold: true })
		);
	}
	body.push(heading('3. Đề nghị khen thưởng và kết quả bầu'));
	if (model.nominations.length === 0) body.push(para('Không có.'));
	for (const n of model.nominations) body.push(para(`- ${purposeText(n.purpose)}: ${n.name}.`));

	body.push(
		signOff(
			`Hội nghị kết thúc lúc ${closingMoment(model)}. Biên bản đã được đọc lại trước hội nghị và thống nhất thông qua./.`,
			{ before: 200 }
		),
		signatureRows(minutesSignatures(f.chairName, f.secretaryName)),
		...recipientParagraphs(model.layout, f.recipients)
	);
	return [section(body, { draft: model.draft, first: true })];
}

export function minutesDocx(model: DocumentModel): Promise<Buffer> {
	return pack(`Biên bản hội nghị ${model.year}`, minutesSections(model));
}
