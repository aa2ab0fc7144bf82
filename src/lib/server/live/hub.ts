import { parseDocumentName, scoringDocumentName } from '$lib/live/documents';
import type { AppContext } from '../context';
import type { Selectable } from 'kysely';
import type * as Y from 'yjs';
import { requireSqlite } from '../db/open';
import type { CriteriaTable, CriteriaTemplatesTable } from '../db/schema';
import { templateFromRows } from '../templates/store';
import { createSyncHub, type SizeLimits, type SyncHub } from '../sync';
import { createAuthorize } from './authorize';
import { createValidator, type MeetingFacts } from './validate';

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * Bytes per update and per document, and of the update log (the audit trail, kept whole) per document and per user.
 * A scoring update is a few deductions or comments (a reconnecting screen sends its offline edits in one); an
 * answers document holds one unit's answers. A scorer saving a deduction with the longest reason writes about 6 KB
 * into the log: 8 MiB is over a thousand such saves in one meeting.
 */
export function liveLimits(documentName: string): SizeLimits {
	const target = parseDocumentName(documentName);
	if (target?.kind === 'scoring')
		return {
			maxUpdateBytes: 128 * KiB,
			maxDocumentBytes: 16 * MiB,
			maxLogBytes: 48 * MiB,
			maxUserLogBytes: 8 * MiB
		};
	if (target?.kind === 'answers')
		return { maxUpdateBytes: 32 * KiB, maxDocumentBytes: 2 * MiB, maxLogBytes: 8 * MiB, maxUserLogBytes: 4 * MiB };
	return { maxUpdateBytes: 4 * KiB, maxDocumentBytes: 1 * MiB, maxLogBytes: 1 * MiB, maxUserLogBytes: 1 * MiB };
}

/**
 * The live board's hub for this process: sign-in and rights from `authorize`, content checks from the validator,
 * with what the validator must know of each meeting (template, member units) loaded when someone connects.
 */
export function createLiveHub(context: AppContext, options: { log?: (line: string) => void } = {}): SyncHub {
	const facts = meetingFacts(context, (meetingId) => {
		const scoring = hub.documentNow(scoringDocumentName(meetingId));
		if (!scoring) throw new Error(`the scoring document of meeting ${meetingId} is not loaded`);
		return scoring;
	});
	const authorize = createAuthorize(context);
	const validator = createValidator(facts);

	const hub: SyncHub = createSyncHub({
		sqlite: requireSqlite(context),
		log: options.log,
		limits: liveLimits,
		// A tuning knob for tests: how soon a reader whose access was withdrawn elsewhere is cut off.
		recheckAccessMs: Number(process.env.BINHXET_ACCESS_RECHECK_MS) || undefined,
		authorize,
		validate: (documentName, doc, update, access) =>
			validator.validate(
				documentName,
				doc,
				update,
				access.userId === null || access.userName === undefined
					? null
					: { id: access.userId, name: access.userName }
			)
	});
	return hub;
}

/**
 * What the validator must know of a meeting (its criteria table, its member units), read on demand and kept while
 * they stay the same. A meeting's table and units change while it is being prepared, under connections opened
 * then, so every check first compares the meeting's current table and units with what it holds (one small query).
 */
function meetingFacts(
	context: AppContext,
	scoring: (meetingId: number) => Y.Doc
): (meetingId: number) => MeetingFacts | undefined {
	const sqlite = requireSqlite(context);
	const shapeOf = sqlite.prepare<[number], { template_id: number; units: string | null }>(
		`select template_id, (select group_concat(units.slug, ',') from sheets join units on units.id = sheets.unit_id
		 where sheets.meeting_id = meetings.id) as units from meetings where id = ?`
	);
	const headOf = sqlite.prepare<[number], Selectable<CriteriaTemplatesTable>>(
		'select * from criteria_templates where id = ?'
	);
	const rowsOf = sqlite.prepare<[number], Selectable<CriteriaTable>>(
		'select * from criteria where template_id = ? order by position'
	);
	const held = new Map<number, { key: string; facts: MeetingFacts }>();
	return (meetingId) => {
		const shape = shapeOf.get(meetingId);
		if (!shape) return undefined;
		const key = `${shape.template_id}|${shape.units ?? ''}`;
		const kept = held.get(meetingId);
		if (kept?.key === key) return kept.facts;
		const facts: MeetingFacts = {
			template: templateFromRows(headOf.get(shape.template_id)!, rowsOf.all(shape.template_id)),
			units: new Set(shape.units ? shape.units.split(',') : []),
			scoring: () => scoring(meetingId)
		};
		held.set(meetingId, { key, facts });
		return facts;
	};
}
