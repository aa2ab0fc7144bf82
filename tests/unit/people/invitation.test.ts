import { describe, expect, it } from 'vitest';
import {
	invitationMessage,
	invitationSubject,
	linkExpiry,
	meetingWhen,
	reminderMessage,
	type MeetingInfo
} from '$lib/board/invitation';

const MEETING: MeetingInfo = {
	title: 'Hội nghị tổng kết công tác thi đua năm 2026',
	clusterName: 'Cụm thi đua các trường chính trị khu vực miền núi, biên giới phía Bắc',
	startsAt: '2026-12-15T08:00',
	heldOn: '2026-12-15',
	location: 'Hội trường Trường Chính trị tỉnh Sơn La',
	callUrl: 'https://meet.example.vn/cum-thi-dua'
};

describe('the meeting’s time in words', () => {
	it('gives the hour, the weekday and the date', () => {
		expect(meetingWhen(MEETING)).toBe('08 giờ 00, thứ Ba, ngày 15/12/2026');
	});
	it('gives the day alone without a time', () => {
		expect(meetingWhen({ startsAt: null, heldOn: '2021-11-15' })).toBe('thứ Hai, ngày 15/11/2021');
		expect(meetingWhen({ startsAt: null, heldOn: '2026-12-20' })).toBe('Chủ nhật, ngày 20/12/2026');
	});
	it('a link’s expiry is in Vietnam’s time', () => {
		expect(linkExpiry(Date.UTC(2026, 11, 22, 1, 30))).toBe('08:30 ngày 22/12/2026');
		expect(linkExpiry(Date.UTC(2026, 11, 22, 20, 5))).toBe('03:05 ngày 23/12/2026');
	});
});

describe('the invitation', () => {
	const link = 'https://binhxet.example.vn/join/abcdefghijklmnopqrstuvwxyz234567';

	it('says who, what, when, where, the link, and not to forward it', () => {
		const text = invitationMessage(
			MEETING,
			{ name: 'Lê Văn Cường', position: 'Phó Hiệu trưởng', role: 'delegate', unitName: 'Hà Giang' },
			link,
			Date.UTC(2026, 11, 22, 1, 0)
		);
		expect(text).toBe(
			[
				'Kính gửi đồng chí Lê Văn Cường – Phó Hiệu trưởng,',
				'',
				'Cụm thi đua các trường chính trị khu vực miền núi, biên giới phía Bắc trân trọng kính mời đồng chí tham dự Hội nghị tổng kết công tác thi đua năm 2026, với tư cách đại biểu của Hà Giang.',
				'Thời gian: 08 giờ 00, thứ Ba, ngày 15/12/2026.',
				'Địa điểm: Hội trường Trường Chính trị tỉnh Sơn La.',
				'Họp trực tuyến: https://meet.example.vn/cum-thi-dua',
				'',
				'Đường dẫn cá nhân để vào phòng họp bình xét:',
				link,
				'Đường dẫn chỉ dùng được một lần, hiệu lực đến 08:00 ngày 22/12/2026.',
				'Vui lòng không chuyển tiếp liên kết này.',
				'',
				'Trân trọng.',
				'Thư ký Cụm thi đua các trường chính trị khu vực miền núi, biên giới phía Bắc'
			].join('\n')
		);
	});

	it('leaves out what the meeting does not have', () => {
		const text = invitationMessage(
			{ ...MEETING, location: null, callUrl: null, startsAt: null },
			{ name: 'Khách', position: null, role: 'observer', unitName: null },
			link
		);
		expect(text).not.toContain('Địa điểm');
		expect(text).not.toContain('Họp trực tuyến');
		expect(text).toContain('Kính gửi đồng chí Khách,');
		expect(text).toContain('với tư cách khách mời.');
		expect(text).toContain('Thời gian: thứ Ba, ngày 15/12/2026.');
		expect(text).toContain('Đường dẫn chỉ dùng được một lần.');
		expect(text).toContain('Vui lòng không chuyển tiếp liên kết này.');
	});

	it('names each role as the cluster does', () => {
		const as = (role: 'host' | 'head' | 'vice_head') =>
			invitationMessage(MEETING, { name: 'A', position: null, role, unitName: 'Sơn La' }, link);
		expect(as('head')).toContain('với tư cách Cụm trưởng.');
		expect(as('vice_head')).toContain('với tư cách Cụm phó.');
		expect(as('host')).toContain('với tư cách Thư ký hội nghị.');
	});

	it('has a subject', () => {
		expect(invitationSubject(MEETING)).toBe('Giấy mời: Hội nghị tổng kết công tác thi đua năm 2026');
	});
});

describe('the reminder', () => {
	it('names the units that have not submitted', () => {
		const text = reminderMessage(MEETING, ['Trường Chính trị tỉnh Hà Giang', 'Trường Chính trị tỉnh Điện Biên']);
		expect(text.split('\n')[0]).toBe('Kính gửi: Trường Chính trị tỉnh Hà Giang; Trường Chính trị tỉnh Điện Biên.');
		expect(text).toContain('chưa nhận được bảng tự chấm điểm thi đua của các đơn vị nêu trên');
		expect(text).toContain('(08 giờ 00, thứ Ba, ngày 15/12/2026)');
	});
	it('speaks to one unit as one', () => {
		expect(reminderMessage(MEETING, ['Trường Chính trị tỉnh Hà Giang'])).toContain('của đơn vị nêu trên');
	});
	it('is empty when every unit has submitted', () => {
		expect(reminderMessage(MEETING, [])).toBe('');
	});
});
