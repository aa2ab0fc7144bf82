// The floor of `npm run bench`: what relaying costs with no Yjs at all. A raw `ws` broadcast server: a room is a URL
// path, and every document update (0,2,…) and awareness message (1,…) a client sends goes to the room's other
// clients unchanged. It keeps no state: to a y-websocket sync step 1 (0,0,…) it answers with an empty sync step 2
// (messageSync 0, syncStep2 1, then the empty Yjs update [0,0] as a varUint8Array: 0,1,2,0,0) so that providers report
// synced; it relays no step 1 or step 2, and drops anything else.
//
// Note: y-websocket providers send back every awareness change they see, so each presence change here comes back
// from every other client of the room and is relayed again (n² small frames, which a Yjs-aware server absorbs).
// That is the price of a relay that understands nothing, and part of what this floor measures.
//
// Prints "floor running at http://127.0.0.1:<port>" when listening (PORT, HOST from the environment).
import { createServer } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

const EMPTY_STEP_2 = Uint8Array.of(0, 1, 2, 0, 0);
const rooms = new Map<string, Set<WebSocket>>();

/** A message as one buffer (`ws` gives Buffers unless asked otherwise). */
const bufferOf = (data: RawData): Buffer =>
	Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);

const server = createServer((_request, response) => {
	response.writeHead(200, { 'content-type': 'text/plain' });
	response.end('floor');
});
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false });

server.on('upgrade', (request, socket, head) => {
	const room = (request.url ?? '/').split('?', 1)[0] ?? '/';
	wss.handleUpgrade(request, socket, head, (ws) => {
		const members = rooms.get(room) ?? new Set<WebSocket>();
		rooms.set(room, members);
		members.add(ws);
		ws.on('message', (raw, isBinary) => {
			const data = bufferOf(raw);
			if (!isBinary || data.length < 2) return;
			const type = data[0];
			if (type === 0 && data[1] === 0) {
				ws.send(EMPTY_STEP_2);
			} else if ((type === 0 && data[1] === 2) || type === 1) {
				for (const other of members)
					if (other !== ws && other.readyState === 1) other.send(data, { binary: true });
			}
		});
		ws.on('close', () => {
			members.delete(ws);
			if (members.size === 0 && rooms.get(room) === members) rooms.delete(room);
		});
		ws.on('error', () => ws.terminate());
	});
});

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
	const address = server.address();
	console.log(
		`floor running at http://${process.env.HOST ?? '127.0.0.1'}:${typeof address === 'object' && address ? address.port : '?'}`
	);
});

const shutdown = () => {
	for (const members of rooms.values()) for (const ws of members) ws.terminate();
	server.close(() => process.exit(0));
	setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
