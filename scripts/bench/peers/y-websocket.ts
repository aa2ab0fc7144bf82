// The y-websocket reference of `npm run bench`: the protocol's own server, @y/websocket-server 0.1.1 (the last
// version that runs on yjs 13), its setupWSConnection on a Node http server and a `ws` WebSocketServer, documents in
// memory, no persistence (YPERSISTENCE unset). The room is the URL path, as in its own bin/server.js.
//
// Its module imports y-leveldb at load time, which loads leveldown's native binary, although nothing uses it without
// YPERSISTENCE. That package's install script is not approved here, and its few MB would count against this server's
// RSS, so the CommonJS build of utils is loaded with y-leveldb replaced by an empty stand-in (in require's cache);
// everything else is the package's own code.
//
// Prints "y-websocket running at http://127.0.0.1:<port>" when listening (PORT, HOST from the environment).
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { WebSocketServer } from 'ws';

type Utils = typeof import('@y/websocket-server/utils');

const require = createRequire(import.meta.url);
const utilsPath = require.resolve('@y/websocket-server/utils');
const levelDbPath = createRequire(utilsPath).resolve('y-leveldb');
// A stand-in module: what require's cache needs of one to hand out its exports.
require.cache[levelDbPath] = {
	id: levelDbPath,
	filename: levelDbPath,
	loaded: true,
	exports: {
		LeveldbPersistence: class {
			constructor() {
				throw new Error('y-leveldb is not available in the bench');
			}
		}
	}
} as unknown as NodeJS.Module;
const { setupWSConnection } = require(utilsPath) as Utils;

const server = createServer((_request, response) => {
	response.writeHead(200, { 'content-type': 'text/plain' });
	response.end('okay');
});
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', setupWSConnection);
server.on('upgrade', (request, socket, head) => {
	wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
	const address = server.address();
	console.log(
		`y-websocket running at http://${process.env.HOST ?? '127.0.0.1'}:${typeof address === 'object' && address ? address.port : '?'}`
	);
});

const shutdown = () => {
	for (const ws of wss.clients) ws.terminate();
	server.close(() => process.exit(0));
	setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
