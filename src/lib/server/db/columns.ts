import type { Selectable } from 'kysely';
import type { Database } from './schema';

// Every table's columns, as the Kysely types in schema.ts declare them, at run time: the type system holds this list
// to the types (`satisfies`: every column, no other, each nullable exactly when its type admits null), and a test holds it to the
// database the migrations build (tests/integration/schema-types.test.ts). So the types cannot drift from the schema.

type Nullability<T> = null extends T ? 'null' : 'not null';
/** What the types say of each table: its columns and whether each may be null. */
type Declared = {
	[Table in keyof Database]: {
		[Column in keyof Selectable<Database[Table]>]: Nullability<Selectable<Database[Table]>[Column]>;
	};
};

export const COLUMNS = {
	meeting_documents: {
		meeting_id: 'not null',
		minutes_number: 'not null',
		count_number: 'not null',
		report_number: 'not null',
		place: 'not null',
		issued_on: 'not null',
		chair_name: 'not null',
		chair_office: 'not null',
		secretary_name: 'not null',
		secretary_office: 'not null',
		recipients: 'not null',
		situation: 'not null',
		activities: 'not null',
		direction: 'not null',
		statistics: 'null',
		updated_at: 'null',
		updated_by: 'null',
		issuer: 'not null',
		count_numbers: 'not null',
		absent: 'not null',
		basis: 'not null',
		difficulties: 'not null',
		assessment: 'not null',
		shortcomings: 'not null',
		causes: 'not null',
		tasks: 'not null',
		proposals: 'not null'
	},
	clusters: {
		id: 'not null',
		name: 'not null',
		name_en: 'null',
		parent: 'null',
		short_name: 'null',
		layout: 'not null'
	},
	units: {
		id: 'not null',
		cluster_id: 'not null',
		slug: 'not null',
		name: 'not null',
		short_name: 'not null',
		position: 'not null',
		active: 'not null'
	},
	criteria_templates: {
		id: 'not null',
		cluster_id: 'not null',
		year: 'not null',
		name: 'not null',
		step: 'not null',
		nominal_total: 'not null',
		version: 'not null'
	},
	criteria: {
		id: 'not null',
		template_id: 'not null',
		code: 'not null',
		parent_code: 'null',
		position: 'not null',
		title: 'not null',
		title_en: 'null',
		max: 'null',
		kind: 'null'
	},
	meetings: {
		id: 'not null',
		cluster_id: 'not null',
		template_id: 'not null',
		year: 'not null',
		title: 'not null',
		held_on: 'not null',
		phase: 'not null',
		created_at: 'not null',
		starts_at: 'null',
		location: 'null',
		call_url: 'null',
		copied_from: 'null',
		review_started_at: 'null',
		files_visibility: 'not null'
	},
	sheets: { id: 'not null', meeting_id: 'not null', unit_id: 'not null', submitted_at: 'null', submitted_by: 'null' },
	sheet_scores: { sheet_id: 'not null', criterion_code: 'not null', points: 'not null' },
	sheet_reported_figures: { sheet_id: 'not null', code: 'not null', points: 'not null' },
	deductions: {
		id: 'not null',
		sheet_id: 'not null',
		criterion_code: 'not null',
		points: 'not null',
		reason: 'not null',
		author: 'not null',
		created_at: 'not null',
		updated_at: 'null',
		updated_by: 'null',
		cited_file: 'null',
		citation: 'null'
	},
	users: {
		id: 'not null',
		display_name: 'not null',
		username: 'null',
		password_hash: 'null',
		unit_id: 'null',
		created_at: 'not null',
		is_admin: 'not null',
		position: 'null',
		email: 'null',
		phone: 'null'
	},
	sessions: { id: 'not null', user_id: 'not null', expires_at: 'not null', created_at: 'not null' },
	sign_in_throttle: {
		key: 'not null',
		failures: 'not null',
		penalties: 'not null',
		blocked_until: 'not null',
		updated_at: 'not null'
	},
	participants: {
		id: 'not null',
		meeting_id: 'not null',
		user_id: 'not null',
		role: 'not null',
		unit_id: 'null',
		joined_at: 'null',
		created_at: 'not null',
		pending: 'not null',
		absent_since: 'null'
	},
	join_links: {
		id: 'not null',
		participant_id: 'not null',
		created_at: 'not null',
		expires_at: 'not null',
		used_at: 'null',
		revoked_at: 'null'
	},
	sync_updates: { id: 'not null', document: 'not null', user_id: 'null', created_at: 'not null', update: 'not null' },
	meeting_leases: {
		meeting_id: 'not null',
		token: 'not null',
		owner: 'not null',
		address: 'not null',
		acquired_at: 'not null'
	},
	sync_snapshots: {
		document: 'not null',
		last_update_id: 'not null',
		state: 'not null',
		created_at: 'not null',
		state_vector: 'null'
	},
	ballots: {
		id: 'not null',
		meeting_id: 'not null',
		title: 'not null',
		purpose: 'not null',
		round: 'not null',
		runoff_of: 'null',
		status: 'not null',
		max_choices: 'not null',
		seats: 'not null',
		secret: 'not null',
		quorum: 'not null',
		threshold_numerator: 'not null',
		threshold_denominator: 'not null',
		threshold_base: 'not null',
		threshold_comparison: 'not null',
		allow_self_vote: 'not null',
		created_at: 'not null',
		opened_at: 'null',
		closed_at: 'null',
		opened_by: 'null',
		closed_by: 'null',
		committee_head: 'not null',
		committee_members: 'not null'
	},
	ballot_candidates: { ballot_id: 'not null', unit_id: 'not null', position: 'not null' },
	ballot_voters: { ballot_id: 'not null', unit_id: 'not null' },
	ballot_papers: {
		id: 'not null',
		ballot_id: 'not null',
		receipt: 'not null',
		choices: 'not null',
		voter_unit_id: 'null',
		against: 'not null'
	},
	ballot_key: { id: 'not null', key_id: 'not null' },
	ballot_sealed_papers: {
		id: 'not null',
		ballot_id: 'not null',
		key_id: 'not null',
		sealed: 'not null',
		receipt_tag: 'not null'
	},
	nominations: {
		id: 'not null',
		meeting_id: 'not null',
		purpose: 'not null',
		unit_id: 'not null',
		ballot_id: 'not null'
	},
	deduction_answers: { deduction_id: 'not null', text: 'not null', author: 'not null', created_at: 'not null' },
	final_scores: {
		meeting_id: 'not null',
		unit_id: 'not null',
		self_points: 'not null',
		cluster_points: 'not null',
		rank: 'not null',
		tied: 'not null'
	},
	meeting_records: {
		meeting_id: 'not null',
		closed_at: 'not null',
		closed_by: 'not null',
		digest: 'not null',
		record: 'null'
	},
	excess_notes: {
		meeting_id: 'not null',
		unit_id: 'not null',
		criterion_code: 'not null',
		listed: 'not null',
		effective: 'not null',
		note: 'not null',
		noted_by: 'not null',
		noted_at: 'not null'
	},
	report_paragraph_links: {
		meeting_id: 'not null',
		unit_id: 'not null',
		criterion_code: 'not null',
		report_sha256: 'not null',
		paragraphs: 'not null',
		linked_by: 'not null',
		linked_at: 'not null'
	},
	admin_setup_links: {
		id: 'not null',
		created_at: 'not null',
		expires_at: 'not null',
		used_at: 'null',
		user_id: 'null',
		used_by: 'null',
		revoked_at: 'null'
	},
	unit_files: {
		id: 'not null',
		meeting_id: 'not null',
		unit_id: 'not null',
		kind: 'not null',
		sha256: 'not null',
		name: 'not null',
		size: 'not null',
		format: 'not null',
		content_type: 'not null',
		caption: 'not null',
		uploaded_by: 'not null',
		uploaded_at: 'not null'
	},
	unit_file_items: { file_id: 'not null', criterion_code: 'not null' },
	file_contents: { sha256: 'not null', content: 'not null' }
} as const satisfies Declared;
