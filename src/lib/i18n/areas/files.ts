// Messages of one area of the board, merged into the catalogue by ../messages.ts.
// Files: importing a criteria table, a units list and a unit's filled-in sheet; the blank self-assessment workbook.

export const vi = {
	'file.empty': 'Tệp trống hoặc chưa chọn tệp.',
	'file.too_large': 'Tệp quá lớn (tối đa 5 MB). Hãy gửi riêng bảng, không kèm hình ảnh.',
	'file.not_a_table':
		'Tệp này không phải bảng tính Excel hay văn bản Word. Hãy gửi tệp .xlsx hoặc .docx có bảng tiêu chí.',
	'file.unreadable':
		'Không đọc được tệp (tệp hỏng hoặc có mật khẩu). Hãy mở tệp, lưu lại thành .xlsx hoặc .docx rồi gửi lại.',
	'file.no_table': 'Văn bản Word này không có bảng nào. Hãy gửi văn bản có bảng tiêu chí.',
	'file.too_many_cells':
		'Bảng quá lớn để đọc: tối đa 10.000 dòng và 200 cột, tính đến ô cuối cùng có dữ liệu. Hãy gửi tệp chỉ gồm bảng cần nhập; xóa các dòng, cột thừa và những ô có dữ liệu nằm xa bảng.',
	'file.too_much_text':
		'Tệp có quá nhiều chữ: mỗi ô tối đa 32.767 ký tự (như giới hạn của Excel), cả tệp tối đa 4 triệu ký tự. Hãy gửi tệp chỉ gồm bảng cần nhập.',
	'file.too_large_unpacked':
		'Nội dung tệp khi giải nén quá lớn (mỗi phần tối đa 16 MB, cả tệp tối đa 48 MB) hoặc văn bản có quá nhiều đoạn. Hãy gửi tệp chỉ gồm bảng cần nhập, mở và lưu lại bằng Excel hoặc Word.',
	'file.too_complex':
		'Tệp quá phức tạp, không đọc xong trong giới hạn cho phép (20 giây, 256 MB bộ nhớ). Hãy gửi tệp chỉ gồm bảng cần nhập, mở và lưu lại bằng Excel hoặc Word.',
	'file.busy': 'Máy chủ đang đọc nhiều tệp cùng lúc. Hãy gửi lại tệp sau ít phút.',

	'criteria.no_header':
		'Không tìm thấy dòng tiêu đề của bảng: cần các cột “TT”, “Nội dung” (hoặc “Tiêu chí”) và “Điểm chuẩn” (hoặc “Điểm tối đa”, “Điểm”).',
	'criteria.no_criteria': 'Dưới dòng tiêu đề không có tiêu chí nào.',
	'criteria.section_sum_mismatch':
		'Dòng {row}, mục {code}: bảng ghi tối đa {stated} điểm nhưng các tiêu chí bên trong cộng lại được {computed}.',
	'criteria.item_without_max': 'Dòng {row}, mục {code}: tiêu chí chưa có điểm tối đa.',
	'criteria.max_not_a_number': 'Dòng {row}, mục {code}: điểm tối đa “{text}” không phải là số.',
	'criteria.max_not_positive': 'Dòng {row}, mục {code}: điểm tối đa phải lớn hơn 0.',
	'criteria.max_off_step': 'Dòng {row}, mục {code}: điểm tối đa {stated} không phải bội số của bước điểm {step}.',
	'criteria.duplicate_code': 'Dòng {row}: số thứ tự {code} trùng với dòng {text}.',
	'criteria.total_mismatch':
		'Dòng {row}: dòng tổng cộng ghi {stated} điểm nhưng các tiêu chí chấm điểm cộng lại được {computed}.',
	'criteria.bad_step': 'Bước điểm phải là một số lớn hơn 0, ví dụ 0,5 hoặc 0,25.',
	'criteria.empty_title': 'Dòng {row}, mục {code}: chưa có nội dung tiêu chí.',
	'criteria.unnumbered_row': 'Dòng {row}: không có số thứ tự; đã đánh số theo vị trí trong mục.',
	'criteria.sum_mismatch': 'Dòng {row}: dòng cộng ghi {stated} điểm nhưng {text} cộng lại được {computed}.',
	'criteria.sum_unresolved':
		'Dòng {row}: “{text}” là dòng cộng nhưng không tìm thấy mục nó cộng; không đối chiếu được.',
	'criteria.empty_heading': 'Dòng {row}, mục {code}: dòng đề mục nhưng bên dưới không có tiêu chí nào.',
	'criteria.col.role': 'Dòng là',
	'criteria.role.criterion': 'Tiêu chí / mục',
	'criteria.role.heading': 'Đề mục (nhóm)',
	'criteria.role.sum': 'Dòng cộng',
	'criteria.role.continuation': 'Nối vào dòng trên',
	'criteria.role.ignore': 'Bỏ qua (ghi chú)',
	'criteria.sumOf': 'cộng {codes}',
	'criteria.sumGrand': 'tổng cả bảng',
	'criteria.penaltyTotal': 'Điểm trừ tối đa: {penalty}',
	'criteria.rolesHint':
		'Mỗi dòng của tệp đều có ở đây. Đổi “Dòng là” để đánh dấu dòng cộng, dòng đề mục, dòng bỏ qua, hoặc nối một dòng bị ngắt vào dòng trên; sửa nội dung, điểm tối đa, loại rồi bấm “Kiểm tra lại”. Không cần sửa tệp.',
	'criteria.template': 'Bảng tiêu chí chưa hợp lệ: {reason} ({code}).',

	'criteria.title': 'Nhập bảng tiêu chí',
	'criteria.intro':
		'Tải lên bảng tiêu chí chấm điểm của năm (tệp Excel .xlsx hoặc Word .docx như văn phòng Cụm vẫn soạn). Hệ thống đọc bảng, cộng điểm từng mục và liệt kê mọi chỗ chưa khớp; sửa trực tiếp bên dưới rồi bấm “Xác nhận”.',
	'criteria.current': 'Bảng tiêu chí hiện tại: {name} (phiên bản {version}).',
	'criteria.file': 'Tệp bảng tiêu chí (.xlsx, .docx)',
	'criteria.read': 'Đọc bảng',
	'criteria.previewTitle': 'Bảng tiêu chí đọc được',
	'criteria.name': 'Tên bảng',
	'criteria.step': 'Bước điểm',
	'criteria.step.stated': 'theo ghi chú trong tệp',
	'criteria.step.maxima': 'suy ra từ các điểm tối đa',
	'criteria.step.host': 'do người chuẩn bị đặt',
	'criteria.total': 'Tổng điểm chuẩn (các tiêu chí chấm điểm): {total}',
	'criteria.bonusTotal': 'Điểm thưởng tối đa: {bonus}',
	'criteria.col.row': 'Dòng',
	'criteria.col.code': 'Mục',
	'criteria.col.title': 'Nội dung',
	'criteria.col.max': 'Điểm tối đa',
	'criteria.col.sum': 'Cộng các tiêu chí',
	'criteria.col.kind': 'Loại',
	'criteria.kind.score': 'Chấm điểm',
	'criteria.kind.bonus': 'Điểm thưởng',
	'criteria.kind.penalty': 'Điểm trừ',
	'criteria.statedHint': 'Với một mục, ô điểm tối đa là số bảng ghi, chỉ để đối chiếu; để trống nếu không cần.',
	'criteria.errors': 'Còn {count} lỗi; sửa hết mới lưu được:',
	'criteria.warnings': 'Cần xem lại:',
	'criteria.noErrors': 'Bảng khớp: không còn lỗi.',
	'criteria.recheck': 'Kiểm tra lại',
	'criteria.confirm': 'Xác nhận',
	'criteria.saved': 'Đã lưu bảng tiêu chí “{name}” (phiên bản {version}) cho hội nghị.',
	'criteria.frozen':
		'Đã có đơn vị nộp bảng tự chấm theo bảng tiêu chí hiện tại, nên không thể thay bảng tiêu chí nữa.',
	'criteria.badPreview': 'Dữ liệu xem trước không hợp lệ; hãy tải tệp lên lại.',
	'criteria.notSaved': 'Chưa lưu: bảng còn lỗi.',
	'criteria.setupLink': 'Nhập bảng tiêu chí từ tệp',

	'sheetfile.no_header':
		'Không tìm thấy dòng tiêu đề có cột “Điểm tự chấm”. Hãy dùng mẫu bảng tự chấm (.xlsx) hoặc tệp CSV hai cột “mã;điểm”.',
	'sheetfile.unknown_row': 'Dòng {row}: tiêu chí “{code} {text}” không có trong bảng tiêu chí của hội nghị.',
	'sheetfile.duplicate_row': 'Dòng {row}: mục {code} đã có ở dòng {other}.',

	'selfupload.not_text':
		'Không đọc được tệp. Hãy gửi tệp Excel (.xlsx) theo mẫu bảng tự chấm, hoặc tệp CSV hai cột “mã;điểm”.',
	'selfupload.bad_shape':
		'Tệp không có điểm tiêu chí nào theo mẫu. Hãy gửi tệp Excel (.xlsx) theo mẫu bảng tự chấm, tệp CSV hai cột “mã;điểm”, hoặc JSON {"scores": {...}, "reported": {...}}.',
	'selfupload.too_large': 'Tệp quá lớn. Bảng tự chấm dạng .xlsx tối đa 5 MB, dạng CSV hoặc JSON tối đa 256 KB.',
	'selfupload.label': 'Hoặc tải lên tệp: Excel (.xlsx) theo mẫu, CSV “mã;điểm” hoặc JSON',
	'selfupload.template': 'Tải mẫu bảng tự chấm (.xlsx)',

	'units.no_name': 'Dòng {row}: không có tên đơn vị.',
	'units.duplicate_name': 'Dòng {row}: đơn vị “{text}” trùng với dòng {other}.',
	'units.duplicate_short_name': 'Dòng {row}: tên viết tắt “{text}” trùng với dòng {other}.',
	'units.duplicate_slug': 'Dòng {row}: địa chỉ “{text}” trùng với dòng {other}; hãy đặt tên viết tắt khác.',
	'units.no_units': 'Danh sách không có đơn vị nào.',

	'workbook.sheet': 'Bảng tự chấm',
	'workbook.unit': 'Đơn vị: ',
	'workbook.hint':
		'Ghi điểm tự chấm của từng tiêu chí (bước {step}); có thể ghi tổng từng mục và tổng cộng của đơn vị. Hệ thống tự cộng lại và đối chiếu.'
} as const;

export const en: Record<keyof typeof vi, string> = {
	'file.empty': 'The file is empty, or no file was chosen.',
	'file.too_large': 'The file is too large (5 MB at most). Send the table alone, without pictures.',
	'file.not_a_table':
		'This file is neither an Excel workbook nor a Word document. Send an .xlsx or .docx file with the criteria table.',
	'file.unreadable':
		'The file cannot be read (damaged, or protected by a password). Open it, save it again as .xlsx or .docx, and send it again.',
	'file.no_table': 'This Word document has no table. Send a document with the criteria table.',
	'file.too_many_cells':
		'The table is too large to read: 10,000 rows and 200 columns at most, counted to the last cell with data. Send a file with only the table to import; delete spare rows and columns, and cells with data far from the table.',
	'file.too_much_text':
		'The file holds too much text: 32,767 characters a cell at most (Excel’s own limit), 4 million in the whole file. Send a file with only the table to import.',
	'file.too_large_unpacked':
		'The file’s content is too large once unpacked (16 MB a part, 48 MB in all, at most) or the document has too many paragraphs. Send a file with only the table to import, opened and saved again in Excel or Word.',
	'file.too_complex':
		'The file is too complex to read within the limits (20 seconds, 256 MB of memory). Send a file with only the table to import, opened and saved again in Excel or Word.',
	'file.busy': 'The server is reading many files at once. Send the file again in a few minutes.',

	'criteria.no_header':
		'No header row found: the table needs columns “TT”, “Nội dung” (or “Tiêu chí”) and “Điểm chuẩn” (or “Điểm tối đa”, “Điểm”).',
	'criteria.no_criteria': 'There are no criteria under the header row.',
	'criteria.section_sum_mismatch':
		'Row {row}, section {code}: the table states a maximum of {stated} but its items add up to {computed}.',
	'criteria.item_without_max': 'Row {row}, item {code}: the criterion has no maximum.',
	'criteria.max_not_a_number': 'Row {row}, item {code}: the maximum “{text}” is not a number.',
	'criteria.max_not_positive': 'Row {row}, item {code}: the maximum must be more than 0.',
	'criteria.max_off_step': 'Row {row}, item {code}: the maximum {stated} is not a multiple of the step {step}.',
	'criteria.duplicate_code': 'Row {row}: number {code} repeats row {text}.',
	'criteria.total_mismatch': 'Row {row}: the total row states {stated} but the scored criteria add up to {computed}.',
	'criteria.bad_step': 'The step must be a number above 0, e.g. 0.5 or 0.25.',
	'criteria.empty_title': 'Row {row}, item {code}: the criterion has no text.',
	'criteria.unnumbered_row': 'Row {row}: no number; numbered by its place in its section.',
	'criteria.sum_mismatch': 'Row {row}: the sum row states {stated} but {text} add up to {computed}.',
	'criteria.sum_unresolved': 'Row {row}: “{text}” is a sum row but what it sums was not found; it cannot be checked.',
	'criteria.empty_heading': 'Row {row}, section {code}: a heading with no criteria under it.',
	'criteria.col.role': 'Row is',
	'criteria.role.criterion': 'Criterion / section',
	'criteria.role.heading': 'Heading (group)',
	'criteria.role.sum': 'Sum row',
	'criteria.role.continuation': 'Joined to the row above',
	'criteria.role.ignore': 'Ignored (a note)',
	'criteria.sumOf': 'sums {codes}',
	'criteria.sumGrand': 'total of the table',
	'criteria.penaltyTotal': 'Penalty at most: {penalty}',
	'criteria.rolesHint':
		'Every row of the file is here. Change “Row is” to mark a sum row, a heading, a row to ignore, or to join a split line to the row above; correct titles, maxima and kinds, then press “Check again”. The file need not be edited.',
	'criteria.template': 'The criteria table is not valid: {reason} ({code}).',

	'criteria.title': 'Import the criteria table',
	'criteria.intro':
		'Upload the year’s criteria table (an Excel .xlsx or Word .docx file, as the cluster’s office writes it). The board reads it, adds up every section and lists every discrepancy; correct them below, then press “Confirm”.',
	'criteria.current': 'Current criteria table: {name} (version {version}).',
	'criteria.file': 'Criteria table file (.xlsx, .docx)',
	'criteria.read': 'Read the table',
	'criteria.previewTitle': 'The criteria table as read',
	'criteria.name': 'Name of the table',
	'criteria.step': 'Step',
	'criteria.step.stated': 'as the file’s note says',
	'criteria.step.maxima': 'from the maxima',
	'criteria.step.host': 'set by the host',
	'criteria.total': 'Nominal total (scored criteria): {total}',
	'criteria.bonusTotal': 'Bonus at most: {bonus}',
	'criteria.col.row': 'Row',
	'criteria.col.code': 'Code',
	'criteria.col.title': 'Criterion',
	'criteria.col.max': 'Maximum',
	'criteria.col.sum': 'Items add up to',
	'criteria.col.kind': 'Kind',
	'criteria.kind.score': 'Scored',
	'criteria.kind.bonus': 'Bonus',
	'criteria.kind.penalty': 'Penalty',
	'criteria.statedHint':
		'On a section, the maximum is the figure the table states, only to check its items; leave it blank if not needed.',
	'criteria.errors': '{count} errors left; fix them all to store the table:',
	'criteria.warnings': 'To look at:',
	'criteria.noErrors': 'The table adds up: no errors left.',
	'criteria.recheck': 'Check again',
	'criteria.confirm': 'Confirm',
	'criteria.saved': 'The criteria table “{name}” (version {version}) is stored for the meeting.',
	'criteria.frozen':
		'A unit has already submitted its self-assessment against the current criteria table, so the table can no longer be replaced.',
	'criteria.badPreview': 'The preview data is not valid; upload the file again.',
	'criteria.notSaved': 'Not stored: the table still has errors.',
	'criteria.setupLink': 'Import the criteria table from a file',

	'sheetfile.no_header':
		'No header row with a “Điểm tự chấm” (self score) column. Use the self-assessment template (.xlsx), or a CSV file with two columns “code;score”.',
	'sheetfile.unknown_row': 'Row {row}: criterion “{code} {text}” is not in the meeting’s criteria table.',
	'sheetfile.duplicate_row': 'Row {row}: item {code} was already given on row {other}.',

	'selfupload.not_text':
		'The file cannot be read. Send an Excel file (.xlsx) from the self-assessment template, or a CSV file with two columns “code;score”.',
	'selfupload.bad_shape':
		'The file holds no criterion scores in the expected shape. Send an Excel file (.xlsx) from the self-assessment template, a CSV file with two columns “code;score”, or JSON {"scores": {...}, "reported": {...}}.',
	'selfupload.too_large': 'The file is too large. A self-assessment .xlsx may be 5 MB at most, CSV or JSON 256 KB.',
	'selfupload.label': 'Or upload a file: Excel (.xlsx) from the template, CSV “code;score”, or JSON',
	'selfupload.template': 'Download the self-assessment template (.xlsx)',

	'units.no_name': 'Row {row}: no unit name.',
	'units.duplicate_name': 'Row {row}: unit “{text}” repeats row {other}.',
	'units.duplicate_short_name': 'Row {row}: short name “{text}” repeats row {other}.',
	'units.duplicate_slug': 'Row {row}: address “{text}” repeats row {other}; give a different short name.',
	'units.no_units': 'The list holds no units.',

	'workbook.sheet': 'Self-assessment',
	'workbook.unit': 'Unit: ',
	'workbook.hint':
		'Write the self score of every criterion (step {step}); you may write each section’s subtotal and the total. The board adds up and checks them.'
};
