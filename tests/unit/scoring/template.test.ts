import { describe, expect, it } from 'vitest';
import {
	criterionPath,
	findCriterion,
	templateFromInput,
	templateItems,
	templateSections,
	type CriterionInput,
	type TemplateError,
	type TemplateInput
} from '$lib/core/scoring';
import { small, smallInput } from './fixtures';

function errorsOf(input: TemplateInput): TemplateError[] {
	const built = templateFromInput(input);
	if (built.ok) throw new Error('expected the template to be refused');
	return built.errors;
}

function withItems(items: CriterionInput[], total = 10, step = 0.5): TemplateInput {
	return { name: 'T', total, step, items };
}

describe('templateFromInput', () => {
	it('builds sections and items with Points, kinds and titles', () => {
		expect(small.name).toBe('Small');
		expect(small.step).toBe(50);
		expect(small.nominalTotal).toBe(2000);
		expect(small.criteria.map((c) => c.code)).toEqual(['A', 'B', 'X']);
		const b = small.criteria[1];
		expect(b).toEqual({
			type: 'section',
			code: 'B',
			title: 'Section B',
			titleEn: 'Section B (en)',
			children: [
				{ type: 'item', code: 'B.1', title: 'B one', titleEn: null, max: 1000, kind: 'score' },
				{ type: 'item', code: 'B.2', title: 'B penalty', titleEn: null, max: 300, kind: 'penalty' }
			]
		});
	});

	it("defaults an item's kind to 'score'", () => {
		expect(findCriterion(small, 'A.1')).toMatchObject({ type: 'item', kind: 'score', max: 500 });
	});

	it('accepts a flat template of items without sections', () => {
		const built = templateFromInput(
			withItems([
				{ code: '1', title: 'one', max: 4 },
				{ code: '2', title: 'two', max: 6 }
			])
		);
		expect(built.ok).toBe(true);
		if (built.ok) expect(templateItems(built.template).map((i) => i.code)).toEqual(['1', '2']);
	});

	it('does not count bonus and penalty items in the nominal total', () => {
		const built = templateFromInput(
			withItems([
				{ code: 'a', title: 'a', max: 10 },
				{ code: 'b', title: 'b', max: 5, kind: 'bonus' },
				{ code: 'p', title: 'p', max: 5, kind: 'penalty' }
			])
		);
		expect(built.ok).toBe(true);
	});

	it('accepts steps other than half points', () => {
		const built = templateFromInput(
			withItems(
				[
					{ code: 'a', title: 'a', max: 0.75 },
					{ code: 'b', title: 'b', max: 9.25 }
				],
				10,
				0.25
			)
		);
		expect(built.ok).toBe(true);
		if (built.ok) expect(built.template.step).toBe(25);
	});

	it('reports duplicate_code once per repeated use, wherever it is nested', () => {
		const errors = errorsOf(
			withItems([
				{ code: 'S', title: 's', children: [{ code: 'a', title: 'a', max: 5 }] },
				{ code: 'T', title: 't', children: [{ code: 'a', title: 'a again', max: 5 }] }
			])
		);
		expect(errors).toEqual([{ reason: 'duplicate_code', code: 'a' }]);
	});

	it('reports a section and an item sharing a code', () => {
		const errors = errorsOf(withItems([{ code: 'S', title: 's', children: [{ code: 'S', title: 'a', max: 10 }] }]));
		expect(errors).toEqual([{ reason: 'duplicate_code', code: 'S' }]);
	});

	it('reports empty_code for blank codes', () => {
		const errors = errorsOf(
			withItems([
				{ code: ' ', title: 'a', max: 5 },
				{ code: '', title: 'b', max: 5 }
			])
		);
		expect(errors).toEqual([
			{ reason: 'empty_code', code: ' ' },
			{ reason: 'empty_code', code: '' }
		]);
	});

	it("reports reserved_code for 'total', on an item or a section", () => {
		expect(errorsOf(withItems([{ code: 'total', title: 'a', max: 10 }]))).toEqual([
			{ reason: 'reserved_code', code: 'total' }
		]);
		expect(
			errorsOf(withItems([{ code: 'total', title: 's', children: [{ code: 'a', title: 'a', max: 10 }] }]))
		).toEqual([{ reason: 'reserved_code', code: 'total' }]);
	});

	it('reports empty_section', () => {
		const errors = errorsOf(
			withItems([
				{ code: 'S', title: 's', children: [] },
				{ code: 'a', title: 'a', max: 10 }
			])
		);
		expect(errors).toEqual([{ reason: 'empty_section', code: 'S' }]);
	});

	it('reports item_without_max', () => {
		const errors = errorsOf(
			withItems([
				{ code: 'a', title: 'a' },
				{ code: 'b', title: 'b', max: 10 }
			])
		);
		expect(errors).toEqual([{ reason: 'item_without_max', code: 'a' }]);
	});

	it('reports max_not_positive for zero, negative and NaN', () => {
		const errors = errorsOf(
			withItems([
				{ code: 'a', title: 'a', max: 0 },
				{ code: 'b', title: 'b', max: -1 },
				{ code: 'c', title: 'c', max: Number.NaN },
				{ code: 'd', title: 'd', max: 10 }
			])
		);
		expect(errors).toEqual([
			{ reason: 'max_not_positive', code: 'a' },
			{ reason: 'max_not_positive', code: 'b' },
			{ reason: 'max_not_positive', code: 'c' }
		]);
	});

	it('reports max_off_step for a max that is not a whole number of steps or of hundredths', () => {
		expect(
			errorsOf(
				withItems([
					{ code: 'a', title: 'a', max: 9.75 },
					{ code: 'b', title: 'b', max: 0.25 }
				])
			)
		).toEqual([
			{ reason: 'max_off_step', code: 'a', actual: 975 },
			{ reason: 'max_off_step', code: 'b', actual: 25 }
		]);
		expect(errorsOf(withItems([{ code: 'a', title: 'a', max: 9.999 }]))).toEqual([
			{ reason: 'max_off_step', code: 'a' }
		]);
	});

	it('reports bad_kind', () => {
		const input = withItems([{ code: 'a', title: 'a', max: 10, kind: 'extra' as never }]);
		expect(errorsOf(input)).toEqual([{ reason: 'bad_kind', code: 'a' }]);
	});

	it.each([0, -0.5, Number.NaN, 0.001, Number.POSITIVE_INFINITY])('reports bad_step for step %s', (step) => {
		expect(errorsOf(withItems([{ code: 'a', title: 'a', max: 10 }], 10, step))).toEqual([{ reason: 'bad_step' }]);
	});

	it('reports total_mismatch with the declared total and the sum of the score items', () => {
		const errors = errorsOf(
			withItems(
				[
					{ code: 'a', title: 'a', max: 4 },
					{ code: 'b', title: 'b', max: 5, kind: 'bonus' }
				],
				10
			)
		);
		expect(errors).toEqual([{ reason: 'total_mismatch', expected: 1000, actual: 400 }]);
	});

	it('reports total_mismatch without expected when the declared total is not a number of hundredths', () => {
		expect(errorsOf(withItems([{ code: 'a', title: 'a', max: 10 }], Number.NaN))).toEqual([
			{ reason: 'total_mismatch', actual: 1000 }
		]);
	});

	it('does not report a total_mismatch caused only by an unusable item', () => {
		const errors = errorsOf(
			withItems(
				[
					{ code: 'a', title: 'a', max: 5 },
					{ code: 'b', title: 'b' }
				],
				10
			)
		);
		expect(errors.map((e) => e.reason)).toEqual(['item_without_max']);
	});

	it('collects every error, not just the first', () => {
		const errors = errorsOf({
			name: 'T',
			total: 50,
			step: 0,
			items: [
				{ code: 'total', title: 'x', max: 5 },
				{ code: 'S', title: 's', children: [] },
				{ code: 'S', title: 's', children: [{ code: 'i', title: 'i' }] }
			]
		});
		expect(errors.map((e) => e.reason)).toEqual([
			'bad_step',
			'reserved_code',
			'empty_section',
			'duplicate_code',
			'item_without_max'
		]);
	});

	it('does not alias or mutate the input', () => {
		const copy: unknown = JSON.parse(JSON.stringify(smallInput));
		templateFromInput(smallInput);
		expect(smallInput).toEqual(copy);
	});
});

describe('templateItems and templateSections', () => {
	it('lists items (leaves) in document order', () => {
		expect(templateItems(small).map((i) => i.code)).toEqual(['A.1', 'A.2.1', 'A.2.2', 'B.1', 'B.2', 'X.1']);
		expect(templateItems(small).every((i) => i.type === 'item')).toBe(true);
	});

	it('lists sections in document order, each before its subsections', () => {
		expect(templateSections(small).map((s) => s.code)).toEqual(['A', 'A.2', 'B', 'X']);
	});
});

describe('findCriterion', () => {
	it('finds sections and items at any depth', () => {
		expect(findCriterion(small, 'A')?.type).toBe('section');
		expect(findCriterion(small, 'A.2')?.type).toBe('section');
		expect(findCriterion(small, 'A.2.2')).toMatchObject({ type: 'item', code: 'A.2.2', max: 200 });
		expect(findCriterion(small, 'X.1')).toMatchObject({ kind: 'bonus' });
	});

	it('returns undefined for unknown codes, including the reserved total', () => {
		expect(findCriterion(small, 'Z')).toBeUndefined();
		expect(findCriterion(small, 'total')).toBeUndefined();
		expect(findCriterion(small, '')).toBeUndefined();
		expect(findCriterion(small, 'constructor')).toBeUndefined();
	});
});

describe('criterionPath', () => {
	it('goes from the root section to the criterion', () => {
		expect(criterionPath(small, 'A.2.1').map((c) => c.code)).toEqual(['A', 'A.2', 'A.2.1']);
		expect(criterionPath(small, 'B.2').map((c) => c.code)).toEqual(['B', 'B.2']);
		expect(criterionPath(small, 'A').map((c) => c.code)).toEqual(['A']);
	});

	it('is empty for an unknown code', () => {
		expect(criterionPath(small, 'A.9')).toEqual([]);
	});
});
