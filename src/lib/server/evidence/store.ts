// Where the bytes of the units' files are kept: one small interface, content-addressed by SHA-256 (hex), so that
// the rest of the board never knows whether they are in a folder beside the database (the embedded default,
// ./folder-store), in the shared database (./database-store, for several server instances), or in an
// S3-compatible bucket (an implementation of these four functions over its PUT/GET/HEAD/DELETE of `<digest>`).
// The same bytes are kept once however many files, units or meetings refer to them.

export interface FileStore {
	/** Keeps `bytes` under `sha256`, which must be their digest; keeping bytes already kept does nothing. */
	put(sha256: string, bytes: Uint8Array): Promise<void>;
	/** The bytes kept under `sha256`, or null. */
	get(sha256: string): Promise<Uint8Array | null>;
	has(sha256: string): Promise<boolean>;
	/** Forgets the bytes; deleting what is not kept does nothing. */
	delete(sha256: string): Promise<void>;
}

/** A SHA-256 in hex: the only key a store accepts (it is also a safe file name). */
export function isDigest(value: string): boolean {
	return /^[0-9a-f]{64}$/.test(value);
}

export function requireDigest(value: string): void {
	if (!isDigest(value)) throw new Error(`not a SHA-256 digest: ${value.slice(0, 80)}`);
}
