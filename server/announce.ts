import type { DemoLink } from '../src/lib/server/demo/demo-participants';

export interface Announcement {
	host: string;
	port: number;
	/** The SQLite file's path, or the PostgreSQL database (without its password). */
	database: string;
	/** The public address (ORIGIN), when the board is reached through a proxy: links are printed on it. */
	origin?: string;
	demo?: { meetingId: number; links: DemoLink[] };
	/** The one-time link that makes the first administrator, on an installation that has none. */
	setupPath?: string;
}

/** What the start command prints: where the board is and how to sign in as each demo participant. */
export function announce(info: Announcement): void {
	// A wildcard address is not something to open in a browser; name the machine itself instead.
	const host = info.host === '0.0.0.0' || info.host === '::' ? 'localhost' : info.host;
	const own = `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`;
	const lines = [`binhxet is running at ${own}`, `database: ${info.database}`];
	// Behind a proxy, the address people open is the proxy's.
	const base = info.origin ?? own;
	if (base !== own) lines.push(`open it at ${base}`);
	if (info.setupPath) {
		lines.push(
			'No administrator yet. Open this link once, within 24 hours, to become the first one (each start prints a fresh one):'
		);
		lines.push(`  ${base}${info.setupPath}`);
	}
	if (info.demo) {
		lines.push(`demo meeting loaded: ${base}/meetings/${info.demo.meetingId}`);
		lines.push(
			'Sign in as a demo participant by opening their personal link (each works once; restart for fresh ones):'
		);
		const width = Math.max(...info.demo.links.map((l) => l.role.length));
		const unitWidth = Math.max(...info.demo.links.map((l) => (l.unit ?? '-').length));
		for (const link of info.demo.links) {
			lines.push(
				`  ${link.role.padEnd(width)}  ${(link.unit ?? '-').padEnd(unitWidth)}  ${base}${link.path}  ${link.name}`
			);
		}
	}
	console.log(lines.join('\n'));
}
