import { MAX_FILE_NAME } from './limits';

// A file's name is only ever shown: the store keys files by their digest. A browser sends a file's own name, never
// a path; a name with a path separator or a parent reference was made by hand to reach somewhere, and is refused.
// Pure.

export type NameRefusal = 'name_path' | 'name_empty';

/** The name to show, or why the name is refused: controls removed, spaces tidied, at most MAX_FILE_NAME characters. */
export function cleanFileName(raw: string): { ok: true; name: string } | { ok: false; reason: NameRefusal } {
	if (/[/\\]/.test(raw) || raw.split(/[/\\]/).includes('..') || raw.trim() === '..' || raw.trim() === '.')
		return { ok: false, reason: 'name_path' };
	// C0 and C1 controls, bidirectional overrides (a name that reads "fdp.exe" backwards), and what Windows forbids.
	let name = raw
		.normalize('NFC')
		.replace(/[\t\n\v\f\r]/g, ' ')
		// eslint-disable-next-line no-control-regex
		.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069<>:"|?*]/g, '');
	name = name.replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
	if (name === '') return { ok: false, reason: 'name_empty' };
	if ([...name].length > MAX_FILE_NAME) {
		const dot = name.lastIndexOf('.');
		const extension = dot > 0 && name.length - dot <= 6 ? name.slice(dot) : '';
		name =
			[...name.slice(0, name.length - extension.length)].slice(0, MAX_FILE_NAME - extension.length).join('') +
			extension;
	}
	return { ok: true, name };
}
