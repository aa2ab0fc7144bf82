import { dirname, join } from 'node:path';

// Settings from the environment, read in one place. No SvelteKit `$env` here: the server entry shares this module.
export interface Config {
	port: number;
	host: string;
	databasePath: string;
	/**
	 * Where the units' files are kept: a folder (FILES_PATH; by default `files/` beside the database), or the shared
	 * database itself (FILES_STORE=database, for several server instances on one database).
	 */
	files: { store: 'folder'; path: string } | { store: 'database' };
	/** Load the demo meeting into an empty database at start. */
	loadDemo: boolean;
	/** Where invitations are sent from; null when SMTP is not configured (then nothing is ever sent). */
	mail: MailConfig | null;
	/** The public origin (ORIGIN), e.g. https://binhxet.example.vn, when the deployment names one. */
	origin: string | undefined;
	/** The header an HTTPS proxy sets to the scheme it was reached by (PROTOCOL_HEADER), when the deployment names one. */
	protocolHeader: string | undefined;
}

export interface MailConfig {
	/** A nodemailer connection URL, e.g. "smtps://user:pass@smtp.example.vn:465". */
	smtpUrl: string;
	/** The sender, e.g. "Thư ký Cụm thi đua <cum@example.vn>". */
	from: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const port = Number(env.PORT ?? 3000);
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new Error(`PORT must be a port number, got ${env.PORT}`);
	const databasePath = env.DATABASE_PATH ?? './data/binhxet.db';
	if (env.FILES_STORE && env.FILES_STORE !== 'folder' && env.FILES_STORE !== 'database')
		throw new Error(`FILES_STORE must be "folder" or "database", got ${env.FILES_STORE}`);
	return {
		port,
		host: env.HOST ?? '0.0.0.0',
		databasePath,
		files:
			env.FILES_STORE === 'database'
				? { store: 'database' }
				: { store: 'folder', path: env.FILES_PATH ?? join(dirname(databasePath), 'files') },
		loadDemo: env.BINHXET_DEMO === '1',
		mail: env.SMTP_URL && env.MAIL_FROM ? { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM } : null,
		origin: env.ORIGIN ? new URL(env.ORIGIN).origin : undefined,
		protocolHeader: env.PROTOCOL_HEADER || undefined
	};
}
