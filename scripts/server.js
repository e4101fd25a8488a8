// The production server behind `npm start`: Next.js answers every request but one. The live
// stream (GET /api/status/stream) is held straight on node:http, on the same bus as the rest of
// the app: through a route handler each open stream costs Next's per-request state (~80 KB) and
// every frame a web-stream pipe, which at thousands of visitors dominates memory and CPU (see
// docs/benchmarks.md). `next dev`, Vercel and the standalone server use the route handler instead.
//   node scripts/server.js [-p <port>] [-H <hostname>]       (NODE_ENV=production; scripts/start.js)
import http from 'node:http';
import { parseArgs } from 'node:util';
import next from 'next';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', short: 'p' },
    hostname: { type: 'string', short: 'H' },
  },
});
const port = Number(args.port ?? process.env.PORT ?? 3000);
const hostname = args.hostname ?? process.env.HOSTNAME ?? undefined;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`[nowline] not a port: ${args.port ?? process.env.PORT}`);
  process.exit(1);
}

// Benchmarks and operators find the serving process by this name.
process.title = 'nowline-server';

const app = next({ dev: false, dir: process.cwd(), hostname: hostname ?? 'localhost', port });
const handleWithNext = app.getRequestHandler();
await app.prepare();

// Registered by instrumentation.ts (lib/status/stream.ts) as Next's server starts; until then
// (the first moments) a stream request goes to the route handler, which sends the same bytes.
const STREAM_HANDLER = Symbol.for('nowline.statusStream');

function streamHandlerFor(req) {
  const streamHandler = globalThis[STREAM_HANDLER];
  if (!streamHandler || req.method !== 'GET' || !req.url) return null;
  const { path } = streamHandler;
  return req.url === path || req.url.startsWith(`${path}?`) ? streamHandler : null;
}

const server = http.createServer((req, res) => {
  const streamHandler = streamHandlerFor(req);
  if (streamHandler) {
    streamHandler.serve(req, res).catch((error) => {
      console.error('[nowline] stream failed:', error instanceof Error ? error.message : error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
    return;
  }
  handleWithNext(req, res);
});

server.listen(port, hostname, () => {
  const shown = !hostname || hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname;
  console.log(`[nowline] ready on http://${shown}:${port}`);
});
server.on('error', (error) => {
  console.error(`[nowline] cannot listen on port ${port}: ${error.message}`);
  process.exit(1);
});

// Graceful stop: lib/server-start.ts ends the open streams on the same signals (browsers reconnect
// elsewhere); then no new connections, finish what is in flight, close Next.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close(() => app.close().finally(() => process.exit(0)));
    server.closeIdleConnections();
    // A request that never ends must not hold the process forever.
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
