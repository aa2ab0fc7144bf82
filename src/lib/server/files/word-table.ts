import type { TableUploadRefusal, WordTableResult } from './parse/jobs';
import type { WordTablesResult } from './parse/word';
import { readInThread, type ThreadRefusal } from './read-in-thread';

export type { WordTable, WordTablesResult } from './parse/word';

// The tables of a Word document (.docx), read in a reader thread (see ./parse/word for how).

export type WordRefusal = TableUploadRefusal | ThreadRefusal;

export async function readWordTables(
	bytes: Uint8Array
): Promise<WordTablesResult | { ok: false; reason: ThreadRefusal }> {
	return readInThread<WordTablesResult>({ kind: 'word-tables' }, bytes);
}

/**
 * The document's criteria table: the first whose header row names the columns `need` asks for (maxima, or self
 * scores), else the largest table; a table split where a page broke comes back whole.
 */
export async function readWordTable(
	bytes: Uint8Array,
	need: 'max' | 'self' = 'max'
): Promise<WordTableResult | { ok: false; reason: ThreadRefusal }> {
	return readInThread<WordTableResult>({ kind: 'word-table', need }, bytes);
}
