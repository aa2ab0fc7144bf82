// The HTTP side of the upgrade: which document a request names (and which names are documents at all), and refusing it as plain HTTP (before any
// WebSocket byte, so nothing of a document can leak to a refused client).
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

const MAX_NAME_LENGTH = 512;

export type NameResult = { ok: true; name: string } | { ok: false; status: 400 | 404; message: string };

/** The document name: the path after `prefix`, URL-decoded; the query string and fragment are ignored. */
export function documentNameFrom(url: string | undefined, prefix: string): NameResult {
	const path = (url ?? '').split(/[?#]/, 1)[0]!;
	if (!path.startsWith(prefix)) return { ok: false, status: 404, message: 'Not found' };
	let name: string;
	try {
		name = decodeURIComponent(path.slice(prefix.length));
	} catch {
		return { ok: false, status: 400, message: 'The document name is not valid URL encoding' };
	}
	const wrong = nameProblem(name);
	if (wrong !== null) return { ok: false, status: 400, message: wrong };
	return { ok: true, name };
}

/** What is wrong with a document name (from a URL, or added to a socket), or null. */
export function nameProblem(name: string): string | null {
	if (name.length === 0) return 'No document name';
	if (name.length > MAX_NAME_LENGTH) return 'The document name is too long';
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f]/.test(name)) return 'The document name has control characters';
	return null;
}

/**
 * The meeting (or any other group) a document belongs to: its name's first two segments ("meeting/12" of
 * "meeting/12/answers/unit-a"). A socket carries only documents of its own document's scope, and its URL starts with
 * that scope, so a proxy can send all of one meeting's sockets to the same server.
 */
export function defaultScopeOf(name: string): string {
	return name.split('/', 2).join('/');
}

/** Answers the upgrade request with a plain HTTP error and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: number, message: string): void {
	if (socket.destroyed || !socket.writable) {
		socket.destroy();
		return;
	}
	const body = Buffer.from(`${message}\n`, 'utf8');
	const head =
		`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
		'Connection: close\r\n' +
		'Content-Type: text/plain; charset=utf-8\r\n' +
		'Cache-Control: no-store\r\n' +
		`Content-Length: ${body.length}\r\n\r\n`;
	socket.once('finish', () => socket.destroy());
	socket.end(Buffer.concat([Buffer.from(head, 'latin1'), body]));
}
