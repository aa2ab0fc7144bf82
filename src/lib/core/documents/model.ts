import type { Points } from '../scoring';
import type { Purpose, Threshold } from '../voting';
import type { Role } from '../vocabulary';
import type { DocumentLayout } from './layout';

// The plain data every document is written from: built on the server from the record (or, before the close, from
// the live board), and read by the Word and Excel writers. No behaviour here.

export interface DocumentFields {
	/** The number of each document in the issuer's register ("76"); the symbol is made for the layout. */
	minutesNumber: string;
	reportNumber: string;
	/** The vote counts' numbers, by ballot id: each count is a document of its own. */
	countNumbers: Record<string, string>;
	/** The issuer's abbreviation in the symbols ("CTĐ"). */
	issuer: string;
	/** The participants (by participant id) who did not attend. */
	absent: number[];
	place: string;
	/** The date the documents bear, "2021-11-15". */
	issuedOn: string;
	chairName: string;
	chairOffice: string;
	secretaryName: string;
	secretaryOffice: string;
	recipients: string[];
	/** The report's narrative, section by section (report 76-BC/CTĐ): see REPORT_SECTIONS. */
	situation: string;
	activities: string;
	direction: string;
	basis: string;
	difficulties: string;
	assessment: string;
	shortcomings: string;
	causes: string;
	tasks: string;
	proposals: string;
}

export interface CriterionRow {
	code: string;
	title: string;
	depth: number;
	section: boolean;
	/** Items only. */
	max: Points | null;
	kind: 'score' | 'bonus' | 'penalty' | null;
	/** Sections only: the codes of its direct children (items and subsections). */
	children: string[];
}

export interface DeductionEntry {
	criterion: string;
	criterionTitle: string;
	points: Points;
	reason: string;
	author: string;
	at: string;
	updatedBy: string;
	updatedAt: string;
	answer: { text: string; author: string } | null;
	/** The evidence the deduction rests on, if it cites any. */
	citation?: { text: string; file?: { sha256: string; name: string } };
}

export interface UnitScores {
	slug: string;
	name: string;
	shortName: string;
	/** Position in the summary table (ranked order). */
	order: number;
	rank: number;
	tied: boolean;
	self: Points;
	cluster: Points;
	deducted: Points;
	/** The total the unit typed on its sheet, when it typed one. */
	reportedTotal: Points | null;
	/** Reported subtotals and total that its own items do not add up to. */
	mismatches: { code: string; reported: Points; computed: Points }[];
	/** Every subtotal and the total the unit typed (section codes and 'total'), right or wrong. */
	reported: Record<string, Points>;
	items: Record<string, { self: Points; deducted: Points; cluster: Points }>;
	sections: Record<string, { self: Points; cluster: Points }>;
	deductions: DeductionEntry[];
	/** Items whose deductions, as listed, exceed what took effect, with the note that kept them so (null: none yet). */
	excesses: ExcessEntry[];
}

export interface ExcessEntry {
	criterion: string;
	listed: Points;
	effective: Points;
	note: string | null;
	by: string | null;
}

export interface BallotCount {
	members: number;
	cast: number;
	valid: number;
	invalid: number;
	blank: number;
	quorumMet: boolean;
	requiredVotes: number;
	thresholdBase: number;
	/** A confirmation (one candidate): agree, disagree, abstain or blank papers, each its own figure; else null. */
	confirmation: { agree: number; disagree: number; blank: number } | null;
	results: { slug: string; name: string; votes: number; elected: boolean }[];
	elected: string[];
	outcome: 'elected' | 'no_quorum' | 'tie' | 'no_majority';
}

export interface BallotEntry {
	/** The ballot's id: the key of its vote count's number. */
	id: number;
	/** 1, 2, … in the order the ballots were prepared; names the file of its minutes. */
	number: number;
	title: string;
	purpose: Purpose;
	round: number;
	secret: boolean;
	candidates: { slug: string; name: string }[];
	seats: number;
	maxChoices: number;
	quorum: number;
	threshold: Threshold;
	/** Each "Họ và tên, chức vụ" (readPerson). */
	committeeHead: string;
	committeeMembers: string[];
	openedAt: string | null;
	closedAt: string | null;
	chairedBy: string | null;
	count: BallotCount | null;
}

export interface PresentPerson {
	/** The participant's id (the key of the absent list). */
	id: number;
	absent: boolean;
	name: string;
	position: string | null;
	unit: string | null;
	role: Role;
}

export interface StatisticsTable {
	title: string;
	columns: string[];
	rows: { unit: string; values: (number | string | null)[] }[];
	/** The totals the source typed, when it typed them: shown beside the computed ones. */
	reportedTotal: (number | null)[] | null;
	note: string | null;
}

export interface DocumentModel {
	layout: DocumentLayout;
	/** Before the close every document is a draft ("DỰ THẢO"). */
	draft: boolean;
	year: number;
	superior: string;
	cluster: string;
	clusterShortName: string | null;
	meetingTitle: string;
	heldOn: string;
	startsAt: string | null;
	/** When the review actually began (ISO), if recorded: the minutes state it rather than the schedule. */
	startedAt: string | null;
	location: string | null;
	callUrl: string | null;
	closedAt: string | null;
	closedBy: string | null;
	/** When these files were made (ISO). */
	madeAt: string;
	digest: string | null;
	fields: DocumentFields;
	present: PresentPerson[];
	criteria: CriterionRow[];
	units: UnitScores[];
	ballots: BallotEntry[];
	nominations: { purpose: string; slug: string; name: string }[];
	statistics: StatisticsTable[] | null;
}
