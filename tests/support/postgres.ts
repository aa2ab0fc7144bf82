// A real, throwaway PostgreSQL server for tests: the one implementation is the cluster launcher's
// (scripts/cluster/postgres.js), which the benchmark and `npm run cluster:demo` use too.
export { postgresBinDir, startPostgres, type RunningPostgres } from '../../scripts/cluster/postgres.js';
