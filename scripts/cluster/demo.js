// `npm run cluster:demo`: the board as several machines run it, on this one: a throwaway PostgreSQL, three instances
// (BINHXET_INSTANCES) and HAProxy in front on port 8080 (PORT), with the demo meeting loaded. Prints where to open
// it and each demo participant's sign-in link (on the proxy's address), then runs until Ctrl+C, which stops
// everything and removes the temporary folder.
import { ensureBuild } from '../ensure-build.js';
import { startCluster } from './index.js';

ensureBuild('build/server.js');
ensureBuild('build/admin.js');

const instances = Number(process.env.BINHXET_INSTANCES ?? 3);
const proxyPort = Number(process.env.PORT ?? 8080);
console.log(`Starting PostgreSQL, ${instances} instances and HAProxy…`);
const cluster = await startCluster({ instances, demo: true, origin: true, proxyPort });

let stopping = false;
const stop = async () => {
	if (stopping) return;
	stopping = true;
	console.log('\nStopping HAProxy, the instances and PostgreSQL…');
	await cluster.stop();
	process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

// The first instance loaded the demo and printed its links, on the proxy's address (its ORIGIN).
const announcement = cluster.instances[0]?.lines() ?? [];
const from = announcement.findIndex((line) => line.startsWith('binhxet is running at'));
const lines = [
	'',
	`binhxet on ${instances} instance${instances === 1 ? '' : 's'} behind HAProxy: open ${cluster.proxy?.url.replace('127.0.0.1', 'localhost')}`,
	`PostgreSQL: ${cluster.databaseUrl}`,
	...cluster.instances.map((i) => `  ${i.name}: ${i.url} (pid ${i.pid()})`),
	`HAProxy: ${cluster.proxy?.configPath} (pid ${cluster.proxy?.pid}); logs in ${cluster.dir}`,
	'',
	...announcement.slice(Math.max(0, from)).filter((line) => !line.startsWith('binhxet is running at')),
	'',
	'A meeting lives on the instance the proxy routes it to; `kill -9` that instance to watch its screens move.',
	'Ctrl+C stops everything.'
];
console.log(lines.join('\n'));
