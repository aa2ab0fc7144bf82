// The production entry: one HTTP server that answers /healthz, serves the built SvelteKit app and the live board's
// WebSocket endpoint (/sync), all on one port.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { databaseLabel } from '../src/lib/server/config';
import { appContext, type AppContext } from '../src/lib/server/context';
import { loadDemoIfEmpty } from '../src/lib/server/demo/load-demo';
import { ensureDemoParticipants, findDemoMeeting, issueDemoLinks } from '../src/lib/server/demo/demo-participants';
import type { Cluster } from '../src/lib/server/cluster/cluster';
import { clusterAddress, joinCluster } from '../src/lib/server/cluster/join';
import { createLiveHub } from '../src/lib/server/live/hub';
import { refuseUpgrade } from '../src/lib/server/sync/upgrade';
import { hasAdministrator, issueSetupLink } from '../src/lib/server/setup/admins';
import { announce } from './announce';
import { healthz } from './healthz';
import { BODY_SIZE_LIMIT, refuseOversizedBody } from './upload-bounds';

/** adapter-node's handler: a connect-style middleware. */
type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

async function main(): Promise<void> {
	const context = await appContext();
	const demo = context.config.loadDemo ? await prepareDemo(context.db) : undefined;
	// A fresh installation without the demo has nobody who could create a meeting: offer the first administrator's link.
	const setupPath =
		!demo && !(await hasAdministrator(context.db)) ? `/setup/${await issueSetupLink(context.db)}` : undefined;

	// adapter-node assumes https unless told otherwise. Unless the deployment names its origin (ORIGIN) or a proxy's
	// header (PROTOCOL_HEADER), tell it the truth: this server speaks plain http. Must be set before the import.
	const ownProtocolHeader = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER ? 'x-binhxet-protocol' : undefined;
	if (ownProtocolHeader) process.env.PROTOCOL_HEADER = ownProtocolHeader;

	// Uploaded tables (a criteria table, a unit's sheet) may be up to 5 MB and a unit's files up to 20 MB;
	// adapter-node refuses bodies above 512 KB unless told otherwise. Must be set before the import, like the
	// protocol header. Each route's own bound is applied by refuseOversizedBody below.
	process.env.BODY_SIZE_LIMIT ??= String(BODY_SIZE_LIMIT);

	// The built SvelteKit handler sits beside this file once bundled (build/server.js next to build/handler.js).
	const handlerUrl = new URL('./handler.js', import.meta.url);
	const { handler } = (await import(handlerUrl.href)) as { handler: Handler };

	const server = createServer((req, res) => {
		if (req.url === '/healthz') return void healthz(context, res);
		if (refuseOversizedBody(req, res, localeOf(req))) return;
		if (ownProtocolHeader) req.headers[ownProtocolHeader] = 'http';
		handler(req, res, () => {
			res.statusCode = 404;
			res.end('Not found');
		});
	});

	// The live board's WebSocket endpoint (/sync/<document>) on the same port.
	const hub = createLiveHub(context);
	context.sync = hub;
	// On PostgreSQL, one of several instances: a meeting's sockets are served by its owner (see cluster/). Joined once
	// listening, when the port others reach it by is known.
	let cluster: Cluster | undefined;
	const join = (port: number) => {
		if (!context.config.databaseUrl) return;
		cluster = joinCluster(hub, {
			databaseUrl: context.config.databaseUrl,
			name: process.env.BINHXET_INSTANCE,
			address: clusterAddress(process.env, context.config.host, port)
		});
		context.cluster = cluster;
	};
	server.on('upgrade', (request, socket, head) => {
		if (cluster) return cluster.route(request, socket, head, () => hub.handleUpgrade(request, socket, head));
		// On PostgreSQL nothing is served before this instance has joined (it could not own a meeting yet).
		if (context.config.databaseUrl) return refuseUpgrade(socket, 503, 'Starting: try again');
		hub.handleUpgrade(request, socket, head);
	});

	server.listen(context.config.port, context.config.host, () => {
		const address = server.address();
		const port = typeof address === 'object' && address ? address.port : context.config.port;
		join(port);
		announce({
			host: context.config.host,
			port,
			database: databaseLabel(context.config),
			origin: context.config.origin,
			demo,
			setupPath
		});
	});

	const shutdown = async () => {
		server.close();
		server.closeAllConnections();
		// The meetings are given up at once, for the instances that take them over, while the hub closes (it writes
		// pending snapshots; every update is already in the log). A last group that commits after a successor took
		// over is refused by the fencing token and was never acknowledged: its screens send it again to the successor.
		await Promise.all([hub.close(), cluster?.close()]);
		await context.db.destroy(); // closes the SQLite file, or the pool of PostgreSQL connections
		process.exit(0);
	};
	process.on('SIGTERM', () => void shutdown());
	process.on('SIGINT', () => void shutdown());
}

/** The language the board speaks to this browser (its `lang` cookie, as the pages read it). */
function localeOf(req: IncomingMessage): 'vi' | 'en' {
	return /(?:^|;\s*)lang=en(?:;|$)/.test(req.headers.cookie ?? '') ? 'en' : 'vi';
}

/** Loads the demo into an empty database, makes sure its participants exist, and gives each a fresh link. */
async function prepareDemo(db: AppContext['db']) {
	const meetingId = (await loadDemoIfEmpty(db)) ?? (await findDemoMeeting(db));
	if (meetingId === undefined) return undefined;
	await ensureDemoParticipants(db, meetingId);
	return { meetingId, links: await issueDemoLinks(db, meetingId) };
}

main().catch((error: unknown) => {
	console.error('binhxet could not start:', error);
	process.exit(1);
});
