// argon2 is loaded on first use: its native library and worker threads add about 15 MB to the process, and a board
// whose people sign in by their links never needs it.
const argon2 = () => import('@node-rs/argon2');

// argon2id with the parameters the Lucia guide recommends (OWASP's minimum): 19 MiB, 2 passes, 1 lane.
const OPTIONS = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

export async function hashPassword(password: string): Promise<string> {
	return (await argon2()).hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await (await argon2()).verify(passwordHash, password);
	} catch {
		return false; // a malformed stored hash is a failed sign-in, not a crash
	}
}

/** A password we can hash in bounded time and that is not trivially short. */
export function passwordProblem(password: string): 'too_short' | 'too_long' | null {
	if (password.length < MIN_PASSWORD_LENGTH) return 'too_short';
	if (password.length > MAX_PASSWORD_LENGTH) return 'too_long';
	return null;
}
