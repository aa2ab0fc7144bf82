import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { ballotSecret, type BallotSecret } from './seal';

// Where the ballot secret comes from. It must never be in the database (nor in its backups): whoever has the
// database and the secret together can open the papers sealed while a ballot is open and tie them to their voters.
// - BINHXET_BALLOT_SECRET (at least 32 characters, e.g. `openssl rand -base64 32`): required on PostgreSQL, the
//   same on every instance, since any instance may close a ballot whose votes another accepted.
// - Otherwise, on the embedded SQLite default, a key file beside the database (`<database>.ballot-key`, 32 random
//   bytes, mode 0600), made at the first start. It keeps a copy of the database file alone (a backup, a file sent
//   for support) from saying anything; whoever copies the whole folder has both, so an installation that wants
//   more sets the variable instead.
// - An in-memory database gets a secret that lives as long as the process, as the database does.

export const SECRET_VARIABLE = 'BINHXET_BALLOT_SECRET';

/** The secret named by the environment, or undefined when it names none; refuses a short one. */
export function ballotSecretFromEnvironment(env: NodeJS.ProcessEnv = process.env): BallotSecret | undefined {
	const text = env[SECRET_VARIABLE];
	if (text === undefined || text === '') return undefined;
	if (text.length < 32)
		throw new Error(`${SECRET_VARIABLE} must be at least 32 characters (make one with: openssl rand -base64 32)`);
	return ballotSecret(Buffer.from(text, 'utf8'));
}

export const keyFileOf = (databasePath: string) => `${databasePath}.ballot-key`;

/** Reads the key file beside the database, making it (readable by the server's user only) when there is none. */
export function ballotSecretFromKeyFile(path: string): BallotSecret {
	try {
		writeFileSync(path, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
	}
	if ((statSync(path).mode & 0o077) !== 0)
		console.warn(`ballots: ${path} can be read by other users of this machine; chmod 600 it`);
	const bytes = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
	if (bytes.length < 32) throw new Error(`${path} does not hold a ballot secret (32 bytes in base64)`);
	return ballotSecret(bytes);
}

/** The secret of a database opened at `location`: the environment's, else the key file's, else the process's. */
export function resolveBallotSecret(location: string, env: NodeJS.ProcessEnv = process.env): BallotSecret {
	const fromEnv = ballotSecretFromEnvironment(env);
	if (fromEnv) return fromEnv;
	if (/^postgres(ql)?:/.test(location))
		throw new Error(
			`${SECRET_VARIABLE} must be set on PostgreSQL, the same on every instance (make one with: openssl rand -base64 32)`
		);
	if (location === ':memory:') return ballotSecret(randomBytes(32));
	return ballotSecretFromKeyFile(keyFileOf(location));
}

// The secret travels with the database handle, so that every caller of the ballot store (pages, the demo, the
// admin command, tests) seals and opens papers under the secret the database was opened with. The server entry and
// the SvelteKit handler are bundled separately, each with its own copy of this module: the map is on globalThis.
const KEY = Symbol.for('binhxet.ballot-secrets');
type Holder = { [KEY]?: WeakMap<object, BallotSecret> };
const secrets = ((globalThis as Holder)[KEY] ??= new WeakMap<object, BallotSecret>());

export function ballotSecretOf(db: Kysely<Database>): BallotSecret {
	const secret = secrets.get(db);
	if (!secret) throw new Error('this database was opened without a ballot secret (open it with openDatabase)');
	return secret;
}

/**
 * Makes `secret` the database's ballot secret: the database keeps only its id (`ballot_key`), which every sealed
 * paper references. A different secret replaces the recorded one only while no paper is sealed: the papers of an
 * open ballot must all open under one secret at its close. Otherwise the start is refused, saying why.
 */
export async function adoptBallotSecret(db: Kysely<Database>, secret: BallotSecret): Promise<void> {
	await db
		.insertInto('ballot_key')
		.values({ id: 1, key_id: secret.keyId })
		.onConflict((oc) => oc.column('id').doNothing())
		.execute();
	const recorded = await db.selectFrom('ballot_key').select('key_id').where('id', '=', 1).executeTakeFirstOrThrow();
	if (recorded.key_id !== secret.keyId) {
		const sealed = await db
			.selectFrom('ballot_sealed_papers')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		if (Number(sealed.n) > 0)
			throw new Error(
				`the ballot secret is not the one ${Number(sealed.n)} sealed paper(s) of open secret ballots were sealed under: ` +
					`start with the same ${SECRET_VARIABLE} (or key file) as before, or they cannot be counted`
			);
		// The foreign key refuses this if a paper is sealed meanwhile (by an instance still on the old secret).
		await db.updateTable('ballot_key').set({ key_id: secret.keyId }).where('id', '=', 1).execute();
		console.warn('ballots: a new ballot secret replaces the recorded one (no paper was sealed under the old one)');
	}
	secrets.set(db, secret);
}
