import type { Grid } from '$lib/core/import/grid';
import { isGridRows, readPastedTable } from '$lib/core/import/people-list';
import { readTableFile, type TableFileRefusal } from '../files/spreadsheet';

// Where a list of people comes from in a form: an uploaded file, a pasted table, or the grid a preview sent back
// for confirmation. Each failure is a reason the page turns into a sentence; nothing here throws on bad input.

/** The node adapter refuses request bodies over this (its BODY_SIZE_LIMIT default); the page says so first. */
export const UPLOAD_LIMIT_BYTES = 512 * 1024;

export type ListSourceRefusal = TableFileRefusal | 'nothing' | 'bad_data' | 'request_too_large';

/** The form, or null when the request body could not be read (over the size limit, or cut off). */
export async function readFormSafely(request: Request): Promise<FormData | null> {
	try {
		return await request.formData();
	} catch {
		return null;
	}
}

export async function gridFromForm(
	form: FormData
): Promise<{ ok: true; grid: Grid } | { ok: false; reason: ListSourceRefusal }> {
	const sent = form.get('grid');
	if (typeof sent === 'string' && sent !== '') {
		let rows: unknown;
		try {
			rows = JSON.parse(sent);
		} catch {
			return { ok: false, reason: 'bad_data' };
		}
		return isGridRows(rows) ? { ok: true, grid: { rows, merges: [] } } : { ok: false, reason: 'bad_data' };
	}
	const file = form.get('file');
	if (file instanceof File && file.size > 0) {
		return readTableFile(new Uint8Array(await file.arrayBuffer()));
	}
	const text = form.get('text');
	if (typeof text === 'string' && text.trim() !== '') {
		if (text.length > UPLOAD_LIMIT_BYTES) return { ok: false, reason: 'too_large' };
		const grid = readPastedTable(text);
		return grid.rows.length === 0 ? { ok: false, reason: 'empty' } : { ok: true, grid };
	}
	return { ok: false, reason: 'nothing' };
}
