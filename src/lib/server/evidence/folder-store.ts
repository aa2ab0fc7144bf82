import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Hex } from './digest';
import { requireDigest, type FileStore } from './store';

// The embedded store: a folder beside the database, `<folder>/ab/cdef…` (the digest's first two characters as a
// subfolder, so that no folder holds tens of thousands of entries). A file is written whole to `<folder>/tmp/`
// and renamed into place, so a crash never leaves a half-written file under a digest: what is there is complete.

export function folderStore(root: string): FileStore {
	const pathOf = (sha256: string) => {
		requireDigest(sha256);
		return join(root, sha256.slice(0, 2), sha256.slice(2));
	};
	const exists = async (path: string) =>
		stat(path).then(
			() => true,
			() => false
		);
	return {
		async put(sha256, bytes) {
			const path = pathOf(sha256);
			if (sha256Hex(bytes) !== sha256) throw new Error('the bytes do not have the digest they are stored under');
			if (await exists(path)) return;
			const temp = join(root, 'tmp', `${sha256}.${randomBytes(6).toString('hex')}`);
			await mkdir(join(root, 'tmp'), { recursive: true });
			await mkdir(join(root, sha256.slice(0, 2)), { recursive: true });
			try {
				// flush: the bytes are on the disk before the name points to them.
				await writeFile(temp, bytes, { flag: 'wx', flush: true });
				await rename(temp, path);
			} catch (error) {
				await rm(temp, { force: true });
				throw error;
			}
		},
		async get(sha256) {
			try {
				return new Uint8Array(await readFile(pathOf(sha256)));
			} catch (error) {
				if ((error as { code?: string }).code === 'ENOENT') return null;
				throw error;
			}
		},
		async has(sha256) {
			return exists(pathOf(sha256));
		},
		async delete(sha256) {
			try {
				await unlink(pathOf(sha256));
			} catch (error) {
				if ((error as { code?: string }).code !== 'ENOENT') throw error;
			}
		}
	};
}
