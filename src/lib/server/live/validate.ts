import * as Y from 'yjs';
import { checkScore, findCriterion, type Template } from '$lib/core/scoring';
import { ANSWERS_ROOTS, answerWriteProblem } from '$lib/live/answers-doc';
import { parseDocumentName } from '$lib/live/documents';
import type { Author } from '$lib/live/entry';
import {
	commentWriteProblem,
	commentsMap,
	deductionWriteProblem,
	deductionsMap,
	readDeduction,
	SCORING_ROOTS
} from '$lib/live/scoring-doc';
import { readUpdateEffects, type EntryAfter, type EntryEffect, type UpdateEffects } from './update-effects';

// Content checks for incoming live updates. Rights say who may write a document; these say what may be written:
// entries of exactly their shape (src/lib/live/), deductions on real items of member units with points on the
// template's step, citations of the unit's own files, the writer (from the session) as the author of anything new and the stamp of any edit, answers
// to deductions of their own unit, and nothing Yjs would have to keep pending. What an update does is read from its
// own structs against the live document, which is never changed here (./update-effects.ts).

export interface MeetingFacts {
	template: Template;
	units: ReadonlySet<string>;
	/** The meeting's scoring document as the server holds it now (answers are checked against it). */
	scoring: () => Y.Doc;
	/** The SHA-256 of every file a unit sent (its report and evidence): what its deductions may cite. */
	evidence: (unit: string) => ReadonlySet<string>;
}

/** A deduction removed through this check: the item that held it, its fields then, and the user who removed it. */
interface Removed {
	id: Y.ID;
	fields: Record<string, unknown>;
	removedBy: number;
}

type InternalMap = Y.Map<unknown> & { _map: Map<string, Y.Item> };

export function createValidator(
	factsOf: (meetingId: number) => MeetingFacts | undefined,
	clock: () => number = Date.now
) {
	// The deductions each loaded document saw removed, so that an undone removal can be recognised (the live
	// document keeps no content of what was removed). Keyed by the live document: it goes when that is unloaded.
	const removals = new WeakMap<Y.Doc, Map<string, Removed>>();

	/** True, or why the update is refused. */
	function validate(documentName: string, live: Y.Doc, update: Uint8Array, writer: Author | null): true | string {
		const target = parseDocumentName(documentName);
		if (!target) return 'no such document';
		const facts = factsOf(target.meetingId);
		if (!facts || writer === null) return 'the meeting is not loaded';
		const now = clock();
		const roots: readonly string[] = target.kind === 'scoring' ? SCORING_ROOTS : ANSWERS_ROOTS;
		let effects: UpdateEffects;
		try {
			effects = readUpdateEffects(live, update, roots);
		} catch (error) {
			return `it does not apply: ${error instanceof Error ? error.message : String(error)}`;
		}
		if ('problem' in effects) return effects.problem;
		const afterOf = new Map(effects.entries.map((e) => [`${e.root}/${e.key}`, e.after]));
		for (const effect of effects.entries) {
			const problem = entryProblem(target.kind === 'answers' ? target.unit : null, effect);
			if (problem !== null) return problem;
		}
		if (target.kind === 'scoring') noteRemovals(live, effects.entries, writer.id);
		return true;

		function entryProblem(answersUnit: string | null, { root, key, written, after }: EntryEffect): string | null {
			if (after === undefined) return null; // removed: whoever may write the document may remove
			if (root === 'deductions') {
				const before = readDeduction(key, deductionsMap(live).get(key));
				// The writer who removed a deduction may bring it back exactly as the server had accepted it (their
				// undone removal): that forges nothing. Anyone else writing it back, old stamp and all, would revive
				// another's withdrawn deduction in their name; that and anything else is judged as a new entry or an edit.
				const restored = before === undefined && sameFields(removedBefore(live, key, writer!.id), after);
				const problem = restored ? null : deductionWriteProblem(before, key, after, written, writer!, now);
				if (problem) return problem;
				const d = readDeduction(key, after)!;
				if (!facts!.units.has(d.unit)) return 'a deduction on no member unit';
				const item = findCriterion(facts!.template, d.criterion);
				if (!item || item.type !== 'item') return 'a deduction on no item of the template';
				// Positive, on the step, at most the item's maximum (the sheet-level rules show over-deduction).
				if (d.points <= 0 || !checkScore(facts!.template, d.criterion, d.points).ok)
					return 'points off the item’s scale';
				// A citation names one of that unit's own files; judged when written, like the other fields.
				const cited = d.citation?.file;
				if (cited && (written === 'all' || written.has('citedFile')) && !facts!.evidence(d.unit).has(cited))
					return 'a citation of no file of that unit';
				return null;
			}
			if (root === 'comments') {
				const exists = (id: string) =>
					afterOf.has(`comments/${id}`)
						? afterOf.get(`comments/${id}`) !== undefined
						: commentsMap(live).has(id);
				const problem = commentWriteProblem(commentsMap(live).has(key), key, after, exists, writer!, now);
				if (problem) return problem;
				if (!facts!.units.has(after!.get('unit') as string)) return 'a comment on no member unit';
				if (!findCriterion(facts!.template, after!.get('criterion') as string))
					return 'a comment on no criterion';
				return null;
			}
			if (root === 'answers' && answersUnit !== null) {
				return answerWriteProblem(key, after, written, answersUnit, facts!.scoring(), writer!, now);
			}
			return `no place "${root}" in this document`;
		}
	}

	/** Remembers the deductions an accepted update removes, as they were. */
	function noteRemovals(live: Y.Doc, entries: readonly EntryEffect[], removedBy: number): void {
		const deductions = deductionsMap(live) as unknown as InternalMap;
		for (const { root, key, after } of entries) {
			if (root !== 'deductions' || after !== undefined) continue;
			const item = deductions._map.get(key);
			const entry = deductions.get(key);
			if (!item || !(entry instanceof Y.Map)) continue;
			let removed = removals.get(live);
			if (!removed) removals.set(live, (removed = new Map()));
			removed.set(key, { id: item.id, fields: entry.toJSON() as Record<string, unknown>, removedBy });
		}
	}

	/**
	 * The fields of the deduction `key` held before, if it held one this check saw `writer` remove (and nothing since).
	 */
	function removedBefore(live: Y.Doc, key: string, writer: number): Record<string, unknown> | undefined {
		const removed = removals.get(live)?.get(key);
		if (!removed || removed.removedBy !== writer) return undefined;
		const item = (deductionsMap(live) as unknown as InternalMap)._map.get(key);
		return item?.deleted && Y.compareIDs(item.id, removed.id) ? removed.fields : undefined;
	}

	return { validate };
}

function sameFields(was: Record<string, unknown> | undefined, entry: EntryAfter): boolean {
	if (!was || !entry) return false;
	const keys = Object.keys(was);
	return keys.length === entry.size && keys.every((key) => entry.has(key) && was[key] === entry.get(key));
}
