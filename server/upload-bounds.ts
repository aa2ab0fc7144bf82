import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_FILE_BYTES, UPLOAD_OVERHEAD_BYTES, formatBytes } from '../src/lib/core/evidence';
import { translate } from '../src/lib/i18n';

// A unit's file may be up to 20 MB (and its few fields): adapter-node's BODY_SIZE_LIMIT is set to that, and every
// other form keeps its 6 MB (src/lib/server/forms/body-bound.ts). An upload of a unit's file whose stated length
// passes the bound is answered here, before any byte of its body is read, in the board's words (a body without a
// stated length is cut off where it passes, by the upload route).

export const BODY_SIZE_LIMIT = MAX_FILE_BYTES + UPLOAD_OVERHEAD_BYTES;
const UNIT_FILES = /^\/meetings\/\d+\/units\/[^/?]+\/files(?:\?|$)/;

/** True when the request was answered (refused); the caller then hands it to no one else. */
export function refuseOversizedBody(req: IncomingMessage, res: ServerResponse, locale: 'vi' | 'en'): boolean {
	const length = Number(req.headers['content-length'] ?? 0);
	if (!(length > 0)) return false;
	if (req.method !== 'POST' || !UNIT_FILES.test(req.url ?? '') || length <= BODY_SIZE_LIMIT) return false;
	const message = translate(locale, 'evidence.error.body_too_large', { max: formatBytes(MAX_FILE_BYTES, locale) });
	res.writeHead(413, { 'content-type': 'application/json; charset=utf-8' });
	// Nothing of the body is kept: Node discards what the client still sends, so that it reads this answer.
	res.end(JSON.stringify({ message }));
	return true;
}
