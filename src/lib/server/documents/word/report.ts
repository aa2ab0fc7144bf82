import { AlignmentType, Paragraph, type Table } from 'docx';
import {
	awardProposalText,
	bodyLines,
	capitals,
	documentSymbol,
	electionText,
	figureText,
	heading as layoutHeading,
	headSignature,
	pointsText,
	rankText,
	statisticsTotals,
	plainDate,
	type DocumentModel,
	type StatisticsTable
} from '$lib/core/documents';
import { documentHeading, pack } from './common';
import { headingColumns } from './heading-block';
import { scoreTableGrid, unitReasons, unitScoreGrid } from './scoring-parts';
import { recipientsAndSignature, signatureParagraphs, signOff } from './signature';
import {
	LANDSCAPE_TEXT_WIDTH,
	SIZE,
	TEXT_WIDTH,
	grid,
	heading,
	para,
	run,
	section,
	sideBySide,
	title,
	type CellValue
} from './style';

// Báo cáo tổng kết in the shape of report 76-BC/CTĐ: the opening that cites the documents it is made under; I. the
// situation (advantages, difficulties); II. the results (the host's account of each field of work, the scoring and
// the proposals, the general assessment, the shortcomings, their causes); III. next year's direction (tasks and
// solutions, proposals to the superior body); signed by the head. Then, each with its own heading and "(Kèm theo
// Báo cáo số …)": the summary score table with the reasons, the statistics tables, every unit's full score table.
// The narrative is the host's, section by section; the board writes only what the record holds.

/** A line the host typed as a numbered sub-heading ("1.1- Công tác …", "* Hội thảo …"): kept with what follows. */
const SUBHEADING = /^(\d+(\.\d+)*[-.)]\s|\*\s)/;

/** The host's text: a paragraph a line, sub-headings kept with their text. */
function narrative(text: string): Paragraph[] {
	return text
		.split(/\r?\n/)
		.map((l) => l.trim())
		.filter(Boolean)
		.map((l) =>
			SUBHEADING.test(l) && l.length <= 160 && !/[.:;]$/.test(l)
				? heading(l.replace(/^\*\s/, ''), { italic: l.startsWith('*') })
				: para(l)
		);
}

/** Numbered parts, each only when it has something to say: "1- Thuận lợi", "2- Khó khăn". */
function parts(list: { title: string; body: Paragraph[] }[]): Paragraph[] {
	let n = 0;
	return list.filter((p) => p.body.length > 0).flatMap((p) => [heading(`${++n}- ${p.title}`), ...p.body]);
}

/** The opening: the documents the report is made under, then what it reports. */
function opening(model: DocumentModel): Paragraph {
	const basis = model.fields.basis.trim().replace(/[\s;,.:]+$/, '');
	const reports = `${model.cluster} báo cáo kết quả hoạt động của Cụm năm ${model.year} như sau:`;
	return para(basis ? `${basis}; ${reports}` : reports);
}

/** What the record holds of the scoring: each unit's score and rank, ties named. */
function scoringParagraphs(model: DocumentModel): Paragraph[] {
	if (model.units.length === 0) return [];
	const lines = model.units.map((u) => {
		const cell = unitReasons(model, u);
		return para(
			`- ${u.name}: tự chấm ${pointsText(cell.written)} điểm, Cụm chấm ${pointsText(u.cluster)} điểm, xếp thứ ${rankText(u.rank, u.tied)}.`
		);
	});
	return [
		para(
			`Cụm trưởng và các Cụm phó đã nhận xét, chấm điểm bảng tự chấm của ${model.units.length} đơn vị; kết quả như sau (có Tổng hợp chấm điểm kèm theo):`
		),
		...lines
	];
}

function proposalParagraphs(model: DocumentModel): Paragraph[] {
	const out: Paragraph[] = [];
	for (const purpose of ['flag', 'merit'] as const) {
		for (const n of model.nominations.filter((x) => x.purpose === purpose))
			out.push(para(`- ${awardProposalText(model, purpose, n)}`));
	}
	const next = model.year + 1;
	const elected = (purpose: string) => model.nominations.filter((n) => n.purpose === purpose);
	if (model.ballots.some((b) => b.purpose === 'head') || elected('head').length)
		out.push(para(`- ${electionText(model, 'head', `Đơn vị Cụm trưởng năm ${next}`, elected('head'))}`));
	if (model.ballots.some((b) => b.purpose === 'vice_head') || elected('vice_head').length)
		out.push(para(`- ${electionText(model, 'vice_head', `Đơn vị Cụm phó năm ${next}`, elected('vice_head'))}`));
	return out;
}

/** The report's number and date, as an attachment cites them: "(Kèm theo Báo cáo số 76-BC/CTĐ ngày 15/11/2021 của Cụm thi đua)". */
function attachedTo(model: DocumentModel): string {
	const d = plainDate(model.fields.issuedOn);
	const date = d ? ` ngày ${String(d.day).padStart(2, '0')}/${String(d.month).padStart(2, '0')}/${d.year}` : '';
	// The report's symbol as its heading prints it, in the layout's pattern.
	const number = model.fields.reportNumber.trim()
		? documentSymbol(model.layout, model.fields.reportNumber, 'BC', model.fields.issuer)
		: '';
	return `(Kèm theo Báo cáo${number ? ` số ${number}` : ''}${date} của Cụm thi đua)`;
}

/** An attachment's heading: the bodies on the left, the layout's name and the date line on the right; no number. */
function attachmentHeading(model: DocumentModel, width: number): Table {
	const h = layoutHeading({
		layout: model.layout,
		superior: model.superior,
		cluster: model.cluster,
		number: '',
		place: model.fields.place,
		date: model.fields.issuedOn
	});
	const { left, chars } = headingColumns(model.layout, width);
	const line = (text: string, o: { bold?: boolean; underline?: boolean; italic?: boolean; size?: number } = {}) =>
		new Paragraph({
			alignment: AlignmentType.CENTER,
			keepNext: true,
			spacing: { before: 0, after: 0, line: 276 },
			children: [run(text, { size: SIZE.heading, ...o })]
		});
	return sideBySide(
		[left, width - left],
		[
			...h.left.flatMap((l) => bodyLines(l.text, chars(l.bold)).map((text) => line(text, { bold: l.bold }))),
			line(h.leftMark === 'asterisk' ? '*' : '')
		],
		[
			...h.right.map((l) => line(l.text, { bold: l.bold, underline: l.underline })),
			new Paragraph({
				alignment: AlignmentType.CENTER,
				spacing: { before: 120 },
				children: [run(h.dateLine, { italic: true, size: SIZE.body })]
			})
		]
	);
}

function attachmentTitle(model: DocumentModel, lines: string[]): Paragraph[] {
	return [
		...lines.map(
			(l, i) =>
				new Paragraph({
					alignment: AlignmentType.CENTER,
					keepNext: true,
					spacing: { before: i === 0 ? 240 : 0, after: 0 },
					children: [run(l, { bold: true, size: SIZE.body })]
				})
		),
		new Paragraph({
			alignment: AlignmentType.CENTER,
			keepNext: true,
			spacing: { before: 0, after: 200 },
			children: [run(attachedTo(model), { italic: true, size: SIZE.body })]
		})
	];
}

/** The head's signature under an attachment: the authority lines, room to sign, the name. */
function attachmentSignature(model: DocumentModel, width: number): (Paragraph | Table)[] {
	const left = Math.round(width * 0.45);
	// A line of space under the table, kept with the signature so that it never stands alone on a page.
	return [
		new Paragraph({ keepNext: true, spacing: { before: 240, after: 0 }, children: [] }),
		sideBySide([left, width - left], [], signatureParagraphs(headSignature(model.fields.chairName)))
	];
}

function cellOf(v: number | string | null): string {
	return v === null ? '' : typeof v === 'number' ? figureText(v) : v;
}

/** A statistics table as the report's attachment prints it: its own title, the units, the computed total. */
function statisticsBlock(model: DocumentModel, table: StatisticsTable, first: boolean, last: boolean) {
	const unitWidth = 2000;
	const width = Math.floor((LANDSCAPE_TEXT_WIDTH - unitWidth) / Math.max(1, table.columns.length));
	const totals = statisticsTotals(table);
	const rows: CellValue[][] = table.rows.map((r) => [
		r.unit,
		...table.columns.map((_, c) => cellOf(r.values[c] ?? null))
	]);
	rows.push([
		{ text: 'Tổng số', bold: true },
		...totals.map((t) => ({ text: cellOf(t), bold: true, align: 'center' as const }))
	]);
	const name = table.title.replace(/^bảng tổng hợp\s*/i, '');
	return [
		...(first ? [] : [new Paragraph({ pageBreakBefore: true, children: [] })]),
		attachmentHeading(model, LANDSCAPE_TEXT_WIDTH),
		...attachmentTitle(model, ['BẢNG TỔNG HỢP', capitals(name)]),
		grid(
			[
				{ header: 'Tên đơn vị', width: unitWidth },
				...table.columns.map((c) => ({ header: c, width, numeric: true }))
			],
			rows,
			SIZE.small,
			{ keepWithNext: last }
		)
	];
}

export function reportSections(model: DocumentModel) {
	const f = model.fields;
	const next = model.year + 1;
	const cluster = capitals(model.cluster);

	const partOne = parts([
		{ title: 'Thuận lợi', body: narrative(f.situation) },
		{ title: 'Khó khăn', body: narrative(f.difficulties) }
	]);
	const partTwo = parts([
		{ title: 'Kết quả đạt được', body: narrative(f.activities) },
		{
			title: 'Kết quả chấm điểm, bình xét thi đua',
			body: [...scoringParagraphs(model), ...proposalParagraphs(model)]
		},
		{ title: 'Đánh giá chung', body: narrative(f.assessment) },
		{ title: 'Hạn chế', body: narrative(f.shortcomings) },
		{ title: 'Nguyên nhân của kết quả, hạn chế', body: narrative(f.causes) }
	]);
	const partThree = parts([
		{ title: 'Phương hướng', body: narrative(f.direction) },
		{ title: 'Nhiệm vụ, giải pháp tổ chức thực hiện', body: narrative(f.tasks) },
		{ title: 'Đề xuất, kiến nghị', body: narrative(f.proposals) }
	]);
	const missing = model.draft ? [para('(Chưa nhập nội dung.)', { italic: true })] : [];

	const body = [
		documentHeading(model, f.reportNumber, 'BC'),
		...title('BÁO CÁO', `tổng kết hoạt động ${model.cluster} năm ${model.year}`),
		opening(model),
		heading('I- ĐẶC ĐIỂM TÌNH HÌNH'),
		...(partOne.length ? partOne : missing),
		heading(`II- KẾT QUẢ HOẠT ĐỘNG ${cluster} NĂM ${model.year}`),
		...partTwo,
		heading(`III- PHƯƠNG HƯỚNG, NHIỆM VỤ CỦA CỤM THI ĐUA NĂM ${next}`),
		...(partThree.length ? partThree : missing),
		signOff(
			`Trên đây là Báo cáo tổng kết hoạt động ${model.cluster} năm ${model.year}, phương hướng nhiệm vụ năm ${next}./.`,
			{ before: 200 }
		),
		recipientsAndSignature(model.layout, f.recipients, headSignature(f.chairName))
	];

	const scoreSheet = [
		attachmentHeading(model, TEXT_WIDTH),
		...attachmentTitle(model, ['TỔNG HỢP', `CHẤM ĐIỂM CÁC ĐƠN VỊ CỤM THI ĐUA NĂM ${model.year}`]),
		scoreTableGrid(model),
		...attachmentSignature(model, TEXT_WIDTH)
	];
	const statistics = model.statistics ?? [];
	const appendix = statistics.length
		? [
				...statistics.flatMap((t, i) => statisticsBlock(model, t, i === 0, i === statistics.length - 1)),
				...attachmentSignature(model, LANDSCAPE_TEXT_WIDTH)
			]
		: [];
	const scoreTables = [
		attachmentHeading(model, TEXT_WIDTH),
		...attachmentTitle(model, ['BẢNG ĐIỂM CHI TIẾT', `CỦA CÁC ĐƠN VỊ NĂM ${model.year}`]),
		...model.units.flatMap((u) => [
			para(
				`${u.order}. ${u.name}: tự chấm ${pointsText(unitReasons(model, u).written)} điểm, Cụm chấm ${pointsText(u.cluster)} điểm`,
				{ bold: true, indent: false, before: 200, keepNext: true }
			),
			unitScoreGrid(model, u, u === model.units.at(-1))
		]),
		...attachmentSignature(model, TEXT_WIDTH)
	];
	return [
		section(body, { draft: model.draft, first: true }),
		section(scoreSheet, { draft: model.draft }),
		...(appendix.length ? [section(appendix, { draft: model.draft, landscape: true })] : []),
		section(scoreTables, { draft: model.draft })
	];
}

export function reportDocx(model: DocumentModel): Promise<Buffer> {
	return pack(`Báo cáo tổng kết ${model.year}`, reportSections(model));
}
