// The production entry: one HTTP server that answers /healthz, serves the built SvelteKit app and (from the
// live-board work on) the WebSocket sync endpoint, all on one port.
import { createServer } from 'node:http';
import { appContext } from '../src/lib/server/context';
import { loadDemoIfEmpty } from '../src/lib/server/demo/load-demo';
import { announce } from './announce';
import { healthz } from './healthz';

type Handler = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next: () => void) => void;

async function main(): Promise<void> {
	const context = await appContext();
	const demoMeetingId = context.config.loadDemo ? await loadDemoIfEmpty(context.db) : undefined;

	// The built SvelteKit handler sits beside this file once bundled (build/server.js next to build/handler.js).
	const handlerUrl = new URL('./handler.js', import.meta.url);
	const { handler } = (await import(handlerUrl.href)) as { handler: Handler };

	const server = createServer((req, res) => {
		if (req.url === '/healthz') return healthz(context, res);
		handler(req, res, () => {
			res.statusCode = 404;
			res.end('Not found');
		});
	});

	server.listen(context.config.port, context.config.host, () => {
		const address = server.address();
		const port = typeof address === 'object' && address ? address.port : context.config.port;
		announce({ host: context.config.host, port, databasePath: context.config.databasePath, demoMeetingId });
	});

	const shutdown = () => {
		server.close();
		server.closeAllConnections();
		context.sqlite.close();
		process.exit(0);
	};
	process.on('SIGTERM', shutdown);
	process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
	console.error('binhxet could not start:', error);
	process.exit(1);
});

