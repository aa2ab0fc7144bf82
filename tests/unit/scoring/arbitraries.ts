import fc from 'fast-check';
import type {
	Deduction,
	SelfAssessment,
	Template,
	TemplateInput,
	CriterionInput,
	CriterionKind
} from '$lib/core/scoring';
import { templateItems, templateSections } from '$lib/core/scoring';
import { buildTemplate } from './fixtures';

type Shape = { kind: CriterionKind; steps: number } | { children: Shape[] };

const shape = fc.letrec<{ node: Shape; item: Shape; section: Shape }>((tie) => ({
	node: fc.oneof({ maxDepth: 3, depthIdentifier: 'template' }, tie('item'), tie('section')),
	item: fc.record({
		kind: fc.constantFrom<CriterionKind>('score', 'score', 'bonus', 'penalty'),
		steps: fc.integer({ min: 1, max: 20 })
	}),
	section: fc.record({ children: fc.array(tie('node'), { minLength: 1, maxLength: 4, depthIdentifier: 'template' }) })
})).node;

function toInput(shapes: Shape[], stepPoints: number): TemplateInput {
	let scoreTotal = 0;
	const convert = (s: Shape, code: string): CriterionInput => {
		if ('children' in s)
			return {
				code,
				title: `Section ${code}`,
				children: s.children.map((c, i) => convert(c, `${code}.${i + 1}`))
			};
		const max = s.steps * stepPoints;
		if (s.kind === 'score') scoreTotal += max;
		return { code, title: `Item ${code}`, max: max / 100, kind: s.kind };
	};
	const items = shapes.map((s, i) => convert(s, String(i + 1)));
	return { name: 'Generated', total: scoreTotal / 100, step: stepPoints / 100, items };
}

/** Any valid template: nested sections, mixed kinds, steps from a hundredth to a whole point. */
export const templateArb: fc.Arbitrary<Template> = fc
	.tuple(fc.array(shape, { minLength: 1, maxLength: 5 }), fc.constantFrom(1, 5, 10, 25, 50, 100))
	.map(([shapes, step]) => buildTemplate(toInput(shapes, step)));

/** Self scores: mostly in range, sometimes missing, sometimes out of range (malformed sheets must not break the rules). */
export function sheetArb(t: Template): fc.Arbitrary<SelfAssessment> {
	const entries = templateItems(t).map((item) =>
		fc
			.option(
				fc.oneof(
					{ weight: 4, arbitrary: fc.integer({ min: 0, max: item.max / t.step }).map((n) => n * t.step) },
					{ weight: 1, arbitrary: fc.integer({ min: -3 * t.step, max: item.max + 3 * t.step }) }
				),
				{ freq: 8 }
			)
			.map((value) => [item.code, value] as const)
	);
	return fc.tuple(...entries).map((pairs) => {
		const scores: Record<string, number> = {};
		for (const [code, value] of pairs) if (value !== null) scores[code] = value;
		return { scores, reported: {} };
	});
}

/** Deductions on items, sections and unknown codes, with any points (including ones checkDeduction would refuse). */
export function deductionsArb(t: Template): fc.Arbitrary<Deduction[]> {
	const codes = [
		...templateItems(t).map((i) => i.code),
		...templateSections(t).map((s) => s.code),
		'unknown',
		'total'
	];
	const one = fc.record({
		criterion: fc.constantFrom(...codes),
		points: fc.oneof(
			{ weight: 5, arbitrary: fc.integer({ min: 1, max: 12 }).map((n) => n * t.step) },
			{ weight: 1, arbitrary: fc.integer({ min: -500, max: 2500 }) }
		)
	});
	return fc.array(one, { maxLength: 12 }).map((list) =>
		list.map((d, i) => ({
			id: `g${i}`,
			criterion: d.criterion,
			points: d.points,
			reason: 'generated',
			author: 'head',
			at: '2021-11-10T09:00:00Z'
		}))
	);
}

/** A template with a sheet and deductions on it. */
export const caseArb = templateArb.chain((t) => fc.tuple(fc.constant(t), sheetArb(t), deductionsArb(t)));
