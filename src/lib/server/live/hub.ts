import { parseDocumentName, scoringDocumentName } from '$lib/live/documents';
import type { AppContext } from '../context';
import { loadMeetingBoard } from '../meetings/board';
import { createSyncHub, type SyncHub } from '../sync';
import { createAuthorize } from './authorize';
import { createValidator, type MeetingFacts } from './validate';

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * Bytes per update and per document. A scoring update is a few deductions or comments (a reconnecting screen sends
 * its offline edits in one); an answers document holds one unit's answers.
 */
export function liveLimits(documentName: string): { maxUpdateBytes: number; maxDocumentBytes: number } {
	const target = parseDocumentName(documentName);
	if (target?.kind === 'scoring') return { maxUpdateBytes: 128 * KiB, maxDocumentBytes: 16 * MiB };
	if (target?.kind === 'answers') return { maxUpdateBytes: 32 * KiB, maxDocumentBytes: 2 * MiB };
	return { maxUpdateBytes: 4 * KiB, maxDocumentBytes: 1 * MiB };
}

/**
 * The live board's hub for this process: sign-in and rights from `authorize`, content checks from the validator,
 * with what the validator must know of each meeting (template, member units) loaded when someone connects.
 */
export function createLiveHub(context: AppContext, options: { log?: (line: string) => void } = {}): SyncHub {
	const facts = new Map<number, MeetingFacts>();
	const authorize = createAuthorize(context);
	const validator = createValidator((meetingId) => facts.get(meetingId));

	const hub: SyncHub = createSyncHub({
		sqlite: context.sqlite,
		log: options.log,
		limits: liveLimits,
		// A tuning knob for tests: how soon a reader whose access was withdrawn elsewhere is cut off.
		recheckAccessMs: Number(process.env.BINHXET_ACCESS_RECHECK_MS) || undefined,
		authorize: async (request, documentName) => {
			const decision = await authorize(request, documentName);
			if (decision.ok) {
				const meetingId = parseDocumentName(documentName)!.meetingId;
				if (!facts.has(meetingId)) {
					const board = await loadMeetingBoard(context.db, meetingId);
					if (board) {
						facts.set(meetingId, {
							template: board.template,
							units: new Set(board.units.map((u) => u.slug)),
							scoring: () => hub.documentNow(scoringDocumentName(meetingId))
						});
					}
				}
			}
			return decision;
		},
		validate: (documentName, doc, update, access) =>
			validator.validate(documentName, doc, update, access.userId === null || access.userName === undefined ? null : { id: access.userId, name: access.userName })
	});
	return hub;
}
