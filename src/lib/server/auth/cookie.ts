export const SESSION_COOKIE = 'session';

/**
 * HttpOnly, SameSite=Lax, path /. Secure everywhere but plain http on localhost (development), which is SvelteKit's
 * own rule when `secure` is left out; we state it so that the rule is visible.
 */
export function sessionCookieOptions(url: URL, expiresAt: number) {
	const development = url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'lax' as const,
		secure: !development,
		expires: new Date(expiresAt)
	};
}
