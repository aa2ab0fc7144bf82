import type { FileFormat, FileKind, FilesVisibility } from '$lib/core/evidence';
import { CONTENT_TYPES, checkQuota, type QuotaRefusal } from '$lib/core/evidence';
import type { DB } from '../db/open';
import { sha256Hex } from './digest';
import type { FileStore } from './store';
import { serializable } from '../db/serializable';

// A meeting's units' files: what the database knows of each (the bytes are in the store under their digest), and
// the changes a unit makes to them during preparation. A change to the rows and the bytes it needs are made under
// one lock, so that bytes are never forgotten while a new row is about to refer to them.

export interface UnitFile {
	id: number;
	meetingId: number;
	unitId: number;
	kind: FileKind;
	/** The cleaned display name. */
	name: string;
	size: number;
	format: FileFormat;
	contentType: string;
	caption: string;
	/** SHA-256 of the bytes, hex. */
	sha256: string;
	/** Criterion codes the file backs, sorted as strings; empty for a report. */
	items: string[];
	uploadedBy: { id: number; name: string };
	/** ISO time. */
	uploadedAt: string;
}

type Row = {
	id: number;
	meeting_id: number;
	unit_id: number;
	kind: FileKind;
	name: string;
	size: number;
	format: FileFormat;
	content_type: string;
	caption: string;
	sha256: string;
	uploaded_by: number;
	uploaded_at: string;
	uploader: string;
};

function fileQuery(db: DB, meetingId: number) {
	return db
		.selectFrom('unit_files')
		.innerJoin('users', 'users.id', 'unit_files.uploaded_by')
		.select([
			'unit_files.id',
			'unit_files.meeting_id',
			'unit_files.unit_id',
			'unit_files.kind',
			'unit_files.name',
			'unit_files.size',
			'unit_files.format',
			'unit_files.content_type',
			'unit_files.caption',
			'unit_files.sha256',
			'unit_files.uploaded_by',
			'unit_files.uploaded_at',
			'users.display_name as uploader'
		])
		.where('unit_files.meeting_id', '=', meetingId);
}

async function withItems(db: DB, rows: Row[]): Promise<UnitFile[]> {
	const ids = rows.map((r) => r.id);
	const items =
		ids.length === 0
			? []
			: await db
					.selectFrom('unit_file_items')
					.select(['file_id', 'criterion_code'])
					.where('file_id', 'in', ids)
					.execute();
	return rows.map((r) => ({
		id: r.id,
		meetingId: r.meeting_id,
		unitId: r.unit_id,
		kind: r.kind,
		name: r.name,
		size: r.size,
		format: r.format,
		contentType: r.content_type,
		caption: r.caption,
		sha256: r.sha256,
		items: items
			.filter((i) => i.file_id === r.id)
			.map((i) => i.criterion_code)
			.sort(),
		uploadedBy: { id: r.uploaded_by, name: r.uploader },
		uploadedAt: r.uploaded_at
	}));
}

/** Every unit's files, the report first, then in the order they were sent. */
export async function listMeetingFiles(db: DB, meetingId: number): Promise<UnitFile[]> {
	const rows = await fileQuery(db, meetingId)
		.orderBy('unit_files.unit_id')
		.orderBy('unit_files.kind', 'desc')
		.orderBy('unit_files.id')
		.execute();
	return withItems(db, rows);
}

/** One unit's files, the report first. */
export async function listUnitFiles(db: DB, meetingId: number, unitId: number): Promise<UnitFile[]> {
	const rows = await fileQuery(db, meetingId)
		.where('unit_files.unit_id', '=', unitId)
		.orderBy('unit_files.kind', 'desc')
		.orderBy('unit_files.id')
		.execute();
	return withItems(db, rows);
}

/** A file of this meeting, or undefined (a file of another meeting is not found here). */
export async function findUnitFile(db: DB, meetingId: number, fileId: number): Promise<UnitFile | undefined> {
	const row = await fileQuery(db, meetingId).where('unit_files.id', '=', fileId).executeTakeFirst();
	return row ? (await withItems(db, [row]))[0] : undefined;
}

/** The file's bytes, or null when the store has lost them. */
export async function readUnitFileBytes(store: FileStore, file: UnitFile): Promise<Uint8Array | null> {
	return store.get(file.sha256);
}

export async function filesVisibility(db: DB, meetingId: number): Promise<FilesVisibility | undefined> {
	const row = await db
		.selectFrom('meetings')
		.select('files_visibility')
		.where('id', '=', meetingId)
		.executeTakeFirst();
	return row?.files_visibility;
}

export async function setFilesVisibility(db: DB, meetingId: number, visibility: FilesVisibility): Promise<void> {
	await db.updateTable('meetings').set({ files_visibility: visibility }).where('id', '=', meetingId).execute();
}

export interface NewUnitFile {
	meetingId: number;
	unitId: number;
	kind: FileKind;
	name: string;
	caption: string;
	/** Criterion codes (evidence); ignored for a report. */
	items: readonly string[];
	format: FileFormat;
	bytes: Uint8Array;
	userId: number;
	/** ISO time. */
	now: string;
	/** The unit's file this one replaces (same unit), removed in the same transaction. */
	replaces?: number;
}

export type ChangeRefusal = QuotaRefusal | 'frozen' | 'not_found';
export type AddResult = { ok: true; file: UnitFile } | { ok: false; reason: ChangeRefusal };

/**
 * Stores the bytes, then the file's row and items in one transaction that checks again what could have changed
 * since the route looked (the phase, the quotas, the file replaced); a unit's report replaces its earlier one. On a
 * refusal nothing is left: no row, and no bytes that no row refers to.
 */
export async function addUnitFile(db: DB, store: FileStore, file: NewUnitFile): Promise<AddResult> {
	const sha256 = sha256Hex(file.bytes);
	return exclusive(async () => {
		await store.put(sha256, file.bytes);
		let freed: string[] = [];
		const result = await serializable(db, async (trx): Promise<AddResult> => {
			freed = [];
			const meeting = await trx
				.selectFrom('meetings')
				.select('phase')
				.where('id', '=', file.meetingId)
				.executeTakeFirst();
			if (meeting?.phase !== 'preparation') return { ok: false, reason: 'frozen' };
			const unitFiles = await trx
				.selectFrom('unit_files')
				.select(['id', 'kind', 'size', 'sha256'])
				.where('meeting_id', '=', file.meetingId)
				.where('unit_id', '=', file.unitId)
				.execute();
			const replaced = unitFiles.filter(
				(f) => f.id === file.replaces || (file.kind === 'report' && f.kind === 'report')
			);
			if (file.replaces !== undefined && !unitFiles.some((f) => f.id === file.replaces))
				return { ok: false, reason: 'not_found' };
			const meetingBytes = await trx
				.selectFrom('unit_files')
				.select((eb) => eb.fn.coalesce(eb.fn.sum<number>('size'), eb.lit(0)).as('bytes'))
				.where('meeting_id', '=', file.meetingId)
				.executeTakeFirstOrThrow();
			const refusal = checkQuota(
				file.bytes.length,
				{
					unitBytes: unitFiles.reduce((sum, f) => sum + f.size, 0),
					unitFiles: unitFiles.length,
					meetingBytes: Number(meetingBytes.bytes)
				},
				{ bytes: replaced.reduce((sum, f) => sum + f.size, 0), files: replaced.length }
			);
			if (refusal) return { ok: false, reason: refusal };
			if (replaced.length > 0) {
				await trx
					.deleteFrom('unit_files')
					.where(
						'id',
						'in',
						replaced.map((f) => f.id)
					)
					.execute();
				freed = replaced.map((f) => f.sha256);
			}
			const inserted = await trx
				.insertInto('unit_files')
				.values({
					meeting_id: file.meetingId,
					unit_id: file.unitId,
					kind: file.kind,
					sha256,
					name: file.name,
					size: file.bytes.length,
					format: file.format,
					content_type: CONTENT_TYPES[file.format],
					caption: file.caption,
					uploaded_by: file.userId,
					uploaded_at: file.now
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			const items = file.kind === 'evidence' ? [...new Set(file.items)] : [];
			if (items.length > 0)
				await trx
					.insertInto('unit_file_items')
					.values(items.map((code) => ({ file_id: inserted.id, criterion_code: code })))
					.execute();
			const stored = await findUnitFile(trx, file.meetingId, inserted.id);
			return { ok: true, file: stored! };
		});
		await forgetUnreferenced(db, store, result.ok ? freed : [sha256]);
		return result;
	});
}

/** Removes a unit's file during preparation; its bytes go once no file refers to them. */
export async function removeUnitFile(
	db: DB,
	store: FileStore,
	meetingId: number,
	fileId: number
): Promise<{ ok: true } | { ok: false; reason: 'frozen' | 'not_found' }> {
	return exclusive(async () => {
		const result = await serializable(db, async (trx) => {
			const meeting = await trx
				.selectFrom('meetings')
				.select('phase')
				.where('id', '=', meetingId)
				.executeTakeFirst();
			if (meeting?.phase !== 'preparation') return { ok: false as const, reason: 'frozen' as const };
			const row = await trx
				.deleteFrom('unit_files')
				.where('id', '=', fileId)
				.where('meeting_id', '=', meetingId)
				.returning('sha256')
				.executeTakeFirst();
			return row
				? { ok: true as const, sha256: row.sha256 }
				: { ok: false as const, reason: 'not_found' as const };
		});
		if (!result.ok) return result;
		await forgetUnreferenced(db, store, [result.sha256]);
		return { ok: true };
	});
}

/** Forgets the bytes of these digests that no file (of any meeting) refers to any more. */
async function forgetUnreferenced(db: DB, store: FileStore, digests: readonly string[]): Promise<void> {
	for (const sha256 of new Set(digests)) {
		const used = await db.selectFrom('unit_files').select('id').where('sha256', '=', sha256).executeTakeFirst();
		if (!used) await store.delete(sha256);
	}
}

// One change to the files at a time in this process (uploads are rare; each holds the lock for a write and a
// short transaction). Several instances on one database use the database store, whose rows and bytes can be
// changed in one transaction by a later version; until then a multi-instance installation should not remove a
// file while another instance stores the same bytes.
let queue: Promise<unknown> = Promise.resolve();
function exclusive<T>(work: () => Promise<T>): Promise<T> {
	const run = queue.then(work, work);
	queue = run.catch(() => undefined);
	return run;
}
