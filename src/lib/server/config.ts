// Settings from the environment, read in one place. No SvelteKit `$env` here: the server entry shares this module.
export interface Config {
	port: number;
	host: string;
	databasePath: string;
	/** DATABASE_URL (postgres://…): the board runs on that PostgreSQL database instead of the SQLite file. */
	databaseUrl: string | undefined;
	/** How many connections an instance holds to PostgreSQL (DATABASE_POOL_SIZE). */
	databasePoolSize: number;
	/** Load the demo meeting into an empty database at start. */
	loadDemo: boolean;
	/** Where invitations are sent from; null when SMTP is not configured (then nothing is ever sent). */
	mail: MailConfig | null;
	/** The public origin (ORIGIN), e.g. https://binhxet.example.vn, when the deployment names one. */
	origin: string | undefined;
	/** The header an HTTPS proxy sets to the scheme it was reached by (PROTOCOL_HEADER), when the deployment names one. */
	protocolHeader: string | undefined;
}

/** Where the data lives, as `openDatabase` takes it: the PostgreSQL URL when one is set, else the SQLite file. */
export function databaseLocation(config: Pick<Config, 'databasePath' | 'databaseUrl'>): string {
	return config.databaseUrl ?? config.databasePath;
}

/** The database as the start command prints it: a PostgreSQL URL without its password. */
export function databaseLabel(config: Pick<Config, 'databasePath' | 'databaseUrl'>): string {
	if (!config.databaseUrl) return config.databasePath;
	const url = new URL(config.databaseUrl);
	if (url.password) url.password = '***';
	return `PostgreSQL ${url.toString()}`;
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
	return {
		port,
		host: env.HOST ?? '0.0.0.0',
		databasePath: env.DATABASE_PATH ?? './data/binhxet.db',
		databaseUrl: databaseUrl(env.DATABASE_URL),
		databasePoolSize: Number(env.DATABASE_POOL_SIZE) || 10,
		loadDemo: env.BINHXET_DEMO === '1',
		mail: env.SMTP_URL && env.MAIL_FROM ? { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM } : null,
		origin: env.ORIGIN ? new URL(env.ORIGIN).origin : undefined,
		protocolHeader: env.PROTOCOL_HEADER || undefined
	};
}

function databaseUrl(value: string | undefined): string | undefined {
	if (!value) return undefined;
	if (!/^postgres(ql)?:\/\//i.test(value)) throw new Error(`DATABASE_URL must be a postgres:// URL, got ${value}`);
	return value;
}
