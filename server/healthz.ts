import type { ServerResponse } from 'node:http';
import { sql } from 'kysely';
import type { AppContext } from '../src/lib/server/context';

/** 200 with JSON while the database answers; 503 when it does not (SQLite's file, or PostgreSQL's server). */
export async function healthz(context: AppContext, res: ServerResponse): Promise<void> {
	let database = 'ok';
	try {
		await sql`select 1`.execute(context.db);
	} catch {
		database = 'unavailable';
	}
	res.statusCode = database === 'ok' ? 200 : 503;
	res.setHeader('content-type', 'application/json');
	res.setHeader('cache-control', 'no-store');
	res.end(JSON.stringify({ status: database === 'ok' ? 'ok' : 'degraded', database }));
}
