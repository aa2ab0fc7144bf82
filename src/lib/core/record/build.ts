import type { CriterionRow, DocumentFields, PresentPerson, StatisticsTable } from '../documents/model';
import {
	checkArithmetic,
	findExcesses,
	scoreSheet,
	summaryTable,
	TOTAL_CODE,
	type Criterion,
	type SelfAssessment,
	type Template
} from '../scoring';
import {
	RECORD_FORMAT,
	type MeetingRecord,
	type RecordBallot,
	type RecordCitation,
	type RecordDeduction,
	type RecordExcess,
	type RecordFile
} from './types';

// The record of a meeting from what the board holds: its template, the units' sheets, the deductions (the live
// board's before the close, the rows written at the close), the ballots as counted, the people and the documents'
// fields. Every score is computed here, once; the record page, `record.json` and the documents only read them.

export interface RecordInput {
	meeting: MeetingRecord['meeting'];
	template: Template;
	/** The member units in the cluster's order. */
	units: { slug: string; name: string; shortName: string; sheet: SelfAssessment }[];
	/** In the order they were made. */
	deductions: (RecordDeduction & { unit: string })[];
	ballots: RecordBallot[];
	nominations: MeetingRecord['nominations'];
	/**
	 * In the order they were added; `unitOrder` is their unit's place in the cluster (null without a unit); `absent`
	 * when marked absent on the board (the documents' absent list marks more).
	 */
	participants: (PresentPerson & { unitOrder: number | null })[];
	/** The notes that kept an item's listed deductions past what took effect, for the figures they were written about. */
	excessNotes: {
		unit: string;
		criterion: string;
		listed: number;
		effective: number;
		note: string;
		notedBy: string;
	}[];
	/** As the host saved them (empty where not filled). */
	fields: DocumentFields;
	statistics: StatisticsTable[] | null;
	/** The units' files, in any order (the record orders them). */
	files: RecordFile[];
}

export function criterionRows(t: Template): CriterionRow[] {
	const rows: CriterionRow[] = [];
	const walk = (list: readonly Criterion[], depth: number) => {
		for (const c of list) {
			if (c.type === 'section') {
				rows.push({
					code: c.code,
					title: c.title,
					depth,
					section: true,
					max: null,
					kind: null,
					children: c.children.map((k) => k.code)
				});
				walk(c.children, depth + 1);
			} else {
				rows.push({
					code: c.code,
					title: c.title,
					depth,
					section: false,
					max: c.max,
					kind: c.kind,
					children: []
				});
			}
		}
	};
	walk(t.criteria, 0);
	return rows;
}

const ROLE_ORDER = { head: 0, vice_head: 1, host: 2, delegate: 3, observer: 4 } as const;

/** A unit's excesses as the record keeps them; the key is left out where there are none, as in older records. */
function excessesOf(
	unit: string,
	found: ReturnType<typeof findExcesses>,
	notes: RecordInput['excessNotes']
): { excesses?: RecordExcess[] } {
	if (found.length === 0) return {};
	return {
		excesses: found.map((e) => {
			const kept = notes.find(
				(n) =>
					n.unit === unit &&
					n.criterion === e.criterion &&
					n.listed === e.listed &&
					n.effective === e.effective
			);
			return {
				criterion: e.criterion,
				listed: e.listed,
				effective: e.effective,
				note: kept?.note ?? null,
				by: kept?.notedBy ?? null
			};
		})
	};
}

export function buildMeetingRecord(input: RecordInput): MeetingRecord {
	const { template } = input;
	const ownDeductions = (slug: string) =>
		input.deductions
			.filter((d) => d.unit === slug)
			.map((d, i) => ({
				entry: d,
				scored: {
					id: String(i),
					criterion: d.criterion,
					points: d.points,
					reason: d.reason,
					author: d.author,
					at: d.at
				}
			}));
	const ranked = summaryTable(
		template,
		input.units.map((u) => ({
			unit: u.slug,
			sheet: u.sheet,
			deductions: ownDeductions(u.slug).map((d) => d.scored)
		}))
	);
	const summary = ranked.map((row, index) => {
		const unit = input.units.find((u) => u.slug === row.unit)!;
		const own = ownDeductions(unit.slug);
		const result = scoreSheet(
			template,
			unit.sheet,
			own.map((d) => d.scored)
		);
		return {
			order: index + 1,
			unit: unit.slug,
			name: unit.name,
			shortName: unit.shortName,
			selfScore: row.selfTotal,
			clusterScore: row.clusterTotal,
			deducted: row.deductionTotal,
			rank: row.rank,
			tied: row.tied,
			reportedTotal: Object.hasOwn(unit.sheet.reported, TOTAL_CODE) ? unit.sheet.reported[TOTAL_CODE]! : null,
			mismatches: checkArithmetic(template, unit.sheet).map((m) => ({
				code: m.code,
				reported: m.reported,
				computed: m.computed
			})),
			reported: { ...unit.sheet.reported },
			items: Object.fromEntries(
				Object.entries(result.items).map(([code, r]) => [
					code,
					{ self: r.self, deducted: r.deducted, cluster: r.cluster }
				])
			),
			sections: Object.fromEntries(
				Object.entries(result.sections).map(([code, r]) => [code, { self: r.self, cluster: r.cluster }])
			),
			deductions: own.map(({ entry: { unit: _unit, ...entry } }) => entry),
			// Items listed past what they could lose, with the note that kept them so (none yet before it is written).
			...excessesOf(
				unit.slug,
				findExcesses(
					template,
					unit.sheet,
					own.map((d) => d.scored)
				),
				input.excessNotes
			)
		};
	});

	const present = input.participants
		.map((p, index) => ({ p, index }))
		.sort(
			(a, b) =>
				ROLE_ORDER[a.p.role] - ROLE_ORDER[b.p.role] ||
				(a.p.unitOrder ?? 99) - (b.p.unitOrder ?? 99) ||
				a.index - b.index
		)
		.map(({ p }) => ({
			id: p.id,
			absent: p.absent || input.fields.absent.includes(p.id),
			name: p.name,
			position: p.position,
			unit: p.unit,
			role: p.role
		}));
	// Where the host has not named the chair and secretary, the head and the host of the meeting stand in.
	const byRole = (role: PresentPerson['role']) => present.find((p) => p.role === role && !p.absent);
	const { fields } = input;
	const documents: DocumentFields = {
		...fields,
		issuedOn: fields.issuedOn || input.meeting.heldOn,
		chairName: fields.chairName || byRole('head')?.name || '',
		chairOffice: fields.chairOffice || byRole('head')?.position || '',
		secretaryName: fields.secretaryName || byRole('host')?.name || '',
		secretaryOffice: fields.secretaryOffice || byRole('host')?.position || ''
	};

	return {
		format: RECORD_FORMAT,
		meeting: input.meeting,
		criteria: criterionRows(template),
		summary,
		ballots: input.ballots,
		nominations: input.nominations,
		present,
		documents,
		statistics: input.statistics,
		files: orderedFiles(input)
	};
}

/**
 * A deduction's citation as the record keeps it, or undefined for none: the text, and the cited file with the name
 * it was sent under (`names`: the unit's files by SHA-256; a file the meeting no longer knows keeps its digest).
 */
export function recordCitation(
	file: string | null,
	text: string,
	names: ReadonlyMap<string, string>
): { citation?: RecordCitation } {
	const trimmed = text.trim();
	if (!file && !trimmed) return {};
	return { citation: { text: trimmed, ...(file ? { file: { sha256: file, name: names.get(file) ?? '' } } : {}) } };
}

/** Unit by unit in the cluster's order, each unit's report first, then its evidence as sent. */
function orderedFiles(input: RecordInput): RecordFile[] {
	const order = new Map(input.units.map((u, i) => [u.slug, i]));
	return input.files
		.map((file, sent) => ({ file, sent }))
		.sort(
			(a, b) =>
				(order.get(a.file.unit) ?? order.size) - (order.get(b.file.unit) ?? order.size) ||
				(a.file.kind === b.file.kind ? 0 : a.file.kind === 'report' ? -1 : 1) ||
				a.sent - b.sent
		)
		.map(({ file }) => ({ ...file, items: [...file.items] }));
}
