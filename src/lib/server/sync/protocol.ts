// The y-websocket wire format: every frame is a varuint message type, then its payload (lib0 encoding).
// Only encoding lives here; reading is done where the frame is handled (connection.ts).
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as authProtocol from 'y-protocols/auth';
import * as syncProtocol from 'y-protocols/sync';

export const messageSync = 0;
export const messageAwareness = 1;
export const messageAuth = 2;
export const messageQueryAwareness = 3;
/**
 * Ours, beside y-websocket's four: a one-off event from the server (JSON text), e.g. "a ballot opened". Only the
 * server sends it; it is never stored, so a screen that was away reads again what the event was about.
 */
export const messageEvent = 4;
/**
 * Ours: a message of another document over this socket. A socket is opened on one document (its URL names it, and
 * that document's messages travel plain, as above); the client may add other documents of the same meeting to it,
 * so that a page keeps one socket. Each of their messages, both ways, is wrapped: this type, the document's name
 * (a string), then one whole message of that document (types 0 to 4 above) as bytes. A client adds a document by
 * sending its sync step 1 so wrapped; the server checks that document's rights as for a socket of its own.
 */
export const messageDocument = 5;
/**
 * Ours: one document of the socket ends, the socket stays: this type, the document's name, a close code and a reason
 * (the codes a socket of its own would have been closed or refused with). From the server: the document was refused
 * or closed (4403, 4404, 1013 to try again later, 1003, 1007…). From the client: it leaves that document.
 */
export const messageDocumentClosed = 6;

export const { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } = syncProtocol;

/** Close codes the hub uses (RFC 6455 §7.4.1); 4000 + HTTP status when a connection's access is withdrawn. */
export const CloseCode = {
	/** The hub is shutting down. */
	goingAway: 1001,
	/** A text frame, an unknown message type, or a message type a client may not send (auth, events). */
	unsupportedData: 1003,
	/** The frame or the update inside it does not decode, or the update does not apply. */
	invalidPayload: 1007,
	/** A policy: the connection's unsent backlog grew too large. */
	policyViolation: 1008,
	/** Larger than maxMessageBytes (sent by ws itself). */
	messageTooBig: 1009,
	/** A bug on our side while handling a frame. */
	internalError: 1011,
	/** Another server took the documents over (their owner changed): reconnect, through the proxy, to it. */
	serviceRestart: 1012,
	/** An added document refused for now (its user kept out a while, or the server shutting down): try again later. */
	tryAgainLater: 1013,
	/** Access withdrawn by reauthorize(): 4000 + the HTTP status (4401, 4403, 4404). */
	accessWithdrawnBase: 4000
} as const;

/** Step 1: the sender's state vector. */
export function syncStep1Frame(stateVector: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, messageSync);
	encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1);
	encoding.writeVarUint8Array(encoder, stateVector);
	return encoding.toUint8Array(encoder);
}

/** Step 2: an update holding what the peer lacks. */
export function syncStep2Frame(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, messageSync);
	encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

export function updateFrame(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, messageSync);
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}

export function awarenessFrame(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, messageAwareness);
	encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
	return encoding.toUint8Array(encoder);
}

export function permissionDeniedFrame(reason: string): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, messageAuth);
	authProtocol.writePermissionDenied(encoder, reason);
	return encoding.toUint8Array(encoder);
}

/** An event (see messageEvent): its type, then the event as JSON text. */
export function eventFrame(event: object): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, messageEvent);
	encoding.writeVarString(encoder, JSON.stringify(event));
	return encoding.toUint8Array(encoder);
}

/** A message (`message`: types 0 to 4) of the socket's other document `name`, see messageDocument. */
export function documentMessageFrame(name: string, message: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, messageDocument);
	encoding.writeVarString(encoder, name);
	encoding.writeVarUint8Array(encoder, message);
	return encoding.toUint8Array(encoder);
}

/** The socket's other document `name` ends, see messageDocumentClosed. */
export function documentClosedFrame(name: string, code: number, reason: string): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, messageDocumentClosed);
	encoding.writeVarString(encoder, name);
	encoding.writeVarUint(encoder, code);
	encoding.writeVarString(encoder, reason);
	return encoding.toUint8Array(encoder);
}

/**
 * A whole WebSocket frame made for the document's own sockets (a broadcast's, an answer's), rewrapped for a socket
 * that carries the document as its other document `name`. A broadcast gives every recipient the same frame, so the
 * last rewrapping of each frame is kept: the document's other recipients reuse it.
 */
export function documentMessageWire(name: string, wire: Buffer): Buffer {
	const kept = rewrapped.get(wire);
	if (kept?.name === name) return kept.wire;
	const lengthByte = wire[1]! & 0x7f;
	const payload = wire.subarray(lengthByte < 126 ? 2 : lengthByte === 126 ? 4 : 10);
	const result = binaryWebSocketFrame(documentMessageFrame(name, payload));
	rewrapped.set(wire, { name, wire: result });
	return result;
}

const rewrapped = new WeakMap<Buffer, { name: string; wire: Buffer }>();

/**
 * A whole WebSocket frame (RFC 6455 §5.2: final, binary, unmasked as a server's are) around `payload`: built once
 * for every recipient of a broadcast and written to each socket as it is.
 */
export function binaryWebSocketFrame(payload: Uint8Array): Buffer {
	const length = payload.byteLength;
	const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10;
	const frame = Buffer.allocUnsafe(headerLength + length);
	frame[0] = 0x82;
	if (length < 126) frame[1] = length;
	else if (length < 65536) {
		frame[1] = 126;
		frame.writeUInt16BE(length, 2);
	} else {
		frame[1] = 127;
		frame.writeBigUInt64BE(BigInt(length), 2);
	}
	frame.set(payload, headerLength);
	return frame;
}
