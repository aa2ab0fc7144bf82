// Forms and table uploads take bodies of at most 6 MB, as before a unit's files (up to 20 MB, on their own route)
// raised the server's body limit: a larger stated body fails to read, as it did at the server's limit, and each
// page says so in its own words.

export const FORM_BODY_LIMIT = 6 * 1024 * 1024;
/** The one route that takes larger bodies: a unit's files (bounded there). */
export const UNIT_FILES_PATH = /^\/meetings\/\d+\/units\/[^/]+\/files$/;

export function boundFormBody(request: Request, pathname: string): void {
	if (request.method !== 'POST' || UNIT_FILES_PATH.test(pathname)) return;
	const length = Number(request.headers.get('content-length') ?? 0);
	if (!(length > FORM_BODY_LIMIT)) return;
	const refuse = () => Promise.reject(new Error(`request body over ${FORM_BODY_LIMIT} bytes`));
	for (const method of ['formData', 'arrayBuffer', 'text', 'json', 'blob', 'bytes'])
		Object.defineProperty(request, method, { configurable: true, value: refuse });
}
