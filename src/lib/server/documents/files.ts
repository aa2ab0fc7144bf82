import JSZip from 'jszip';
import type { DocumentModel } from '$lib/core/documents';
import { writableDeep } from '$lib/core/text';
import { countDocx } from './word/count';
import { minutesDocx } from './word/minutes';
import { reportDocx } from './word/report';
import { scoreTablesXlsx } from './score-tables';
import { filesOf, type DocumentFile } from './types';

// The files of a meeting's documents by name, and the one archive with all of them.

export type { DocumentFile };

/** The files a meeting has: the minutes, one count per counted ballot, the report, the score tables, the archive. */
export function documentFiles(model: Pick<DocumentModel, 'year' | 'ballots'>): DocumentFile[] {
	return filesOf(
		model.year,
		model.ballots.filter((b) => b.count).map((b) => b.number)
	);
}

/** Makes one file of the archive (the archive asks for each of its files through this, so that a cache can serve them). */
export type MakePart = (file: DocumentFile) => Promise<Buffer>;

async function render(
	model: DocumentModel,
	file: DocumentFile,
	part: MakePart = (each) => render(model, each)
): Promise<Buffer> {
	switch (file.kind) {
		case 'minutes':
			return minutesDocx(model);
		case 'count':
			return countDocx(
				model,
				model.ballots.find((b) => b.number === file.ballot)!
			);
		case 'report':
			return reportDocx(model);
		case 'scores':
			return scoreTablesXlsx(model);
		case 'bundle': {
			const zip = new JSZip();
			for (const each of documentFiles(model)) if (each.kind !== 'bundle') zip.file(each.name, await part(each));
			return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
		}
	}
}

/**
 * One file by its name, or undefined if the meeting has no such file. Every text of the model is made writable
 * first: a record or a draft that already holds a character XML does not allow (stored before the board refused
 * them) still gives files that Word and Excel open.
 */
export async function renderDocument(
	model: DocumentModel,
	name: string,
	part?: MakePart
): Promise<{ file: DocumentFile; body: Buffer } | undefined> {
	const file = documentFiles(model).find((f) => f.name === name);
	return file && { file, body: await render(writableDeep(model), file, part) };
}
