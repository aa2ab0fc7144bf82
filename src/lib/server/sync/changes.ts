// What a client's update would do to the server's document, decided without applying it.
import * as Y from 'yjs';

export interface Inspection {
	/** Applying it would change the document: a struct it lacks, or a deletion of something not yet deleted. */
	changes: boolean;
	/**
	 * Some client's structs start beyond what the document has of that client: the update builds on changes the
	 * server never accepted (a refused write of the same client), so Yjs could only keep it pending, unseen.
	 */
	gap: boolean;
}

/**
 * Decodes `update` completely (throws if it does not decode) and compares it with the document. Exact: structs against the
 * document's state vector, deletions against its delete set. An empty update, or a step 2 that only repeats what
 * the document has, changes nothing.
 */
export function inspectUpdate(documentNow: () => Y.Doc, update: Uint8Array): Inspection {
	const { structs, ds } = Y.decodeUpdate(update);
	// A step 2 with nothing in it (a fresh screen's) needs no document: one kept encoded stays so.
	if (structs.length === 0 && ds.clients.size === 0) return { changes: false, gap: false };
	const doc = documentNow();
	let changes = false;
	let gap = false;
	const seen = new Set<number>();
	for (const struct of structs) {
		if (struct instanceof Y.Skip) continue;
		const { client, clock } = struct.id;
		const known = Y.getState(doc.store, client);
		if (!seen.has(client)) {
			seen.add(client);
			if (clock > known) gap = true;
		}
		if (clock + struct.length > known) changes = true;
	}
	if (changes || ds.clients.size === 0) return { changes, gap };
	// Deletions only (or repeated structs with deletions): compare with the document's own delete set. This walks
	// the document once, which is fine for the rare delete-only update and for a connection's first step 2.
	return { changes: !Y.snapshotContainsUpdate(Y.snapshot(doc), update), gap };
}
