import type { CriterionRow, DocumentFields, PresentPerson, StatisticsTable } from '../documents/model';
import type { Points } from '../scoring';
import type { Purpose, Tally, Threshold } from '../voting';
import type { FileFormat, FileKind } from '../evidence/formats';

// The record of a meeting: everything the record page, `record.json` and the documents say of it. Before the close it
// is built from the live board; at the close it is built once, written as canonical bytes and sealed with their
// SHA-256; after it, it is only ever read back from those bytes. Plain data: no behaviour here.

/**
 * The shape's version, stored in the record. A later change of shape bumps it, and the reader upgrades a record of an
 * earlier format on reading it; the stored bytes are never rewritten.
 */
export const RECORD_FORMAT = 2;
/** Format 1 had no `files` (its meetings kept none); it is read as format 2 with none. */
export const EARLIER_RECORD_FORMATS = [1] as const;

export interface RecordDeduction {
	criterion: string;
	points: Points;
	reason: string;
	author: string;
	/** When it was proposed (ISO). */
	at: string;
	/** Its last editor and when (its author and creation time if never edited). */
	updatedBy: string;
	updatedAt: string;
	/** The unit's answer (giải trình), if it gave one. */
	answer: { text: string; author: string } | null;
	/** The evidence it rests on; the key is left out where it cites none, as in older records. */
	citation?: RecordCitation;
}

/** A deduction's citation: a short text, and the unit's file it points at (by its digest, with its name then). */
export interface RecordCitation {
	text: string;
	file?: { sha256: string; name: string };
}

export interface RecordUnit {
	/** Position in the summary table (ranked order, from 1). */
	order: number;
	unit: string;
	name: string;
	shortName: string;
	selfScore: Points;
	clusterScore: Points;
	/** What the deductions took away in effect (self less cluster). */
	deducted: Points;
	rank: number;
	tied: boolean;
	/** The total the unit typed on its sheet, when it typed one. */
	reportedTotal: Points | null;
	/** Reported subtotals and total that its own items do not add up to. */
	mismatches: { code: string; reported: Points; computed: Points }[];
	/** Every subtotal and the total the unit typed (section codes and 'total'), right or wrong: the report's reasons read them. */
	reported: Record<string, Points>;
	/** Per item: the unit's own score, what the deductions took, the cluster's score. */
	items: Record<string, { self: Points; deducted: Points; cluster: Points }>;
	sections: Record<string, { self: Points; cluster: Points }>;
	deductions: RecordDeduction[];
	/** Items whose deductions, as listed, exceed what took effect: both totals and the note that kept them so. */
	excesses?: RecordExcess[];
}

export interface RecordExcess {
	criterion: string;
	listed: Points;
	effective: Points;
	/** Null while no note keeps it (a draft before the close). */
	note: string | null;
	by: string | null;
}

export interface RecordBallot {
	id: number;
	title: string;
	purpose: Purpose;
	round: number;
	status: 'draft' | 'open' | 'closed';
	secret: boolean;
	/** Unit slugs, in ballot order. */
	candidates: string[];
	rules: { maxChoices: number; seats: number; quorum: number; threshold: Threshold; allowSelfVote: boolean };
	committee: { head: string; members: string[] };
	openedAt: string | null;
	closedAt: string | null;
	chairedBy: string | null;
	/** The count of a closed ballot, as the voting core gives it; null before the close. */
	count: Tally | null;
	/** The counted papers, by receipt (the voter's unit only for an open ballot). */
	papers: { receipt: string; choices: string[]; voter: string | null }[];
}

/** A unit's report or piece of evidence as it stood at the close; the file itself is kept with the meeting. */
export interface RecordFile {
	/** The unit's slug. */
	unit: string;
	kind: FileKind;
	name: string;
	/** Bytes. */
	size: number;
	format: FileFormat;
	/** SHA-256 of the file's bytes (hex): the file kept with the meeting must give it. */
	sha256: string;
	/** The items it backs (criterion codes); none for a report. */
	items: string[];
	caption: string;
	/** Who sent it (the users table's name) and when (ISO). */
	sentBy: string;
	sentAt: string;
}

export interface MeetingRecord {
	format: typeof RECORD_FORMAT;
	meeting: {
		id: number;
		title: string;
		year: number;
		heldOn: string;
		/** Scheduled start, Vietnam's local time ("2021-11-15T08:00"). */
		startsAt: string | null;
		/** When the review actually began (ISO), if recorded. */
		startedAt: string | null;
		location: string | null;
		callUrl: string | null;
		cluster: string;
		clusterShortName: string | null;
		/** The body the cluster reports to. */
		superior: string;
		template: string;
		closedAt: string | null;
		closedBy: string | null;
	};
	/** The criteria table, in order. */
	criteria: CriterionRow[];
	/** One row per unit, in ranked order. */
	summary: RecordUnit[];
	/** In the order they were prepared. */
	ballots: RecordBallot[];
	nominations: { purpose: string; unit: string; name: string; ballot: number }[];
	/** Who took part, head and vice-heads first. */
	present: PresentPerson[];
	/** The documents' fields as the documents print them (the chair, secretary and date filled in where left empty). */
	documents: DocumentFields;
	statistics: StatisticsTable[] | null;
	/** The units' reports and evidence, unit by unit in the cluster's order, each report first. */
	files: RecordFile[];
}
