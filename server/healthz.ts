import type { ServerResponse } from 'node:http';
import type { AppContext } from '../src/lib/server/context';

/** 200 with JSON while the database answers; 503 when it does not. */
export function healthz(context: AppContext, res: ServerResponse): void {
	let database = 'ok';
	try {
		context.sqlite.prepare('select 1').get();
	} catch {
		database = 'unavailable';
	}
	res.statusCode = database === 'ok' ? 200 : 503;
	res.setHeader('content-type', 'application/json');
	res.setHeader('cache-control', 'no-store');
	res.end(JSON.stringify({ status: database === 'ok' ? 'ok' : 'degraded', database }));
}
