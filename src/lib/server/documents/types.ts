// The files' media types and what each file is: shared by the renderers and the download lists.

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const ZIP_TYPE = 'application/zip';

export interface DocumentFile {
	name: string;
	type: string;
	kind: 'minutes' | 'count' | 'report' | 'scores' | 'bundle';
	/** The ballot's number, for a vote count. */
	ballot?: number;
}
