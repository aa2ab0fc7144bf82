import { answersDocumentName, scoringDocumentName } from './documents';
import { LiveConnection } from './connection.svelte';
import { readAnswers, setAnswer, type LiveAnswer } from './answers-doc';
import {
	addComment,
	addDeduction,
	readComments,
	readDeductions,
	removeDeduction,
	updateDeduction,
	type Author,
	type LiveComment,
	type LiveDeduction
} from './scoring-doc';
import type { Points } from '../core/scoring';
import { OwnChanges, type Outcome } from './own-changes';

// The browser's view of the live board: the scoring document (deductions, comments, presence) as Svelte state,
// and the answers document of the unit being looked at, on the scoring document's socket (one socket a page).

export interface Peer {
	clientId: number;
	name: string;
	role: string;
	unit: string | null;
	viewing: string | null;
	/** The ballot being looked at (the ballots page), for screens that follow the head. */
	ballot: string | null;
	editing: string | null;
	self: boolean;
	/** When this client's presence last changed (ms): of two screens of one person, the newer is where they are. */
	seen: number;
}

/** Who is at this screen: the server asserts the same name, role and unit to the others. */
export interface Me extends Author {
	role?: string;
	unit?: string | null;
}

export class LiveBoard {
	readonly scoring: LiveConnection;
	deductions: LiveDeduction[] = $state([]);
	comments: LiveComment[] = $state([]);
	peers: Peer[] = $state([]);
	canUndo = $state(false);
	canRedo = $state(false);
	/** What the last undo or redo did (a skipped one says why), until the next change. */
	lastUndo: Outcome | null = $state.raw(null);
	lastUndoWas: 'undo' | 'redo' = $state('undo');
	/** Undo and redo of this person's own changes only, never over a colleague's later edit (./own-changes.ts). */
	readonly ownChanges: OwnChanges;
	readonly #author: Author;

	/** `ownChanges`: kept by the caller across fresh copies of the board, so that a refusal leaves the stack usable. */
	constructor(
		meetingId: number,
		author: Me,
		initial: { deductions: LiveDeduction[]; comments: LiveComment[] },
		ownChanges?: OwnChanges
	) {
		this.#author = author;
		this.ownChanges = ownChanges ?? new OwnChanges(author);
		this.deductions = initial.deductions;
		this.comments = initial.comments;
		this.scoring = new LiveConnection(scoringDocumentName(meetingId));
		const doc = this.scoring.doc;
		const refresh = () => {
			this.deductions = readDeductions(doc);
			this.comments = readComments(doc);
		};
		doc.getMap('deductions').observeDeep(refresh);
		doc.getMap('comments').observeDeep(refresh);
		// The server sends the whole document on connect; replace the page's first picture with it once synced.
		this.scoring.provider.on('sync', (synced: boolean) => synced && refresh());

		const awareness = this.scoring.awareness;
		const refreshPeers = () => {
			const peers: Peer[] = [];
			awareness.getStates().forEach((state, clientId) => {
				const s = state as Partial<Record<keyof Peer, unknown>>;
				if (typeof s.name !== 'string') return;
				peers.push({
					clientId,
					name: s.name,
					role: typeof s.role === 'string' ? s.role : '',
					unit: typeof s.unit === 'string' ? s.unit : null,
					viewing: typeof s.viewing === 'string' ? s.viewing : null,
					ballot: typeof s.ballot === 'string' ? s.ballot : null,
					editing: typeof s.editing === 'string' ? s.editing : null,
					self: clientId === doc.clientID,
					seen: awareness.meta.get(clientId)?.lastUpdated ?? 0
				});
			});
			this.peers = peers.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
		};
		awareness.on('change', refreshPeers);
		// Role and unit too, so that one's own line reads like the others' (the server asserts them for the others).
		awareness.setLocalState({
			name: author.name,
			role: author.role ?? '',
			unit: author.unit ?? null,
			viewing: null,
			ballot: null,
			editing: null
		});
		refreshPeers();

		const refreshUndo = () => {
			this.canUndo = this.ownChanges.undoStack.length > 0;
			this.canRedo = this.ownChanges.redoStack.length > 0;
		};
		this.ownChanges.onChange = refreshUndo;
		refreshUndo();
	}

	/** Tells the others which ballot this screen shows (null: none). */
	setBallot(ballotId: string | null): void {
		this.scoring.awareness.setLocalStateField('ballot', ballotId);
	}

	/** Undoes this person's latest change still on the stack; one a colleague changed since is skipped, saying so. */
	undo(): Outcome {
		this.lastUndoWas = 'undo';
		return (this.lastUndo = this.ownChanges.undo(this.scoring.doc));
	}

	redo(): Outcome {
		this.lastUndoWas = 'redo';
		return (this.lastUndo = this.ownChanges.redo(this.scoring.doc));
	}

	/** Tells the others which unit's sheet this screen shows (null: the summary). */
	setViewing(unit: string | null): void {
		this.scoring.awareness.setLocalStateField('viewing', unit);
	}

	/** Tells the others which deduction this person is editing, so nobody edits it unaware. */
	setEditing(deductionId: string | null): void {
		this.scoring.awareness.setLocalStateField('editing', deductionId);
	}

	addDeduction(input: { unit: string; criterion: string; points: Points; reason: string }): string {
		const doc = this.scoring.doc;
		const id = addDeduction(doc, input, this.#author);
		this.lastUndo = null;
		this.ownChanges.record({ kind: 'add', id, code: input.criterion, stamp: OwnChanges.stamp(doc, id)! });
		return id;
	}

	updateDeduction(id: string, patch: { points?: Points; reason?: string }): boolean {
		const doc = this.scoring.doc;
		const was = readDeductions(doc).find((d) => d.id === id);
		if (!was || !updateDeduction(doc, id, patch, this.#author)) return false;
		this.lastUndo = null;
		const after = { points: patch.points ?? was.points, reason: OwnChanges.fields(doc, id)?.reason as string };
		this.ownChanges.record({
			kind: 'edit',
			id,
			code: was.criterion,
			stamp: OwnChanges.stamp(doc, id)!,
			before: { points: was.points, reason: was.reason },
			after
		});
		return true;
	}

	removeDeduction(id: string): boolean {
		const doc = this.scoring.doc;
		const fields = OwnChanges.fields(doc, id);
		const stamp = OwnChanges.stamp(doc, id);
		if (!fields || !stamp || !removeDeduction(doc, id)) return false;
		this.lastUndo = null;
		this.ownChanges.record({ kind: 'remove', id, code: fields.criterion as string, stamp, fields });
		return true;
	}

	addComment(input: { unit: string; criterion: string; parentId: string | null; text: string }): string {
		const doc = this.scoring.doc;
		const id = addComment(doc, input, this.#author);
		this.lastUndo = null;
		this.ownChanges.record({
			kind: 'comment',
			id,
			code: input.criterion,
			fields: OwnChanges.fields(doc, id, 'comments')!
		});
		return id;
	}

	destroy(): void {
		this.ownChanges.onChange = () => {};
		this.scoring.destroy();
	}
}

export class LiveAnswers {
	readonly connection: LiveConnection;
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole on every change, never mutated
	answers: Map<string, LiveAnswer> = $state(new Map());
	readonly #author: Author;

	/** `board`: the meeting's live board, whose socket carries this document too. */
	constructor(board: LiveBoard, meetingId: number, unit: string, author: Author, initial: Map<string, LiveAnswer>) {
		this.#author = author;
		this.answers = initial;
		this.connection = new LiveConnection(answersDocumentName(meetingId, unit), { over: board.scoring });
		const doc = this.connection.doc;
		const refresh = () => (this.answers = readAnswers(doc));
		doc.getMap('answers').observeDeep(refresh);
		this.connection.provider.on('sync', (synced: boolean) => synced && refresh());
	}

	answer(deductionId: string, text: string): void {
		setAnswer(this.connection.doc, deductionId, text, this.#author);
	}

	destroy(): void {
		this.connection.destroy();
	}
}
