import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { answerWriteProblem, setAnswer } from '$lib/live/answers-doc';
import { CLOCK_TOLERANCE_MS } from '$lib/live/entry';
import {
	addComment,
	addDeduction,
	commentsMap,
	commentWriteProblem,
	deductionsMap,
	deductionWriteProblem,
	readDeduction,
	updateDeduction
} from '$lib/live/scoring-doc';

// The rules for a new and an edited live entry, as the server's content check applies them.

const head = { id: 2, name: 'Hiệu trưởng Sơn La' };
const vice = { id: 3, name: 'Hiệu trưởng Lai Châu' };
const NOW = Date.parse('2026-12-15T08:00:00.000Z');
const at = (ms: number) => new Date(NOW + ms);

function newDeduction(author = head, when = at(0)) {
	const doc = new Y.Doc();
	const id = addDeduction(doc, { unit: 'son-la', criterion: 'I.1', points: 50, reason: 'lý do' }, author, when);
	return { doc, id, entry: deductionsMap(doc).get(id)! };
}

describe('a new deduction', () => {
	it('is the writer’s, now', () => {
		const { id, entry } = newDeduction();
		expect(deductionWriteProblem(undefined, id, entry, 'all', head, NOW)).toBeNull();
		expect(deductionWriteProblem(undefined, id, entry, 'all', vice, NOW)).toMatch(/writer/);
		expect(deductionWriteProblem(undefined, id, entry, 'all', { ...head, name: 'Ai đó' }, NOW)).toMatch(/writer/);
		expect(deductionWriteProblem(undefined, id, entry, 'all', head, NOW + CLOCK_TOLERANCE_MS + 1)).toMatch(/time/);
	});

	it('holds exactly its fields, each within bounds', () => {
		const { id, entry } = newDeduction();
		entry.set('extra', 1);
		expect(deductionWriteProblem(undefined, id, entry, 'all', head, NOW)).toMatch(/malformed/);
		const long = newDeduction();
		long.entry.set('reason', 'x'.repeat(2001));
		expect(deductionWriteProblem(undefined, long.id, long.entry, 'all', head, NOW)).toMatch(/malformed/);
		expect(readDeduction('not-a-uuid', newDeduction().entry)).toBeUndefined();
	});
});

describe('an edit', () => {
	const { id, entry } = newDeduction();
	const before = readDeduction(id, entry)!;
	const stamp = (who: typeof head, ms = 0) =>
		[
			['updatedAt', at(ms).toISOString()],
			['updatedById', who.id],
			['updatedBy', who.name]
		] as const;

	it('is judged by what it wrote: its own stamp, now, even when a concurrent edit’s stamp is the one that shows', () => {
		expect(
			deductionWriteProblem(
				before,
				id,
				entry,
				new Map<string, unknown>([['points', 100], ...stamp(vice)]),
				vice,
				NOW
			)
		).toBeNull();
		expect(
			deductionWriteProblem(before, id, entry, new Map<string, unknown>([['points', 100]]), vice, NOW)
		).toMatch(/who made it/);
		expect(
			deductionWriteProblem(
				before,
				id,
				entry,
				new Map<string, unknown>([['points', 100], ...stamp(head)]),
				vice,
				NOW
			)
		).toMatch(/stamped/);
		expect(
			deductionWriteProblem(
				before,
				id,
				entry,
				new Map<string, unknown>([['points', 100], ...stamp(vice, -CLOCK_TOLERANCE_MS - 1)]),
				vice,
				NOW
			)
		).toMatch(/time/);
	});

	it('never writes the author, the unit or the creation time', () => {
		for (const key of ['authorId', 'authorName', 'createdAt', 'unit']) {
			const written = new Map<string, unknown>([[key, (entry as Y.Map<unknown>).get(key)], ...stamp(vice)]);
			expect(deductionWriteProblem(before, id, entry, written, vice, NOW)).toMatch(/cannot change/);
		}
	});
});

describe('an answer', () => {
	it('answers a deduction of its own unit, signed by the writer, now', () => {
		const scoring = newDeduction();
		const answers = new Y.Doc();
		const delegate = { id: 9, name: 'Đại biểu Sơn La' };
		setAnswer(answers, scoring.id, 'giải trình', delegate, at(0));
		const entry = answers.getMap('answers').get(scoring.id);
		expect(answerWriteProblem(scoring.id, entry, 'all', 'son-la', scoring.doc, delegate, NOW)).toBeNull();
		expect(answerWriteProblem(scoring.id, entry, 'all', 'ha-giang', scoring.doc, delegate, NOW)).toMatch(
			/own unit/
		);
		expect(answerWriteProblem(scoring.id, entry, 'all', 'son-la', scoring.doc, head, NOW)).toMatch(/writer/);
		setAnswer(answers, scoring.id, '   ', delegate, at(0));
		expect(
			answerWriteProblem(
				scoring.id,
				answers.getMap('answers').get(scoring.id),
				'all',
				'son-la',
				scoring.doc,
				delegate,
				NOW
			)
		).toMatch(/malformed/);
	});
});

describe('text a document cannot hold', () => {
	const delegate = { id: 9, name: 'Đại biểu Sơn La' };

	it('refuses a reason, a comment or an answer that carries a character XML does not allow, and says which', () => {
		for (const bad of ['\u000B', '\u0000', '\u001F', '\uFFFE', '\uFFFF', '\uD800']) {
			const { id, entry } = newDeduction();
			entry.set('reason', `lý do${bad}tiếp`);
			expect(deductionWriteProblem(undefined, id, entry, 'all', head, NOW)).toMatch(
				/reason holds a character documents cannot hold \(U\+/
			);
			const before = readDeduction(id, newDeduction().entry);
			const edit = new Map<string, unknown>([
				['reason', `sửa${bad}`],
				['updatedAt', at(0).toISOString()],
				['updatedById', vice.id],
				['updatedBy', vice.name]
			]);
			expect(deductionWriteProblem(before, id, entry, edit, vice, NOW)).toMatch(/cannot hold/);

			const comments = new Y.Doc();
			const commentId = addComment(
				comments,
				{ unit: 'son-la', criterion: 'I.1', parentId: null, text: 'x' },
				head,
				at(0)
			);
			const comment = commentsMap(comments).get(commentId)!;
			comment.set('text', `nhận xét${bad}`);
			expect(commentWriteProblem(false, commentId, comment, () => true, head, NOW)).toMatch(
				/text holds a character/
			);

			const scoring = newDeduction();
			const answers = new Y.Doc();
			setAnswer(answers, scoring.id, 'x', delegate, at(0));
			const answer = answers.getMap('answers').get(scoring.id) as Y.Map<unknown>;
			answer.set('text', `giải trình${bad}`);
			expect(answerWriteProblem(scoring.id, answer, 'all', 'son-la', scoring.doc, delegate, NOW)).toMatch(
				/text holds a character/
			);
		}
	});

	it('writes the browser’s text normalised: Word’s Shift+Enter becomes a new line, and the write passes', () => {
		const doc = new Y.Doc();
		const id = addDeduction(
			doc,
			{ unit: 'son-la', criterion: 'I.1', points: 50, reason: 'dòng một\u000Bdòng hai\u0001' },
			head,
			at(0)
		);
		expect(readDeduction(id, deductionsMap(doc).get(id))!.reason).toBe('dòng một\ndòng hai');
		expect(deductionWriteProblem(undefined, id, deductionsMap(doc).get(id), 'all', head, NOW)).toBeNull();
		updateDeduction(doc, id, { reason: 'sửa\u000Blại' }, vice, at(0));
		expect(readDeduction(id, deductionsMap(doc).get(id))!.reason).toBe('sửa\nlại');
		const commentId = addComment(
			doc,
			{ unit: 'son-la', criterion: 'I.1', parentId: null, text: 'a\u000Bb' },
			head,
			at(0)
		);
		expect(commentsMap(doc).get(commentId)!.get('text')).toBe('a\nb');
		const answers = new Y.Doc();
		setAnswer(answers, id, 'c\u000Bd', delegate, at(0));
		expect((answers.getMap('answers').get(id) as Y.Map<unknown>).get('text')).toBe('c\nd');
	});

	it('does not block an edit of another field of an entry stored before the rule', () => {
		const { id, entry } = newDeduction();
		entry.set('reason', 'cũ\u000B');
		const before = readDeduction(id, entry)!;
		const edit = new Map<string, unknown>([
			['points', 100],
			['updatedAt', at(0).toISOString()],
			['updatedById', vice.id],
			['updatedBy', vice.name]
		]);
		expect(deductionWriteProblem(before, id, entry, edit, vice, NOW)).toBeNull();
	});
});

describe('a citation', () => {
	const digest = 'a'.repeat(64);

	it('is part of the deduction: a file’s SHA-256 and a short text, read back as written', () => {
		const doc = new Y.Doc();
		const id = addDeduction(
			doc,
			{
				unit: 'son-la',
				criterion: 'II.1.1',
				points: 200,
				reason: 'chỉ phối hợp',
				citation: { file: digest, text: ' Quyết định số 12 chỉ ghi phối hợp ' }
			},
			head,
			at(0)
		);
		const entry = deductionsMap(doc).get(id)!;
		expect(deductionWriteProblem(undefined, id, entry, 'all', head, NOW)).toBeNull();
		expect(readDeduction(id, entry)!.citation).toEqual({ file: digest, text: 'Quyết định số 12 chỉ ghi phối hợp' });
	});

	it('is absent from a deduction that cites nothing, and from entries written before citations existed', () => {
		const { id, entry } = newDeduction();
		expect(entry.has('citedFile')).toBe(false);
		expect(readDeduction(id, entry)!.citation).toBeUndefined();
	});

	it('can be a text alone, or a file alone', () => {
		const doc = new Y.Doc();
		const id = addDeduction(
			doc,
			{
				unit: 'son-la',
				criterion: 'I.1',
				points: 50,
				reason: 'lý do',
				citation: { file: null, text: 'Biên bản' }
			},
			head,
			at(0)
		);
		expect(readDeduction(id, deductionsMap(doc).get(id))!.citation).toEqual({ file: null, text: 'Biên bản' });
		updateDeduction(doc, id, { citation: { file: digest, text: '' } }, head, at(1000));
		expect(readDeduction(id, deductionsMap(doc).get(id))!.citation).toEqual({ file: digest, text: '' });
		updateDeduction(doc, id, { citation: null }, head, at(2000));
		expect(readDeduction(id, deductionsMap(doc).get(id))!.citation).toBeUndefined();
	});

	it('is refused when its file is not a SHA-256, its text too long or not writable in a document', () => {
		for (const [field, value] of [
			['citedFile', 'A'.repeat(64)],
			['citedFile', 'abc'],
			['citedFile', 12],
			['citation', 'x'.repeat(501)],
			['citation', null]
		] as const) {
			const { id, entry } = newDeduction();
			entry.set(field, value);
			expect(deductionWriteProblem(undefined, id, entry, 'all', head, NOW), `${field}=${String(value)}`).toMatch(
				/malformed/
			);
		}
		const { id, entry } = newDeduction();
		entry.set('citation', 'dòng\u0001');
		expect(deductionWriteProblem(undefined, id, entry, 'all', head, NOW)).toMatch(/citation holds a character/);
	});

	it('is an edit like any other: stamped by its writer', () => {
		const { doc, id, entry } = newDeduction();
		const before = readDeduction(id, entry)!;
		const written = new Map<string, unknown>([
			['citedFile', digest],
			['citation', 'Quyết định'],
			['updatedAt', at(0).toISOString()],
			['updatedById', vice.id],
			['updatedBy', vice.name]
		]);
		updateDeduction(doc, id, { citation: { file: digest, text: 'Quyết định' } }, vice, at(0));
		expect(deductionWriteProblem(before, id, entry, written, vice, NOW)).toBeNull();
		written.delete('updatedById');
		expect(deductionWriteProblem(before, id, entry, written, vice, NOW)).toMatch(/who made it/);
	});
});
