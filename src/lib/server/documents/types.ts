import { documentFileNames } from '$lib/core/documents';

// The files' media types and what each file is: shared by the renderers and the download lists.

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const ZIP_TYPE = 'application/zip';

export interface DocumentFile {
	name: string;
	type: string;
	kind: 'minutes' | 'count' | 'report' | 'scores' | 'bundle';
	/** The ballot's number, for a vote count. */
	ballot?: number;
}

/** The minutes, one vote count per counted ballot (by its number), the report, the tables, the archive of all. */
export function filesOf(year: number, countedBallots: readonly number[]): DocumentFile[] {
	const names = documentFileNames(year, countedBallots);
	return [
		{ name: names.minutes, type: DOCX_TYPE, kind: 'minutes' },
		...names.counts.map((c) => ({ name: c.name, type: DOCX_TYPE, kind: 'count' as const, ballot: c.number })),
		{ name: names.report, type: DOCX_TYPE, kind: 'report' },
		{ name: names.scores, type: XLSX_TYPE, kind: 'scores' },
		{ name: names.bundle, type: ZIP_TYPE, kind: 'bundle' }
	];
}
