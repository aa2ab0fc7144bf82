// The documents in memory: loaded on first use, shared by every connection to them, unloaded a while after the
// last one leaves. Loading is synchronous (better-sqlite3), so two first uses of a document can never interleave:
// the first creates it, every later one (whatever the timing) gets the same instance.
import type * as Y from 'yjs';
import { SharedDocument, type DocumentSettings, type Peer } from './document';

export interface DocumentRegistry {
	/** The document, loaded if needed. Without peers it is unloaded after the delay unless one joins. */
	open(name: string): SharedDocument;
	join(document: SharedDocument, peer: Peer): void;
	leave(document: SharedDocument, peer: Peer): void;
	all(): Iterable<SharedDocument>;
	/** Drops the documents whose name starts with `prefix` at once: the next open() loads them again from storage. */
	forget(prefix: string): void;
	/** Writes pending snapshots and drops every document. */
	closeAll(): void;
}

export function createDocumentRegistry(
	settings: DocumentSettings & { unloadAfterMs: number; seed?: (name: string, doc: Y.Doc) => void }
): DocumentRegistry {
	const documents = new Map<string, SharedDocument>();
	const unloadTimers = new Map<SharedDocument, NodeJS.Timeout>();

	const cancelUnload = (document: SharedDocument) => {
		const timer = unloadTimers.get(document);
		if (timer) clearTimeout(timer);
		unloadTimers.delete(document);
	};

	const scheduleUnload = (document: SharedDocument) => {
		cancelUnload(document);
		const timer = setTimeout(() => {
			unloadTimers.delete(document);
			if (document.peers.size > 0 || documents.get(document.name) !== document) return;
			documents.delete(document.name);
			try {
				document.destroy();
			} catch (error) {
				settings.log(`sync: unloading "${document.name}" failed: ${String(error)}`);
			}
		}, settings.unloadAfterMs);
		timer.unref();
		unloadTimers.set(document, timer);
	};

	return {
		open(name) {
			let document = documents.get(name);
			if (document?.broken) {
				cancelUnload(document);
				documents.delete(name);
				document.destroy();
				document = undefined;
			}
			if (!document) {
				document = SharedDocument.load(name, settings, settings.seed);
				documents.set(name, document);
				scheduleUnload(document);
			}
			return document;
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
		forget(prefix) {
			for (const document of [...documents.values()]) {
				if (!document.name.startsWith(prefix)) continue;
				cancelUnload(document);
				documents.delete(document.name);
				try {
					document.destroy();
				} catch (error) {
					settings.log(`sync: dropping "${document.name}" failed: ${String(error)}`);
				}
			}
		},
		closeAll() {
			for (const timer of unloadTimers.values()) clearTimeout(timer);
			unloadTimers.clear();
			for (const document of documents.values()) {
				try {
					document.destroy();
				} catch (error) {
					settings.log(`sync: closing "${document.name}" failed: ${String(error)}`);
				}
			}
			documents.clear();
		}
	};
}
