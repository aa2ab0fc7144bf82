import { inflateRawSync } from 'node:zlib';
import { MAX_PART_BYTES, MAX_UNPACKED_BYTES, MAX_ZIP_ENTRIES, OverBound } from './limits';

// A zip archive (every .xlsx and .docx is one) read part by part, each part inflated under a bound: the directory's
// stated size is checked first, and the inflating itself stops at the bound (a part may lie about its size). Only
// what the readers ask for is inflated; everything else in the archive (pictures, themes) is never touched.

interface Entry {
	method: number;
	encrypted: boolean;
	compressedSize: number;
	size: number;
	localHeader: number;
}

export class ZipArchive {
	/** Bytes inflated so far from this archive, against MAX_UNPACKED_BYTES. */
	private unpacked = 0;

	private constructor(
		private readonly bytes: Uint8Array,
		private readonly entries: Map<string, Entry>
	) {}

	/** The archive's directory, or null when the bytes are not a zip this reader understands. */
	static open(bytes: Uint8Array): ZipArchive | null {
		const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		// The end-of-directory record: the last 22 bytes, unless a comment (at most 65,535 bytes) follows it.
		let end = -1;
		for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65_535); at--) {
			if (view.getUint32(at, true) === 0x06054b50) {
				end = at;
				break;
			}
		}
		if (end < 0) return null;
		const count = view.getUint16(end + 10, true);
		const directorySize = view.getUint32(end + 12, true);
		let at = view.getUint32(end + 16, true);
		// Zip64 archives (over 4 GB or 65,535 entries) are no office file of ours.
		if (count === 0xffff || at === 0xffffffff || at + directorySize > end) return null;
		if (count > MAX_ZIP_ENTRIES) throw new OverBound('too_large_unpacked');
		const entries = new Map<string, Entry>();
		const decoder = new TextDecoder();
		for (let i = 0; i < count; i++) {
			if (at + 46 > end || view.getUint32(at, true) !== 0x02014b50) return null;
			const nameLength = view.getUint16(at + 28, true);
			const extraLength = view.getUint16(at + 30, true);
			const commentLength = view.getUint16(at + 32, true);
			const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
			const entry: Entry = {
				method: view.getUint16(at + 10, true),
				encrypted: (view.getUint16(at + 8, true) & 1) === 1,
				compressedSize: view.getUint32(at + 20, true),
				size: view.getUint32(at + 24, true),
				localHeader: view.getUint32(at + 42, true)
			};
			if (!entries.has(name)) entries.set(name, entry);
			at += 46 + nameLength + extraLength + commentLength;
		}
		return new ZipArchive(bytes, entries);
	}

	/** The names of the archive's parts, in the directory's order. */
	names(): string[] {
		return [...this.entries.keys()];
	}

	has(name: string): boolean {
		return this.entries.has(name);
	}

	/** A part's bytes, or null when the archive has no such part; throws OverBound past the part bound. */
	part(name: string): Uint8Array | null {
		const entry = this.entries.get(name);
		if (!entry) return null;
		if (entry.encrypted) throw new Error('encrypted part');
		if (entry.size > MAX_PART_BYTES) throw new OverBound('too_large_unpacked');
		const view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
		const local = entry.localHeader;
		if (local + 30 > this.bytes.length || view.getUint32(local, true) !== 0x04034b50)
			throw new Error('bad local header');
		const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
		const data = this.bytes.subarray(start, start + entry.compressedSize);
		if (data.length !== entry.compressedSize) throw new Error('truncated part');
		const bound = Math.min(MAX_PART_BYTES, MAX_UNPACKED_BYTES - this.unpacked);
		let part: Uint8Array;
		if (entry.method === 0) part = data;
		else if (entry.method === 8) {
			try {
				// Stops inflating as soon as the output would pass the bound.
				part = inflateRawSync(data, { maxOutputLength: Math.max(1, bound) });
			} catch (error) {
				if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
					throw new OverBound('too_large_unpacked');
				throw error;
			}
		} else throw new Error('unknown compression');
		if (part.length > bound) throw new OverBound('too_large_unpacked');
		this.unpacked += part.length;
		return part;
	}

	/** A part as text (UTF-8, as every part of an Office file is written). */
	text(name: string): string | null {
		const bytes = this.part(name);
		return bytes === null ? null : new TextDecoder().decode(bytes);
	}
}

/** Zip archives (every Office Open XML file) start with "PK\x03\x04". */
export function isZip(bytes: Uint8Array): boolean {
	return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}
