import { readDocumentNumber, repeatedNumbers, type DocumentFields, type StatisticsTable } from '$lib/core/documents';
import { readText, type TextKind } from '$lib/core/text';
import type { DB } from '../db/open';
import type { Database } from '../db/schema';
import type { Transaction } from 'kysely';
import { serializable } from '../db/serializable';

type Executor = DB | Transaction<Database>;

// The document fields the host fills in the board, one row per meeting (absent until first saved).

export const EMPTY_FIELDS: DocumentFields = {
	minutesNumber: '',
	reportNumber: '',
	countNumbers: {},
	issuer: '',
	absent: [],
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

function jsonOf<T>(text: string, empty: T): T {
	try {
		const value: unknown = JSON.parse(text);
		return value !== null && typeof value === typeof empty && Array.isArray(value) === Array.isArray(empty)
			? (value as T)
			: empty;
	} catch {
		return empty;
	}
}

export async function loadDocumentFields(db: Executor, meetingId: number): Promise<StoredDocumentFields> {
	const row = await db
		.selectFrom('meeting_documents')
		.selectAll()
		.where('meeting_id', '=', meetingId)
		.executeTakeFirst();
	if (!row) return { fields: { ...EMPTY_FIELDS }, statistics: null, updatedAt: null };
	return {
		fields: {
			// Numbers stored as whole symbols ("75-BB/CTĐ") before symbols were made for the layout: the number part.
			minutesNumber: readDocumentNumber(row.minutes_number)?.number ?? row.minutes_number,
			reportNumber: readDocumentNumber(row.report_number)?.number ?? row.report_number,
			countNumbers: jsonOf(row.count_numbers, {} as Record<string, string>),
			issuer:
				row.issuer ||
				readDocumentNumber(row.report_number)?.issuer ||
				readDocumentNumber(row.minutes_number)?.issuer ||
				'',
			absent: jsonOf(row.absent, [] as number[]),
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
	reportNumber: 'short',
	issuer: 'short',
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

/** A participant the form may name: the chair, the secretary, the absent. */
export interface FormPerson {
	id: number;
	name: string;
	position: string | null;
}

/** The vote counts' number fields of the form: "countNumber.<ballot id>". */
const COUNT_NUMBER = /^countNumber\.(\d+)$/;

/**
 * What the form's numbers say is wrong, for the action to refuse with: a number that is neither a number nor a
 * symbol ("76", "76-BC/CTĐ", "76/BC-CTĐ"), or one number given to two documents.
 */
export function numberProblems(form: FormData): { unreadable: string[]; repeated: string[] } {
	const slots: { key: string; number: string }[] = [];
	const unreadable: string[] = [];
	for (const [key, value] of form.entries()) {
		if (key !== 'minutesNumber' && key !== 'reportNumber' && !COUNT_NUMBER.test(key)) continue;
		const read = readDocumentNumber(String(value));
		if (!read) unreadable.push(String(value).trim());
		else slots.push({ key, number: read.number });
	}
	return { unreadable, repeated: repeatedNumbers(slots).map((r) => r.number) };
}

/**
 * The edit form as fields, each read by its kind's rule (one line or many, characters a document cannot hold
 * normalised); a field too long is the form action's to refuse (DOCUMENT_FIELD_KINDS), and is left empty here. A date
 * that is not yyyy-mm-dd is left empty.
 */
export function readFieldsForm(form: FormData, people: readonly FormPerson[] = []): DocumentFields {
	const text = (name: keyof typeof DOCUMENT_FIELD_KINDS) => {
		const read = readText(form.get(name), DOCUMENT_FIELD_KINDS[name]);
		return read.ok ? read.value : '';
	};
	const issuedOn = String(form.get('issuedOn') ?? '').trim();
	const numbers = [text('minutesNumber'), text('reportNumber')].map((n) => readDocumentNumber(n));
	const countNumbers: Record<string, string> = {};
	for (const [key, value] of form.entries()) {
		const ballot = COUNT_NUMBER.exec(key)?.[1];
		const read = ballot ? readDocumentNumber(String(value).slice(0, 40)) : undefined;
		if (ballot && read) {
			numbers.push(read);
			if (read.number) countNumbers[ballot] = read.number;
		}
	}
	// A participant chosen in a select names the signer where nothing was typed (the page's script types it).
	const chosen = (name: string) => people.find((p) => String(p.id) === String(form.get(name) ?? ''));
	const chair = chosen('chairParticipant');
	const secretary = chosen('secretaryParticipant');
	const ids = new Set(people.map((p) => p.id));
	return {
		minutesNumber: numbers[0]?.number ?? '',
		reportNumber: numbers[1]?.number ?? '',
		countNumbers,
		issuer: text('issuer') || numbers.find((n) => n?.issuer)?.issuer || '',
		absent: [...new Set(form.getAll('absent').map(Number))].filter((id) => ids.has(id)).sort((a, b) => a - b),
		place: text('place'),
		issuedOn: /^\d{4}-\d{2}-\d{2}$/.test(issuedOn) ? issuedOn : '',
		chairName: text('chairName') || chair?.name || '',
		chairOffice: text('chairName') ? text('chairOffice') : chair ? (chair.position ?? '') : text('chairOffice'),
		secretaryName: text('secretaryName') || secretary?.name || '',
		secretaryOffice: text('secretaryName')
			? text('secretaryOffice')
			: secretary
				? (secretary.position ?? '')
				: text('secretaryOffice'),
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
export async function saveDocumentFields(
	db: DB,
	meetingId: number,
	fields: DocumentFields,
	userId: number | null,
	now = new Date()
): Promise<SaveFieldsResult> {
	return serializable(db, async (trx) => {
		const meeting = await trx.selectFrom('meetings').select('phase').where('id', '=', meetingId).executeTakeFirst();
		if (!meeting) return { ok: false, reason: 'not_found' } as const;
		if (meeting.phase === 'closed') return { ok: false, reason: 'closed' } as const;
		const values = {
			minutes_number: fields.minutesNumber,
			report_number: fields.reportNumber,
			count_numbers: JSON.stringify(fields.countNumbers),
			issuer: fields.issuer,
			absent: JSON.stringify(fields.absent),
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
export async function saveStatistics(
	db: Executor,
	meetingId: number,
	statistics: StatisticsTable[] | null
): Promise<void> {
	const value = statistics ? JSON.stringify(statistics) : null;
	await db
		.insertInto('meeting_documents')
		.values({ meeting_id: meetingId, statistics: value })
		.onConflict((oc) => oc.column('meeting_id').doUpdateSet({ statistics: value }))
		.execute();
}

/** The report's narrative sections, in the order of the report (and of the documents page). */
export const NARRATIVE_FIELDS = [
	'basis',
	'situation',
	'difficulties',
	'activities',
	'assessment',
	'shortcomings',
	'causes',
	'direction',
	'tasks',
	'proposals'
] as const;

/**
 * Last year's narrative for a meeting still unwritten: each section from the cluster's latest earlier meeting that
 * has it, to start from on the documents page (never printed unless the host saves it). Undefined when there is none.
 */
export async function lastYearsNarrative(
	db: Executor,
	meetingId: number
): Promise<{ year: number; fields: Partial<DocumentFields> } | undefined> {
	const meeting = await db
		.selectFrom('meetings')
		.select(['cluster_id', 'year'])
		.where('id', '=', meetingId)
		.executeTakeFirst();
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
