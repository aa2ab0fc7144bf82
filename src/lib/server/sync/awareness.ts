// Reading and rewriting a client's awareness update (y-protocols/awareness format: a count, then per client its id,
// its clock and its state as JSON), so that the hub can enforce who speaks for which client id and which identity
// fields the server asserts.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export type AwarenessState = Record<string, unknown>;

export interface AwarenessEntry {
	clientId: number;
	clock: number;
	/** Null: the client is gone. */
	state: AwarenessState | null;
}

/** Decodes an awareness update; throws if it is malformed or a state is not a JSON object or null. */
export function readAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	const entries: AwarenessEntry[] = [];
	for (let i = 0; i < count; i++) {
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		const state: unknown = JSON.parse(decoding.readVarString(decoder));
		if (state !== null && (typeof state !== 'object' || Array.isArray(state))) {
			throw new Error(`awareness state of client ${clientId} is not an object`);
		}
		entries.push({ clientId, clock, state: state as AwarenessState | null });
	}
	return entries;
}

export function encodeAwarenessUpdate(entries: AwarenessEntry[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const entry of entries) {
		encoding.writeVarUint(encoder, entry.clientId);
		encoding.writeVarUint(encoder, entry.clock);
		encoding.writeVarString(encoder, JSON.stringify(entry.state));
	}
	return encoding.toUint8Array(encoder);
}

/** The state with the server-asserted fields written over whatever the client claimed. */
export function assertFields(
	state: AwarenessState | null,
	asserted: AwarenessState | undefined
): AwarenessState | null {
	if (state === null || asserted === undefined) return state;
	return { ...state, ...asserted };
}
