import JSZip from 'jszip';
import { documentFileNames, type DocumentModel } from '$lib/core/documents';
import { countDocx } from './word/count';
import { minutesDocx } from './word/minutes';
import { reportDocx } from './word/report';
import { scoreTablesXlsx } from './score-tables';
import { DOCX_TYPE, XLSX_TYPE, ZIP_TYPE, type DocumentFile } from './types';

// The files of a meeting's documents by name, and the one archive with all of them.

export type { DocumentFile };

/** The files a meeting has: the minutes, one count per counted ballot, the report, the score tables, the archive. */
export function documentFiles(model: Pick<DocumentModel, 'year' | 'ballots'>): DocumentFile[] {
	const names = documentFileNames(model.year, model.ballots.filter((b) => b.count).map((b) => b.number));
	return [
		{ name: names.minutes, type: DOCX_TYPE, kind: 'minutes' },
		...names.counts.map((c) => ({ name: c.name, type: DOCX_TYPE, kind: 'count' as const, ballot: c.number })),
		{ name: names.report, type: DOCX_TYPE, kind: 'report' },
		{ name: names.scores, type: XLSX_TYPE, kind: 'scores' },
		{ name: names.bundle, type: ZIP_TYPE, kind: 'bundle' }
	];
}

async function render(model: DocumentModel, file: DocumentFile): Promise<Buffer> {
	switch (file.kind) {
		case 'minutes':
			return minutesDocx(model);
		case 'count':
			return countDocx(model, model.ballots.find((b) => b.number === file.ballot)!);
		case 'report':
			return reportDocx(model);
		case 'scores':
			return scoreTablesXlsx(model);
		case 'bundle': {
			const zip = new JSZip();
			for (const each of documentFiles(model)) if (each.kind !== 'bundle') zip.file(each.name, await render(model, each));
			return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
		}
	}
}

/** One file by its name, or undefined if the meeting has no such file. */
export async function renderDocument(model: DocumentModel, name: string): Promise<{ file: DocumentFile; body: Buffer } | undefined> {
	const file = documentFiles(model).find((f) => f.name === name);
	return file && { file, body: await render(model, file) };
}
