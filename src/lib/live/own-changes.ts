import * as Y from 'yjs';
import { commentsMap, deductionsMap, readDeduction, updateDeduction, type Author, type Citation } from './scoring-doc';

// Undo and redo of one person's own changes to the scoring document, said in the board's terms (this deduction,
// these values) rather than as Yjs structs. Each change remembers the stamp it left on its deduction; undoing it
// is allowed only while that stamp is still there, so an undo never overwrites a colleague's later edit: it is
// skipped, naming who changed the deduction since (as shared editors do). Every undo or redo is written as an
// ordinary change stamped with its writer and the time now, which the server checks like any other; undoing a
// removal puts the entry back exactly as it was, which the server accepts from the one who removed it.
// The stacks hold ids and values only, so they outlive the document they were made on (a fresh copy after a
// refusal keeps them usable).

interface Stamp {
	updatedAt: string;
	updatedById: number;
}

interface Values {
	points: number;
	reason: string;
	/** Present when the edit changed the citation (null: none). */
	citation?: Citation | null;
}

export type OwnChange =
	/** A deduction made (undo removes it; `fields` is what a redo puts back). */
	| { kind: 'add'; id: string; code: string; stamp: Stamp; fields?: Record<string, unknown> }
	/** A deduction's points or reason changed from `before` to `after`. */
	| { kind: 'edit'; id: string; code: string; stamp: Stamp; before: Values; after: Values }
	/** A deduction removed: `fields` as it was, for putting it back. */
	| { kind: 'remove'; id: string; code: string; stamp: Stamp; fields: Record<string, unknown> }
	/** A comment written (undo removes it; redo writes it again, now). */
	| { kind: 'comment'; id: string; code: string; fields: Record<string, unknown> };

/** What an undo or redo did: done, or skipped and why (the change leaves the stack either way). */
export type Outcome =
	| { done: true; change: OwnChange }
	| { done: false; change: OwnChange; why: 'changedBy'; by: { id: number; name: string } }
	| { done: false; change: OwnChange; why: 'removedSince' | 'backSince' }
	| { done: false; why: 'nothing' };

const stampOf = (entry: Y.Map<unknown>): Stamp => ({
	updatedAt: entry.get('updatedAt') as string,
	updatedById: entry.get('updatedById') as number
});

export class OwnChanges {
	undoStack: OwnChange[] = [];
	redoStack: OwnChange[] = [];
	/** Called whenever a stack changes (for the buttons' state). */
	onChange: () => void = () => {};

	constructor(private readonly author: Author) {}

	/** The last change written (made, undone or redone), and whether it was an undo or redo, until the next. */
	latest: { change: OwnChange; by: 'edit' | 'undo' | 'redo'; original?: OwnChange; left?: Stamp } | null = null;
	/** The stamp this person's last write left on each deduction: anything else there now is someone else's. */
	#left = new Map<string, Stamp>();

	/** Records a change just made on `doc` (clears the redo stack, as every editor does). */
	record(change: OwnChange): void {
		const left = change.kind === 'comment' ? undefined : this.#left.get(change.id);
		if ('stamp' in change && change.kind !== 'remove') this.#left.set(change.id, change.stamp);
		this.undoStack.push(change);
		this.redoStack = [];
		this.latest = { change, by: 'edit', left };
		this.onChange();
	}

	/**
	 * The server refused the latest write: it never happened. A change refused leaves the undo stack; an undo or
	 * redo refused goes back where it came from, to be tried again, and everything else stays as it was.
	 * Returns what was refused.
	 */
	refused(): 'edit' | 'undo' | 'redo' | null {
		const latest = this.latest;
		if (!latest) return null;
		const [to, from] =
			latest.by === 'redo'
				? [this.undoStack, this.redoStack]
				: latest.by === 'undo'
					? [this.redoStack, this.undoStack]
					: [this.undoStack, null];
		if (to[to.length - 1] === latest.change) to.pop();
		if (from && latest.original) from.push(latest.original);
		if (latest.change.kind !== 'comment') {
			if (latest.left) this.#left.set(latest.change.id, latest.left);
			else this.#left.delete(latest.change.id);
		}
		this.latest = null;
		this.onChange();
		return latest.by;
	}

	/** The deduction's current stamp, after an edit or an add just made on `doc`. */
	static stamp(doc: Y.Doc, id: string): Stamp | undefined {
		const entry = deductionsMap(doc).get(id);
		return entry instanceof Y.Map ? stampOf(entry) : undefined;
	}

	static fields(
		doc: Y.Doc,
		id: string,
		root: 'deductions' | 'comments' = 'deductions'
	): Record<string, unknown> | undefined {
		const entry = (root === 'deductions' ? deductionsMap(doc) : commentsMap(doc)).get(id);
		return entry instanceof Y.Map ? (entry.toJSON() as Record<string, unknown>) : undefined;
	}

	undo(doc: Y.Doc, now = new Date()): Outcome {
		return this.#step(doc, this.undoStack, this.redoStack, 'undo', now);
	}

	redo(doc: Y.Doc, now = new Date()): Outcome {
		return this.#step(doc, this.redoStack, this.undoStack, 'redo', now);
	}

	#step(doc: Y.Doc, from: OwnChange[], to: OwnChange[], direction: 'undo' | 'redo', now: Date): Outcome {
		const change = from.pop();
		if (!change) return { done: false, why: 'nothing' };
		const left = change.kind === 'comment' ? undefined : this.#left.get(change.id);
		const outcome = this.#apply(doc, change, direction, now);
		if (outcome.done) {
			if (outcome.change.kind !== 'comment') {
				const stamp = OwnChanges.stamp(doc, outcome.change.id);
				if (stamp) this.#left.set(outcome.change.id, stamp);
			}
			to.push(outcome.change);
			this.latest = { change: outcome.change, by: direction, original: change, left };
		}
		this.onChange();
		return outcome;
	}

	/** Whether the deduction still carries `stamp`, or who changed it since. */
	#check(doc: Y.Doc, change: OwnChange & { stamp: Stamp }): Outcome | Y.Map<unknown> {
		const entry = deductionsMap(doc).get(change.id);
		if (!(entry instanceof Y.Map)) return { done: false, change, why: 'removedSince' };
		const now = stampOf(entry);
		const left = this.#left.get(change.id) ?? change.stamp;
		if (now.updatedAt !== left.updatedAt || now.updatedById !== left.updatedById) {
			return {
				done: false,
				change,
				why: 'changedBy',
				by: { id: now.updatedById, name: readDeduction(change.id, entry)?.updatedBy ?? '' }
			};
		}
		return entry;
	}

	/** Puts a removed deduction back under its old key, exactly as it was. */
	#restore(doc: Y.Doc, change: OwnChange, fields: Record<string, unknown>): Outcome | null {
		if (deductionsMap(doc).has(change.id)) return { done: false, change, why: 'backSince' };
		const entry = new Y.Map<unknown>();
		doc.transact(() => {
			deductionsMap(doc).set(change.id, entry);
			for (const [key, value] of Object.entries(fields)) entry.set(key, value);
		});
		return null;
	}

	#apply(doc: Y.Doc, change: OwnChange, direction: 'undo' | 'redo', now: Date): Outcome {
		switch (change.kind) {
			case 'add': {
				if (direction === 'undo') {
					const entry = this.#check(doc, change);
					if (!(entry instanceof Y.Map)) return entry;
					const fields = entry.toJSON() as Record<string, unknown>;
					deductionsMap(doc).delete(change.id);
					return { done: true, change: { ...change, fields } };
				}
				const refused = this.#restore(doc, change, change.fields ?? {});
				if (refused) return refused;
				return { done: true, change: { ...change, stamp: OwnChanges.stamp(doc, change.id)! } };
			}
			case 'edit': {
				const entry = this.#check(doc, change);
				if (!(entry instanceof Y.Map)) return entry;
				updateDeduction(doc, change.id, direction === 'undo' ? change.before : change.after, this.author, now);
				return { done: true, change: { ...change, stamp: stampOf(entry) } };
			}
			case 'remove': {
				if (direction === 'undo') {
					const refused = this.#restore(doc, change, change.fields);
					if (refused) return refused;
					return { done: true, change: { ...change, stamp: OwnChanges.stamp(doc, change.id)! } };
				}
				const entry = this.#check(doc, change);
				if (!(entry instanceof Y.Map)) return entry;
				const fields = entry.toJSON() as Record<string, unknown>;
				deductionsMap(doc).delete(change.id);
				return { done: true, change: { ...change, fields } };
			}
			case 'comment': {
				const comments = commentsMap(doc);
				if (direction === 'undo') {
					if (!comments.has(change.id)) return { done: false, change, why: 'removedSince' };
					comments.delete(change.id);
					return { done: true, change };
				}
				if (comments.has(change.id)) return { done: false, change, why: 'backSince' };
				// A comment is written anew, now: the server takes it as a new comment of its writer.
				const entry = new Y.Map<unknown>();
				doc.transact(() => {
					comments.set(change.id, entry);
					for (const [key, value] of Object.entries({ ...change.fields, createdAt: now.toISOString() }))
						entry.set(key, value);
				});
				return { done: true, change };
			}
		}
	}
}
