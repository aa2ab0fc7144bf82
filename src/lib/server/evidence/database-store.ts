import type { DB } from '../db/open';
import { sha256Hex } from './digest';
import { requireDigest, type FileStore } from './store';

// The store for an installation of several server instances sharing one database: the bytes in `file_contents`,
// one row per digest. Selected with FILES_STORE=database.

export function databaseStore(db: DB): FileStore {
	return {
		async put(sha256, bytes) {
			requireDigest(sha256);
			if (sha256Hex(bytes) !== sha256) throw new Error('the bytes do not have the digest they are stored under');
			await db
				.insertInto('file_contents')
				.values({ sha256, content: bytes })
				.onConflict((c) => c.column('sha256').doNothing())
				.execute();
		},
		async get(sha256) {
			requireDigest(sha256);
			const row = await db
				.selectFrom('file_contents')
				.select('content')
				.where('sha256', '=', sha256)
				.executeTakeFirst();
			return row ? new Uint8Array(row.content) : null;
		},
		async has(sha256) {
			requireDigest(sha256);
			return (
				(await db
					.selectFrom('file_contents')
					.select('sha256')
					.where('sha256', '=', sha256)
					.executeTakeFirst()) !== undefined
			);
		},
		async delete(sha256) {
			requireDigest(sha256);
			await db.deleteFrom('file_contents').where('sha256', '=', sha256).execute();
		}
	};
}
