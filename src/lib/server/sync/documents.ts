// The documents in memory: loaded on first use, shared by every connection to them, unloaded a while after the
// last one leaves. Concurrent first uses of a document share one load: the first starts it, every later one (whatever
// the timing) waits for the same promise and gets the same instance. A load never reads storage while a group is
// being written, so that it never misses rows about to be committed.
import type * as Y from 'yjs';
import { SharedDocument, type DocumentSettings, type Peer } from './document';
import type { StoredState } from './store';

export interface DocumentRegistry {
	/** The document, loaded if needed. Without peers it is unloaded after the delay unless one joins. */
	open(name: string): Promise<SharedDocument>;
	/**
	 * The document if it is loaded, else loaded now when the store reads synchronously (SQLite); undefined otherwise.
	 */
	openNow(name: string): SharedDocument | undefined;
	join(document: SharedDocument, peer: Peer): void;
	leave(document: SharedDocument, peer: Peer): void;
	all(): Iterable<SharedDocument>;
	/** Whether a document whose name starts with `prefix` is loaded or being loaded. */
	holds(prefix: string): boolean;
	/** Drops the documents whose name starts with `prefix` at once: the next open() loads them again from storage. */
	forget(prefix: string): void;
	/** Writes pending snapshots and drops every document. */
	closeAll(): Promise<void>;
}

export function createDocumentRegistry(
	settings: DocumentSettings & {
		unloadAfterMs: number;
		seed?: (name: string, doc: Y.Doc) => void;
		/** Told once a document without peers has been unloaded. */
		onUnloaded?: (name: string) => void;
	}
): DocumentRegistry {
	const documents = new Map<string, SharedDocument>();
	const loading = new Map<string, Promise<SharedDocument>>();
	const unloadTimers = new Map<SharedDocument, NodeJS.Timeout>();
	/** Snapshots of unloaded documents still being written (awaited by closeAll). */
	const unloading = new Set<Promise<void>>();

	const cancelUnload = (document: SharedDocument) => {
		const timer = unloadTimers.get(document);
		if (timer) clearTimeout(timer);
		unloadTimers.delete(document);
	};

	const drop = (document: SharedDocument, what: string) => {
		const done = document.destroy().catch((error: unknown) => {
			settings.log(`sync: ${what} "${document.name}" failed: ${String(error)}`);
		});
		unloading.add(done);
		void done.finally(() => unloading.delete(done));
	};

	const scheduleUnload = (document: SharedDocument) => {
		cancelUnload(document);
		const timer = setTimeout(() => {
			unloadTimers.delete(document);
			if (document.peers.size > 0 || documents.get(document.name) !== document) return;
			documents.delete(document.name);
			drop(document, 'unloading');
			settings.onUnloaded?.(document.name);
		}, settings.unloadAfterMs);
		timer.unref();
		unloadTimers.set(document, timer);
	};

	/** The loaded instance, unless it is broken (then it is dropped, to be loaded afresh). */
	const loaded = (name: string): SharedDocument | undefined => {
		const document = documents.get(name);
		if (!document?.broken) return document;
		cancelUnload(document);
		documents.delete(name);
		drop(document, 'dropping');
		return undefined;
	};

	const keep = (name: string, stored: StoredState): SharedDocument => {
		const document = SharedDocument.load(name, settings, stored, settings.seed);
		documents.set(name, document);
		scheduleUnload(document);
		return document;
	};

	const stored = () => new Promise<void>((resolve) => settings.group.whenStored(resolve));

	return {
		open(name) {
			const document = loaded(name);
			if (document) return Promise.resolve(document);
			const now = settings.store.now;
			if (now) return Promise.resolve(keep(name, now.read(name)));
			let load = loading.get(name);
			if (!load) {
				load = (async () => {
					try {
						await stored();
						const state = await settings.store.read(name);
						return loaded(name) ?? keep(name, state);
					} finally {
						loading.delete(name);
					}
				})();
				loading.set(name, load);
			}
			return load;
		},
		openNow(name) {
			const document = loaded(name);
			if (document) return document;
			const now = settings.store.now;
			// Inside a group (a check reading another document), SQLite holds only what is stored or being stored in
			// the same synchronous step: reading it now is safe.
			return now ? keep(name, now.read(name)) : undefined;
		},
		join(document, peer) {
			cancelUnload(document);
			document.addPeer(peer);
		},
		leave(document, peer) {
			document.removePeer(peer);
			if (document.peers.size === 0 && documents.get(document.name) === document) scheduleUnload(document);
		},
		all() {
			return documents.values();
		},
		holds(prefix) {
			for (const name of documents.keys()) if (name.startsWith(prefix)) return true;
			for (const name of loading.keys()) if (name.startsWith(prefix)) return true;
			return false;
		},
		forget(prefix) {
			for (const document of [...documents.values()]) {
				if (!document.name.startsWith(prefix)) continue;
				cancelUnload(document);
				documents.delete(document.name);
				drop(document, 'dropping');
			}
		},
		async closeAll() {
			for (const timer of unloadTimers.values()) clearTimeout(timer);
			unloadTimers.clear();
			await Promise.allSettled([...loading.values()]);
			for (const document of documents.values()) drop(document, 'closing');
			documents.clear();
			await Promise.all([...unloading]);
		}
	};
}
