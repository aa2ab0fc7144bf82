import * as Y from 'yjs';
import { checkScore, findCriterion, type Template } from '$lib/core/scoring';
import { ANSWERS_ROOTS, answerWriteProblem } from '$lib/live/answers-doc';
import { parseDocumentName } from '$lib/live/documents';
import type { Author } from '$lib/live/entry';
import { commentWriteProblem, commentsMap, deductionWriteProblem, deductionsMap, readDeduction, SCORING_ROOTS } from '$lib/live/scoring-doc';

// Content checks for incoming live updates. Rights say who may write a document; these say what may be written:
// entries of exactly their shape (src/lib/live/), deductions on real items of member units with points on the
// template's step, the writer (from the session) as the author of anything new and the stamp of any edit, answers
// to deductions of their own unit, and nothing Yjs would have to keep pending. An update is tried on a shadow copy
// of the document; the copy is rebuilt only after a refusal or a change it did not see, so an accepted update costs
// one extra apply, not a copy of the document.

export interface MeetingFacts {
	template: Template;
	units: ReadonlySet<string>;
	/** The meeting's scoring document as the server holds it now (answers are checked against it). */
	scoring: () => Y.Doc;
}

/** A document's shadow copy, and how many transactions the live document had since it was made. */
interface Shadow {
	doc: Y.Doc;
	liveTransactions: number;
	/** What liveTransactions is when the live document holds exactly what the shadow holds. */
	expectedTransactions: number;
	dispose(): void;
}

/** Per top-level map, per entry key: what the update wrote into it ('all': it set the entry itself). */
type WrittenEntries = Map<string, Map<string, Map<string, unknown> | 'all'>>;

export function createValidator(factsOf: (meetingId: number) => MeetingFacts | undefined, clock: () => number = Date.now) {
	// Keyed by the live document itself: when the hub unloads a document, its shadow goes with it.
	const shadows = new WeakMap<Y.Doc, Shadow>();

	function shadowOf(live: Y.Doc): Shadow {
		let shadow = shadows.get(live);
		// The shadow holds what the live document holds as long as every transaction on the live document is the
		// apply of an update this validator accepted. Anything else (the server's own edits, a write that failed
		// after the check) shows as a transaction it did not expect: rebuild the shadow then.
		if (shadow && shadow.liveTransactions !== shadow.expectedTransactions) {
			shadow.dispose();
			shadow = undefined;
		}
		if (!shadow) {
			// No garbage collection: a value that lost a race stays readable, so an update is judged by what it wrote.
			const doc = new Y.Doc({ gc: false });
			Y.applyUpdate(doc, Y.encodeStateAsUpdate(live));
			const counter = () => void created.liveTransactions++;
			const created: Shadow = {
				doc,
				liveTransactions: 0,
				expectedTransactions: 0,
				dispose: () => {
					live.off('afterTransaction', counter);
					doc.destroy();
					shadows.delete(live);
				}
			};
			live.on('afterTransaction', counter);
			shadows.set(live, (shadow = created));
		}
		return shadow;
	}

	/** True, or why the update is refused. */
	function validate(documentName: string, live: Y.Doc, update: Uint8Array, writer: Author | null): true | string {
		const target = parseDocumentName(documentName);
		if (!target || target.kind === 'events') return 'the server alone writes this document';
		const facts = factsOf(target.meetingId);
		if (!facts || writer === null) return 'the meeting is not loaded';
		const now = clock();
		const held = shadowOf(live);
		const shadow = held.doc;
		const roots: readonly string[] = target.kind === 'scoring' ? SCORING_ROOTS : ANSWERS_ROOTS;
		const sharedBefore = new Set(shadow.share.keys());
		const pendingBefore = hasPending(shadow);
		const stateBefore = new Map<number, number>();
		shadow.store.clients.forEach((_, client) => stateBefore.set(client, Y.getState(shadow.store, client)));
		const rootNames = new Map<unknown, string>(roots.map((name) => [shadow.getMap(name), name]));
		// The entries whose visible state changed (deletions included), from the shadow's events.
		const touched = new Map<string, Set<string>>(roots.map((name) => [name, new Set()]));
		const record = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
			for (const event of events) {
				const keys = touched.get(rootNames.get(event.currentTarget) ?? '')!;
				if (event.path.length === 0) for (const key of (event as Y.YMapEvent<unknown>).keysChanged) keys.add(key);
				else keys.add(String(event.path[0]));
			}
		};
		const maps = roots.map((name) => shadow.getMap(name));
		for (const map of maps) map.observeDeep(record);
		let problem: string | null = null;
		try {
			Y.applyUpdate(shadow, update);
			if (!pendingBefore && hasPending(shadow)) problem = 'it depends on changes the server does not have';
			for (const key of shadow.share.keys()) {
				if (!sharedBefore.has(key) && !roots.includes(key)) problem ??= `no place "${key}" in this document`;
			}
			const written = writtenBy(shadow, stateBefore, rootNames);
			if (typeof written === 'string') problem ??= written;
			else {
				for (const [root, keys] of touched) {
					const writes = written.get(root);
					for (const key of new Set([...keys, ...(writes?.keys() ?? [])])) {
						problem ??= entryProblem(target.kind === 'answers' ? target.unit : null, root, key, writes?.get(key) ?? new Map());
					}
				}
			}
		} catch (error) {
			problem = `it does not apply: ${error instanceof Error ? error.message : String(error)}`;
		} finally {
			for (const map of maps) map.unobserveDeep(record);
		}
		if (problem !== null) {
			// The shadow took a refused change: rebuild it from the live document on next use.
			held.dispose();
			return problem;
		}
		// The live document's apply of this update is the one transaction the shadow is still missing.
		held.expectedTransactions = held.liveTransactions + 1;
		return true;

		function entryProblem(answersUnit: string | null, root: string, key: string, written: Map<string, unknown> | 'all'): string | null {
			const entry = shadow.getMap(root).get(key);
			if (entry === undefined) return null; // removed: whoever may write the document may remove
			if (root === 'deductions') {
				const before = readDeduction(key, deductionsMap(live).get(key));
				// Bringing a removed deduction back exactly as the server had accepted it (an undone removal) forges
				// nothing, whoever removed it; anything else is judged as a new entry or an edit.
				const restored = before === undefined && sameFields(removedBefore(shadow.getMap(root), key, stateBefore), entry);
				const problem = restored ? null : deductionWriteProblem(before, key, entry, written, writer!, now);
				if (problem) return problem;
				const d = readDeduction(key, entry)!;
				if (!facts!.units.has(d.unit)) return 'a deduction on no member unit';
				const item = findCriterion(facts!.template, d.criterion);
				if (!item || item.type !== 'item') return 'a deduction on no item of the template';
				// Positive, on the step, at most the item's maximum (the sheet-level rules show over-deduction).
				if (d.points <= 0 || !checkScore(facts!.template, d.criterion, d.points).ok) return 'points off the item’s scale';
				return null;
			}
			if (root === 'comments') {
				const problem = commentWriteProblem(commentsMap(live).has(key), key, entry, shadow, writer!, now);
				if (problem) return problem;
				const c = entry as Y.Map<unknown>;
				if (!facts!.units.has(c.get('unit') as string)) return 'a comment on no member unit';
				if (!findCriterion(facts!.template, c.get('criterion') as string)) return 'a comment on no criterion';
				return null;
			}
			if (root === 'answers' && answersUnit !== null) {
				return answerWriteProblem(key, entry, written, answersUnit, facts!.scoring(), writer!, now);
			}
			return `no place "${root}" in this document`;
		}
	}

	return { validate };
}

/**
 * What the update just applied to `doc` wrote: every struct beyond `stateBefore`, by the entry it went into. A
 * value that lost a concurrent write counts too (the shadow keeps it). A string when it wrote anywhere no entry
 * shape allows (list content, deeper types).
 */
function writtenBy(doc: Y.Doc, stateBefore: Map<number, number>, rootNames: Map<unknown, string>): WrittenEntries | string {
	const out: WrittenEntries = new Map();
	const entryOf = (root: string, key: string) => {
		let entries = out.get(root);
		if (!entries) out.set(root, (entries = new Map()));
		return { entries, fields: entries.get(key) };
	};
	let problem: string | null = null;
	doc.store.clients.forEach((structs, client) => {
		const from = stateBefore.get(client) ?? 0;
		if (problem !== null || Y.getState(doc.store, client) <= from) return;
		for (let i = Y.findIndexSS(structs, from); i < structs.length; i++) {
			const item = structs[i];
			if (!(item instanceof Y.Item)) continue;
			const parent = item.parent as Y.AbstractType<unknown> | null;
			const sub = item.parentSub;
			if (sub === null || parent === null) return void (problem = 'list content has no place in this document');
			const root = rootNames.get(parent);
			if (root !== undefined) {
				entryOf(root, sub).entries.set(sub, 'all');
				continue;
			}
			const holder = parent._item;
			const holderRoot = holder ? rootNames.get(holder.parent) : undefined;
			if (!holder || holderRoot === undefined || holder.parentSub === null) return void (problem = 'nested content has no place in this document');
			const { entries, fields } = entryOf(holderRoot, holder.parentSub);
			if (fields === 'all') continue;
			const map = fields ?? new Map<string, unknown>();
			map.set(sub, item.content.getContent()[0]);
			entries.set(holder.parentSub, map);
		}
	});
	return problem ?? out;
}

/**
 * The fields `key` of `map` held before the update just applied, if it then held a removed entry: the newest item
 * of that key not written by the update (the shadow never collects garbage, so a removed entry stays readable).
 * Undoing a removal restores an entry exactly as it was.
 */
function removedBefore(map: Y.Map<unknown>, key: string, stateBefore: Map<number, number>): Record<string, unknown> | undefined {
	let item: Y.Item | null = (map as unknown as { _map: Map<string, Y.Item> })._map.get(key) ?? null;
	while (item !== null && item.id.clock >= (stateBefore.get(item.id.client) ?? 0)) item = item.left;
	if (item === null || !item.deleted || !(item.content instanceof Y.ContentType)) return undefined;
	const fields: Record<string, unknown> = {};
	for (const [field, value] of (item.content.type as unknown as { _map: Map<string, Y.Item> })._map) {
		const content = value.content.getContent();
		fields[field] = content[content.length - 1];
	}
	return fields;
}

function sameFields(was: Record<string, unknown> | undefined, entry: unknown): boolean {
	if (!was || !(entry instanceof Y.Map)) return false;
	const now = entry.toJSON() as Record<string, unknown>;
	const keys = Object.keys(was);
	return keys.length === Object.keys(now).length && keys.every((key) => was[key] === now[key]);
}

function hasPending(doc: Y.Doc): boolean {
	return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

