// Messages of what the meeting counts: items whose listed deductions exceed their effect, and a confirmation
// ballot's three kinds of paper.

export const vi = {
	'over.fixHint':
		'Hãy giảm hoặc xóa bớt khoản trừ, hoặc để Cụm trưởng giữ nguyên kèm ghi chú khi chuyển sang biểu quyết.',
	'record.outcomeRest': 'Các suất còn lại chưa có đơn vị đạt số phiếu cần thiết, bầu lại.',
	'record.outcomeRestTie': 'Các suất còn lại hòa, bầu lại.',
	'excess.title': 'Mục có tổng điểm trừ ghi vượt mức có hiệu lực',
	'excess.intro':
		'Trước khi chuyển sang biểu quyết và trước khi kết thúc, mỗi mục dưới đây phải được giải quyết (giảm hoặc xóa bớt khoản trừ trên bảng điểm) hoặc giữ nguyên kèm ghi chú lý do; ghi chú được lưu vào biên bản.',
	'excess.item':
		'{unit}, mục {code}: các khoản trừ ghi tổng {listed} điểm, có hiệu lực {effective} điểm (tự chấm {self} điểm).',
	'excess.open': 'Mở bảng điểm để sửa',
	'excess.noteLabel': 'Giữ nguyên, ghi chú lý do',
	'excess.refused':
		'Còn {count} mục có tổng điểm trừ ghi vượt mức có hiệu lực, chưa giải quyết và chưa có ghi chú giữ nguyên: {items}.',
	'excess.recordLine':
		'Mục {code}: các khoản trừ ghi tổng {listed} điểm, có hiệu lực {effective} điểm; giữ nguyên vì: {note} ({by}).',
	'ballot.confirmCounts': 'Đồng ý: {agree} · Không đồng ý: {disagree} · Không biểu quyết / phiếu trống: {blank}',
	'ballot.agree': 'Đồng ý',
	'ballot.disagree': 'Không đồng ý',
	'ballot.abstainOrBlank': 'Không biểu quyết / phiếu trống',
	'vote.against_not_allowed':
		'Chỉ phiếu xác nhận một đơn vị mới có lựa chọn "Không đồng ý", và không kèm lựa chọn đồng ý.'
} as const;

export const en: Record<keyof typeof vi, string> = {
	'over.fixHint':
		'Lower or remove a deduction, or let the head keep them as listed with a note when moving to voting.',
	'record.outcomeRest': 'The remaining seats: nobody reached the votes needed, vote again.',
	'record.outcomeRestTie': 'The remaining seats: tie, vote again.',
	'excess.title': 'Items whose listed deductions exceed their effect',
	'excess.intro':
		'Before moving to voting and before closing, each item below must be resolved (lower or remove deductions on the sheet) or kept as listed with a note; the note goes into the record.',
	'excess.item': '{unit}, item {code}: deductions listed {listed} points, in effect {effective} (self score {self}).',
	'excess.open': 'Open the sheet to fix it',
	'excess.noteLabel': 'Keep as listed, note why',
	'excess.refused':
		'{count} item(s) with deductions listed beyond their effect, neither resolved nor kept with a note: {items}.',
	'excess.recordLine':
		'Item {code}: deductions listed {listed} points, in effect {effective}; kept because: {note} ({by}).',
	'ballot.confirmCounts': 'Agree: {agree} · Disagree: {disagree} · Abstain / blank: {blank}',
	'ballot.agree': 'Agree',
	'ballot.disagree': 'Disagree',
	'ballot.abstainOrBlank': 'Abstain / blank',
	'vote.against_not_allowed':
		'Only a confirmation of a single unit may be answered "Disagree", and not together with agreeing.'
};
