import { DISPLAY } from '$lib/core/evidence';
import type { UnitFile } from './files';

// The headers a unit's file is served with. Nothing from a file may run in our pages: the Content-Type is the one
// its content was found to be (never sniffed: nosniff), and the response is a sandbox of its own (CSP `sandbox`,
// no scripts, no forms, an opaque origin, no fetches), framed only by our own pages. A PDF and images open in the
// browser (a PDF in its own viewer), a workbook is downloaded, a Word document is read as text (../report-text).

export function fileHeaders(file: UnitFile, disposition: 'inline' | 'attachment' = dispositionOf(file)): Headers {
	return new Headers({
		'content-type': file.contentType,
		'content-length': String(file.size),
		'content-disposition': contentDisposition(disposition, file.name),
		...SAFE_HEADERS,
		// The digest is the file's identity: a copy is always the same bytes.
		etag: `"${file.sha256}"`
	});
}

export const SAFE_HEADERS = {
	'x-content-type-options': 'nosniff',
	'content-security-policy':
		"sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'",
	'x-frame-options': 'SAMEORIGIN',
	'cross-origin-resource-policy': 'same-origin',
	'cache-control': 'private, no-store'
} as const;

export function dispositionOf(file: UnitFile): 'inline' | 'attachment' {
	return DISPLAY[file.format] === 'inline' ? 'inline' : 'attachment';
}

/** RFC 6266: an ASCII fallback name, and the real one in UTF-8 (RFC 8187). */
export function contentDisposition(disposition: 'inline' | 'attachment', name: string): string {
	const ascii = name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D')
		.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
	const encoded = encodeURIComponent(name).replace(
		/['()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
	);
	return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
