import type { TableUploadResult as ReadResult } from './parse/jobs';
import { readInThread, type ThreadRefusal } from './read-in-thread';

// One entry for every uploaded table: a Word document's table, a workbook's first sheet, or CSV text. The importers
// in the core then read the Grid the same way whatever the file was. The file is read in a reader thread.

export type TableUploadRefusal = Extract<ReadResult, { ok: false }>['reason'] | ThreadRefusal;
export type TableUploadResult = ReadResult | { ok: false; reason: ThreadRefusal };

/** `need`: which header a table must have to be chosen among a document's tables or a workbook's sheets. */
export async function readTableUpload(bytes: Uint8Array, need: 'max' | 'self' = 'max'): Promise<TableUploadResult> {
	return readInThread<ReadResult>({ kind: 'table-upload', need }, bytes);
}
