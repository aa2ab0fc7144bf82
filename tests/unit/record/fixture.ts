import type { MeetingRecord } from '$lib/core/record';

// A small closed meeting's record, as format 2 stores it: two units, one deduction with an answer, one secret ballot,
// a unit's report and a piece of evidence backing two items.

export const SMALL_RECORD: MeetingRecord = {
	format: 2,
	meeting: {
		id: 7,
		title: 'Hội nghị tổng kết năm 2025',
		year: 2025,
		heldOn: '2025-12-15',
		startsAt: '2025-12-15T08:00',
		startedAt: '2025-12-15T01:05:00.000Z',
		location: 'Phòng họp số 1',
		callUrl: null,
		cluster: 'Cụm thi đua các Sở Nội vụ',
		clusterShortName: 'CTĐ',
		superior: 'Bộ Nội vụ',
		template: 'Bảng tiêu chí 2025',
		closedAt: '2025-12-15T04:00:00.000Z',
		closedBy: 'Nguyễn Văn Á'
	},
	criteria: [
		{
			code: 'I',
			title: 'Công tác chuyên môn',
			depth: 0,
			section: true,
			max: null,
			kind: null,
			children: ['I.1', 'I.2']
		},
		{ code: 'I.1', title: 'Hoàn thành kế hoạch', depth: 1, section: false, max: 600, kind: 'score', children: [] },
		{
			code: 'I.2',
			title: 'Chấp hành chế độ báo cáo',
			depth: 1,
			section: false,
			max: 400,
			kind: 'score',
			children: []
		}
	],
	summary: [
		{
			order: 1,
			unit: 'yen-bai',
			name: 'Sở Nội vụ tỉnh Yên Bái',
			shortName: 'Yên Bái',
			selfScore: 1000,
			clusterScore: 1000,
			deducted: 0,
			rank: 1,
			tied: false,
			reportedTotal: 1000,
			mismatches: [],
			reported: { total: 1000 },
			items: { 'I.1': { self: 600, deducted: 0, cluster: 600 }, 'I.2': { self: 400, deducted: 0, cluster: 400 } },
			sections: { I: { self: 1000, cluster: 1000 } },
			deductions: []
		},
		{
			order: 2,
			unit: 'tuyen-quang',
			name: 'Sở Nội vụ tỉnh Tuyên Quang',
			shortName: 'Tuyên Quang',
			selfScore: 950,
			clusterScore: 900,
			deducted: 50,
			rank: 2,
			tied: false,
			reportedTotal: 975,
			mismatches: [{ code: 'total', reported: 975, computed: 950 }],
			reported: { total: 975 },
			items: {
				'I.1': { self: 550, deducted: 50, cluster: 500 },
				'I.2': { self: 400, deducted: 0, cluster: 400 }
			},
			sections: { I: { self: 950, cluster: 900 } },
			deductions: [
				{
					criterion: 'I.1',
					points: 50,
					reason: 'Chậm nộp báo cáo "quý IV"',
					author: 'Nguyễn Văn Á',
					at: '2025-12-15T01:20:00.000Z',
					updatedBy: 'Trần Thị Bê',
					updatedAt: '2025-12-15T01:25:00.000Z',
					answer: { text: 'Đơn vị thống nhất.', author: 'Lê Văn Cê' }
				}
			]
		}
	],
	ballots: [
		{
			id: 3,
			title: 'Suy tôn Cờ thi đua',
			purpose: 'flag',
			round: 1,
			status: 'closed',
			secret: true,
			candidates: ['yen-bai', 'tuyen-quang'],
			rules: {
				maxChoices: 1,
				seats: 1,
				quorum: 2,
				threshold: { numerator: 1, denominator: 2, base: 'members', comparison: 'more_than' },
				allowSelfVote: false
			},
			committee: { head: 'Trần Thị Bê', members: ['Lê Văn Cê'] },
			openedAt: '2025-12-15T03:00:00.000Z',
			closedAt: '2025-12-15T03:10:00.000Z',
			chairedBy: 'Nguyễn Văn Á',
			count: {
				ballotId: '3',
				round: 1,
				members: 2,
				cast: 2,
				valid: 2,
				invalid: 0,
				blank: 0,
				choices: 2,
				quorum: 2,
				quorumMet: true,
				thresholdBase: 2,
				requiredVotes: 2,
				seats: 1,
				results: [
					{
						candidate: 'yen-bai',
						votes: 1,
						share: { numerator: 1, denominator: 2 },
						meetsThreshold: false,
						elected: false,
						against: 0
					},
					{
						candidate: 'tuyen-quang',
						votes: 1,
						share: { numerator: 1, denominator: 2 },
						meetsThreshold: false,
						elected: false,
						against: 0
					}
				],
				elected: [],
				outcome: {
					kind: 'runoff',
					reason: 'no_majority',
					candidates: ['yen-bai', 'tuyen-quang'],
					seatsLeft: 1
				},
				confirmation: null
			},
			papers: [
				{ receipt: 'K7Q2', choices: ['tuyen-quang'], voter: null },
				{ receipt: 'M3X9', choices: ['yen-bai'], voter: null }
			]
		}
	],
	nominations: [],
	present: [
		{
			id: 3,
			absent: false,
			name: 'Nguyễn Văn Á',
			position: 'Giám đốc',
			unit: 'Sở Nội vụ tỉnh Yên Bái',
			role: 'head'
		},
		{ id: 1, absent: true, name: 'Lê Văn Cê', position: null, unit: 'Sở Nội vụ tỉnh Tuyên Quang', role: 'delegate' }
	],
	documents: {
		minutesNumber: '12',
		reportNumber: '14',
		countNumbers: { '1': '13' },
		issuer: 'CTĐ',
		absent: [1],
		place: 'Yên Bái',
		issuedOn: '2025-12-15',
		chairName: 'Nguyễn Văn Á',
		chairOffice: 'Giám đốc',
		secretaryName: '',
		secretaryOffice: '',
		recipients: ['Bộ Nội vụ (để b/c),', 'Lưu: VT.'],
		situation: 'Dòng một\nDòng hai',
		activities: '',
		direction: '',
		basis: 'Căn cứ Kế hoạch số 01/KH-CTĐ',
		difficulties: '',
		assessment: '',
		shortcomings: '',
		causes: '',
		tasks: '',
		proposals: ''
	},
	statistics: [
		{
			title: 'Đào tạo',
			columns: ['Lớp', 'Tỷ lệ (%)'],
			rows: [
				{ unit: 'Yên Bái', values: [12, 109.1] },
				{ unit: 'Tuyên Quang', values: [8, null] }
			],
			reportedTotal: [20, null],
			note: null
		}
	],
	files: [
		{
			unit: 'yen-bai',
			kind: 'report',
			name: 'Báo cáo tự kiểm tra.docx',
			size: 18204,
			format: 'docx',
			sha256: 'a3f1c0de5b7e2f9a4c6d8e0b1a2c3d4e5f60718293a4b5c6d7e8f90123456789',
			items: [],
			caption: '',
			sentBy: 'Trần Thị Bê',
			sentAt: '2025-12-01T02:30:00.000Z'
		},
		{
			unit: 'yen-bai',
			kind: 'evidence',
			name: 'Quyết định 12.pdf',
			size: 734211,
			format: 'pdf',
			sha256: '0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0',
			items: ['I.1', 'I.2'],
			caption: 'Quyết định số 12/QĐ-SNV',
			sentBy: 'Trần Thị Bê',
			sentAt: '2025-12-01T02:35:00.000Z'
		}
	]
};
