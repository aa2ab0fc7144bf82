// Writes the demo meeting's documents into a folder: the meeting is played to its close (the report's 2021
// deductions, the ballots, the close) on a temporary database, then every document is made in both layouts.
//   node build/docs-demo.js [folder]     (npm run docs:demo)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase } from '../src/lib/server/db/open';
import { runDemoMeeting } from '../src/lib/server/demo/run-demo-meeting';
import { documentFiles, renderDocument } from '../src/lib/server/documents/files';
import { buildDocumentModel } from '../src/lib/server/documents/model';

const folder = resolve(process.argv[2] ?? 'demo-documents');
const scratch = mkdtempSync(join(tmpdir(), 'binhxet-docs-demo-'));
try {
	const opened = await openDatabase(join(scratch, 'demo.db'));
	const { meetingId } = await runDemoMeeting(opened, { close: true });
	for (const layout of ['party', 'state'] as const) {
		await opened.db.updateTable('clusters').set({ layout }).execute();
		const model = await buildDocumentModel(opened.db, meetingId);
		if (!model) throw new Error('the demo meeting is missing');
		const out = join(folder, layout);
		mkdirSync(out, { recursive: true });
		for (const file of documentFiles(model)) {
			const rendered = await renderDocument(model, file.name);
			writeFileSync(join(out, file.name), rendered!.body);
			console.log(`${join(out, file.name)}  ${rendered!.body.length} bytes`);
		}
	}
	await opened.db.destroy();
} finally {
	rmSync(scratch, { recursive: true, force: true });
}
