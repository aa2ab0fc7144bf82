import type { ReportMatch } from '../core/evidence/report-paragraphs';

// A unit's files as its sheet page receives them while it is scored: what each is, where to open it, which items it
// backs, and the report's paragraphs by item. Shared by the server (which loads it) and the UI (which shows it).

export interface EvidenceFile {
	sha256: string;
	name: string;
	caption: string;
	/** As the server found it by the file's content, never by its name. */
	mediaType: string;
	size: number;
	/** The items it backs (none: the whole unit). */
	items: string[];
	/** The download route, which checks who may read it and sends it sandboxed. */
	url: string;
}

export interface UnitEvidence {
	files: EvidenceFile[];
	/** The unit's self-inspection report, if it sent one. */
	report: EvidenceFile | null;
	/** The report's paragraphs, as text (none for a .pdf). */
	paragraphs: string[];
	/** Where the report speaks of each item (by number, title, or the head's link). */
	match: ReportMatch;
}

/** How a file is shown: in the browser's own PDF viewer, as an image, or as the text of a Word document. */
export function viewOf(mediaType: string): 'pdf' | 'image' | 'docx' | 'other' {
	if (mediaType === 'application/pdf') return 'pdf';
	if (mediaType === 'image/png' || mediaType === 'image/jpeg') return 'image';
	if (mediaType.includes('wordprocessingml')) return 'docx';
	return 'other';
}

/** The files that back an item (those for the whole unit after them). */
export function filesOfItem(evidence: Pick<UnitEvidence, 'files'>, code: string): EvidenceFile[] {
	return [
		...evidence.files.filter((f) => f.items.includes(code)),
		...evidence.files.filter((f) => f.items.length === 0)
	];
}
