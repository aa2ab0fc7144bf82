// One document in memory: its Y.Doc, its awareness, its connections, and the one path by which a change enters it —
// checked and applied in memory inside a write group, logged in the group's transaction, broadcast only once that
// transaction has committed (until then nobody reads it: see write-group.ts).
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { assertFields, encodeAwarenessUpdate, type AwarenessEntry, type AwarenessState } from './awareness';
import { awarenessFrame, binaryWebSocketFrame, syncStep1Frame, syncStep2Frame, updateFrame } from './protocol';
import type { StoredState, SyncStore } from './store';
import type { GroupMember, GroupWriter, WriteGroup } from './write-group';

/** What a document needs of a connection. */
export interface Peer {
	send(frame: Uint8Array): void;
	/** Sends a frame already wrapped as a whole WebSocket frame (binaryWebSocketFrame). */
	sendWire(wire: Buffer): void;
	close(code: number, reason: string): void;
}

export interface DocumentSettings {
	store: SyncStore;
	/** The group commit that client writes are made in. */
	group: WriteGroup;
	snapshotAfterUpdates: number;
	log: (line: string) => void;
	now: () => number;
}

/** How many awareness client ids one connection may speak for (a browser tab has one). */
const MAX_CLIENT_IDS_PER_PEER = 8;
/** Answers to first step 1s kept per version of the document (a fresh screen's, and a few reconnecting ones'). */
const MAX_CACHED_ANSWERS = 8;
/** State vectors longer than this are answered but not kept (a state vector is a few bytes per client). */
const MAX_CACHED_VECTOR_BYTES = 1024;
const EMPTY_STATE_VECTOR = new Uint8Array([0]);

export class SharedDocument implements GroupMember {
	/** The live document, once built. Replaced (never mutated back) if an update fails half-way through applying. */
	private built: Y.Doc | null = null;
	/**
	 * Until the document is built: its whole state as stored (a snapshot with no log after it) and that state's
	 * vector. A late joiner is answered from these bytes; decoding them into a Y.Doc waits for the first write or
	 * server read, so a cold load costs one row read, not a decode of the whole document.
	 */
	private stored: { state: Uint8Array; vector: Uint8Array } | null = null;
	/** Presence; on a placeholder Y.Doc of its own, so that it outlives a replacement of `doc`. */
	readonly awareness: awarenessProtocol.Awareness;
	readonly peers = new Set<Peer>();

	private lastUpdateId = 0;
	/** Whether the last load from storage started from a snapshot. */
	private hadSnapshot = false;
	/** What storage holds of it: the newest snapshot plus the log after it, in bytes (its size ceiling's measure). */
	storedBytes = 0;
	/** Log rows after the newest snapshot. */
	private tailLength = 0;
	/** The whole log's bytes by user (null: the server), read on the first write: a read-only load never scans it. */
	private logBytes: Map<number | null, number> | null = null;
	private logTotal = 0;
	private snapshotTimer: NodeJS.Immediate | null = null;
	/** The snapshot being written, if any (awaited on unload and shutdown). */
	private snapshotWrite: Promise<void> | null = null;
	/** What the server change being made now changed, to queue once it has been made whole. */
	private serverRows: Uint8Array[] | null = null;
	/** A row of the running group could not be stored: the group's changes here are taken back when it ends. */
	private rowFailure: Error | null = null;
	/**
	 * Memory may hold part of a failed update and must be rebuilt from storage, which (without synchronous reads)
	 * happens once the running group has committed; until then the document takes no more writes.
	 */
	private reloadDue = false;
	/** The origin of the client write being applied right now. */
	private writing: Peer | null = null;
	/** A server change (serverWrite) is being made now: the only time a change without a client may enter. */
	private serverWriting = false;
	/** The server change being made has reached the document (memory must be rebuilt if it fails). */
	private serverChanged = false;
	/** What the open group changed here, to share once it commits (`except`: the writer, who has it already). */
	private grouped: { update: Uint8Array; except: Peer | null }[] = [];
	/** Which connection speaks for which awareness client id. */
	private readonly owners = new Map<number, { peer: Peer; userId: number | null }>();
	private readonly owned = new Map<Peer, Set<number>>();
	private destroyed = false;
	/**
	 * Step 2 answers as whole WebSocket frames, by the state vector they answer: valid for this version of the
	 * document, emptied by every change of it (and by replacing it).
	 */
	private readonly answers = new Map<string, Buffer>();
	/** Storage could not be read after a failed update: this instance must not be used again. */
	broken = false;

	private constructor(
		readonly name: string,
		private readonly settings: DocumentSettings,
		stored: StoredState
	) {
		this.open(stored);
		this.awareness = new awarenessProtocol.Awareness(new Y.Doc());
		this.awareness.setLocalState(null);
		this.awareness.on('update', this.onAwarenessUpdate);
	}

	/** Loads from what storage holds (the newest snapshot plus the log after it); seeds a document whose log is empty. */
	static load(
		name: string,
		settings: DocumentSettings,
		stored: StoredState,
		seed?: (name: string, doc: Y.Doc) => void
	): SharedDocument {
		const started = performance.now();
		const document = new SharedDocument(name, settings, stored);
		const loaded =
			`${document.hadSnapshot ? 'snapshot + ' : ''}${document.tailLength} logged update(s), ${document.storedBytes} bytes` +
			(document.stored ? ', kept encoded until needed' : '');
		// A long tail means the last snapshot is old (a crash, or writes before snapshots were kept): take one now, so
		// that the next load reads one row, not the whole log again.
		if (document.tailLength >= settings.snapshotAfterUpdates) document.writeSnapshot();
		if (seed && document.lastUpdateId === 0) {
			// A server change like any other: in the next group, before any client write that arrives after this load.
			settings.group.enqueue({
				run: (writer) => {
					if (document.destroyed || document.broken || document.lastUpdateId !== 0) return;
					try {
						document.serverWrite(writer, (doc) => seed(name, doc));
					} catch (error) {
						settings.log(`sync: seeding "${name}" failed: ${describe(error)}`);
					}
				}
			});
		}
		settings.log(`sync: loaded "${name}" in ${(performance.now() - started).toFixed(1)} ms (${loaded})`);
		return document;
	}

	/** The live document, built from what storage holds on first use. */
	get doc(): Y.Doc {
		if (this.built === null) {
			const stored = this.stored!;
			this.stored = null;
			const doc = new Y.Doc();
			this.applyStored(doc, stored.state, `snapshot up to ${this.lastUpdateId}`);
			this.attach(doc);
		}
		return this.built!;
	}

	/** The server's sync step 1: its state vector. */
	step1Frame(): Uint8Array {
		return syncStep1Frame(this.stored ? this.stored.vector : Y.encodeStateVector(this.doc));
	}

	/** The answer to a peer's step 1: what the document has beyond `stateVector` (throws if that does not decode). */
	step2Frame(stateVector: Uint8Array): Uint8Array {
		if (this.stored === null) return syncStep2Frame(Y.encodeStateAsUpdate(this.doc, stateVector));
		// A peer with nothing (a fresh screen) gets the stored bytes as they are; others a diff of them.
		const empty = stateVector.length === 1 && stateVector[0] === 0;
		return syncStep2Frame(empty ? this.stored.state : Y.diffUpdate(this.stored.state, stateVector));
	}

	/**
	 * step2Frame() as a whole WebSocket frame, made once per version of the document and state vector: a crowd of
	 * joiners (or one observer asking again and again) costs one encoding of the state, not one each. Throws if the
	 * state vector does not decode.
	 */
	step2Wire(stateVector: Uint8Array): Buffer {
		const key =
			stateVector.byteLength <= MAX_CACHED_VECTOR_BYTES
				? Buffer.from(stateVector.buffer, stateVector.byteOffset, stateVector.byteLength).toString('latin1')
				: null;
		const kept = key === null ? undefined : this.answers.get(key);
		if (kept) return kept;
		const wire = binaryWebSocketFrame(this.step2Frame(stateVector));
		if (key !== null) {
			if (this.answers.size >= MAX_CACHED_ANSWERS) this.answers.delete(this.answers.keys().next().value!);
			this.answers.set(key, wire);
		}
		return wire;
	}

	/** The size of the whole state as a step 2 frame (from the same cache). */
	fullStateBytes(): number {
		return this.step2Wire(EMPTY_STATE_VECTOR).byteLength;
	}

	/**
	 * Reads the whole log's size by user, unless known already (a write group's prepare step: on SQLite at once).
	 * A failure leaves it unknown: logSize() then refuses the write.
	 */
	prepareLogSize(): void | Promise<void> {
		if (this.logBytes !== null) return;
		const known = (bytes: Map<number | null, number>) => {
			// Counted since the read began (by a group that committed meanwhile) is in what was read.
			if (this.logBytes !== null) return;
			this.logBytes = bytes;
			this.logTotal = [...bytes.values()].reduce((sum, n) => sum + n, 0);
		};
		const { now } = this.settings.store;
		if (now) return known(now.logBytesByUser(this.name));
		return this.settings.store.logBytesByUser(this.name).then(known, (error: unknown) => {
			this.settings.log(`sync: the log size of "${this.name}" could not be read: ${describe(error)}`);
		});
	}

	/** What the whole log holds, in bytes, and what `userId` wrote of it (after prepareLogSize()); null if unknown. */
	logSize(userId: number | null): { total: number; user: number } | null {
		if (this.logBytes === null) return null;
		return { total: this.logTotal, user: this.logBytes.get(userId) ?? 0 };
	}

	/**
	 * The durable path of a client's change, run inside a write group: apply it with the peer as origin and queue
	 * its log row for the group's transaction; it is shared when the group commits (release), and taken back out
	 * of memory if it does not (abandon). If Yjs throws (it may do so half-way) or could only keep the update
	 * pending, nothing is queued and the in-memory document is rebuilt from storage. Throws UpdateDidNotApply when
	 * Yjs refused the update, UpdateLeftPending when it could only keep it pending.
	 */
	write(writer: GroupWriter, origin: Peer, userId: number | null, update: Uint8Array): void {
		if (this.reloadDue) throw new Error('the document is being reloaded from storage');
		const groupedBefore = this.grouped.length;
		this.writing = origin;
		const pendingBefore = hasPending(this.doc);
		try {
			Y.applyUpdate(this.doc, update, origin);
			// The server is every client's only peer: what it cannot integrate now, nobody will send it later.
			if (!pendingBefore && hasPending(this.doc)) throw new UpdateLeftPending();
		} catch (error) {
			this.grouped.length = groupedBefore;
			this.rebuild();
			throw error instanceof UpdateLeftPending ? error : new UpdateDidNotApply(error);
		} finally {
			this.writing = null;
		}
		this.append(writer, userId, update);
		this.settings.group.touch(this);
	}

	/**
	 * The durable path of a change made by server code, run inside a write group (never inside a transaction page
	 * code opened: on SQLite the group waits for that to end): `change` runs in one Yjs transaction, what it changed
	 * is queued for the group's transaction with no user, and shared when the group commits. If `change` throws,
	 * memory is rebuilt from storage (nothing was queued) and the error is thrown.
	 */
	serverWrite<T>(writer: GroupWriter, change: (doc: Y.Doc) => T): T {
		if (this.reloadDue) throw new Error('the document is being reloaded from storage');
		const groupedBefore = this.grouped.length;
		const doc = this.doc;
		let result!: T;
		this.serverWriting = true;
		this.serverChanged = false;
		const rowsBefore: Uint8Array[] = [];
		this.serverRows = rowsBefore;
		try {
			doc.transact(() => {
				result = change(doc);
			}, SERVER_ORIGIN);
		} catch (error) {
			this.grouped.length = groupedBefore;
			if (this.serverChanged) this.rebuild();
			throw error;
		} finally {
			this.serverWriting = false;
			this.serverRows = null;
		}
		for (const update of rowsBefore) this.append(writer, null, update);
		this.settings.group.touch(this);
		return result;
	}

	/** The group committed: share what it changed, one frame for all its changes when there are several. */
	release(): void | Promise<void> {
		if (this.rowFailure !== null) {
			const failure = this.rowFailure;
			this.rowFailure = null;
			return this.abandon(failure);
		}
		const grouped = this.grouped;
		this.grouped = [];
		if (grouped.length === 1) this.broadcast(updateFrame(grouped[0]!.update), grouped[0]!.except);
		// Each writer gets its own change back too: Yjs ignores what a document has already.
		else if (grouped.length > 1) this.broadcast(updateFrame(Y.mergeUpdates(grouped.map((g) => g.update))));
		if (this.reloadDue) return this.reload();
	}

	/**
	 * The group did not commit: nothing it changed is stored, so nothing is shared; memory goes back to what storage
	 * holds. Every connection is closed so that each screen syncs again with the stored state (the writers keep their
	 * changes and send them again).
	 */
	abandon(error: unknown): void | Promise<void> {
		this.grouped = [];
		this.rowFailure = null;
		this.settings.log(
			`sync: "${this.name}": a group of writes was not stored (${describe(error)}); its changes are dropped`
		);
		for (const peer of [...this.peers]) peer.close(1011, 'the update could not be stored');
		this.rebuild();
		if (this.reloadDue) return this.reload();
	}

	broadcast(frame: Uint8Array, except: Peer | null = null): void {
		if (this.peers.size === 0 || (this.peers.size === 1 && except !== null && this.peers.has(except))) return;
		// Framed once for all: each recipient's socket gets the same bytes in one write.
		const wire = binaryWebSocketFrame(frame);
		for (const peer of this.peers) if (peer !== except) peer.sendWire(wire);
	}

	addPeer(peer: Peer): void {
		this.peers.add(peer);
	}

	/** Forgets a connection and removes (and broadcasts as removed) the awareness states it spoke for. */
	removePeer(peer: Peer): void {
		this.peers.delete(peer);
		const ids = this.owned.get(peer);
		this.owned.delete(peer);
		if (!ids) return;
		for (const id of ids) this.owners.delete(id);
		awarenessProtocol.removeAwarenessStates(this.awareness, [...ids], 'connection closed');
	}

	/**
	 * Applies a client's awareness entries: only for client ids this peer speaks for or newly claims (first come),
	 * with the server-asserted fields written over the client's. The same signed-in user may take a client id over
	 * from another of its connections (a reconnect before the old socket is known dead). Returns how many entries
	 * were dropped.
	 */
	applyAwareness(
		peer: Peer,
		userId: number | null,
		entries: AwarenessEntry[],
		asserted: AwarenessState | undefined
	): number {
		let dropped = 0;
		const accepted: AwarenessEntry[] = [];
		for (const entry of entries) {
			const owner = this.owners.get(entry.clientId);
			// y-websocket clients send back every awareness change they receive, others' included. An entry no newer
			// than what the server holds is such an echo: ignore it quietly, it claims nothing.
			const known = this.awareness.meta.get(entry.clientId);
			if (owner !== undefined && owner.peer !== peer && known !== undefined && entry.clock <= known.clock)
				continue;
			if (owner?.peer !== peer) {
				const takeover = owner !== undefined && userId !== null && owner.userId === userId;
				// Removing a state one does not own changes nothing; claiming one needs a state and room.
				if (owner !== undefined && !takeover) {
					dropped++;
					continue;
				}
				if (entry.state === null) continue;
				const ids = this.owned.get(peer) ?? new Set<number>();
				if (entry.clientId === this.awareness.clientID || ids.size >= MAX_CLIENT_IDS_PER_PEER) {
					dropped++;
					continue;
				}
				if (owner) this.owned.get(owner.peer)?.delete(entry.clientId);
				this.owned.set(peer, ids.add(entry.clientId));
				this.owners.set(entry.clientId, { peer, userId });
			}
			accepted.push({ ...entry, state: assertFields(entry.state, asserted) });
		}
		if (accepted.length > 0) {
			awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessUpdate(accepted), peer);
		}
		return dropped;
	}

	/** All current awareness states as one frame, or null if there are none. */
	awarenessStatesFrame(): Uint8Array | null {
		const clients = [...this.awareness.getStates().keys()];
		return clients.length > 0 ? awarenessFrame(this.awareness, clients) : null;
	}

	/** Writes the pending snapshot now, if one is due (on unload and shutdown); resolves once it is written. */
	async flushSnapshot(): Promise<void> {
		if (this.snapshotTimer !== null) {
			clearImmediate(this.snapshotTimer);
			this.snapshotTimer = null;
			this.writeSnapshot();
		}
		await this.snapshotWrite;
	}

	/** Drops the document; resolves once its last snapshot is written. */
	destroy(): Promise<void> {
		if (this.destroyed) return this.snapshotWrite ?? Promise.resolve();
		const flushed = this.flushSnapshot();
		this.destroyed = true;
		this.built?.off('update', this.onUpdate);
		this.built?.destroy();
		this.stored = null;
		this.answers.clear();
		this.awareness.off('update', this.onAwarenessUpdate);
		this.awareness.destroy();
		return flushed;
	}

	/** Every change of the document goes out from here; see write() for client changes. */
	private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
		if (this.answers.size > 0) this.answers.clear();
		const writing = this.writing;
		if (writing !== null && origin === writing) {
			this.grouped.push({ update, except: writing });
			return;
		}
		if (!this.serverWriting) {
			// A change that did not come through write() or serverWrite() (server code writing into the document it
			// read): it would be neither in the group's transaction nor safe from a page's open one. Refused: taken
			// back out of memory once Yjs has finished this event, never logged or shared; its maker gets the error.
			this.settings.log(`sync: a change of "${this.name}" made outside the hub's write path was discarded`);
			queueMicrotask(() => this.rebuild());
			throw new ChangeOutsideWritePath(this.name);
		}
		// A change made by server code (serverWrite): queued with no user once the change is whole, shared with
		// everyone once the group commits.
		this.serverChanged = true;
		this.serverRows?.push(update);
		this.grouped.push({ update, except: null });
	};

	/** Presence changes go to every connection, the sender included (it keeps a lone client's socket alive). */
	private readonly onAwarenessUpdate = (
		{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
		_origin: unknown
	): void => {
		const changed = added.concat(updated, removed);
		if (changed.length > 0) this.broadcast(awarenessFrame(this.awareness, changed));
	};

	/** Queues a change's log row in the group, counted at once (later writes of the group are measured with it). */
	private append(writer: GroupWriter, userId: number | null, update: Uint8Array): void {
		const bytes = update.byteLength;
		if (this.logBytes !== null) {
			this.logBytes.set(userId, (this.logBytes.get(userId) ?? 0) + bytes);
			this.logTotal += bytes;
		}
		this.storedBytes += bytes;
		this.tailLength++;
		writer.append(
			{ document: this.name, userId, createdAt: this.settings.now(), update },
			{
				stored: (id) => this.logged(id),
				failed: (error) => {
					this.settings.log(`sync: "${this.name}": an update could not be stored: ${describe(error)}`);
					this.rowFailure ??= error;
				}
			}
		);
	}

	/** A row of its committed: the log reaches `id`; a snapshot is due after enough of them. */
	private logged(id: number): void {
		if (id > this.lastUpdateId) this.lastUpdateId = id;
		if (this.tailLength >= this.settings.snapshotAfterUpdates && this.snapshotTimer === null && !this.destroyed) {
			this.snapshotTimer = setImmediate(() => {
				this.snapshotTimer = null;
				this.writeSnapshot();
			});
		}
	}

	/**
	 * Takes the snapshot when no group is running (the document then holds only what is stored, up to
	 * lastUpdateId), and writes it in the background; the writes of one document go one after the other.
	 */
	private writeSnapshot(): void {
		if (this.broken) return; // its state is not what the log holds
		this.settings.group.whenIdle(() => {
			if (this.broken || (this.built === null && this.stored === null)) return;
			let state: Uint8Array;
			let vector: Uint8Array;
			try {
				state = Y.encodeStateAsUpdate(this.doc);
				vector = Y.encodeStateVector(this.doc);
			} catch (error) {
				this.settings.log(`sync: snapshot of "${this.name}" failed: ${describe(error)}`);
				return;
			}
			const lastUpdateId = this.lastUpdateId;
			this.tailLength = 0;
			this.storedBytes = state.byteLength;
			const previous = this.snapshotWrite ?? Promise.resolve();
			const written = previous
				.then(() =>
					this.settings.store.writeSnapshot(this.name, lastUpdateId, state, vector, this.settings.now())
				)
				.catch((error: unknown) => {
					this.settings.log(`sync: snapshot of "${this.name}" failed: ${describe(error)}`);
				})
				.finally(() => {
					if (this.snapshotWrite === written) this.snapshotWrite = null;
				});
			this.snapshotWrite = written;
		});
	}

	/** Keeps a lone snapshot encoded (see `stored`), builds the document from anything else. */
	private open(stored: StoredState): void {
		const { snapshot, tail } = stored;
		if (snapshot?.stateVector && tail.length === 0) {
			this.stored = { state: snapshot.state, vector: snapshot.stateVector };
			this.noteStored({ snapshot, tail });
			return;
		}
		this.attach(this.build(stored));
	}

	private attach(doc: Y.Doc): void {
		this.answers.clear();
		this.built = doc;
		doc.on('update', this.onUpdate);
	}

	private noteStored({ snapshot, tail }: StoredState): void {
		this.lastUpdateId = tail.at(-1)?.id ?? snapshot?.lastUpdateId ?? 0;
		this.hadSnapshot = snapshot !== undefined;
		this.tailLength = tail.length;
		this.storedBytes =
			(snapshot?.state.byteLength ?? 0) + tail.reduce((sum, row) => sum + row.update.byteLength, 0);
	}

	/** A fresh Y.Doc from what storage holds; sets lastUpdateId and tailLength. */
	private build(read: StoredState): Y.Doc {
		const { snapshot, tail } = read;
		const doc = new Y.Doc();
		// One transaction for the whole load: Yjs then cleans up and merges once, not once per row (several times
		// faster for a long tail).
		doc.transact(() => {
			if (snapshot) this.applyStored(doc, snapshot.state, `snapshot up to ${snapshot.lastUpdateId}`);
			for (const row of tail) this.applyStored(doc, row.update, `update ${row.id}`);
		});
		this.noteStored(read);
		return doc;
	}

	private applyStored(doc: Y.Doc, update: Uint8Array, what: string): void {
		try {
			Y.applyUpdate(doc, update);
		} catch (error) {
			// Cannot happen for rows the hub wrote (a failing update is rolled back); never let one row make a
			// document unloadable.
			this.settings.log(`sync: "${this.name}": stored ${what} does not apply, skipped: ${describe(error)}`);
		}
	}

	/**
	 * Replaces a document that may hold part of a failed update by what storage holds: at once on SQLite, once the
	 * running group has ended without synchronous reads (PostgreSQL). Storage that cannot be read marks the document
	 * broken: its connections are closed (each screen syncs again when it reconnects) and the registry loads it afresh.
	 */
	private rebuild(): void {
		if (this.destroyed || this.broken) return;
		// What was counted of the failed writes was rolled back with them: count again from storage when needed.
		this.logBytes = null;
		let fresh: Y.Doc;
		const { now } = this.settings.store;
		if (!now) {
			// Reloaded once the running group has ended (release or abandon), from what storage then holds.
			this.reloadDue = true;
			this.settings.group.touch(this);
			// Outside a group (a change made outside the write path), a group of its own ends it soon.
			this.settings.group.enqueue({ run: () => this.settings.group.touch(this) });
			return;
		}
		try {
			fresh = this.build(now.read(this.name));
		} catch (error) {
			this.broken = true;
			this.settings.log(`sync: "${this.name}" could not be rebuilt from storage: ${describe(error)}`);
			for (const peer of [...this.peers]) peer.close(1011, 'document unavailable');
			return;
		}
		this.replace(fresh);
	}

	/** rebuild() for a store without synchronous reads: runs while the group that needed it is ending. */
	private async reload(): Promise<void> {
		this.logBytes = null;
		let fresh: Y.Doc;
		try {
			fresh = this.build(await this.settings.store.read(this.name));
		} catch (error) {
			this.broken = true;
			this.settings.log(`sync: "${this.name}" could not be rebuilt from storage: ${describe(error)}`);
			for (const peer of [...this.peers]) peer.close(1011, 'document unavailable');
			return;
		} finally {
			this.reloadDue = false;
		}
		if (!this.destroyed) this.replace(fresh);
	}

	private replace(fresh: Y.Doc): void {
		const old = this.built;
		old?.off('update', this.onUpdate);
		this.stored = null;
		this.attach(fresh);
		old?.destroy();
		this.settings.log(`sync: "${this.name}" rebuilt from storage after a failed update`);
	}
}

/** The origin of server changes' Yjs transactions. */
const SERVER_ORIGIN = Symbol('server');

/** Server code changed a live document directly instead of through the hub's applyServerChange(). */
export class ChangeOutsideWritePath extends Error {
	constructor(name: string) {
		super(`"${name}" changes only through the sync hub's applyServerChange()`);
	}
}

/** The update left structs or deletions pending (they build on changes the server never had): refused, rolled back. */
export class UpdateLeftPending extends Error {
	constructor() {
		super('the update depends on changes the server does not have');
	}
}

function hasPending(doc: Y.Doc): boolean {
	return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

/** Yjs threw while applying a client's update: the client sent something invalid. */
export class UpdateDidNotApply extends Error {
	constructor(readonly reason: unknown) {
		super(describe(reason));
	}
}

export function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
