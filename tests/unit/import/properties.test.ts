import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confirmCriteria, previewRows, readCriteriaTable } from '$lib/core/import/criteria';
import { readUnitSheet } from '$lib/core/import/unit-sheet';
import {
	toDecimal,
	templateItems,
	type Criterion,
	type CriterionInput,
	type Template,
	type TemplateInput
} from '$lib/core/scoring';
import { templateArb } from '../scoring/arbitraries';
import { criteriaTableModel, tableModelGrid, type CriteriaTableOptions } from '../../support/fixtures';

// Any template, written as a table in any of the shapes the fixtures know, reads back to its own codes, titles and
// maxima with no problem; a unit's sheet of it reads back to its scores.

const toInput = (t: Template): TemplateInput => {
	const convert = (c: Criterion): CriterionInput =>
		c.type === 'section'
			? { code: c.code, title: c.title, children: c.children.map(convert) }
			: { code: c.code, title: c.title, max: toDecimal(c.max), kind: c.kind };
	return { name: t.name, total: toDecimal(t.nominalTotal), step: toDecimal(t.step), items: t.criteria.map(convert) };
};
const outline = (criteria: readonly Criterion[]): unknown[] =>
	criteria.map((c) => (c.type === 'section' ? [c.code, c.title, outline(c.children)] : [c.code, c.title, c.max]));

const shapeArb: fc.Arbitrary<CriteriaTableOptions> = fc.record({
	numbering: fc.constant('full' as const),
	spacerRows: fc.boolean(),
	numbersAsText: fc.boolean(),
	decimal: fc.constantFrom(',' as const, '.' as const),
	twoRowHeader: fc.boolean(),
	columnNumbers: fc.boolean(),
	mergeCodeAndTitle: fc.boolean(),
	startColumn: fc.integer({ min: 0, max: 2 }),
	totalRow: fc.constant(false)
});

describe('properties of the importers', () => {
	it('a template written as a table reads back to the same codes, titles and maxima, without problems', () => {
		fc.assert(
			fc.property(templateArb, shapeArb, (template, shape) => {
				const preview = readCriteriaTable(tableModelGrid(criteriaTableModel(toInput(template), shape)));
				expect(preview.problems).toEqual([]);
				const confirmed = confirmCriteria(preview);
				expect(confirmed.ok).toBe(true);
				if (confirmed.ok) expect(outline(confirmed.template.criteria)).toEqual(outline(template.criteria));
				expect(previewRows(preview).every(({ node }) => node.row > 0)).toBe(true);
			}),
			{ numRuns: 150 }
		);
	});

	it('a unit’s sheet of any template reads back to its scores', () => {
		fc.assert(
			fc.property(templateArb, shapeArb, (template, shape) => {
				const scores = Object.fromEntries(
					templateItems(template).map((item, i) => [item.code, toDecimal(i % 2 === 0 ? item.max : 0)])
				);
				const grid = tableModelGrid(
					criteriaTableModel(toInput(template), { ...shape, header: { self: 'Điểm tự chấm' }, scores })
				);
				const read = readUnitSheet(grid, template);
				expect(read.problems).toEqual([]);
				expect(Object.keys(read.entry.scores).sort()).toEqual(Object.keys(scores).sort());
			}),
			{ numRuns: 100 }
		);
	});
});
