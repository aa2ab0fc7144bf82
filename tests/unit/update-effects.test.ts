import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEPENDS_ON_MISSING, readUpdateEffects, type EntryAfter } from '$lib/server/live/update-effects';
import { prng } from '../support/hub';

// What an update does to a live document's entries, read from its structs without applying it, must be exactly
// what applying it does: checked here against Yjs itself over many random concurrent edits.

const ROOTS = ['deductions', 'comments'] as const;

/** A screen: its own document, and the updates it made that the server has not had yet. */
function screen(server: Y.Doc, clientID: number) {
	const doc = new Y.Doc();
	doc.clientID = clientID;
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
	const outbox: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array, origin: unknown) => {
		if (origin !== 'server') outbox.push(update);
	});
	return {
		doc,
		outbox,
		catchUp: () => Y.applyUpdate(doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc)), 'server')
	};
}

function entriesOf(doc: Y.Doc, root: string): Map<string, unknown> {
	return new Map(Object.entries(doc.getMap(root).toJSON()));
}

function plain(after: EntryAfter): unknown {
	return after instanceof Map ? Object.fromEntries(after) : after;
}

function entry(fields: Record<string, unknown>): Y.Map<unknown> {
	const map = new Y.Map<unknown>();
	for (const [key, value] of Object.entries(fields)) map.set(key, value);
	return map;
}

describe('reading an update against the document', () => {
	it('matches what Yjs does, entry by entry, over random concurrent edits from four screens', () => {
		let direct = 0;
		let copied = 0;
		for (let seed = 1; seed <= 40; seed++) {
			const next = prng(seed);
			const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
			const server = new Y.Doc();
			const screens = [1, 2, 3, 4].map((id) => screen(server, id));
			for (let step = 0; step < 150; step++) {
				const s = pick(screens);
				const deductions = s.doc.getMap<Y.Map<unknown>>('deductions');
				const keys = [...deductions.keys()];
				const roll = next();
				if (roll < 0.15 || keys.length === 0)
					deductions.set(`d${seed}-${step}`, entry({ points: step, reason: `r${step}` }));
				else if (roll < 0.45) {
					const target = deductions.get(pick(keys))!;
					s.doc.transact(() => {
						target.set('points', Math.floor(next() * 100));
						if (next() < 0.5) target.set('reason', `edit ${step}`);
						if (next() < 0.2) target.set('points', step);
					});
				} else if (roll < 0.52) deductions.delete(pick(keys));
				else if (roll < 0.56) deductions.set(pick(keys), entry({ points: 1, reason: 'replaced' }));
				else if (roll < 0.6) s.doc.getMap('comments').set(`c${step}`, entry({ text: `c${step}` }));
				else if (roll < 0.85 && s.outbox.length > 0) {
					// The server takes this screen's oldest update.
					const update = s.outbox.shift()!;
					const before = {
						deductions: entriesOf(server, 'deductions'),
						comments: entriesOf(server, 'comments')
					};
					const state = Y.encodeStateAsUpdate(server);
					const effects = readUpdateEffects(server, update, ROOTS);
					expect(Y.encodeStateAsUpdate(server)).toEqual(state);
					if ('problem' in effects) throw new Error(`seed ${seed}, step ${step}: ${effects.problem}`);
					if (effects.copied) copied++;
					else direct++;
					Y.applyUpdate(server, update);
					for (const root of ROOTS) {
						const after = entriesOf(server, root);
						const reached = new Map(
							effects.entries.filter((e) => e.root === root).map((e) => [e.key, plain(e.after)])
						);
						for (const [key, value] of reached)
							expect(value, `seed ${seed}, step ${step}, ${root} ${key}`).toEqual(after.get(key));
						// Every entry the update changed is among those it reaches.
						for (const key of new Set([...before[root].keys(), ...after.keys()])) {
							if (JSON.stringify(before[root].get(key)) !== JSON.stringify(after.get(key)))
								expect(reached.has(key), `${root} ${key}`).toBe(true);
						}
					}
				} else s.catchUp();
			}
		}
		// Both ways of reading were taken: directly, and through a copy when writes raced.
		expect(direct).toBeGreaterThan(1000);
		expect(copied).toBeGreaterThan(10);
	});

	it('says what an edit wrote and what the entry holds after it, without a copy', () => {
		const server = new Y.Doc();
		server.getMap('deductions').set('d', entry({ points: 5, reason: 'a', author: 'x' }));
		const s = screen(server, 7);
		s.doc.transact(() => {
			const d = s.doc.getMap<Y.Map<unknown>>('deductions').get('d')!;
			d.set('points', 6);
			d.set('points', 7);
			d.set('reason', 'b');
		});
		const effects = readUpdateEffects(server, s.outbox[0]!, ROOTS);
		expect(effects).toEqual({
			copied: false,
			entries: [
				{
					root: 'deductions',
					key: 'd',
					written: new Map<string, unknown>([
						['points', 7],
						['reason', 'b']
					]),
					after: new Map<string, unknown>([
						['points', 7],
						['reason', 'b'],
						['author', 'x']
					])
				}
			]
		});
	});

	it('a new entry is written whole; a removed one has nothing after it', () => {
		const server = new Y.Doc();
		server.getMap('deductions').set('old', entry({ points: 1 }));
		const s = screen(server, 7);
		s.doc.transact(() => {
			s.doc.getMap('deductions').set('new', entry({ points: 2 }));
			s.doc.getMap('deductions').delete('old');
		});
		const effects = readUpdateEffects(server, s.outbox[0]!, ROOTS);
		if ('problem' in effects) throw new Error(effects.problem);
		expect(effects.entries.map((e) => [e.key, e.written, plain(e.after)])).toEqual([
			['new', 'all', { points: 2 }],
			['old', new Map(), undefined]
		]);
	});

	it('an edit that lands in an entry removed meanwhile reaches no entry', () => {
		const server = new Y.Doc();
		server.getMap('deductions').set('d', entry({ points: 1 }));
		const s = screen(server, 7);
		server.getMap('deductions').delete('d');
		s.doc.getMap<Y.Map<unknown>>('deductions').get('d')!.set('points', 2);
		const effects = readUpdateEffects(server, s.outbox[0]!, ROOTS);
		if ('problem' in effects) throw new Error(effects.problem);
		expect(effects.entries).toEqual([]);
		Y.applyUpdate(server, s.outbox[0]!);
		expect(server.getMap('deductions').toJSON()).toEqual({});
	});
});

describe('what has no place in a live document', () => {
	const fromFresh = (write: (doc: Y.Doc) => void) => {
		const doc = new Y.Doc();
		write(doc);
		return Y.encodeStateAsUpdate(doc);
	};

	it('refuses list content, nested types and unknown top-level names', () => {
		const problem = (update: Uint8Array) => {
			const effects = readUpdateEffects(new Y.Doc(), update, ROOTS);
			return 'problem' in effects ? effects.problem : null;
		};
		expect(problem(fromFresh((doc) => doc.getArray('deductions').insert(0, [1])))).toMatch(/list content/);
		expect(problem(fromFresh((doc) => doc.getMap('votes').set('x', 1)))).toMatch(/no place "votes"/);
		expect(
			problem(
				fromFresh((doc) => {
					const d = entry({ points: 1 });
					doc.getMap('deductions').set('d', d);
					const inner = new Y.Map<unknown>();
					d.set('nested', inner);
					inner.set('x', 1);
				})
			)
		).toMatch(/nested content/);
		expect(problem(fromFresh((doc) => doc.getMap('deductions').set('d', entry({ points: 1 }))))).toBeNull();
	});

	it('refuses structs and deletions built on changes the document never had', () => {
		const server = new Y.Doc();
		const s = screen(server, 7);
		s.doc.getMap('deductions').set('a', entry({ points: 1 }));
		s.doc.getMap('deductions').set('b', entry({ points: 2 }));
		// The first update never reached the server: the second builds on it.
		expect(readUpdateEffects(server, s.outbox[1]!, ROOTS)).toEqual({ problem: DEPENDS_ON_MISSING });
		s.doc.getMap('deductions').delete('a');
		const onlyDeletion = s.outbox[2]!;
		expect(readUpdateEffects(server, onlyDeletion, ROOTS)).toEqual({ problem: DEPENDS_ON_MISSING });
		Y.applyUpdate(server, s.outbox[0]!);
		expect('problem' in readUpdateEffects(server, s.outbox[1]!, ROOTS)).toBe(false);
	});
});
