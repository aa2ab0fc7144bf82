import * as Y from 'yjs';

// What a client's update would do to the entries of a live document, read from the update's own structs without
// applying it. A live document is a few top-level maps ("roots") of entries, each entry a Y.Map of plain fields.
// For every entry the update reaches, this says what it wrote (values that lose a concurrent race included) and
// what the entry holds after it. The document is only read.
//
// An entry's state after the update is read directly when each of the update's writes builds on the newest value
// the document holds there (a writer editing what they see: the usual case). When one does not (a true race, which
// Yjs settles by its own ordering), the update is applied to a throwaway copy of the document instead: exact, and
// the price of a copy is paid only then.
//
// This reads two Yjs internals that have been stable through Yjs 13: a type's `_map` (its newest item per key) and
// an integrated item's `parent`/`parentSub`.

/** An entry's fields after the update; null: the entry is not a map; undefined: there is no entry. */
export type EntryAfter = ReadonlyMap<string, unknown> | null | undefined;

export interface EntryEffect {
	root: string;
	key: string;
	/** What the update wrote into the entry, field → value (the last it wrote), or 'all' when it set the entry itself. */
	written: Map<string, unknown> | 'all';
	after: EntryAfter;
}

export type UpdateEffects =
	| { problem: string }
	| {
			entries: EntryEffect[];
			/** Whether a copy of the document had to be made (a write raced another). */
			copied: boolean;
	  };

export const DEPENDS_ON_MISSING = 'it depends on changes the server does not have';
const LIST_CONTENT = 'list content has no place in this document';
const NESTED_CONTENT = 'nested content has no place in this document';

type Struct = Y.Item | Y.GC;
/** Where a struct lands: an entry of a root, a field of an entry (`holder`: the entry's item), or nowhere (Yjs drops it). */
type Place =
	| { kind: 'nowhere' }
	| { kind: 'entry'; root: string; key: string }
	| { kind: 'field'; root: string; key: string; field: string; holder: Y.Item };
const NOWHERE: Place = { kind: 'nowhere' };
/** The winner of a key could not be read directly. */
const RACED = Symbol('raced');

type InternalType = Y.AbstractType<unknown> & { _map: Map<string, Y.Item>; _item: Y.Item | null };

export function readUpdateEffects(doc: Y.Doc, update: Uint8Array, roots: readonly string[]): UpdateEffects {
	const { structs, ds } = Y.decodeUpdate(update);
	const store = doc.store;
	const rootNames = new Map<unknown, string>();
	for (const name of roots) {
		const type = doc.share.get(name);
		if (type) rootNames.set(type, name);
	}

	// The update's structs the document lacks, per client in clock order, and each client's state after them.
	const fresh = new Map<number, Struct[]>();
	const stateAfter = new Map<number, number>();
	const isFresh = new Set<Struct>();
	// A struct that starts inside what the document has is cut by Yjs, which changes its left neighbour.
	let cut = false;
	for (const struct of structs) {
		if (struct instanceof Y.Skip) continue;
		const { client, clock } = struct.id;
		const state = stateAfter.get(client) ?? Y.getState(store, client);
		if (clock > state) return { problem: DEPENDS_ON_MISSING };
		if (clock + struct.length <= state) continue;
		if (clock < state) cut = true;
		stateAfter.set(client, clock + struct.length);
		let list = fresh.get(client);
		if (!list) fresh.set(client, (list = []));
		list.push(struct);
		isFresh.add(struct);
	}

	/** The struct holding `id`: the document's, or the update's; undefined when neither has it. */
	const find = (id: Y.ID): Struct | undefined => {
		if (id.clock < Y.getState(store, id.client)) return Y.getItem(store, id) as Struct;
		const list = fresh.get(id.client);
		if (!list || id.clock >= (stateAfter.get(id.client) ?? 0)) return undefined;
		let low = 0;
		let high = list.length - 1;
		while (low < high) {
			const mid = (low + high + 1) >> 1;
			if (list[mid]!.id.clock <= id.clock) low = mid;
			else high = mid - 1;
		}
		return list[low];
	};

	// Where each struct lands. The update's structs may lean on one another in long chains (each on the one
	// before): resolved with an explicit stack, so a hostile chain cannot exhaust the call stack.
	const places = new Map<Struct, Place | string>();
	const placeOf = (start: Struct): Place | string => {
		const stack: Struct[] = [start];
		while (stack.length > 0) {
			const struct = stack[stack.length - 1]!;
			if (places.has(struct)) {
				stack.pop();
				continue;
			}
			const step = isFresh.has(struct) ? freshPlace(struct) : documentPlace(struct);
			if ('after' in step) stack.push(step.after);
			else {
				places.set(struct, step.place);
				stack.pop();
			}
		}
		return places.get(start)!;
	};

	/** An integrated struct's place. */
	const documentPlace = (struct: Struct): { place: Place | string } => {
		if (!(struct instanceof Y.Item) || struct.parent === null) return { place: NOWHERE };
		const parent = struct.parent as InternalType;
		const sub = struct.parentSub;
		const root = rootNames.get(parent);
		if (root !== undefined) return { place: sub === null ? LIST_CONTENT : { kind: 'entry', root, key: sub } };
		const holder = parent._item;
		const holderRoot = holder ? rootNames.get(holder.parent) : undefined;
		if (!holder || holderRoot === undefined || holder.parentSub === null || sub === null)
			return { place: NESTED_CONTENT };
		return { place: { kind: 'field', root: holderRoot, key: holder.parentSub, field: sub, holder } };
	};

	/** An update's struct's place, as Yjs would find it; or the struct whose place must be known first. */
	const freshPlace = (struct: Struct): { place: Place | string } | { after: Struct } => {
		if (!(struct instanceof Y.Item)) return { place: NOWHERE };
		const parent = struct.parent as string | Y.ID | null;
		const sub = struct.parentSub;
		if (typeof parent === 'string') {
			if (!roots.includes(parent)) return { place: `no place "${parent}" in this document` };
			return { place: sub === null ? LIST_CONTENT : { kind: 'entry', root: parent, key: sub } };
		}
		if (parent !== null) {
			const holder = find(parent);
			if (!holder) return { place: DEPENDS_ON_MISSING };
			// Into something that is not a type: Yjs drops it.
			if (!(holder instanceof Y.Item) || !(holder.content instanceof Y.ContentType)) return { place: NOWHERE };
			const holderPlace = places.get(holder);
			if (holderPlace === undefined) return { after: holder };
			if (typeof holderPlace === 'string' || holderPlace.kind === 'nowhere') return { place: holderPlace };
			if (holderPlace.kind === 'field' || sub === null) return { place: NESTED_CONTENT };
			return { place: { kind: 'field', root: holderPlace.root, key: holderPlace.key, field: sub, holder } };
		}
		// No parent written: it sits beside its origin (or right origin) and shares its place.
		const left = struct.origin ? find(struct.origin) : null;
		const right = struct.rightOrigin ? find(struct.rightOrigin) : null;
		if (left === undefined || right === undefined) return { place: DEPENDS_ON_MISSING };
		if (left instanceof Y.GC || right instanceof Y.GC) return { place: NOWHERE };
		const neighbour = left ?? right;
		if (neighbour === null) return { place: NOWHERE };
		const place = places.get(neighbour);
		return place === undefined ? { after: neighbour } : { place };
	};

	// The update's items by the key they write: entries by root and key, fields by entry item and field.
	const entryWrites = new Map<string, Y.Item[]>();
	const fieldWrites = new Map<Y.Item, Map<string, Y.Item[]>>();
	/** Per entry: the values the update wrote into its fields, the last of each. */
	const fieldValues = new Map<string, Map<string, unknown>>();
	const touched = new Map<string, { root: string; key: string }>();
	const touch = (root: string, key: string): string => {
		const id = `${root}\u0000${key}`;
		if (!touched.has(id)) touched.set(id, { root, key });
		return id;
	};
	for (const list of fresh.values()) {
		for (const struct of list) {
			const place = placeOf(struct);
			if (typeof place === 'string') return { problem: place };
			if (place.kind === 'nowhere') continue;
			const id = touch(place.root, place.key);
			if (place.kind === 'entry') push(entryWrites, id, struct as Y.Item);
			else {
				let fields = fieldWrites.get(place.holder);
				if (!fields) fieldWrites.set(place.holder, (fields = new Map()));
				push(fields, place.field, struct as Y.Item);
				let values = fieldValues.get(id);
				if (!values) fieldValues.set(id, (values = new Map()));
				values.set(place.field, lastOf(struct as Y.Item));
			}
		}
	}

	// Deletions: each must be of something the document or the update has; what they reach is touched too.
	for (const [client, ranges] of ds.clients) {
		const has = stateAfter.get(client) ?? Y.getState(store, client);
		const documentHas = Y.getState(store, client);
		for (const { clock, len } of ranges) {
			if (clock + len > has) return { problem: DEPENDS_ON_MISSING };
			const end = Math.min(clock + len, documentHas);
			if (clock >= end) continue;
			const list = store.clients.get(client)!;
			for (let i = Y.findIndexSS(list, clock); i < list.length && list[i]!.id.clock < end; i++) {
				const place = placeOf(list[i]!);
				if (typeof place !== 'string' && place.kind !== 'nowhere') touch(place.root, place.key);
			}
		}
	}

	const gone = (item: Y.Item): boolean =>
		item.deleted ||
		item.content instanceof Y.ContentDeleted ||
		Y.isDeleted(ds, Y.createID(item.id.client, item.id.clock + item.length - 1));

	/**
	 * The newest item of a key after the update, when the update's items for it form one chain on the document's
	 * newest (`current`), each written on the one before and nothing to its right: then Yjs places each at the end.
	 */
	const newest = (current: Y.Item | null, written: readonly Y.Item[] | undefined): Y.Item | null | typeof RACED => {
		if (!written || written.length === 0) return current;
		if (cut) return RACED;
		const byOrigin = new Map<string, Y.Item>();
		for (const item of written) {
			if (item.rightOrigin !== null) return RACED;
			const origin = idKey(item.origin);
			if (byOrigin.has(origin)) return RACED;
			byOrigin.set(origin, item);
		}
		let tip = current;
		for (let i = 0; i < written.length; i++) {
			const next = byOrigin.get(
				tip === null ? idKey(null) : idKey(Y.createID(tip.id.client, tip.id.clock + tip.length - 1))
			);
			if (next === undefined) return RACED;
			tip = next;
		}
		return tip;
	};

	/** An entry's fields after the update, read directly; RACED when that cannot be done. */
	const readAfter = (id: string, root: string, key: string): EntryAfter | typeof RACED => {
		const rootType = doc.share.get(root) as InternalType | undefined;
		const entry = newest(rootType?._map.get(key) ?? null, entryWrites.get(id));
		if (entry === RACED) return RACED;
		if (entry === null || gone(entry)) return undefined;
		if (!(entry.content instanceof Y.ContentType) || !(entry.content.type instanceof Y.Map)) return null;
		const existing = isFresh.has(entry) ? undefined : (entry.content.type as unknown as InternalType)._map;
		const writes = fieldWrites.get(entry);
		const fields = new Map<string, unknown>();
		for (const field of new Set([...(existing?.keys() ?? []), ...(writes?.keys() ?? [])])) {
			const value = newest(existing?.get(field) ?? null, writes?.get(field));
			if (value === RACED) return RACED;
			if (value !== null && !gone(value)) fields.set(field, lastOf(value));
		}
		return fields;
	};

	let copy: Y.Doc | null = null;
	const entries: EntryEffect[] = [];
	try {
		for (const [id, { root, key }] of touched) {
			let after = readAfter(id, root, key);
			if (after === RACED) {
				if (copy === null) {
					copy = new Y.Doc();
					Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
					Y.applyUpdate(copy, update);
				}
				after = copiedEntry(copy, root, key);
			}
			entries.push({
				root,
				key,
				written: entryWrites.has(id) ? 'all' : (fieldValues.get(id) ?? new Map()),
				after
			});
		}
	} finally {
		copy?.destroy();
	}
	return { entries, copied: copy !== null };
}

function copiedEntry(copy: Y.Doc, root: string, key: string): EntryAfter {
	const entry: unknown = copy.getMap(root).get(key);
	if (entry === undefined) return undefined;
	return entry instanceof Y.Map ? new Map(entry.entries()) : null;
}

/** The value a map reads from an item: the last of its content. */
function lastOf(item: Y.Item): unknown {
	const content = item.content.getContent();
	return content[content.length - 1];
}

function idKey(id: Y.ID | null): string {
	return id === null ? '' : `${id.client}:${id.clock}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}
