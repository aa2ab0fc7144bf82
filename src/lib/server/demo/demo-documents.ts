import type { DocumentFields, StatisticsTable } from '$lib/core/documents';
import type { Transaction } from 'kysely';
import type { DB } from '../db/open';
import type { Database } from '../db/schema';
import { saveStatistics } from '../documents/fields';
import demoData from './cluster-2021.json';
import narrative from './report-2021-narrative.json';

// The demo meeting's documents as report 76-BC/CTĐ filled them: its number, place, signer and recipients, and its
// appendix tables with Vietnamese column headings (the data set keys them in ASCII).

const COLUMN_LABELS: Record<string, string> = {
	vien_chuc: 'Viên chức',
	hieu_truong_tinh_uy_vien: 'Hiệu trưởng là Tỉnh ủy viên',
	pho_hieu_truong: 'Phó Hiệu trưởng',
	tien_si: 'Tiến sĩ',
	thac_si: 'Thạc sĩ',
	cu_nhan: 'Cử nhân',
	khac: 'Khác',
	llct_cao_cap: 'LLCT cao cấp',
	llct_cu_nhan: 'LLCT cử nhân',
	llct_trung_cap: 'LLCT trung cấp',
	tong_giang_vien: 'Tổng số giảng viên',
	gv_cao_cap: 'GV cao cấp',
	gv_chinh: 'GV chính',
	giang_vien: 'Giảng viên',
	lop: 'Số lớp',
	hoc_vien: 'Số học viên',
	ty_le_so_ke_hoach_phan_tram: 'Tỷ lệ so kế hoạch (%)',
	de_tai_cap_tinh: 'Đề tài cấp tỉnh',
	de_tai_cap_truong: 'Đề tài cấp trường',
	de_tai_cap_khoa: 'Đề tài cấp khoa',
	sang_kien_cap_tinh: 'Sáng kiến cấp tỉnh',
	sang_kien_cap_co_so: 'Sáng kiến cấp cơ sở',
	hoi_thao_cap_tinh: 'Hội thảo cấp tỉnh',
	hoi_thao_cap_truong: 'Hội thảo cấp trường',
	hoi_thao_cap_khoa: 'Hội thảo cấp khoa',
	toa_dam: 'Tọa đàm',
	ban_tin: 'Bản tin',
	tap_chi_tw: 'Bài tạp chí TW',
	bai_viet_issn: 'Bài báo có ISSN',
	nctt_dai_han: 'NCTT dài hạn',
	nctt_ngan_han: 'NCTT ngắn hạn',
	nghien_cuu_sinh: 'Nghiên cứu sinh',
	cao_hoc: 'Cao học',
	dai_hoc: 'Đại học',
	cao_cap_llct: 'Cao cấp LLCT',
	trung_cap_llct: 'Trung cấp LLCT',
	tap_huan: 'Tập huấn (lượt)',
	thao_giang_cap_khoa: 'Thao giảng cấp khoa',
	thao_giang_cap_truong: 'Thao giảng cấp trường',
	thao_giang_cap_hoc_vien: 'Thao giảng cấp Học viện',
	website: 'Có website',
	trang_bao_ve_nen_tang_tu_tuong: 'Trang bảo vệ nền tảng tư tưởng'
};

interface SourceTable {
	title: string;
	columns: string[];
	rows: Record<string, (number | boolean | null)[]>;
	reported_total: (number | null)[] | null;
	note?: string;
}

/** The data set's appendix tables, rows in the units' order, yes/no cells as "Có"/"Không". */
export function demoStatistics(): StatisticsTable[] {
	const units = demoData.units;
	return Object.values(demoData.statistics as Record<string, SourceTable>).map((t) => ({
		title: t.title,
		columns: t.columns.map((c) => COLUMN_LABELS[c] ?? c),
		rows: units
			.filter((u) => t.rows[u.slug])
			.map((u) => ({
				unit: u.short_name,
				values: t.rows[u.slug]!.map((v) => (typeof v === 'boolean' ? (v ? 'Có' : 'Không') : v))
			})),
		reportedTotal: t.reported_total ?? null,
		// The data set's notes are for its readers (in English), not for the appendix.
		note: null
	}));
}

/** The fields report 76-BC/CTĐ was issued with, its narrative section by section as the seed writes it. */
export const DEMO_FIELDS: Partial<DocumentFields> = {
	basis: narrative.basis,
	situation: narrative.situation,
	difficulties: narrative.difficulties,
	activities: narrative.activities,
	assessment: narrative.assessment,
	shortcomings: narrative.shortcomings,
	causes: narrative.causes,
	direction: narrative.direction,
	tasks: narrative.tasks,
	proposals: narrative.proposals,
	reportNumber: '76',
	issuer: 'CTĐ',
	place: 'Sơn La',
	chairName: 'Lò Thị Thúy Hà',
	chairOffice: 'Hiệu trưởng Trường Chính trị tỉnh Sơn La',
	recipients: [
		'Học viện CTQG Hồ Chí Minh (để b/c),',
		'Các đơn vị trong Cụm TĐ (để biết),',
		'Lưu Trường (Cụm trưởng CTĐ).'
	]
};

/** Stores the demo meeting's appendix and its report's fields. */
export async function loadDemoDocuments(db: DB | Transaction<Database>, meetingId: number): Promise<void> {
	await saveStatistics(db, meetingId, demoStatistics());
	const f = DEMO_FIELDS;
	await db
		.updateTable('meeting_documents')
		.set({
			report_number: f.reportNumber!,
			issuer: f.issuer!,
			place: f.place!,
			chair_name: f.chairName!,
			chair_office: f.chairOffice!,
			recipients: f.recipients!.join('\n'),
			basis: narrative.basis,
			situation: narrative.situation,
			difficulties: narrative.difficulties,
			activities: narrative.activities,
			assessment: narrative.assessment,
			shortcomings: narrative.shortcomings,
			causes: narrative.causes,
			direction: narrative.direction,
			tasks: narrative.tasks,
			proposals: narrative.proposals
		})
		.where('meeting_id', '=', meetingId)
		.execute();
	// The 2021 meeting met online from two connection points (report 76-BC/CTĐ, part 1.5).
	await db
		.updateTable('meetings')
		.set({
			starts_at: '2021-11-15T08:00',
			location: 'Điểm cầu Trường Chính trị tỉnh Sơn La và điểm cầu Trường Chính trị tỉnh Lai Châu',
			call_url: 'https://meet.google.com/'
		})
		.where('id', '=', meetingId)
		.execute();
}
