import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { setAnswer } from '$lib/live/answers-doc';
import {
	answerChanges,
	deductionItems,
	deductionsAt,
	ScoringReplay,
	scoringChanges,
	type LogRow
} from '$lib/live/history';
import { addComment, addDeduction, removeDeduction, updateDeduction } from '$lib/live/scoring-doc';
import { describeChange, filterHistory, quote } from '$lib/i18n/history-wording';

// A log as the server keeps it: each update with the signed-in user who sent it and the time it arrived.
function recorder(doc: Y.Doc) {
	const rows: LogRow[] = [];
	let who = 0;
	let clock = 1_700_000_000_000;
	doc.on('update', (update: Uint8Array) =>
		rows.push({ id: rows.length + 1, userId: who, createdAt: (clock += 60_000), update })
	);
	return { rows, as: (userId: number) => (who = userId) };
}

const head = { id: 1, name: 'Hiệu trưởng Trường Chính trị tỉnh Sơn La' };
const vice = { id: 2, name: 'Hiệu trưởng Trường Chính trị tỉnh Lai Châu' };

describe('scoringChanges', () => {
	it('replays the log into changes with their true authors: add, edit, move, remove, comment', () => {
		const doc = new Y.Doc();
		const log = recorder(doc);
		log.as(vice.id);
		const a = addDeduction(
			doc,
			{ unit: 'lao-cai', criterion: 'I.2.3', points: 200, reason: 'Tỷ lệ lớp không đạt' },
			vice
		);
		log.as(head.id);
		updateDeduction(doc, a, { points: 150 }, head);
		updateDeduction(doc, a, { reason: 'Tỷ lệ lớp tập trung không đạt 1/3' }, head);
		updateDeduction(doc, a, { criterion: 'I.2.2' }, head);
		addComment(doc, { unit: 'lao-cai', criterion: 'II.3', parentId: null, text: 'Cần xem lại đề tài' }, head);
		log.as(vice.id);
		const b = addDeduction(doc, { unit: 'ha-giang', criterion: 'II.1', points: 100, reason: 'x' }, vice);
		removeDeduction(doc, a);

		const changes = scoringChanges(log.rows);
		expect(changes.map((c) => [c.kind, c.userId, c.unit, c.criterion])).toEqual([
			['add', 2, 'lao-cai', 'I.2.3'],
			['points', 1, 'lao-cai', 'I.2.3'],
			['reason', 1, 'lao-cai', 'I.2.3'],
			['move', 1, 'lao-cai', 'I.2.2'],
			['comment', 1, 'lao-cai', 'II.3'],
			['add', 2, 'ha-giang', 'II.1'],
			['remove', 2, 'lao-cai', 'I.2.2']
		]);
		expect(changes[1]).toMatchObject({ from: 200, to: 150 });
		expect(deductionItems(changes).get(a)).toBe('I.2.2');

		// The state at any moment is the fold of the changes up to it.
		expect(deductionsAt(changes, changes[0]!.at).map((d) => [d.criterion, d.points])).toEqual([['I.2.3', 200]]);
		expect(deductionsAt(changes, changes[3]!.at).map((d) => [d.criterion, d.points, d.reason])).toEqual([
			['I.2.2', 150, 'Tỷ lệ lớp tập trung không đạt 1/3']
		]);
		expect(deductionsAt(changes, Number.POSITIVE_INFINITY).map((d) => d.id)).toEqual([b]);
		expect(deductionsAt(changes, Number.NEGATIVE_INFINITY)).toEqual([]);
	});

	it('an undone change is one more change in the log', () => {
		const doc = new Y.Doc();
		const log = recorder(doc);
		log.as(head.id);
		const undo = new Y.UndoManager(doc.getMap('deductions'), { captureTimeout: 0 });
		addDeduction(doc, { unit: 'lao-cai', criterion: 'II.3', points: 200, reason: 'Trùng đề tài' }, head);
		undo.undo();
		undo.redo();
		expect(scoringChanges(log.rows).map((c) => c.kind)).toEqual(['add', 'remove', 'add']);
	});

	it('read a slice of the log at a time, gives the same changes as the whole log at once', () => {
		const doc = new Y.Doc();
		const log = recorder(doc);
		log.as(head.id);
		const ids = [0, 1, 2].map((i) =>
			addDeduction(doc, { unit: 'lao-cai', criterion: `I.${i + 1}`, points: 100, reason: `r${i}` }, head)
		);
		for (let i = 0; i < 20; i++)
			updateDeduction(doc, ids[i % 3]!, i % 2 ? { points: 50 + i } : { reason: `lý do ${i}` }, head);
		addComment(doc, { unit: 'lao-cai', criterion: 'I.1', parentId: null, text: 'Góp ý' }, head);
		removeDeduction(doc, ids[1]!);
		const whole = scoringChanges(log.rows);
		for (const size of [1, 4, 7]) {
			const replay = new ScoringReplay();
			const sliced = [];
			for (let start = 0; start < log.rows.length; start += size)
				sliced.push(...replay.read(log.rows.slice(start, start + size)));
			expect(sliced).toEqual(whole);
			expect(replay.items.get(ids[1]!)).toBe('I.2');
			replay.destroy();
		}
	});
});

describe('answerChanges', () => {
	it('lists each new or rewritten answer, on the item of the deduction it answers', () => {
		const doc = new Y.Doc();
		const log = recorder(doc);
		log.as(7);
		// Answers are keyed by the deduction's id, a UUID.
		const d1 = '6f1c2b9e-4d3a-4c5b-8e7f-0a1b2c3d4e5f';
		setAnswer(doc, d1, 'Đề tài và sáng kiến là hai sản phẩm khác nhau.', { id: 7, name: 'Đại biểu Lào Cai' });
		setAnswer(doc, d1, 'Xin bổ sung minh chứng.', { id: 7, name: 'Đại biểu Lào Cai' });
		const changes = answerChanges('lao-cai', log.rows, (id) => (id === d1 ? 'II.3' : undefined));
		expect(changes.map((c) => [c.kind, c.userId, c.criterion, 'text' in c ? c.text : ''])).toEqual([
			['answer', 7, 'II.3', 'Đề tài và sáng kiến là hai sản phẩm khác nhau.'],
			['answer', 7, 'II.3', 'Xin bổ sung minh chứng.']
		]);
	});
});

describe('describeChange', () => {
	const base = { logId: 1, userId: 2, at: 0, unit: 'lao-cai', criterion: 'I.2.3', deductionId: 'd' };
	const name = vice.name;
	it('says each change in words', () => {
		expect(
			describeChange('vi', { ...base, kind: 'add', points: 100, reason: 'Tỷ lệ lớp không đạt 1/3' }, name)
		).toBe('Hiệu trưởng Trường Chính trị tỉnh Lai Châu trừ 1 điểm mục I.2.3: «Tỷ lệ lớp không đạt 1/3»');
		expect(describeChange('vi', { ...base, kind: 'points', from: 200, to: 150 }, name)).toBe(
			'Hiệu trưởng Trường Chính trị tỉnh Lai Châu sửa điểm trừ mục I.2.3: 2 → 1,5'
		);
		expect(describeChange('vi', { ...base, kind: 'remove', points: 150, reason: 'x' }, name)).toBe(
			'Hiệu trưởng Trường Chính trị tỉnh Lai Châu xóa khoản trừ 1,5 điểm mục I.2.3: «x»'
		);
		expect(describeChange('vi', { ...base, kind: 'move', from: 'I.2.2' }, name)).toBe(
			'Hiệu trưởng Trường Chính trị tỉnh Lai Châu chuyển khoản trừ điểm từ mục I.2.2 sang mục I.2.3'
		);
		expect(describeChange('vi', { ...base, kind: 'answer', text: 'Giải trình' }, 'Đại biểu')).toBe(
			'Đại biểu giải trình khoản trừ mục I.2.3: «Giải trình»'
		);
		expect(describeChange('en', { ...base, kind: 'points', from: 200, to: 150 }, 'A')).toBe(
			'A changed the deduction on I.2.3: 2 → 1.5'
		);
	});

	it('cuts long texts to one line', () => {
		expect(quote('a\n  b')).toBe('a b');
		expect(quote('x'.repeat(200), 10)).toBe(`${'x'.repeat(9)}…`);
	});
});

describe('filterHistory', () => {
	const rows = [
		{ logId: 1, at: 1, userId: 1, criterion: 'I.1' },
		{ logId: 2, at: 2, userId: 2, criterion: 'I.2' },
		{ logId: 3, at: 2, userId: 1, criterion: 'I.2' }
	];
	it('lists newest first, by item and by person', () => {
		expect(filterHistory(rows, {}).map((r) => r.logId)).toEqual([3, 2, 1]);
		expect(filterHistory(rows, { criterion: 'I.2' }).map((r) => r.logId)).toEqual([3, 2]);
		expect(filterHistory(rows, { userId: 1 }).map((r) => r.logId)).toEqual([3, 1]);
	});
});
