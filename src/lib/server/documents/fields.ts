import type { DocumentFields, StatisticsTable } from '$lib/core/documents';
import { readText, type TextKind } from '$lib/core/text';
import type { DB } from '../db/open';
import type { Database } from '../db/schema';
import type { Transaction } from 'kysely';

type Executor = DB | Transaction<Database>;

// The document fields the host fills in the board, one row per meeting (absent until first saved).

export const EMPTY_FIELDS: DocumentFields = {
	minutesNumber: '',
	countNumber: '',
	reportNumber: '',
	place: '',
	issuedOn: '',
	chairName: '',
	chairOffice: '',
	secretaryName: '',
	secretaryOffice: '',
	recipients: [],
	situation: '',
	activities: '',
	direction: '',
	basis: '',
	difficulties: '',
	assessment: '',
	shortcomings: '',
	causes: '',
	tasks: '',
	proposals: ''
};

export interface StoredDocumentFields {
	fields: DocumentFields;
	statistics: StatisticsTable[] | null;
	updatedAt: string | null;
}

const lines = (text: string) =>
	text
		.split(/\r?\n/)
		.map((l) => l.trim())
		.filter((l) => l !== '');

export async function loadDocumentFields(db: Executor, meetingId: number): Promise<StoredDocumentFields> {
	const row = await db.selectFrom('meeting_documents').selectAll().where('meeting_id', '=', meetingId).executeTakeFirst();
	if (!row) return { fields: { ...EMPTY_FIELDS }, statistics: null, updatedAt: null };
	return {
		fields: {
			minutesNumber: row.minutes_number,
			countNumber: row.count_number,
			reportNumber: row.report_number,
			place: row.place,
			issuedOn: row.issued_on,
			chairName: row.chair_name,
			chairOffice: row.chair_office,
			secretaryName: row.secretary_name,
			secretaryOffice: row.secretary_office,
			recipients: lines(row.recipients),
			situation: row.situation,
			activities: row.activities,
			direction: row.direction,
			basis: row.basis,
			difficulties: row.difficulties,
			assessment: row.assessment,
			shortcomings: row.shortcomings,
			causes: row.causes,
			tasks: row.tasks,
			proposals: row.proposals
		},
		statistics: row.statistics ? (JSON.parse(row.statistics) as StatisticsTable[]) : null,
		updatedAt: row.updated_at
	};
}

/** The kind of each text field of the edit form: the form action refuses one too long for it, with a message. */
export const DOCUMENT_FIELD_KINDS = {
	minutesNumber: 'short',
	countNumber: 'short',
	reportNumber: 'short',
	place: 'short',
	chairName: 'name',
	chairOffice: 'short',
	secretaryName: 'name',
	secretaryOffice: 'short',
	recipients: 'list',
	situation: 'narrative',
	activities: 'narrative',
	direction: 'narrative',
	basis: 'narrative',
	difficulties: 'narrative',
	assessment: 'narrative',
	shortcomings: 'narrative',
	causes: 'narrative',
	tasks: 'narrative',
	proposals: 'narrative'
} as const satisfies Record<string, TextKind>;

/**
 * The edit form as fields, each read by its kind's rule (one line or many, characters a document cannot hold
 * normalised); a field too long is the form action's to refuse (DOCUMENT_FIELD_KINDS), and is left empty here. A date
 * that is not yyyy-mm-dd is left empty.
 */
export function readFieldsForm(form: FormData): DocumentFields {
	const text = (name: keyof typeof DOCUMENT_FIELD_KINDS) => {
		const read = readText(form.get(name), DOCUMENT_FIELD_KINDS[name]);
		return read.ok ? read.value : '';
	};
	const issuedOn = String(form.get('issuedOn') ?? '').trim();
	return {
		minutesNumber: text('minutesNumber'),
		countNumber: text('countNumber'),
		reportNumber: text('reportNumber'),
		place: text('place'),
		issuedOn: /^\d{4}-\d{2}-\d{2}$/.test(issuedOn) ? issuedOn : '',
		chairName: text('chairName'),
		chairOffice: text('chairOffice'),
		secretaryName: text('secretaryName'),
		secretaryOffice: text('secretaryOffice'),
		recipients: lines(text('recipients')).slice(0, 30),
		situation: text('situation'),
		activities: text('activities'),
		direction: text('direction'),
		basis: text('basis'),
		difficulties: text('difficulties'),
		assessment: text('assessment'),
		shortcomings: text('shortcomings'),
		causes: text('causes'),
		tasks: text('tasks'),
		proposals: text('proposals')
	};
}

export type SaveFieldsResult = { ok: true } | { ok: false; reason: 'closed' | 'not_found' };

/** Saves the fields unless the record is closed (checked in the same transaction as the write). */
export async function saveDocumentFields(db: DB, meetingId: number, fields: DocumentFields, userId: number | null, now = new Date()): Promise<SaveFieldsResult> {
	return db.transaction().execute(async (trx) => {
		const meeting = await trx.selectFrom('meetings').select('phase').where('id', '=', meetingId).executeTakeFirst();
		if (!meeting) return { ok: false, reason: 'not_found' } as const;
		if (meeting.phase === 'closed') return { ok: false, reason: 'closed' } as const;
		const values = {
			minutes_number: fields.minutesNumber,
			count_number: fields.countNumber,
			report_number: fields.reportNumber,
			place: fields.place,
			issued_on: fields.issuedOn,
			chair_name: fields.chairName,
			chair_office: fields.chairOffice,
			secretary_name: fields.secretaryName,
			secretary_office: fields.secretaryOffice,
			recipients: fields.recipients.join('\n'),
			situation: fields.situation,
			activities: fields.activities,
			direction: fields.direction,
			basis: fields.basis,
			difficulties: fields.difficulties,
			assessment: fields.assessment,
			shortcomings: fields.shortcomings,
			causes: fields.causes,
			tasks: fields.tasks,
			proposals: fields.proposals,
			updated_at: now.toISOString(),
			updated_by: userId
		};
		await trx
			.insertInto('meeting_documents')
			.values({ meeting_id: meetingId, ...values })
			.onConflict((oc) => oc.column('meeting_id').doUpdateSet(values))
			.execute();
		return { ok: true } as const;
	});
}

/** The statistics appendix of a meeting (the demo's report has one); kept beside the fields. */
export async function saveStatistics(db: Executor, meetingId: number, statistics: StatisticsTable[] | null): Promise<void> {
	const value = statistics ? JSON.stringify(statistics) : null;
	await db
		.insertInto('meeting_documents')
		.values({ meeting_id: meetingId, statistics: value })
		.onConflict((oc) => oc.column('meeting_id').doUpdateSet({ statistics: value }))
		.execute();
}

/** The report's narrative sections, in the order of the report (and of the documents page). */
export const NARRATIVE_FIELDS = ['basis', 'situation', 'difficulties', 'activities', 'assessment', 'shortcomings', 'causes', 'direction', 'tasks', 'proposals'] as const;

/**
 * Last year's narrative for a meeting still unwritten: each section from the cluster's latest earlier meeting that
 * has it, to start from on the documents page (never printed unless the host saves it). Undefined when there is none.
 */
export async function lastYearsNarrative(db: Executor, meetingId: number): Promise<{ year: number; fields: Partial<DocumentFields> } | undefined> {
	const meeting = await db.selectFrom('meetings').select(['cluster_id', 'year']).where('id', '=', meetingId).executeTakeFirst();
	if (!meeting) return undefined;
	const earlier = await db
		.selectFrom('meetings')
		.innerJoin('meeting_documents', 'meeting_documents.meeting_id', 'meetings.id')
		.select(['meetings.id', 'meetings.year'])
		.where('meetings.cluster_id', '=', meeting.cluster_id)
		.where('meetings.year', '<', meeting.year)
		.orderBy('meetings.year', 'desc')
		.orderBy('meetings.id', 'desc')
		.executeTakeFirst();
	if (!earlier) return undefined;
	const { fields } = await loadDocumentFields(db, earlier.id);
	const narrative = Object.fromEntries(NARRATIVE_FIELDS.filter((k) => fields[k].trim()).map((k) => [k, fields[k]]));
	return Object.keys(narrative).length ? { year: earlier.year, fields: narrative } : undefined;
}
