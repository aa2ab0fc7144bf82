// Messages of one area of the board, merged into the catalogue by ../messages.ts.
// Each unit's report and evidence: sending them during preparation, who may read them, the files in the record.

export const vi = {
	'evidence.title': 'Báo cáo và minh chứng',
	'evidence.reportTitle': 'Báo cáo tự kiểm tra của đơn vị',
	'evidence.reportHint': 'Một tệp .docx hoặc .pdf. Gửi tệp mới sẽ thay tệp cũ.',
	'evidence.itemTitle': 'Minh chứng cho mục {code}',
	'evidence.itemHint': 'Tệp .pdf, .docx, .xlsx, .jpg hoặc .png; có thể gửi nhiều tệp cho một mục.',
	'evidence.limits':
		'Giới hạn: mỗi tệp tối đa {file}, mỗi đơn vị tối đa {unit}, cả hội nghị tối đa {meeting}. Đơn vị đã dùng {used}.',
	'evidence.drop': 'Kéo thả tệp vào đây hoặc chọn tệp',
	'evidence.choose': 'Chọn tệp',
	'evidence.caption': 'Chú thích (ví dụ: Quyết định số 12/QĐ-TCT)',
	'evidence.alsoItems': 'Tệp này cũng là minh chứng cho các mục (cách nhau bởi dấu phẩy)',
	'evidence.send': 'Gửi tệp',
	'evidence.sending': 'Đang gửi…',
	'evidence.sent': 'Đã nhận tệp “{name}”.',
	'evidence.remove': 'Xóa',
	'evidence.removeConfirm': 'Xóa tệp “{name}”?',
	'evidence.removed': 'Đã xóa tệp “{name}”.',
	'evidence.replace': 'Thay tệp',
	'evidence.open': 'Mở',
	'evidence.none': 'Chưa có tệp.',
	'evidence.noReport': 'Chưa gửi báo cáo.',
	'evidence.frozen': 'Hội nghị đã bắt đầu bình xét: báo cáo và minh chứng đã khóa, không thay đổi được.',
	'evidence.sentBy': '{name}, {time}',
	'evidence.items': 'Mục: {items}',
	'evidence.count': '{count} tệp minh chứng',

	'evidence.error.empty': 'Tệp trống hoặc chưa chọn tệp.',
	'evidence.error.file_too_large':
		'Tệp “{name}” quá lớn ({size}): mỗi tệp tối đa {max}. Hãy quét lại với độ phân giải thấp hơn (200 dpi) hoặc tách tệp.',
	'evidence.error.body_too_large':
		'Tệp gửi lên quá lớn: mỗi tệp tối đa {max}. Hãy quét lại với độ phân giải thấp hơn (200 dpi) hoặc tách tệp.',
	'evidence.error.unit_full':
		'Đơn vị đã dùng {used} trong {max} dành cho mỗi đơn vị; tệp “{name}” ({size}) vượt quá giới hạn. Hãy xóa bớt tệp hoặc gửi tệp nhỏ hơn.',
	'evidence.error.meeting_full':
		'Hội nghị đã dùng hết dung lượng dành cho tệp ({max}); tệp “{name}” không lưu được. Hãy báo Thư ký hội nghị.',
	'evidence.error.too_many_files': 'Mỗi đơn vị gửi tối đa {max} tệp. Hãy xóa bớt tệp trước khi gửi thêm.',
	'evidence.error.wrong_extension':
		'Tệp “{name}” không phải loại được nhận. Báo cáo: .docx hoặc .pdf; minh chứng: .pdf, .docx, .xlsx, .jpg, .png.',
	'evidence.error.not_accepted': 'Báo cáo tự kiểm tra phải là tệp .docx hoặc .pdf; tệp “{name}” không phải.',
	'evidence.error.executable': 'Tệp “{name}” là một chương trình máy tính, không phải văn bản hay ảnh: không nhận.',
	'evidence.error.unknown_content':
		'Nội dung tệp “{name}” không phải là {claimed} như tên tệp ghi. Hãy mở tệp bằng phần mềm của nó, lưu lại rồi gửi lại.',
	'evidence.error.mismatch':
		'Tệp “{name}” thực chất là tệp {found}, không phải {claimed} như tên tệp ghi. Hãy đặt lại đúng đuôi tệp hoặc gửi đúng tệp.',
	'evidence.error.external_entity':
		'Tệp “{name}” có khai báo tham chiếu ngoài (DTD) mà Word, Excel không tạo ra: không nhận. Hãy mở tệp bằng Word hoặc Excel, lưu lại rồi gửi lại.',
	'evidence.error.unreadable':
		'Không đọc được tệp “{name}” (tệp hỏng hoặc có mật khẩu). Hãy mở tệp, lưu lại rồi gửi lại.',
	'evidence.error.too_large_unpacked':
		'Nội dung tệp “{name}” khi giải nén quá lớn (mỗi phần tối đa 16 MB, cả tệp tối đa 48 MB). Hãy mở và lưu lại bằng Word hoặc Excel, hoặc gửi dạng .pdf.',
	'evidence.error.too_complex':
		'Tệp “{name}” quá phức tạp, không kiểm tra xong trong giới hạn cho phép. Hãy gửi dạng .pdf.',
	'evidence.error.busy': 'Máy chủ đang kiểm tra nhiều tệp cùng lúc. Hãy gửi lại tệp sau ít phút.',
	'evidence.error.name_path': 'Tên tệp “{name}” có dấu phân cách thư mục (/ hoặc \\): hãy gửi tệp với tên thường.',
	'evidence.error.name_empty': 'Tệp không có tên: hãy đặt tên cho tệp rồi gửi lại.',
	'evidence.error.no_items': 'Chọn ít nhất một mục mà tệp làm minh chứng.',
	'evidence.error.unknown_item': 'Không có mục “{code}” trong bảng tiêu chí của hội nghị.',
	'evidence.error.caption_too_long': 'Chú thích quá dài (tối đa {max} ký tự, đã nhập {length} ký tự).',
	'evidence.error.bad_kind': 'Chưa rõ tệp gửi là báo cáo hay minh chứng.',
	'evidence.error.frozen': 'Hội nghị đã bắt đầu bình xét: báo cáo và minh chứng đã khóa, không thay đổi được.',
	'evidence.error.not_found': 'Không tìm thấy tệp này.',
	'evidence.error.not_allowed': 'Bạn không được xem tệp của đơn vị này.',
	'evidence.error.lost': 'Máy chủ không còn giữ nội dung tệp này. Hãy báo quản trị viên (xem mục sao lưu).',

	'evidence.visibility': 'Ai được xem báo cáo và minh chứng của các đơn vị',
	'evidence.visibility.everyone': 'Mọi người dự hội nghị',
	'evidence.visibility.restricted': 'Chỉ Cụm trưởng, Cụm phó, Thư ký và chính đơn vị đó',
	'evidence.visibility.saved': 'Đã lưu.',
	'evidence.visibility.save': 'Lưu',
	'evidence.limitsShort': 'Giới hạn: mỗi tệp tối đa {file}, mỗi đơn vị tối đa {unit}, cả hội nghị tối đa {meeting}.',

	'evidence.prep.report': 'Báo cáo',
	'evidence.prep.evidence': 'Minh chứng',
	'evidence.prep.reportIn': 'Đã gửi',
	'evidence.prep.reportMissing': 'Chưa gửi',
	'evidence.prep.itemsCovered': '{count}/{total} mục',
	'evidence.reminder.missing': '{unit}: {what}',
	'evidence.reminder.report': 'báo cáo tự kiểm tra',
	'evidence.reminder.evidence': 'minh chứng ({count} mục chưa có)',
	'evidence.reminder.heading': 'Còn thiếu báo cáo, minh chứng:',

	'record.files': 'Báo cáo và minh chứng của các đơn vị',
	'record.filesNote': 'Mã SHA-256 của từng tệp: tệp lưu cùng hội nghị phải cho đúng mã này.',
	'record.file.name': 'Tệp',
	'record.file.kind': 'Loại',
	'record.file.items': 'Mục',
	'record.file.size': 'Dung lượng',
	'record.file.sent': 'Người gửi, thời điểm',
	'record.file.digest': 'SHA-256',
	'evidence.kind.report': 'Báo cáo',
	'evidence.kind.evidence': 'Minh chứng'
} as const;

export const en: Record<keyof typeof vi, string> = {
	'evidence.title': 'Report and evidence',
	'evidence.reportTitle': 'The unit’s self-inspection report',
	'evidence.reportHint': 'One .docx or .pdf file. Sending a new one replaces the old one.',
	'evidence.itemTitle': 'Evidence for item {code}',
	'evidence.itemHint': '.pdf, .docx, .xlsx, .jpg or .png files; an item may have several.',
	'evidence.limits':
		'Limits: {file} a file, {unit} a unit, {meeting} for the whole meeting. The unit has used {used}.',
	'evidence.drop': 'Drop files here or choose them',
	'evidence.choose': 'Choose a file',
	'evidence.caption': 'Caption (e.g. Decision no. 12/QĐ-TCT)',
	'evidence.alsoItems': 'This file also backs these items (separated by commas)',
	'evidence.send': 'Send file',
	'evidence.sending': 'Sending…',
	'evidence.sent': 'Received “{name}”.',
	'evidence.remove': 'Remove',
	'evidence.removeConfirm': 'Remove “{name}”?',
	'evidence.removed': 'Removed “{name}”.',
	'evidence.replace': 'Replace',
	'evidence.open': 'Open',
	'evidence.none': 'No files yet.',
	'evidence.noReport': 'No report sent yet.',
	'evidence.frozen': 'The review has started: the report and evidence are frozen.',
	'evidence.sentBy': '{name}, {time}',
	'evidence.items': 'Items: {items}',
	'evidence.count': '{count} evidence files',

	'evidence.error.empty': 'The file is empty or none was chosen.',
	'evidence.error.file_too_large':
		'“{name}” is too large ({size}): at most {max} a file. Scan at a lower resolution (200 dpi) or split the file.',
	'evidence.error.body_too_large':
		'The upload is too large: at most {max} a file. Scan at a lower resolution (200 dpi) or split the file.',
	'evidence.error.unit_full':
		'The unit has used {used} of the {max} each unit may send; “{name}” ({size}) does not fit. Remove files or send a smaller one.',
	'evidence.error.meeting_full':
		'The meeting’s space for files ({max}) is full; “{name}” was not kept. Tell the host.',
	'evidence.error.too_many_files': 'A unit may send at most {max} files. Remove some before sending more.',
	'evidence.error.wrong_extension':
		'“{name}” is not a kind of file accepted. Report: .docx or .pdf; evidence: .pdf, .docx, .xlsx, .jpg, .png.',
	'evidence.error.not_accepted': 'The self-inspection report must be a .docx or .pdf file; “{name}” is not.',
	'evidence.error.executable': '“{name}” is a computer program, not a document or an image: refused.',
	'evidence.error.unknown_content':
		'The content of “{name}” is not {claimed} as its name says. Open it in its program, save it again and resend it.',
	'evidence.error.mismatch':
		'“{name}” is in fact a {found} file, not {claimed} as its name says. Rename it or send the right file.',
	'evidence.error.external_entity':
		'“{name}” declares external references (a DTD), which Word and Excel never write: refused. Open it in Word or Excel, save it again and resend it.',
	'evidence.error.unreadable':
		'“{name}” cannot be read (damaged or password-protected). Open it, save it again and resend it.',
	'evidence.error.too_large_unpacked':
		'The content of “{name}” is too large once unpacked (16 MB a part, 48 MB in all). Save it again in Word or Excel, or send a .pdf.',
	'evidence.error.too_complex': '“{name}” is too complex to check within the limits. Send a .pdf.',
	'evidence.error.busy': 'The server is checking many files at once. Send the file again in a few minutes.',
	'evidence.error.name_path':
		'The file name “{name}” contains a folder separator (/ or \\): send the file under a plain name.',
	'evidence.error.name_empty': 'The file has no name: name it and send it again.',
	'evidence.error.no_items': 'Choose at least one item the file backs.',
	'evidence.error.unknown_item': 'The meeting’s criteria table has no item “{code}”.',
	'evidence.error.caption_too_long': 'The caption is too long (at most {max} characters, {length} sent).',
	'evidence.error.bad_kind': 'Say whether the file is the report or evidence.',
	'evidence.error.frozen': 'The review has started: the report and evidence are frozen.',
	'evidence.error.not_found': 'File not found.',
	'evidence.error.not_allowed': 'You may not see this unit’s files.',
	'evidence.error.lost': 'The server no longer holds this file’s content. Tell the administrator (see backups).',

	'evidence.visibility': 'Who may see the units’ reports and evidence',
	'evidence.visibility.everyone': 'Everyone in the meeting',
	'evidence.visibility.restricted': 'Only the head, vice-heads, host and the unit itself',
	'evidence.visibility.saved': 'Saved.',
	'evidence.visibility.save': 'Save',
	'evidence.limitsShort': 'Limits: {file} a file, {unit} a unit, {meeting} for the whole meeting.',

	'evidence.prep.report': 'Report',
	'evidence.prep.evidence': 'Evidence',
	'evidence.prep.reportIn': 'Sent',
	'evidence.prep.reportMissing': 'Missing',
	'evidence.prep.itemsCovered': '{count}/{total} items',
	'evidence.reminder.missing': '{unit}: {what}',
	'evidence.reminder.report': 'the self-inspection report',
	'evidence.reminder.evidence': 'evidence ({count} items without)',
	'evidence.reminder.heading': 'Reports and evidence still missing:',

	'record.files': 'The units’ reports and evidence',
	'record.filesNote': 'The SHA-256 of each file: the file kept with the meeting must give this digest.',
	'record.file.name': 'File',
	'record.file.kind': 'Kind',
	'record.file.items': 'Items',
	'record.file.size': 'Size',
	'record.file.sent': 'Sent by, when',
	'record.file.digest': 'SHA-256',
	'evidence.kind.report': 'Report',
	'evidence.kind.evidence': 'Evidence'
};
