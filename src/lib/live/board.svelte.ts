import * as Y from 'yjs';
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

// The browser's view of the live board: the scoring document (deductions, comments, presence) as Svelte state,
// and the answers document of the unit being looked at.

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
	/** Undo and redo of this screen's own changes only: remote changes arrive with the provider as origin. */
	readonly undoManager: Y.UndoManager;
	readonly #author: Author;

	constructor(meetingId: number, author: Me, initial: { deductions: LiveDeduction[]; comments: LiveComment[] }) {
		this.#author = author;
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
		awareness.setLocalState({ name: author.name, role: author.role ?? '', unit: author.unit ?? null, viewing: null, ballot: null, editing: null });
		refreshPeers();

		// Local edits are transactions without an origin (the provider applies remote ones with itself as origin).
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- Yjs's own setting, not state
		this.undoManager = new Y.UndoManager([doc.getMap('deductions'), doc.getMap('comments')], { trackedOrigins: new Set([null]), captureTimeout: 0 });
		const refreshUndo = () => {
			this.canUndo = this.undoManager.undoStack.length > 0;
			this.canRedo = this.undoManager.redoStack.length > 0;
		};
		for (const event of ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const) this.undoManager.on(event, refreshUndo);
	}

	/** Tells the others which ballot this screen shows (null: none). */
	setBallot(ballotId: string | null): void {
		this.scoring.awareness.setLocalStateField('ballot', ballotId);
	}

	undo(): void {
		this.undoManager.undo();
	}

	redo(): void {
		this.undoManager.redo();
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
		return addDeduction(this.scoring.doc, input, this.#author);
	}

	updateDeduction(id: string, patch: { points?: Points; reason?: string }): boolean {
		return updateDeduction(this.scoring.doc, id, patch, this.#author);
	}

	removeDeduction(id: string): boolean {
		return removeDeduction(this.scoring.doc, id);
	}

	addComment(input: { unit: string; criterion: string; parentId: string | null; text: string }): string {
		return addComment(this.scoring.doc, input, this.#author);
	}

	destroy(): void {
		this.undoManager.destroy();
		this.scoring.destroy();
	}
}

export class LiveAnswers {
	readonly connection: LiveConnection;
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole on every change, never mutated
	answers: Map<string, LiveAnswer> = $state(new Map());
	readonly #author: Author;

	constructor(meetingId: number, unit: string, author: Author, initial: Map<string, LiveAnswer>) {
		this.#author = author;
		this.answers = initial;
		this.connection = new LiveConnection(answersDocumentName(meetingId, unit));
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
