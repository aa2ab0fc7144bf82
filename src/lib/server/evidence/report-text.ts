import textScript from './text-thread?thread-source';
import { runInThread, type ThreadRefusal } from '../files/read-in-thread';

// A Word document as the board shows it: its paragraphs as plain text, read in a thread with the reader threads'
// memory and time limits (the file was checked at upload: every XML part bounded, no DTD).

export type ReportText = { ok: true; paragraphs: string[] } | { ok: false; reason: 'unreadable' | ThreadRefusal };

export async function wordParagraphs(bytes: Uint8Array): Promise<ReportText> {
	const read = await runInThread<{ ok: true; text: string } | { ok: false; reason: 'unreadable' }>(
		textScript,
		null,
		bytes
	);
	if (!read.ok) return read;
	const paragraphs = read.text
		.split(/\n+/)
		.map((p) => p.replace(/\s+/g, ' ').trim())
		.filter((p) => p !== '');
	return { ok: true, paragraphs };
}
