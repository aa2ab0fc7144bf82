import type { CriteriaPreview } from '$lib/core/import/criteria';
import type { UnitsList } from '$lib/core/import/units';
import type { ImportedResult } from './parse/jobs';
import { readInThread } from './read-in-thread';
import type { TableUploadRefusal } from './table-upload';

// The importers from uploaded bytes: the file readers, then the pure core, both in a reader thread. For the setup
// pages and the admin command.

export type ImportRead<T> = { ok: true; value: T } | { ok: false; reason: TableUploadRefusal };

/** A criteria table from an .xlsx, .docx or CSV file, as a preview for the host. */
export async function readCriteriaFile(bytes: Uint8Array): Promise<ImportRead<CriteriaPreview>> {
	return readInThread<ImportedResult<CriteriaPreview>>({ kind: 'criteria-table' }, bytes);
}

/** A units list from an .xlsx, .docx or CSV file. */
export async function readUnitsFile(bytes: Uint8Array): Promise<ImportRead<UnitsList>> {
	return readInThread<ImportedResult<UnitsList>>({ kind: 'units-list' }, bytes);
}
