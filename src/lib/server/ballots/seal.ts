import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomInt } from 'node:crypto';

// Sealed papers. At voting time a secret ballot's paper is stored only sealed: its content (receipt, choices,
// against) encrypted with AES-256-GCM under a key of its ballot, derived (HKDF-SHA-256) from the ballot secret,
// which the server holds and the database never does (see secret.ts). The sealed row is written in the vote's
// transaction, beside the voter's mark, so the database can tie it to its voter (PostgreSQL's xmin, the order of
// rows and of the write-ahead log): that is why it must say nothing without the secret. At the close the papers are
// unsealed and written in plain, all at once, in a random order (see store.ts), and the sealed rows are deleted.

/** The server-held secret, and the id under which the database knows it (never the secret itself). */
export interface BallotSecret {
	bytes: Buffer;
	/** HMAC-SHA-256 of a fixed label under the secret: names the secret in `ballot_key` without revealing it. */
	keyId: string;
}

export function ballotSecret(bytes: Buffer): BallotSecret {
	const keyId = createHmac('sha256', bytes).update('binhxet ballot key id').digest('hex');
	return { bytes, keyId };
}

/**
 * A receipt as the sealed papers may show it: an HMAC under the secret, so that no two papers, sealed or plain, get
 * one receipt (the receipts published at a close must not collide with any still sealed), and nobody without the
 * secret can tell which receipt a tag stands for.
 */
export function receiptTag(secret: BallotSecret, receipt: string): string {
	return createHmac('sha256', secret.bytes).update(`binhxet receipt ${receipt}`).digest('hex');
}

/** What a paper says: the voter's receipt code and the units chosen and, on a confirmation, disagreed with. */
export interface PaperContent {
	receipt: string;
	choices: number[];
	against: number[];
}

const NONCE = 12;
const TAG = 16;

function ballotKey(secret: BallotSecret, ballotId: number): Buffer {
	return Buffer.from(hkdfSync('sha256', secret.bytes, 'binhxet sealed papers', `ballot ${ballotId}`, 32));
}

/** Binds a sealed paper to its ballot: moved to another ballot's rows, it no longer opens. */
const associatedData = (ballotId: number) => Buffer.from(`binhxet sealed paper of ballot ${ballotId}`);

/**
 * Every paper of a ballot is padded to one length, fixed by the ballot's candidates alone: otherwise the length of
 * the ciphertext would tell a blank paper from one with three names, beside its voter's mark.
 */
export function paddedLength(candidateIds: readonly number[]): number {
	const idsLength = candidateIds.reduce((n, id) => n + String(id).length + 1, 0);
	const bound = 64 + 2 * idsLength;
	return Math.ceil(bound / 64) * 64;
}

export function sealPaper(
	secret: BallotSecret,
	ballotId: number,
	candidateIds: readonly number[],
	content: PaperContent
): string {
	const text = JSON.stringify({ r: content.receipt, c: content.choices, a: content.against });
	const length = paddedLength(candidateIds);
	if (Buffer.byteLength(text) > length) throw new Error(`a paper of ballot ${ballotId} is longer than its padding`);
	const nonce = randomBytes(NONCE);
	const cipher = createCipheriv('aes-256-gcm', ballotKey(secret, ballotId), nonce);
	cipher.setAAD(associatedData(ballotId));
	// JSON allows trailing spaces, so the padding needs no length field.
	const body = Buffer.concat([cipher.update(text.padEnd(length, ' '), 'utf8'), cipher.final()]);
	return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
}

/** Opens a sealed paper; throws when it was not sealed for this ballot under this secret (or was altered). */
export function unsealPaper(secret: BallotSecret, ballotId: number, sealed: string): PaperContent {
	const bytes = Buffer.from(sealed, 'base64');
	if (bytes.length < NONCE + TAG) throw new Error(`a sealed paper of ballot ${ballotId} is truncated`);
	const decipher = createDecipheriv('aes-256-gcm', ballotKey(secret, ballotId), bytes.subarray(0, NONCE));
	decipher.setAAD(associatedData(ballotId));
	decipher.setAuthTag(bytes.subarray(bytes.length - TAG));
	let text: string;
	try {
		text = Buffer.concat([decipher.update(bytes.subarray(NONCE, bytes.length - TAG)), decipher.final()]).toString(
			'utf8'
		);
	} catch {
		throw new Error(
			`a sealed paper of ballot ${ballotId} does not open with this server's ballot secret (altered, or sealed under another secret)`
		);
	}
	const parsed = JSON.parse(text) as { r: string; c: number[]; a: number[] };
	return { receipt: parsed.r, choices: parsed.c, against: parsed.a };
}

/** A uniformly random order (Fisher–Yates over the system's cryptographic random numbers). */
export function shuffled<T>(items: readonly T[]): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = randomInt(i + 1);
		[out[i], out[j]] = [out[j]!, out[i]!];
	}
	return out;
}
