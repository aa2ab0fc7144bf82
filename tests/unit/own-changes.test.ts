import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { OwnChanges } from '../../src/lib/live/own-changes';
import { addDeduction, readDeductions, updateDeduction } from '../../src/lib/live/scoring-doc';

// Undo of one's own changes on the scoring document, with a colleague editing the same document: two replicas
// kept in step by hand, as the server keeps the screens.

const head = { id: 1, name: 'Nguyễn Văn A' };
const vice = { id: 2, name: 'Trần Thị B' };

function pair() {
	const a = new Y.Doc();
	const b = new Y.Doc();
	a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, u, 'remote'));
	b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(a, u, 'remote'));
	return { a, b };
}

function made(doc: Y.Doc, changes: OwnChanges, points: number, reason: string, at: Date) {
	const id = addDeduction(doc, { unit: 'son-la', criterion: 'I.1', points, reason }, head, at);
	changes.record({ kind: 'add', id, code: 'I.1', stamp: OwnChanges.stamp(doc, id)! });
	return id;
}

function edited(doc: Y.Doc, changes: OwnChanges, id: string, points: number, at: Date) {
	const was = readDeductions(doc).find((d) => d.id === id)!;
	updateDeduction(doc, id, { points }, head, at);
	changes.record({
		kind: 'edit',
		id,
		code: was.criterion,
		stamp: OwnChanges.stamp(doc, id)!,
		before: { points: was.points, reason: was.reason },
		after: { points, reason: was.reason }
	});
}

describe('own changes', () => {
	it('undoes and redoes one’s own edit with a fresh stamp of one’s own', () => {
		const { a } = pair();
		const changes = new OwnChanges(head);
		const id = made(a, changes, 100, 'Thiếu báo cáo', new Date('2026-12-06T10:00:00.000Z'));
		edited(a, changes, id, 50, new Date('2026-12-06T10:01:00.000Z'));
		const outcome = changes.undo(a, new Date('2026-12-06T10:02:00.000Z'));
		expect(outcome.done).toBe(true);
		const d = readDeductions(a)[0]!;
		expect(d.points).toBe(100);
		expect(d.updatedAt).toBe('2026-12-06T10:02:00.000Z');
		expect(changes.redo(a, new Date('2026-12-06T10:03:00.000Z')).done).toBe(true);
		expect(readDeductions(a)[0]!.points).toBe(50);
		// Undo twice takes the deduction away; redo puts it back exactly as it was, under its key.
		changes.undo(a);
		changes.undo(a);
		expect(readDeductions(a)).toEqual([]);
		changes.redo(a);
		expect(readDeductions(a).map((x) => [x.id, x.points, x.createdAt])).toEqual([
			[id, 100, '2026-12-06T10:00:00.000Z']
		]);
	});

	it('takes back a citation changed by an edit, and leaves one the edit did not touch', () => {
		const { a } = pair();
		const changes = new OwnChanges(head);
		const id = made(a, changes, 100, 'Thiếu báo cáo', new Date('2026-12-06T10:00:00.000Z'));
		const cite = { file: 'e'.repeat(64), text: 'Quyết định số 12' };
		updateDeduction(a, id, { citation: cite }, head, new Date('2026-12-06T10:01:00.000Z'));
		changes.record({
			kind: 'edit',
			id,
			code: 'I.1',
			stamp: OwnChanges.stamp(a, id)!,
			before: { points: 100, reason: 'Thiếu báo cáo', citation: null },
			after: { points: 100, reason: 'Thiếu báo cáo', citation: cite }
		});
		edited(a, changes, id, 50, new Date('2026-12-06T10:02:00.000Z'));
		changes.undo(a, new Date('2026-12-06T10:03:00.000Z'));
		expect(readDeductions(a)[0]).toMatchObject({ points: 100, citation: cite });
		changes.undo(a, new Date('2026-12-06T10:04:00.000Z'));
		expect(readDeductions(a)[0]!.citation).toBeUndefined();
		changes.redo(a, new Date('2026-12-06T10:05:00.000Z'));
		expect(readDeductions(a)[0]!.citation).toEqual(cite);
	});

	it('skips an undo over a colleague’s later edit, naming them, and goes on with the rest of the stack', () => {
		const { a, b } = pair();
		const changes = new OwnChanges(head);
		const first = made(a, changes, 100, 'Thiếu báo cáo', new Date());
		const second = made(a, changes, 50, 'Nộp chậm', new Date());
		updateDeduction(b, second, { points: 25 }, vice);
		const skipped = changes.undo(a);
		expect(skipped).toMatchObject({ done: false, why: 'changedBy', by: { id: 2, name: 'Trần Thị B' } });
		expect(readDeductions(a).find((d) => d.id === second)!.points).toBe(25);
		expect(readDeductions(b).find((d) => d.id === second)!.points).toBe(25);
		// The skipped change leaves the stack; the next undo takes back the head's own first deduction.
		expect(changes.undo(a).done).toBe(true);
		expect(readDeductions(b).map((d) => d.id)).toEqual([second]);
		expect(changes.undoStack).toEqual([]);
		expect(first).toBeTruthy();
	});

	it('skips an undo of a deduction removed since', () => {
		const { a, b } = pair();
		const changes = new OwnChanges(head);
		const id = made(a, changes, 100, 'Thiếu báo cáo', new Date());
		b.getMap('deductions').delete(id);
		expect(changes.undo(a)).toMatchObject({ done: false, why: 'removedSince' });
	});

	it('puts an undo the server refused back on the stack, to be tried again on the server’s copy', () => {
		const { a } = pair();
		const changes = new OwnChanges(head);
		made(a, changes, 100, 'Thiếu báo cáo', new Date());
		const id = made(a, changes, 50, 'Nộp chậm', new Date());
		const server = Y.encodeStateAsUpdate(a);
		changes.undo(a);
		expect(changes.redoStack.length).toBe(1);
		expect(changes.refused()).toBe('undo');
		expect(changes.redoStack).toEqual([]);
		expect(changes.undoStack.length).toBe(2);
		// A fresh copy from the server (which never had the undo): the same undo now goes through.
		const fresh = new Y.Doc();
		Y.applyUpdate(fresh, server);
		expect(changes.undo(fresh).done).toBe(true);
		expect(readDeductions(fresh).map((d) => d.id)).not.toContain(id);
	});

	it('forgets a change the server refused', () => {
		const { a } = pair();
		const changes = new OwnChanges(head);
		made(a, changes, 100, 'Thiếu báo cáo', new Date());
		made(a, changes, 50, 'Nộp chậm', new Date());
		expect(changes.refused()).toBe('edit');
		expect(changes.undoStack.length).toBe(1);
	});
});
