// The app's handlers behind a bare node:http server, for the quick smoke run of the benchmark: the
// production server's fast lane (stream and ingest, lib/fast-lane.ts) plus the health and snapshot
// route handlers — the real lib/sse.ts, bus and store on a real SQLite file, without a `next build`.
// Run with `node --conditions=react-server --import tsx` (server-only).
//   node --conditions=react-server --import tsx bench/handler-server.ts <port>
import http from 'node:http';
import { prepareDatabase } from '../scripts/prepare-db.js';
import { GET as health } from '../app/api/health/route';
import { GET as getStatus } from '../app/api/status/route';
import { fastLaneHandler, routeFor, serveWebHandler, type NodeRoutes } from '../lib/fast-lane';
import { answerBenchGc } from './gc-endpoint.js';

prepareDatabase({ quiet: true });
// Found by this name, like the production server (bench/processes.ts findServerPid).
process.title = 'nowline-server';
const port = Number(process.argv[2] ?? 3390);

const routes: NodeRoutes = {
  'GET /api/health': (req, res) => serveWebHandler(() => health(), req, res),
  'GET /api/status': (req, res) => serveWebHandler((request) => getStatus(request), req, res),
};

const server = http.createServer((req, res) => {
  if (answerBenchGc(req, res)) return;
  const handler = routeFor(routes, req) ?? fastLaneHandler(req);
  if (!handler) return void res.writeHead(404).end();
  handler(req, res).catch(() => res.destroy());
});

server.listen(port, '127.0.0.1');
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
