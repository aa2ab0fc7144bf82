import { ballotHeading, countText, momentText, outcomeText, paperLines, purposeText, shareText, thresholdText, type BallotEntry, type DocumentModel } from '$lib/core/documents';
import { documentHeading, madeParagraph, pack } from './common';
import { recipientParagraphs, twoSignatures } from './signature';
import { AlignmentType, Paragraph } from 'docx';
import { SIZE, TEXT_WIDTH, grid, heading, para, run, section, title } from './style';

// Biên bản kiểm phiếu, one per ballot: the committee, the ballot, its candidates, the papers, the votes with their
// share, the threshold and quorum as applied, the result, when the vote opened and closed, the committee's signatures.

export function countSections(model: DocumentModel, b: BallotEntry) {
	const nameOf = (slug: string) => model.units.find((u) => u.slug === slug)?.name ?? slug;
	const c = b.count;
	const members = b.committeeMembers;
	const body = [
		documentHeading(model, model.fields.countNumber),
		...title('BIÊN BẢN KIỂM PHIẾU', ballotHeading(b)),
		para(`Tại ${model.meetingTitle}, ${b.openedAt ? `hồi ${momentText(b.openedAt)}` : 'ngày họp'}, Ban Kiểm phiếu gồm:`),
		para(`1. ${b.committeeHead || '……'}, Trưởng ban;`),
		...(members.length ? members : ['……']).map((m, i) => para(`${i + 2}. ${m}, thành viên;`)),
		para('đã tiến hành kiểm phiếu và lập biên bản như sau:'),
		heading('1. Nội dung biểu quyết'),
		para(`${purposeText(b.purpose)}${b.round > 1 ? ` (vòng ${b.round})` : ''}; hình thức: ${b.secret ? 'bỏ phiếu kín' : 'biểu quyết công khai'}; mỗi đơn vị chọn tối đa ${countText(b.maxChoices)} đơn vị; số đơn vị được chọn: ${countText(b.seats)}.`),
		para(`Danh sách đơn vị được đề cử (${countText(b.candidates.length)} đơn vị): ${b.candidates.map((x) => x.name).join('; ')}.`),
		para(`Điều kiện: đạt số phiếu ${thresholdText(b.threshold)}${c ? ` (ít nhất ${countText(c.requiredVotes)} phiếu)` : ''}; số đơn vị tối thiểu tham gia: ${countText(b.quorum)}.`),
		heading('2. Kết quả kiểm phiếu')
	];
	if (!c) {
		body.push(para('Cuộc biểu quyết chưa kết thúc: chưa có kết quả kiểm phiếu.'));
	} else {
		body.push(para(`Số đơn vị thành viên: ${countText(c.members)}.`), ...paperLines(c).map((l) => para(`- ${l}.`)));
		body.push(
			para(`Số đơn vị tham gia: ${countText(c.cast)}/${countText(c.members)}; ${c.quorumMet ? 'đủ' : 'không đủ'} số đơn vị tối thiểu (${countText(b.quorum)}).`),
			para(`Số phiếu của từng đơn vị (tỷ lệ tính trên ${c.thresholdBase === c.members ? 'tổng số đơn vị thành viên' : 'số phiếu làm căn cứ'}: ${countText(c.thresholdBase)}):`),
			grid(
				[
					{ header: 'STT', width: 700, numeric: true },
					{ header: 'Đơn vị', width: TEXT_WIDTH - 700 - 3 * 1500 },
					{ header: 'Số phiếu', width: 1500, numeric: true },
					{ header: 'Tỷ lệ', width: 1500, numeric: true },
					{ header: 'Kết quả', width: 1500, numeric: true }
				],
				c.results.map((r, i) => [String(i + 1), r.name, countText(r.votes), shareText(r.votes, c.thresholdBase), r.elected ? 'Trúng' : 'Không trúng']),
				SIZE.table
			),
			para(outcomeText(c, nameOf, b.purpose), { bold: true, before: 160 })
		);
	}
	body.push(
		para(`Cuộc biểu quyết mở lúc ${b.openedAt ? momentText(b.openedAt) : '……'} và kết thúc lúc ${b.closedAt ? momentText(b.closedAt) : '……'}${b.chairedBy ? `; điều hành: ${b.chairedBy}` : ''}.`),
		para('Biên bản được lập thành 02 bản, đã đọc lại trước hội nghị.'),
		twoSignatures(
			[
				new Paragraph({ alignment: AlignmentType.CENTER, children: [run('CÁC THÀNH VIÊN', { bold: true })] }),
				...members.map((m) => new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 700 }, children: [run(m, { bold: true })] }))
			],
			{ capacity: 'Trưởng ban kiểm phiếu', name: b.committeeHead }
		),
		...recipientParagraphs(model.fields.recipients),
		madeParagraph(model)
	);
	return [section(body, { draft: model.draft, first: true })];
}

export function countDocx(model: DocumentModel, b: BallotEntry): Promise<Buffer> {
	return pack(`Biên bản kiểm phiếu ${b.number}`, countSections(model, b));
}
