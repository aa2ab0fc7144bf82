import { readCriteriaTable, type CriteriaPreview } from '$lib/core/import/criteria';
import { readUnitsList, type UnitsList } from '$lib/core/import/units';
import { readTableUpload, type TableUploadRefusal } from './table-upload';

// The importers from uploaded bytes: the file readers, then the pure core. For the setup pages.

export type ImportRead<T> = { ok: true; value: T } | { ok: false; reason: TableUploadRefusal };

/** A criteria table from an .xlsx, .docx or CSV file, as a preview for the host. */
export async function readCriteriaFile(bytes: Uint8Array): Promise<ImportRead<CriteriaPreview>> {
	const read = await readTableUpload(bytes, 'max');
	return read.ok ? { ok: true, value: readCriteriaTable(read.grid, { context: read.context }) } : read;
}

/** A units list from an .xlsx, .docx or CSV file. */
export async function readUnitsFile(bytes: Uint8Array): Promise<ImportRead<UnitsList>> {
	const read = await readTableUpload(bytes, 'max');
	return read.ok ? { ok: true, value: readUnitsList(read.grid) } : read;
}
