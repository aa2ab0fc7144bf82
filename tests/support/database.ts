import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type OpenedDatabase } from '$lib/server/db/open';

/** A real SQLite database in a fresh temporary folder; `close` removes it. */
export async function temporaryDatabase(): Promise<OpenedDatabase & { path: string; close: () => Promise<void> }> {
	const dir = mkdtempSync(join(tmpdir(), 'binhxet-test-'));
	const path = join(dir, 'test.db');
	const opened = await openDatabase(path);
	return {
		...opened,
		path,
		close: async () => {
			await opened.db.destroy();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
