// A socket for a meeting another live instance owns is relayed to that owner: the upgrade request is written to
// the owner as it came (cookie, Origin, Host and the proxy's headers unchanged, so the owner decides access exactly
// as if the client had come straight to it), marked as relayed, and from then on the two sockets are piped
// together. The owner answers the upgrade itself; this instance only carries bytes. A relayed request is never
// relayed again: an instance that no longer owns the meeting refuses it, and the client reconnects.
import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';

/** Marks a relayed upgrade (its value: the relaying instance's id). */
export const RELAYED_HEADER = 'x-binhxet-relayed';

/** Whether this upgrade came through another instance's relay. */
export function isRelayed(request: IncomingMessage): boolean {
	return request.headers[RELAYED_HEADER] !== undefined;
}

/** Relays the upgrade to `address` (host:port); calls `fail` (nothing sent to the client yet) if the owner cannot be reached. */
export function relayUpgrade(
	request: IncomingMessage,
	socket: Duplex,
	head: Buffer,
	address: string,
	instanceId: string,
	fail: (error: Error) => void
): void {
	const colon = address.lastIndexOf(':');
	const host = address.slice(0, colon).replace(/^\[|\]$/g, '');
	const port = Number(address.slice(colon + 1));
	const upstream = connect({ host, port });
	let piped = false;
	upstream.setNoDelay(true);
	upstream.once('connect', () => {
		const lines = [`${request.method ?? 'GET'} ${request.url ?? '/'} HTTP/1.1`];
		const raw = request.rawHeaders;
		for (let i = 0; i < raw.length; i += 2) {
			if (raw[i]!.toLowerCase() === RELAYED_HEADER) continue;
			lines.push(`${raw[i]}: ${raw[i + 1]}`);
		}
		lines.push(`${RELAYED_HEADER}: ${instanceId}`);
		upstream.write(lines.join('\r\n') + '\r\n\r\n');
		if (head.length > 0) upstream.write(head);
		piped = true;
		upstream.pipe(socket);
		socket.pipe(upstream);
	});
	upstream.on('error', (error) => {
		if (!piped) return fail(error);
		socket.destroy();
	});
	upstream.on('close', () => {
		if (piped) socket.destroy();
	});
	socket.on('error', () => upstream.destroy());
	socket.on('close', () => upstream.destroy());
}
