import { parseDocumentName, scoringDocumentName } from '$lib/live/documents';
import type { AppContext } from '../context';
import type * as Y from 'yjs';
import { lookup, andThen, type Maybe } from '../db/lookup';
import { templateFromRows } from '../templates/store';
import { createSyncHub, type SizeLimits, type SyncHub } from '../sync';
import { openSyncStore } from '../sync/open-store';
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
	const validator = createValidator(facts.factsOf);

	const hub: SyncHub = createSyncHub({
		store: openSyncStore(context, {
			postgres: {
				// Several instances: the group commits only while this instance still owns every meeting it writes
				// (the fencing token, checked inside the transaction; see cluster/leases.ts).
				beforeCommit: (transaction, rows) => {
					if (!context.cluster) throw new Error('this instance has not joined the cluster yet');
					return context.cluster.checkBeforeCommit(
						transaction,
						rows.map((row) => row.document)
					);
				}
			}
		}),
		// A meeting gone idle here is given up, so that it goes back where the proxy routes it.
		onUnloaded: (documentName) => context.cluster?.unloaded(documentName),
		// On PostgreSQL a meeting's documents are held by its owner alone; elsewhere they are read from storage.
		owns:
			context.dialect === 'postgres'
				? (documentName) => context.cluster?.leaseOf(documentName) !== undefined
				: undefined,
		log: options.log,
		limits: liveLimits,
		// A tuning knob for tests: how soon a reader whose access was withdrawn elsewhere is cut off.
		recheckAccessMs: Number(process.env.BINHXET_ACCESS_RECHECK_MS) || undefined,
		authorize,
		// The meeting's facts are read before each write group; an answer is checked against the scoring document,
		// which must be loaded for that (at once on SQLite).
		prepareValidation: (documentName) => {
			const target = parseDocumentName(documentName);
			if (!target) return;
			return andThen(facts.prepare(target.meetingId), () =>
				target.kind === 'answers' ? hub.loadDocument(scoringDocumentName(target.meetingId)) : undefined
			);
		},
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
 * then, so before every write group the meeting's current table and units are compared with what is held (two
 * small queries, in the group's prepare step); the check itself then reads what is held.
 */
function meetingFacts(
	context: AppContext,
	scoring: (meetingId: number) => Y.Doc
): { prepare: (meetingId: number) => Maybe<void>; factsOf: (meetingId: number) => MeetingFacts | undefined } {
	const templateOf = lookup(context, (db, meetingId: number) =>
		db.selectFrom('meetings').select('template_id').where('id', '=', meetingId)
	);
	const unitsOf = lookup(context, (db, meetingId: number) =>
		db
			.selectFrom('sheets')
			.innerJoin('units', 'units.id', 'sheets.unit_id')
			.select('units.slug')
			.where('sheets.meeting_id', '=', meetingId)
			.orderBy('units.slug')
	);
	const headOf = lookup(context, (db, templateId: number) =>
		db.selectFrom('criteria_templates').selectAll().where('id', '=', templateId)
	);
	const rowsOf = lookup(context, (db, templateId: number) =>
		db.selectFrom('criteria').selectAll().where('template_id', '=', templateId).orderBy('position')
	);
	// The files each unit sent (a citation names one of its own unit's); read at every look, since they change while
	// the meeting is prepared.
	const filesOf = lookup(context, (db, meetingId: number) =>
		db
			.selectFrom('unit_files')
			.innerJoin('units', 'units.id', 'unit_files.unit_id')
			.select(['units.slug', 'unit_files.sha256'])
			.where('unit_files.meeting_id', '=', meetingId)
	);
	const held = new Map<
		number,
		{ key: string; facts: MeetingFacts; evidence: Map<string, Set<string>> } | undefined
	>();
	// On PostgreSQL the writes of one group to one meeting share one look (it starts before any of them applies).
	const looking = new Map<number, Promise<void>>();
	const prepare = (meetingId: number): Maybe<void> => {
		const pending = looking.get(meetingId);
		if (pending) return pending;
		const look = compare(meetingId);
		if (!(look instanceof Promise)) return look;
		const shared = look.finally(() => looking.delete(meetingId));
		looking.set(meetingId, shared);
		return shared;
	};
	const compare = (meetingId: number): Maybe<void> =>
		andThen(templateOf(meetingId), ([meeting]) => {
			if (!meeting) return void held.set(meetingId, undefined);
			return andThen(unitsOf(meetingId), (units) =>
				andThen(filesOf(meetingId), (files) => {
					const evidence = new Map<string, Set<string>>();
					for (const file of files) {
						let shas = evidence.get(file.slug);
						if (!shas) evidence.set(file.slug, (shas = new Set()));
						shas.add(file.sha256);
					}
					const slugs = units.map((unit) => unit.slug);
					const key = `${meeting.template_id}|${slugs.join(',')}`;
					const kept = held.get(meetingId);
					if (kept?.key === key) return void (kept.evidence = evidence);
					return andThen(headOf(meeting.template_id), ([head]) =>
						andThen(rowsOf(meeting.template_id), (rows) => {
							const entry = { key, evidence, facts: undefined as unknown as MeetingFacts };
							entry.facts = {
								template: templateFromRows(head!, rows),
								units: new Set(slugs),
								scoring: () => scoring(meetingId),
								evidence: (unit) => entry.evidence.get(unit) ?? new Set<string>()
							};
							held.set(meetingId, entry);
						})
					);
				})
			);
		});
	return { prepare, factsOf: (meetingId) => held.get(meetingId)?.facts };
}
