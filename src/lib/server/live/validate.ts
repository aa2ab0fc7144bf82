import * as Y from 'yjs';
import { checkScore, findCriterion, type Template } from '$lib/core/scoring';
import { MAX_ANSWER_LENGTH, readAnswer } from '$lib/live/answers-doc';
import { parseDocumentName } from '$lib/live/documents';
import { MAX_COMMENT_LENGTH, MAX_REASON_LENGTH, readComment, readDeduction } from '$lib/live/scoring-doc';

// Content checks for incoming live updates. Rights say who may write a document; these say what may be written:
// well-formed deductions on real items of member units, with points on the template's step, a reason, and the
// writer as the author of anything new. An update is tried on a shadow copy of the document; the copy is rebuilt
// only after a refusal, so an accepted update costs one extra apply, not a copy of the document.

export interface MeetingFacts {
	template: Template;
	units: ReadonlySet<string>;
}

interface Shadow {
	doc: Y.Doc;
}

export function createValidator(factsOf: (meetingId: number) => MeetingFacts | undefined) {
	// Keyed by the live document itself: when the hub unloads a document, its shadow goes with it.
	const shadows = new WeakMap<Y.Doc, Shadow>();

	function shadowOf(live: Y.Doc): Shadow {
		let shadow = shadows.get(live);
		// A shadow that missed a change (a reload of the document, the server's own edits) would judge an update
		// against the wrong state, or hold it as pending and see nothing: rebuild it when the state vectors differ.
		// (Comparing whole snapshots would also catch a deletion-only change, but walks the whole document on every
		// update; the server never deletes in documents that clients write, so state vectors suffice.)
		if (shadow && !sameBytes(Y.encodeStateVector(shadow.doc), Y.encodeStateVector(live))) {
			shadow.doc.destroy();
			shadow = undefined;
		}
		if (!shadow) {
			shadow = { doc: new Y.Doc() };
			Y.applyUpdate(shadow.doc, Y.encodeStateAsUpdate(live));
			shadows.set(live, shadow);
		}
		return shadow;
	}

	return {
		validate(documentName: string, live: Y.Doc, update: Uint8Array, userId: number | null): boolean {
			const target = parseDocumentName(documentName);
			if (!target) return false;
			const facts = factsOf(target.meetingId);
			if (!facts) return false;
			const shadow = shadowOf(live);
			const before = new Set(shadow.doc.share.keys());
			const touched = new Map<string, Set<string>>(); // root map name → changed keys
			const record = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
				for (const event of events) {
					const path = event.path;
					const root = event.currentTarget as Y.AbstractType<unknown>;
					const rootName = [...shadow.doc.share.entries()].find(([, type]) => type === root)?.[0] ?? '?';
					const keys = touched.get(rootName) ?? new Set<string>();
					if (path.length === 0) for (const key of (event as Y.YMapEvent<unknown>).keysChanged ?? []) keys.add(key);
					else keys.add(String(path[0]));
					touched.set(rootName, keys);
				}
			};
			const roots = target.kind === 'scoring' ? ['deductions', 'comments'] : ['answers'];
			const maps = roots.map((name) => shadow.doc.getMap(name));
			for (const map of maps) map.observeDeep(record);
			// Keys ever held, removed ones included: undoing a removal brings an entry back under its old key, as its
			// old author wrote it, and is judged as an edit, not as someone writing a new entry in another's name.
			const existedBefore = new Map(roots.map((name) => [name, new Set(everHeldKeys(shadow.doc.getMap(name)))]));
			let ok = true;
			try {
				Y.applyUpdate(shadow.doc, update);
				// No other top-level types: the document's shape is fixed.
				for (const key of shadow.doc.share.keys()) if (!before.has(key) && !roots.includes(key)) ok = false;
				for (const [rootName, keys] of touched) {
					if (!roots.includes(rootName)) ok = false;
					const map = shadow.doc.getMap(rootName);
					for (const key of keys) {
						const entry = map.get(key);
						if (entry === undefined) continue; // removed: removing is allowed to whoever may write
						const isNew = !existedBefore.get(rootName)!.has(key);
						if (!entryIsValid(rootName, key, entry, facts, target.kind === 'answers' ? target.unit : null, isNew ? userId : undefined)) ok = false;
					}
				}
			} catch {
				ok = false;
			} finally {
				for (const map of maps) map.unobserveDeep(record);
			}
			if (!ok) {
				// The shadow took a refused change: rebuild it from the live document on next use.
				shadow.doc.destroy();
				shadows.delete(live);
			}
			return ok;
		}
	};
}

function everHeldKeys(map: Y.Map<unknown>): Iterable<string> {
	return (map as unknown as { _map: Map<string, unknown> })._map.keys();
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** `author`: for a new entry, the id its author field must hold; undefined for an edited one. */
function entryIsValid(root: string, key: string, entry: unknown, facts: MeetingFacts, answersUnit: string | null, author: number | null | undefined): boolean {
	const authorOk = (id: number) => author === undefined || id === author;
	if (root === 'deductions') {
		const d = readDeduction(key, entry);
		if (!d || !facts.units.has(d.unit) || !authorOk(d.authorId)) return false;
		const item = findCriterion(facts.template, d.criterion);
		if (!item || item.type !== 'item') return false;
		// Points: positive, on the step, at most the item's maximum (the sheet-level rules show over-deduction).
		if (d.points <= 0 || !checkScore(facts.template, d.criterion, d.points).ok) return false;
		return d.reason.trim().length > 0 && d.reason.length <= MAX_REASON_LENGTH;
	}
	if (root === 'comments') {
		const c = readComment(key, entry);
		if (!c || !facts.units.has(c.unit) || !authorOk(c.authorId)) return false;
		if (!findCriterion(facts.template, c.criterion)) return false;
		return c.text.trim().length > 0 && c.text.length <= MAX_COMMENT_LENGTH;
	}
	if (root === 'answers') {
		const a = readAnswer(key, entry);
		return !!a && answersUnit !== null && authorOk(a.authorId) && a.text.length <= MAX_ANSWER_LENGTH;
	}
	return false;
}
