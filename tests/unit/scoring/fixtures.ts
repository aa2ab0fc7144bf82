import { templateFromInput, type Deduction, type Template, type TemplateInput } from '$lib/core/scoring';

/** A small template unlike the demo one: nested sections, a section mixing score and penalty items, a bonus section. */
export const smallInput: TemplateInput = {
	name: 'Small',
	total: 20,
	step: 0.5,
	items: [
		{
			code: 'A',
			title: 'Section A',
			children: [
				{ code: 'A.1', title: 'A one', max: 5 },
				{
					code: 'A.2',
					title: 'A two',
					children: [
						{ code: 'A.2.1', title: 'A two one', max: 3, kind: 'score' },
						{ code: 'A.2.2', title: 'A two two', max: 2, kind: 'score' }
					]
				}
			]
		},
		{
			code: 'B',
			title: 'Section B',
			title_en: 'Section B (en)',
			children: [
				{ code: 'B.1', title: 'B one', max: 10, kind: 'score' },
				{ code: 'B.2', title: 'B penalty', max: 3, kind: 'penalty' }
			]
		},
		{ code: 'X', title: 'Bonus', children: [{ code: 'X.1', title: 'X one', max: 2, kind: 'bonus' }] }
	]
};

export function buildTemplate(input: TemplateInput): Template {
	const built = templateFromInput(input);
	if (!built.ok) throw new Error(`fixture template refused: ${JSON.stringify(built.errors)}`);
	return built.template;
}

export const small: Template = buildTemplate(smallInput);

let counter = 0;
/** A deduction with the bookkeeping fields filled in. */
export function deduction(criterion: string, points: number, extra: Partial<Deduction> = {}): Deduction {
	counter += 1;
	return {
		id: `d${counter}`,
		criterion,
		points,
		reason: 'reason',
		author: 'head',
		at: '2021-11-10T09:00:00Z',
		...extra
	};
}
