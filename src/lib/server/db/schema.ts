import type { Generated } from 'kysely';
import type { MeetingPhase } from '../../board/types';
import type { Purpose, Role } from '../../core/vocabulary';
import type { FileFormat, FileKind, FilesVisibility } from '../../core/evidence/formats';

// The Kysely table types: the one description of the schema that migrations/ builds.
// Points columns hold integer hundredths of a point.

export type { MeetingPhase, Role };
export type CriterionKindColumn = 'score' | 'bonus' | 'penalty';

export interface ClustersTable {
	id: Generated<number>;
	name: string;
	name_en: string | null;
	parent: string | null;
	short_name: string | null;
	layout: Generated<ClusterLayout>;
}

/** The official document layout of the body a cluster reports to. */
export type ClusterLayout = 'party' | 'state';

export interface UnitsTable {
	id: Generated<number>;
	cluster_id: number;
	slug: string;
	name: string;
	short_name: string;
	position: number;
	/** 0 once the unit has left the cluster; it stays for past meetings. */
	active: Generated<number>;
}

export interface CriteriaTemplatesTable {
	id: Generated<number>;
	cluster_id: number;
	year: number;
	name: string;
	step: number;
	nominal_total: number;
	version: Generated<number>;
}

export interface CriteriaTable {
	id: Generated<number>;
	template_id: number;
	code: string;
	parent_code: string | null;
	position: number;
	title: string;
	title_en: string | null;
	max: number | null;
	kind: CriterionKindColumn | null;
}

export interface MeetingsTable {
	id: Generated<number>;
	cluster_id: number;
	template_id: number;
	year: number;
	title: string;
	held_on: string;
	phase: MeetingPhase;
	created_at: string;
	/** Local date and time in Vietnam, "2026-12-15T08:00". */
	starts_at: string | null;
	location: string | null;
	call_url: string | null;
	copied_from: number | null;
	/** When the review actually began (ISO), recorded as the meeting moved into it; the minutes say it. */
	review_started_at: Generated<string | null>;
	/** Who may read the units' files: everyone in the meeting, or only the scorers, the host and that unit. */
	files_visibility: Generated<FilesVisibility>;
}

export type { FilesVisibility };
type UnitFileKind = FileKind;
type UnitFileFormat = FileFormat;

/** A unit's report or piece of evidence; the bytes are in the file store under `sha256`. */
export interface UnitFilesTable {
	id: Generated<number>;
	meeting_id: number;
	unit_id: number;
	kind: UnitFileKind;
	/** The SHA-256 of the bytes (hex). */
	sha256: string;
	/** The cleaned display name. */
	name: string;
	size: number;
	/** What the content was found to be. */
	format: UnitFileFormat;
	content_type: string;
	caption: Generated<string>;
	uploaded_by: number;
	/** ISO time. */
	uploaded_at: string;
}

/** The items (criterion codes) a piece of evidence backs. */
export interface UnitFileItemsTable {
	file_id: number;
	criterion_code: string;
}

/** Files' bytes kept in the database (the shared-database store); empty under the embedded folder store. */
export interface FileContentsTable {
	sha256: string;
	content: Uint8Array;
}

export interface SheetsTable {
	id: Generated<number>;
	meeting_id: number;
	unit_id: number;
	submitted_at: string | null;
	submitted_by: number | null;
}

export interface SheetScoresTable {
	sheet_id: number;
	criterion_code: string;
	points: number;
}

export interface SheetReportedFiguresTable {
	sheet_id: number;
	code: string;
	points: number;
}

export interface DeductionsTable {
	id: string;
	sheet_id: number;
	criterion_code: string;
	points: number;
	reason: string;
	author: string;
	created_at: string;
	/** Who last edited it and when (null: never edited, or closed before this was kept). */
	updated_by: string | null;
	updated_at: string | null;
	/** The evidence it cited: a file's SHA-256 and a short text (null: none). */
	cited_file: string | null;
	citation: string | null;
}

export interface UsersTable {
	id: Generated<number>;
	display_name: string;
	username: string | null;
	password_hash: string | null;
	unit_id: number | null;
	created_at: string;
	is_admin: Generated<number>;
	/** Chức vụ, e.g. "Hiệu trưởng Trường Chính trị tỉnh Sơn La". */
	position: string | null;
	email: string | null;
	phone: string | null;
}

/** `id` is the SHA-256 of the link's token (hex); times are epoch milliseconds. */
export interface AdminSetupLinksTable {
	id: string;
	created_at: number;
	expires_at: number;
	used_at: number | null;
	/** The administrator the link signs in, when it was made for one; else the opener becomes a new one. */
	user_id: number | null;
	used_by: number | null;
	/** Set for every outstanding link once an administrator exists. */
	revoked_at: number | null;
}

/** `id` is the SHA-256 of the session token (hex); times are epoch milliseconds. */
/** Sign-in throttling of one key (an account name, a client address): see auth/throttle.ts. */
export interface SignInThrottleTable {
	key: string;
	/** JSON array of the times (ms) of the recent failures. */
	failures: string;
	penalties: number;
	blocked_until: number;
	updated_at: number;
}

export interface SessionsTable {
	id: string;
	user_id: number;
	expires_at: number;
	created_at: number;
}

export interface ParticipantsTable {
	id: Generated<number>;
	meeting_id: number;
	user_id: number;
	role: Role;
	unit_id: number | null;
	joined_at: string | null;
	created_at: string;
	/** 1 while the person has not accepted a participation a host named them to (see people/consent). */
	pending: Generated<number>;
	/** When the host marked them absent (ISO time), else null. */
	absent_since: string | null;
}

/** `id` is the SHA-256 of the link's token (hex); times are epoch milliseconds. */
export interface JoinLinksTable {
	id: string;
	participant_id: number;
	created_at: number;
	expires_at: number;
	used_at: number | null;
	revoked_at: number | null;
}

export interface SyncUpdatesTable {
	id: Generated<number>;
	document: string;
	user_id: number | null;
	created_at: number;
	update: Uint8Array;
}

export interface SyncSnapshotsTable {
	document: string;
	last_update_id: number;
	state: Uint8Array;
	created_at: number;
	/** The state's Yjs state vector; null for snapshots written before it was kept. */
	state_vector: Uint8Array | null;
}

export interface BallotsTable {
	id: Generated<number>;
	meeting_id: number;
	title: string;
	purpose: Purpose;
	round: Generated<number>;
	runoff_of: number | null;
	status: 'draft' | 'open' | 'closed';
	max_choices: number;
	seats: number;
	secret: number;
	quorum: number;
	threshold_numerator: number;
	threshold_denominator: number;
	threshold_base: 'members' | 'cast' | 'valid';
	threshold_comparison: 'more_than' | 'at_least';
	allow_self_vote: number;
	created_at: string;
	opened_at: string | null;
	closed_at: string | null;
	opened_by: number | null;
	closed_by: number | null;
	committee_head: Generated<string>;
	/** One member a line. */
	committee_members: Generated<string>;
}

export interface BallotCandidatesTable {
	ballot_id: number;
	unit_id: number;
	position: number;
}

export interface BallotVotersTable {
	ballot_id: number;
	unit_id: number;
}

/** `choices` and `against` are JSON arrays of unit ids; `voter_unit_id` only for open ballots. */
export interface BallotPapersTable {
	id: string;
	ballot_id: number;
	receipt: string;
	choices: string;
	/** A confirmation paper against its candidate ("Không đồng ý"); empty on every other paper. */
	against: Generated<string>;
	voter_unit_id: number | null;
}

/** The id of the server-held ballot secret (one row; see ballots/secret.ts). */
export interface BallotKeyTable {
	id: number;
	key_id: string;
}

/** A secret ballot's paper while it is open: encrypted, padded, keyed by a random id (see ballots/seal.ts). */
export interface BallotSealedPapersTable {
	id: string;
	ballot_id: number;
	key_id: string;
	sealed: string;
	/** HMAC of the receipt under the secret: keeps receipts unique without naming them. */
	receipt_tag: string;
}

/** An item whose listed deductions exceed its effect, kept as listed with a note (figures in hundredths). */
export interface ExcessNotesTable {
	meeting_id: number;
	unit_id: number;
	criterion_code: string;
	listed: number;
	effective: number;
	note: string;
	noted_by: string;
	noted_at: string;
}

/** The head's link from an item to paragraphs of a unit's report (a JSON array of positions in that report). */
export interface ReportParagraphLinksTable {
	meeting_id: number;
	unit_id: number;
	criterion_code: string;
	report_sha256: string;
	paragraphs: string;
	linked_by: number;
	linked_at: string;
}

export interface NominationsTable {
	id: Generated<number>;
	meeting_id: number;
	purpose: string;
	unit_id: number;
	ballot_id: number;
}

export interface DeductionAnswersTable {
	deduction_id: string;
	text: string;
	author: string;
	created_at: string;
}

export interface FinalScoresTable {
	meeting_id: number;
	unit_id: number;
	self_points: number;
	cluster_points: number;
	rank: number;
	tied: number;
}

export interface MeetingRecordsTable {
	meeting_id: number;
	closed_at: string;
	closed_by: number;
	/** The SHA-256 (hex) of `record`. */
	digest: string;
	/** The record sealed at the close: canonical JSON in UTF-8 (see core/record). Null if closed before it was kept. */
	record: Uint8Array | null;
}

/** The fields of a meeting's documents, filled by the host until the record is closed. */
export interface MeetingDocumentsTable {
	meeting_id: number;
	minutes_number: Generated<string>;
	/** No longer read: see count_numbers. */
	count_number: Generated<string>;
	report_number: Generated<string>;
	place: Generated<string>;
	/** "2021-11-15"; empty means the meeting's date. */
	issued_on: Generated<string>;
	chair_name: Generated<string>;
	chair_office: Generated<string>;
	secretary_name: Generated<string>;
	secretary_office: Generated<string>;
	/** One recipient a line. */
	recipients: Generated<string>;
	situation: Generated<string>;
	activities: Generated<string>;
	direction: Generated<string>;
	/** The report's other narrative sections (see DocumentFields). */
	basis: Generated<string>;
	difficulties: Generated<string>;
	assessment: Generated<string>;
	shortcomings: Generated<string>;
	causes: Generated<string>;
	tasks: Generated<string>;
	proposals: Generated<string>;
	/** JSON: StatisticsTable[] (see core/documents), or null. */
	statistics: string | null;
	updated_at: string | null;
	updated_by: number | null;
	/** The issuer's abbreviation in the documents' symbols ("CTĐ"); empty: the default. */
	issuer: Generated<string>;
	/** JSON: the vote counts' numbers by ballot id. Replaces count_number (one number for every count). */
	count_numbers: Generated<string>;
	/** JSON: the ids of the participants who did not attend. */
	absent: Generated<string>;
}

/** A meeting's owner instance on PostgreSQL (migrations/018_cluster_leases.ts). */
export interface MeetingLeasesTable {
	meeting_id: number;
	/** The fencing token: one more at every acquisition. */
	token: number;
	/** The owner instance's id (random, per process). */
	owner: string;
	/** host:port where other instances relay the meeting's sockets. */
	address: string;
	/** ISO time of the acquisition. */
	acquired_at: string;
}

export interface Database {
	meeting_documents: MeetingDocumentsTable;
	clusters: ClustersTable;
	units: UnitsTable;
	criteria_templates: CriteriaTemplatesTable;
	criteria: CriteriaTable;
	meetings: MeetingsTable;
	sheets: SheetsTable;
	sheet_scores: SheetScoresTable;
	sheet_reported_figures: SheetReportedFiguresTable;
	deductions: DeductionsTable;
	users: UsersTable;
	sessions: SessionsTable;
	sign_in_throttle: SignInThrottleTable;
	participants: ParticipantsTable;
	join_links: JoinLinksTable;
	sync_updates: SyncUpdatesTable;
	sync_snapshots: SyncSnapshotsTable;
	ballots: BallotsTable;
	ballot_candidates: BallotCandidatesTable;
	ballot_voters: BallotVotersTable;
	ballot_papers: BallotPapersTable;
	ballot_key: BallotKeyTable;
	ballot_sealed_papers: BallotSealedPapersTable;
	nominations: NominationsTable;
	deduction_answers: DeductionAnswersTable;
	final_scores: FinalScoresTable;
	meeting_records: MeetingRecordsTable;
	excess_notes: ExcessNotesTable;
	report_paragraph_links: ReportParagraphLinksTable;
	admin_setup_links: AdminSetupLinksTable;
	unit_files: UnitFilesTable;
	unit_file_items: UnitFileItemsTable;
	file_contents: FileContentsTable;
	meeting_leases: MeetingLeasesTable;
}
