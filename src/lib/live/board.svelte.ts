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
	editing: string | null;
	self: boolean;
}

export class LiveBoard {
	readonly scoring: LiveConnection;
	deductions: LiveDeduction[] = $state([]);
	comments: LiveComment[] = $state([]);
	peers: Peer[] = $state([]);
	readonly #author: Author;

	constructor(meetingId: number, author: Author, initial: { deductions: LiveDeduction[]; comments: LiveComment[] }) {
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
					editing: typeof s.editing === 'string' ? s.editing : null,
					self: clientId === doc.clientID
				});
			});
			this.peers = peers.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
		};
		awareness.on('change', refreshPeers);
		awareness.setLocalState({ name: author.name, viewing: null, editing: null });
		refreshPeers();
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
		this.scoring.destroy();
	}
}

export class LiveAnswers {
	readonly connection: LiveConnection;
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
