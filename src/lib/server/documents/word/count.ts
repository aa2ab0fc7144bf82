import {
	ballotHeading,
	committeeSignatures,
	countText,
	momentText,
	outcomeText,
	paperLines,
	purposeText,
	readPerson,
	shareText,
	thresholdText,
	type BallotEntry,
	type DocumentModel
} from '$lib/core/documents';
import { documentHeading, pack } from './common';
import { recipientParagraphs, signOff, signatureRows } from './signature';
import { SIZE, TEXT_WIDTH, grid, heading, para, section, title } from './style';

// Biên bản kiểm phiếu, one per ballot and each with its own number: the committee (its head and members, each by
// name and position), the ballot, its candidates, the papers, the votes with their share, the threshold and quorum
// as applied, the result, when the vote opened and closed, the signatures of every member of the committee.

const named = (line: string) => {
	const p = readPerson(line);
	return `${p.name || '……'}${p.position ? `, ${p.position}` : ''}`;
};

export function countSections(model: DocumentModel, b: BallotEntry) {
	const nameOf = (slug: string) => model.units.find((u) => u.slug === slug)?.name ?? slug;
	const c = b.count;
	const members = b.committeeMembers;
	const body = [
		documentHeading(model, model.fields.countNumbers[String(b.id)] ?? '', 'BB'),
		...title('BIÊN BẢN KIỂM PHIẾU', ballotHeading(b)),
		para(
			`Tại ${model.meetingTitle}, ${b.openedAt ? `hồi ${momentText(b.openedAt)}` : 'ngày họp'}, Ban Kiểm phiếu gồm:`
		),
		para(`1. ${named(b.committeeHead)} - Trưởng ban;`),
		...(members.length ? members : ['']).map((m, i) => para(`${i + 2}. ${named(m)} - Thành viên;`)),
		para('đã tiến hành kiểm phiếu và lập biên bản như sau:'),
		heading('1. Nội dung biểu quyết'),
		para(
			`${purposeText(b.purpose)}${b.round > 1 ? ` (vòng ${b.round})` : ''}; hình thức: ${b.secret ? 'bỏ phiếu kín' : 'biểu quyết công khai'}; mỗi đơn vị chọn tối đa ${countText(b.maxChoices)} đơn vị; số đơn vị được chọn: ${countText(b.seats)}.`
		),
		para(
			`Danh sách đơn vị được đề cử (${countText(b.candidates.length)} đơn vị): ${b.candidates.map((x) => x.name).join('; ')}.`
		),
		para(
			`Điều kiện: đạt số phiếu ${thresholdText(b.threshold)}${c ? ` (ít nhất ${countText(c.requiredVotes)} phiếu)` : ''}; số đơn vị tối thiểu tham gia: ${countText(b.quorum)}.`
		),
		heading('2. Kết quả kiểm phiếu')
	];
	if (!c) {
		body.push(para('Cuộc biểu quyết chưa kết thúc: chưa có kết quả kiểm phiếu.'));
	} else {
		body.push(para(`Số đơn vị thành viên: ${countText(c.members)}.`), ...paperLines(c).map((l) => para(`- ${l}.`)));
		body.push(
			para(
				`Số đơn vị tham gia: ${countText(c.cast)}/${countText(c.members)}; ${c.quorumMet ? 'đủ' : 'không đủ'} số đơn vị tối thiểu (${countText(b.quorum)}).`
			),
			para(
				`Số phiếu của từng đơn vị (tỷ lệ tính trên ${c.thresholdBase === c.members ? 'tổng số đơn vị thành viên' : 'số phiếu làm căn cứ'}: ${countText(c.thresholdBase)}):`
			),
			grid(
				[
					{ header: 'STT', width: 700, numeric: true },
					{ header: 'Đơn vị', width: TEXT_WIDTH - 700 - 3 * 1500 },
					{ header: 'Số phiếu', width: 1500, numeric: true },
					{ header: 'Tỷ lệ', width: 1500, numeric: true },
					{ header: 'Kết quả', width: 1500, numeric: true }
				],
				c.results.map((r, i) => [
					String(i + 1),
					r.name,
					countText(r.votes),
					shareText(r.votes, c.thresholdBase),
					r.elected ? 'Trúng' : 'Không trúng'
				]),
				SIZE.table
			),
			para(outcomeText(c, nameOf, b.purpose), { bold: true, before: 160 })
		);
	}
	body.push(
		para(
			`Cuộc biểu quyết mở lúc ${b.openedAt ? momentText(b.openedAt) : '……'} và kết thúc lúc ${b.closedAt ? momentText(b.closedAt) : '……'}.`
		),
		signOff('Biên bản được lập thành 02 bản, đã đọc lại trước hội nghị./.'),
		signatureRows(
			committeeSignatures(
				readPerson(b.committeeHead).name,
				members.map((m) => readPerson(m).name)
			)
		),
		...recipientParagraphs(model.layout, model.fields.recipients)
	);
	return [section(body, { draft: model.draft, first: true })];
}

export function countDocx(model: DocumentModel, b: BallotEntry): Promise<Buffer> {
	return pack(`Biên bản kiểm phiếu ${b.number}`, countSections(model, b));
}
