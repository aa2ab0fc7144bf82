import type { AppContext } from '../context';
import { loadMeetingBoard } from '../meetings/board';
import { createSyncHub, type SyncHub } from '../sync';
import { createAuthorize } from './authorize';
import { createValidator, type MeetingFacts } from './validate';

/**
 * The live board's hub for this process: sign-in and rights from `authorize`, content checks from the validator,
 * with what the validator must know of each meeting (template, member units) loaded when someone connects.
 */
export function createLiveHub(context: AppContext, options: { log?: (line: string) => void } = {}): SyncHub {
	const facts = new Map<number, MeetingFacts>();
	const authorize = createAuthorize(context);
	const validator = createValidator((meetingId) => facts.get(meetingId));

	return createSyncHub({
		sqlite: context.sqlite,
		log: options.log,
		authorize: async (request, documentName) => {
			const decision = await authorize(request, documentName);
			if (decision.ok) {
				const meetingId = Number(documentName.split('/')[1]);
				if (!facts.has(meetingId)) {
					const board = await loadMeetingBoard(context.db, meetingId);
					if (board) facts.set(meetingId, { template: board.template, units: new Set(board.units.map((u) => u.slug)) });
				}
			}
			return decision;
		},
		validate: (documentName, doc, update, access) => validator.validate(documentName, doc, update, access.userId)
	});
}
