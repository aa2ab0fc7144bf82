// Where a ?next= or ?back= parameter may send the browser: a path of this site, and nothing a browser would read as
// another site. Browsers turn "\" into "/" and drop tabs and newlines in URLs, so "/\evil.example" and "/\t/evil"
// mean "//evil.example": the value is parsed the way a browser parses it, and only a same-origin result is kept.

const BASE = 'http://same-origin.invalid';

/** The value as a path (with its query and fragment) of this site, or `fallback`. */
export function sameOriginPath(value: string | null | undefined, fallback = '/'): string {
	if (!value || !value.startsWith('/')) return fallback;
	let url: URL;
	try {
		url = new URL(value, BASE);
	} catch {
		return fallback;
	}
	if (url.origin !== BASE) return fallback;
	const path = url.pathname + url.search + url.hash;
	// Belt and braces: what we send back must itself start with exactly one slash.
	return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') ? path : fallback;
}

/** What a request says of where it came from and where it was sent. */
export interface OriginRequest {
	/** The Origin header, when the client sent one. */
	origin: string | undefined;
	/** The Host header. */
	host: string | undefined;
	/** The scheme the request reached us by: "https" over TLS or a proxy's protocol header that says so, else "http". */
	scheme: string;
}

/**
 * Whether a request's Origin is our own: exactly the configured ORIGIN, or exactly the scheme and host the request
 * itself was sent to. `https://our-host` on a plain-http deployment is someone else (another port, another server),
 * and so is any other scheme. A client without Origin is not a browser, and so holds no one else's cookie.
 */
export function originAllowed(request: OriginRequest, configured: string | undefined): boolean {
	const { origin, host, scheme } = request;
	if (origin === undefined) return true;
	if (configured !== undefined && origin === configured) return true;
	if (host === undefined || (scheme !== 'http' && scheme !== 'https')) return false;
	let own: string;
	try {
		own = new URL(`${scheme}://${host}`).origin;
	} catch {
		return false;
	}
	return origin === own;
}
