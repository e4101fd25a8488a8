// The production server behind `npm start`: Next.js answers every request but those that carry
// the load, which lib/fast-lane.ts answers straight on node:http with the same code as their route
// handlers: the live stream (GET /api/status/stream) and ingest (POST /api/status and the reporter
// protocols' POSTs); and the homepage, kept rendered in memory (lib/page-cache/). Through
// Next's request chain each open stream costs ~80 KB instead of ~10 and each report ~2–3 ms more CPU,
// which at thousands of visitors or hundreds of reports a second dominates (docs/benchmarks.md).
//   node scripts/server.js [-p <port>] [-H <hostname>]       (NODE_ENV=production; scripts/start.js)
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import next from 'next';
import { PEER_ADDRESS_HEADER } from '../lib/client-address.js';
import { pathForLog, serverTimeouts } from '../lib/server-timeouts.js';

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

// The standalone output (the Docker image) has no next.config.ts: the build's config is kept in its
// required-server-files.json, and is handed to Next the way Next's own standalone server.js does.
if (!existsSync('next.config.ts')) {
  const manifest = path.join(process.env.NOWLINE_DIST_DIR || '.next', 'required-server-files.json');
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG ??= JSON.stringify(JSON.parse(readFileSync(manifest, 'utf8')).config);
}

const app = next({ dev: false, dir: process.cwd(), hostname: hostname ?? 'localhost', port });
const handleWithNext = app.getRequestHandler();
await app.prepare();

// `fastLaneHandler` (lib/fast-lane.ts), registered by instrumentation.ts as Next's server starts;
// until then (the first moments) these requests go to their route handlers, which answer the same.
const FAST_LANE = Symbol.for('nowline.fastLane');

let timeouts;
try {
  timeouts = serverTimeouts();
} catch (error) {
  console.error(`[nowline] ${error.message}`);
  process.exit(1);
}

// Bench only (bench/servers.ts sets it, with --expose-gc): memory read after a full GC. The module is
// not in the container image, and nothing loads it unless the variable is set.
const answerBenchGc = process.env.NOWLINE_BENCH_GC === '1' ? (await import('../bench/gc-endpoint.js')).answerBenchGc : null;

const server = http.createServer(timeouts, (req, res) => {
  if (answerBenchGc?.(req, res)) return;
  // Next does not expose the socket: hand it the peer address in a header no client can forge
  // (lib/client-address.js decides when X-Forwarded-For may be believed instead).
  req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? '';
  const handler = globalThis[FAST_LANE]?.(req);
  if (handler) {
    handler(req, res, () => handleWithNext(req, res)).catch((error) => {
      console.error(`[nowline] ${req.method} ${pathForLog(req.url)} failed:`, error instanceof Error ? error.message : error);
      if (res.headersSent) return void res.end();
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'internal_error', message: 'Something went wrong on the server.' } }));
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
    // lib/server-start.ts may leave work to finish first (reports still buffered for the database).
    const beforeExit = Promise.resolve(globalThis.__nowlineBeforeExit?.()).catch(() => undefined);
    server.close(() => Promise.allSettled([app.close(), beforeExit]).finally(() => process.exit(0)));
    server.closeIdleConnections();
    // A request that never ends must not hold the process forever.
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
