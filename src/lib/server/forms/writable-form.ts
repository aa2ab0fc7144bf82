import { PASTED_TABLE_FIELDS, writableText } from '$lib/core/text';

// Every text a form posts is made writable before any action reads it: characters XML 1.0 does not allow (Word's
// Shift+Enter pastes as U+000B) would make every document that shows the text malformed, so they are normalised
// here, once, for every form of the board (src/lib/core/text/xml.ts says how). Uploaded files are left as sent:
// their readers judge them.

/** Makes `request.formData()` answer with every text value made writable. */
export function cleanFormsOf(request: Request): void {
	if (request.method !== 'POST') return;
	const read = request.formData.bind(request);
	Object.defineProperty(request, 'formData', {
		configurable: true,
		value: async (): Promise<FormData> => {
			const sent = await read();
			const clean = new FormData();
			for (const [name, value] of sent) {
				if (typeof value === 'string')
					clean.append(writableText(name), writableText(value, PASTED_TABLE_FIELDS.has(name) ? ' ' : '\n'));
				else clean.append(name, value, value.name);
			}
			return clean;
		}
	});
}
