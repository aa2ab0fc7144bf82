import { createHash } from 'node:crypto';
import type { DocumentModel } from '$lib/core/documents';
import { renderDocument, type DocumentFile } from './files';

// The meeting's documents, each made once per version of what it says and served from memory after that. Making a
// document is seconds of CPU (the archive is every document zipped); the model it is made from is a few queries. So
// the model is read on every request, and its digest (everything in it but the moment it was read) names the
// version: a change to the record, the live board or the documents' fields is a new digest, hence a new document.
// Requests for a version being made wait for it rather than making it again. Bounded in bytes, least recently
// used out first; a meeting keeps only the newest version of each file.

export interface MadeDocument {
	file: DocumentFile;
	body: Buffer;
}

export interface MadeDocuments {
	/** The file `name` of the meeting as `model` has it, or undefined if the meeting has no such file. */
	get(meetingId: number, model: DocumentModel, name: string): Promise<MadeDocument | undefined>;
	/** How many files were made (not served from memory) so far. */
	readonly made: number;
	/** What is kept, in bytes. */
	readonly bytes: number;
}

export interface MadeDocumentsOptions {
	maxBytes: number;
	/** Told of each file made (the archive's parts included). */
	onMade?: (made: { meetingId: number; name: string; bytes: number; ms: number }) => void;
}

export function createMadeDocuments(options: MadeDocumentsOptions): MadeDocuments {
	const kept = new Map<string, MadeDocument>();
	const making = new Map<string, Promise<MadeDocument | undefined>>();
	/** Per meeting and file name: the key of the version kept. */
	const newest = new Map<string, string>();
	let bytes = 0;
	let made = 0;

	const forget = (key: string) => {
		const doc = kept.get(key);
		if (!doc) return;
		kept.delete(key);
		bytes -= doc.body.byteLength;
	};

	const keep = (slot: string, key: string, doc: MadeDocument) => {
		const older = newest.get(slot);
		if (older !== undefined && older !== key) forget(older);
		newest.set(slot, key);
		if (doc.body.byteLength > options.maxBytes) return;
		kept.set(key, doc);
		bytes += doc.body.byteLength;
		for (const [oldest] of kept) {
			if (bytes <= options.maxBytes) break;
			forget(oldest);
		}
	};

	const get = (
		meetingId: number,
		model: DocumentModel,
		version: string,
		name: string
	): Promise<MadeDocument | undefined> => {
		const slot = `${meetingId}/${name}`;
		const key = `${slot}/${version}`;
		const hit = kept.get(key);
		if (hit) {
			// Most recently used: to the end of the order.
			kept.delete(key);
			kept.set(key, hit);
			return Promise.resolve(hit);
		}
		const running = making.get(key);
		if (running) return running;
		const make = (async () => {
			const started = performance.now();
			const rendered = await renderDocument(
				model,
				name,
				async (part) => (await get(meetingId, model, version, part.name))!.body
			);
			if (!rendered) return undefined;
			made++;
			options.onMade?.({ meetingId, name, bytes: rendered.body.byteLength, ms: performance.now() - started });
			keep(slot, key, rendered);
			return rendered;
		})().finally(() => making.delete(key));
		making.set(key, make);
		return make;
	};

	return {
		get: (meetingId, model, name) => get(meetingId, model, versionOf(model), name),
		get made() {
			return made;
		},
		get bytes() {
			return bytes;
		}
	};
}

/** The digest of everything the documents say but the moment the model was read. */
export function versionOf(model: DocumentModel): string {
	return createHash('sha256')
		.update(JSON.stringify({ ...model, madeAt: null }))
		.digest('base64url');
}

const MiB = 1024 * 1024;
const KEY = Symbol.for('binhxet.made-documents');

/** The process's documents (one per process, whichever bundle asks). */
export function madeDocuments(): MadeDocuments {
	const holder = globalThis as { [KEY]?: MadeDocuments };
	holder[KEY] ??= createMadeDocuments({
		maxBytes: 64 * MiB,
		onMade: ({ meetingId, name, bytes, ms }) =>
			console.log(`documents: made ${name} of meeting ${meetingId} (${bytes} bytes, ${ms.toFixed(0)} ms)`)
	});
	return holder[KEY];
}
