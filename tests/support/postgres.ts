// A real, throwaway PostgreSQL server for tests: the one implementation is the cluster launcher's
// (scripts/cluster/postgres.js), which the benchmark and `npm run cluster:demo` use too.
import { randomBytes } from 'node:crypto';
import { startPostgres as startLauncherPostgres } from '../../scripts/cluster/postgres.js';

export { postgresBinDir, type RunningPostgres } from '../../scripts/cluster/postgres.js';

/**
 * Starts a throwaway PostgreSQL. On PostgreSQL the board refuses to start without a ballot secret (the same on every
 * instance): the tests of one process share one, and the servers they start inherit it.
 */
export function startPostgres(
	...args: Parameters<typeof startLauncherPostgres>
): ReturnType<typeof startLauncherPostgres> {
	process.env.BINHXET_BALLOT_SECRET ??= randomBytes(32).toString('base64');
	return startLauncherPostgres(...args);
}
