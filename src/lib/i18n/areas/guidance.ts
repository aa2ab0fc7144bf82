// Messages of one area of the board, merged into the catalogue by ../messages.ts: what leads each person through
// the meeting (their next step at home, a link opened again, drafts that wait, the close before the start).

export const vi = {
	'join.otherAccount': 'Trình duyệt này đang đăng nhập với tên {me}. Liên kết này dành cho {name}: vào bằng liên kết sẽ chuyển sang tài khoản của {name}.',
	'join.otherAccountUsed': 'Trình duyệt này đang đăng nhập với tên {me}; liên kết này dành cho người khác.',
	'join.switchButton': 'Vào với tên {name}',
	'join.stay': 'Tiếp tục với tên {me}',
	'next.label': 'Việc của bạn:',
	'next.submit_sheet': 'Nộp bảng tự chấm trước {date}',
	'next.sheet_submitted': 'Đã nộp bảng tự chấm',
	'next.vote': 'Có phiếu đang chờ bạn bỏ',
	'next.vote_many': 'Có {count} phiếu đang chờ bạn bỏ',
	'next.await_ballot': 'Chờ Cụm trưởng mở phiếu biểu quyết',
	'next.follow_own_sheet': 'Theo dõi bảng điểm của đơn vị; giải trình nếu cần',
	'next.score': 'Chấm điểm các đơn vị, ghi lý do trừ điểm',
	'next.run_ballots': 'Mở các phiếu biểu quyết',
	'next.run_ballots_open': 'Đang mở {count} phiếu: đóng phiếu khi các đơn vị đã bỏ',
	'next.follow': 'Theo dõi hội nghị',
	'next.setup_units': 'Chọn các đơn vị tham dự',
	'next.setup_criteria': 'Nhập bảng tiêu chí chấm điểm',
	'next.setup_people': 'Nhập danh sách người tham dự (Cụm trưởng, Cụm phó, đại biểu các đơn vị)',
	'next.send_invitations': 'Gửi giấy mời cho {count} người chưa có liên kết',
	'next.collect_sheets': 'Nhắc các đơn vị nộp bảng tự chấm (đã nhận {submitted}/{total})',
	'next.start_review': 'Đã chuẩn bị xong: chuyển sang bình xét',
	'next.closed': 'Hội nghị đã kết thúc: xem biên bản'
};

export const en: Record<keyof typeof vi, string> = {
	'join.otherAccount': 'This browser is signed in as {me}. This link is for {name}: using it switches to {name}’s account.',
	'join.otherAccountUsed': 'This browser is signed in as {me}; this link is for someone else.',
	'join.switchButton': 'Enter as {name}',
	'join.stay': 'Continue as {me}',
	'next.label': 'Your next step:',
	'next.submit_sheet': 'Submit the self-assessment before {date}',
	'next.sheet_submitted': 'Self-assessment submitted',
	'next.vote': 'A ballot is waiting for your vote',
	'next.vote_many': '{count} ballots are waiting for your vote',
	'next.await_ballot': 'Wait for the head to open a ballot',
	'next.follow_own_sheet': 'Follow your unit’s sheet; answer a deduction if needed',
	'next.score': 'Score the units, with a reason for each deduction',
	'next.run_ballots': 'Open the ballots',
	'next.run_ballots_open': '{count} ballots open: close each once the units have voted',
	'next.follow': 'Follow the meeting',
	'next.setup_units': 'Choose the units taking part',
	'next.setup_criteria': 'Import the criteria table',
	'next.setup_people': 'Import the participants (head, vice-heads, the units’ delegates)',
	'next.send_invitations': 'Send the invitations to {count} people who have no link yet',
	'next.collect_sheets': 'Remind the units to submit their self-assessment ({submitted}/{total} received)',
	'next.start_review': 'Preparation is complete: move to the review',
	'next.closed': 'The meeting is over: see the record'
};
