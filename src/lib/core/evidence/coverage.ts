import { templateItems, type Template } from '../scoring/template';
import type { FileKind } from './formats';

// What a unit has sent, for the preparation page and the host's reminder: whether its report is in, and which of
// the template's items have evidence. Pure.

export interface FileCoverageInput {
	kind: FileKind;
	items: readonly string[];
}

export interface UnitCoverage {
	hasReport: boolean;
	/** Items of the template backed by at least one file, in the template's order. */
	itemsWithEvidence: string[];
	itemCount: number;
	evidenceFiles: number;
}

export function unitCoverage(template: Template, files: readonly FileCoverageInput[]): UnitCoverage {
	const backed = new Set(files.filter((f) => f.kind === 'evidence').flatMap((f) => f.items));
	const items = templateItems(template);
	return {
		hasReport: files.some((f) => f.kind === 'report'),
		itemsWithEvidence: items.filter((i) => backed.has(i.code)).map((i) => i.code),
		itemCount: items.length,
		evidenceFiles: files.filter((f) => f.kind === 'evidence').length
	};
}
