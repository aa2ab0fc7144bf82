// What a unit may send for a meeting, and how each kind of file is served back. Pure.

/** The unit's self-inspection report (báo cáo tự kiểm tra), or a piece of evidence (minh chứng) backing items. */
export const FILE_KINDS = ['report', 'evidence'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** What a file's content was found to be (never what its name says). */
export const FILE_FORMATS = ['pdf', 'docx', 'xlsx', 'jpg', 'png'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

/** Who may read a unit's files: everyone in the meeting, or only the scorers, the host and that unit. */
export const FILES_VISIBILITIES = ['everyone', 'restricted'] as const;
export type FilesVisibility = (typeof FILES_VISIBILITIES)[number];

/** The formats each kind accepts. */
export const ACCEPTED: Record<FileKind, readonly FileFormat[]> = {
	report: ['docx', 'pdf'],
	evidence: ['pdf', 'docx', 'xlsx', 'jpg', 'png']
};

/** The Content-Type each format is served with (fixed: never the one the upload claimed). */
export const CONTENT_TYPES: Record<FileFormat, string> = {
	pdf: 'application/pdf',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	jpg: 'image/jpeg',
	png: 'image/png'
};

/**
 * How a format is shown: a PDF in the browser's own viewer and images as images (inline); a Word document as its
 * text (extracted on the server, never its HTML); a workbook downloaded.
 */
export type FileDisplay = 'inline' | 'text' | 'download';
export const DISPLAY: Record<FileFormat, FileDisplay> = {
	pdf: 'inline',
	jpg: 'inline',
	png: 'inline',
	docx: 'text',
	xlsx: 'download'
};

/** The extensions a name may end with, per format (what a file picker offers). */
export const EXTENSIONS: Record<FileFormat, readonly string[]> = {
	pdf: ['pdf'],
	docx: ['docx'],
	xlsx: ['xlsx'],
	jpg: ['jpg', 'jpeg'],
	png: ['png']
};

/** The format a file's name says it is, or null for any other extension. */
export function formatOfName(name: string): FileFormat | null {
	const dot = name.lastIndexOf('.');
	if (dot < 0) return null;
	const extension = name.slice(dot + 1).toLowerCase();
	return FILE_FORMATS.find((f) => EXTENSIONS[f].includes(extension)) ?? null;
}

/** The `accept` attribute of a file input for a kind. */
export function acceptAttribute(kind: FileKind): string {
	return ACCEPTED[kind].flatMap((f) => EXTENSIONS[f].map((e) => `.${e}`)).join(',');
}
