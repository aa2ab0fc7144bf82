import type { Role } from '../core/rights';

// The texts the host sends: a personal invitation with the join link, and a reminder to the units whose sheet has
// not arrived. Pure functions, so that the invitation page, the e-mail and the tests say exactly the same. They are
// written in Vietnamese whatever the screen's language: they go to the cluster's officials.

export interface MeetingInfo {
	title: string;
	/** The cluster's name, for the signature. */
	clusterName: string;
	/** Local date and time in Vietnam, "2026-12-15T08:00"; null when only the day is known. */
	startsAt: string | null;
	/** The meeting's day, "2026-12-15", used when `startsAt` is not set. */
	heldOn: string;
	location: string | null;
	callUrl: string | null;
}

export interface Invitee {
	name: string;
	position: string | null;
	role: Role;
	unitName: string | null;
}

const WEEKDAYS = ['Chủ nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy'];

const ROLE_PHRASES: Record<Role, string> = {
	host: 'Thư ký hội nghị',
	head: 'Cụm trưởng',
	vice_head: 'Cụm phó',
	delegate: 'đại biểu',
	observer: 'khách mời'
};

/** "08 giờ 00, thứ Ba, ngày 15/12/2026", or "thứ Ba, ngày 15/12/2026" without a time. */
export function meetingWhen(info: Pick<MeetingInfo, 'startsAt' | 'heldOn'>): string {
	const source = info.startsAt ?? info.heldOn;
	const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(source);
	if (!match) return source;
	const [, year, month, day, hour, minute] = match;
	// A calendar date has no time zone: its weekday is computed in UTC on purpose.
	const weekday = WEEKDAYS[new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))).getUTCDay()]!;
	const date = `${weekday}, ngày ${day}/${month}/${year}`;
	return info.startsAt && hour !== undefined ? `${hour} giờ ${minute}, ${date}` : date;
}

/** "ngày 22/12/2026 (08:00)" for an expiry shown to the invitee, in Vietnam's time. */
export function linkExpiry(expiresAt: number): string {
	const local = new Date(expiresAt + 7 * 60 * 60 * 1000); // Vietnam keeps UTC+7 all year
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())} ngày ${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
}

export function invitationSubject(meeting: MeetingInfo): string {
	return `Giấy mời: ${meeting.title}`;
}

/** The personal invitation: who, what, when, where, the link, and not to forward it. */
export function invitationMessage(meeting: MeetingInfo, person: Invitee, link: string, expiresAt?: number): string {
	const as =
		person.role === 'delegate' && person.unitName ? `đại biểu của ${person.unitName}` : ROLE_PHRASES[person.role];
	const lines = [
		`Kính gửi đồng chí ${person.name}${person.position ? ` – ${person.position}` : ''},`,
		'',
		`${meeting.clusterName} trân trọng kính mời đồng chí tham dự ${meeting.title}, với tư cách ${as}.`,
		`Thời gian: ${meetingWhen(meeting)}.`
	];
	if (meeting.location) lines.push(`Địa điểm: ${meeting.location}.`);
	if (meeting.callUrl) lines.push(`Họp trực tuyến: ${meeting.callUrl}`);
	lines.push(
		'',
		'Đường dẫn cá nhân để vào phòng họp bình xét:',
		link,
		`Đường dẫn chỉ dùng được một lần${expiresAt === undefined ? '' : `, hiệu lực đến ${linkExpiry(expiresAt)}`}.`,
		'Vui lòng không chuyển tiếp liên kết này.',
		'',
		'Trân trọng.',
		`Thư ký ${meeting.clusterName}`
	);
	return lines.join('\n');
}

/** The reminder for the units whose self-assessment has not arrived, to paste in the cluster's group or an e-mail. */
export function reminderMessage(meeting: MeetingInfo, unitNames: readonly string[]): string {
	if (unitNames.length === 0) return '';
	return [
		`Kính gửi: ${unitNames.join('; ')}.`,
		'',
		`Để chuẩn bị cho ${meeting.title} (${meetingWhen(meeting)}), Thư ký Cụm chưa nhận được bảng tự chấm điểm thi đua của ${unitNames.length === 1 ? 'đơn vị' : 'các đơn vị'} nêu trên.`,
		'Đề nghị đơn vị nhập hoặc tải bảng tự chấm điểm lên hệ thống bình xét trước ngày họp để các đồng chí Cụm trưởng, Cụm phó kịp xem xét.',
		'',
		'Trân trọng.',
		`Thư ký ${meeting.clusterName}`
	].join('\n');
}

/** What a unit has not sent of its report and evidence (see core/evidence/coverage). */
export interface FilesGap {
	unitName: string;
	/** True when its self-inspection report has not arrived. */
	noReport: boolean;
	/** Items of the criteria table without any evidence, of `itemCount`. */
	itemsWithout: number;
	itemCount: number;
}

/** The reminder for the units whose report or evidence is missing, naming what each lacks; empty when none. */
export function filesReminderMessage(meeting: MeetingInfo, gaps: readonly FilesGap[], maxFile: string): string {
	if (gaps.length === 0) return '';
	const lacks = (gap: FilesGap) =>
		[
			gap.noReport ? 'chưa có báo cáo tự kiểm tra' : '',
			gap.itemsWithout > 0 ? `${gap.itemsWithout}/${gap.itemCount} mục chưa có minh chứng` : ''
		]
			.filter((part) => part !== '')
			.join('; ');
	return [
		// The units are named on their own lines, each with what it lacks.
		`Kính gửi: ${gaps.length === 1 ? 'đơn vị có tên dưới đây' : 'các đơn vị có tên dưới đây'}.`,
		'',
		`Để chuẩn bị cho ${meeting.title} (${meetingWhen(meeting)}), Thư ký Cụm chưa nhận đủ báo cáo tự kiểm tra và minh chứng của:`,
		...gaps.map((gap) => `- ${gap.unitName}: ${lacks(gap)}.`),
		`Đề nghị đơn vị tải báo cáo tự kiểm tra (.docx hoặc .pdf) và minh chứng của từng mục (.pdf, .docx, .xlsx, .jpg, .png; mỗi tệp tối đa ${maxFile}) lên hệ thống bình xét trước ngày họp để các đồng chí Cụm trưởng, Cụm phó kịp xem xét.`,
		'',
		'Trân trọng.',
		`Thư ký ${meeting.clusterName}`
	].join('\n');
}
