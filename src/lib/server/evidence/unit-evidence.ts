import type { EvidenceFile, UnitEvidence } from '$lib/board/evidence';
import { matchReportParagraphs } from '$lib/core/evidence/report-paragraphs';
import type { Template } from '$lib/core/scoring';
import type { AppContext } from '../context';
import { listUnitFiles, readUnitFileBytes, type UnitFile } from './files';
import { paragraphLinks } from './paragraph-links';
import { wordParagraphs } from './report-text';

// A unit's files as its sheet page shows them while it is scored: its evidence, its report, the report's paragraphs
// and where they speak of each item (the core's match, with the head's links). Who may see them is the caller's
// check (the meeting's setting); this only reads.

/** How a file is offered to the page: what it is, and the download route that checks every read. */
export function evidenceFileOf(meetingId: number, file: UnitFile): EvidenceFile {
	return {
		sha256: file.sha256,
		name: file.name,
		caption: file.caption,
		mediaType: file.contentType,
		size: file.size,
		items: file.items,
		url: `/meetings/${meetingId}/files/${file.id}`
	};
}

// A report never changes under its SHA-256: its paragraphs are read once and kept, a few reports at a time.
const KEPT = 32;
const kept = new Map<string, Promise<string[]>>();

/** The paragraphs of a report: a Word document's, read in a reader thread; none for a PDF or an unreadable file. */
export function reportParagraphs(context: Pick<AppContext, 'files'>, report: UnitFile): Promise<string[]> {
	if (report.format !== 'docx') return Promise.resolve([]);
	const known = kept.get(report.sha256);
	if (known) return known;
	const reading = readUnitFileBytes(context.files, report)
		.then(async (bytes) => {
			if (!bytes) return [];
			const read = await wordParagraphs(bytes);
			return read.ok ? read.paragraphs : [];
		})
		.catch(() => [] as string[]);
	kept.set(report.sha256, reading);
	if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
	return reading;
}

/** The unit's report: the one it sent last, if several are kept. */
export function currentReport(files: readonly UnitFile[]): UnitFile | null {
	const reports = files.filter((f) => f.kind === 'report');
	return (
		reports.sort((a, b) => (a.uploadedAt < b.uploadedAt ? 1 : a.uploadedAt > b.uploadedAt ? -1 : b.id - a.id))[0] ??
		null
	);
}

export async function unitEvidence(
	context: Pick<AppContext, 'db' | 'files'>,
	meetingId: number,
	unitId: number,
	template: Template
): Promise<UnitEvidence> {
	const files = await listUnitFiles(context.db, meetingId, unitId);
	const report = currentReport(files);
	const paragraphs = report ? await reportParagraphs(context, report) : [];
	const links = report ? await paragraphLinks(context.db, meetingId, unitId, report.sha256) : {};
	return {
		files: files.filter((f) => f.kind === 'evidence').map((f) => evidenceFileOf(meetingId, f)),
		report: report ? evidenceFileOf(meetingId, report) : null,
		paragraphs,
		match: matchReportParagraphs(paragraphs, template, links)
	};
}
