import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseStore } from '$lib/server/evidence/database-store';
import { sha256Hex } from '$lib/server/evidence/digest';
import { folderStore } from '$lib/server/evidence/folder-store';
import type { FileStore } from '$lib/server/evidence/store';
import { temporaryDatabase } from '../support/database';

// Both stores behind the one interface, held to the same behaviour: content-addressed, kept once, complete or
// absent, and refusing a key that is not a digest (it would be a path in the folder store).

let folder: string;
let database: Awaited<ReturnType<typeof temporaryDatabase>>;

beforeAll(async () => {
	folder = mkdtempSync(join(tmpdir(), 'binhxet-files-'));
	database = await temporaryDatabase();
});
afterAll(async () => {
	rmSync(folder, { recursive: true, force: true });
	await database.close();
});

const stores: [string, () => FileStore][] = [
	['the folder store', () => folderStore(join(folder, 'files'))],
	['the database store', () => databaseStore(database.db)]
];

describe.each(stores)('%s', (_, make) => {
	const bytes = new TextEncoder().encode('Quyết định số 12/QĐ-TCT');
	const digest = sha256Hex(bytes);

	it('keeps bytes under their digest, once, and forgets them', async () => {
		const store = make();
		expect(await store.has(digest)).toBe(false);
		expect(await store.get(digest)).toBeNull();
		await store.put(digest, bytes);
		await store.put(digest, bytes);
		expect(await store.has(digest)).toBe(true);
		expect(await store.get(digest)).toEqual(bytes);
		await store.delete(digest);
		await store.delete(digest);
		expect(await store.has(digest)).toBe(false);
	});

	it('refuses bytes under another digest, and keys that are not digests', async () => {
		const store = make();
		await expect(store.put(sha256Hex(new Uint8Array([1])), bytes)).rejects.toThrow();
		for (const key of ['../../etc/passwd', digest.toUpperCase(), `${digest}/x`, ''])
			await expect(store.get(key)).rejects.toThrow('not a SHA-256 digest');
	});
});

describe('the folder store on disk', () => {
	it('writes each file whole under ab/cdef…, leaving nothing in its temporary folder', async () => {
		const root = join(folder, 'layout');
		const store = folderStore(root);
		const bytes = new Uint8Array(3 * 1024 * 1024).fill(7);
		const digest = sha256Hex(bytes);
		await Promise.all([store.put(digest, bytes), store.put(digest, bytes)]);
		expect(readdirSync(join(root, digest.slice(0, 2)))).toEqual([digest.slice(2)]);
		expect(readdirSync(join(root, 'tmp'))).toEqual([]);
	});
});
