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
