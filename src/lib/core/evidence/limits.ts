// How much a unit and a meeting may send. A provincial office's scans are a few MB a page set (a decision of a few
// pages scanned at 200–300 dpi is 1–5 MB); 20 MB a file takes a long scanned report. 100 MB a unit is some tens of
// pieces of evidence; 1 GB a meeting is ten units at their limit, which any server's disk holds for years of
// meetings. Pure.

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_UNIT_BYTES = 100 * 1024 * 1024;
export const MAX_MEETING_BYTES = 1024 * 1024 * 1024;
/** Files a unit may keep (each item's evidence, with room to spare). */
export const MAX_UNIT_FILES = 200;
/** A caption, and a file's display name, in characters. */
export const MAX_CAPTION = 500;
export const MAX_FILE_NAME = 200;
/** What a multipart body may carry beyond the file itself (its headers, the caption, the items). */
export const UPLOAD_OVERHEAD_BYTES = 64 * 1024;

export type QuotaRefusal = 'file_too_large' | 'unit_full' | 'meeting_full' | 'too_many_files';

/** Whether a file of `size` fits beside what the unit and the meeting already hold (`freed`: a file it replaces). */
export function checkQuota(
	size: number,
	held: { unitBytes: number; unitFiles: number; meetingBytes: number },
	freed: { bytes: number; files: number } = { bytes: 0, files: 0 }
): QuotaRefusal | null {
	if (size > MAX_FILE_BYTES) return 'file_too_large';
	if (held.unitFiles - freed.files + 1 > MAX_UNIT_FILES) return 'too_many_files';
	if (held.unitBytes - freed.bytes + size > MAX_UNIT_BYTES) return 'unit_full';
	if (held.meetingBytes - freed.bytes + size > MAX_MEETING_BYTES) return 'meeting_full';
	return null;
}

/** Bytes as an office reads them: "20 MB", "1,5 MB", "300 KB" (1 MB = 1,048,576 bytes, as Windows shows). */
export function formatBytes(bytes: number, locale: 'vi' | 'en' = 'vi'): string {
	const units = ['B', 'KB', 'MB', 'GB'] as const;
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	const rounded = unit === 0 ? value : Math.round(value * 10) / 10;
	const text = locale === 'vi' ? String(rounded).replace('.', ',') : String(rounded);
	return `${text} ${units[unit]}`;
}
