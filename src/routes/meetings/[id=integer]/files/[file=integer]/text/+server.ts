import { error } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { appContext } from '$lib/server/context';
import { requireReadableFile } from '$lib/server/evidence/access';
import { readUnitFileBytes } from '$lib/server/evidence/files';
import { wordParagraphs } from '$lib/server/evidence/report-text';
import { SAFE_HEADERS, contentDisposition } from '$lib/server/evidence/serve';
import type { RequestHandler } from './$types';

// A Word document's text, paragraph by paragraph (blank line between), as plain text: nothing of the file's own
// markup reaches the page.
export const GET: RequestHandler = async ({ params, locals, url }) => {
	const context = await appContext();
	const file = await requireReadableFile(context, locals, url, Number(params.id), Number(params.file));
	if (file.format !== 'docx') error(404, translate(locals.locale, 'evidence.error.not_found'));
	const bytes = await readUnitFileBytes(context.files, file);
	if (!bytes) error(410, translate(locals.locale, 'evidence.error.lost'));
	const read = await wordParagraphs(bytes);
	if (!read.ok) error(422, translate(locals.locale, `evidence.error.${read.reason}`, { name: file.name }));
	return new Response(read.paragraphs.join('\n\n'), {
		headers: {
			...SAFE_HEADERS,
			'content-type': 'text/plain; charset=utf-8',
			'content-disposition': contentDisposition('inline', file.name.replace(/\.docx$/i, '.txt'))
		}
	});
};
